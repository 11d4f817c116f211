using Grpc.Core;
using Npgsql;
using Supervision.Intake.V1;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.Platform;
using Supervision.Reporting.V1;
using static Supervision.IntegrationTests.Reporting.Openness;
using static Supervision.IntegrationTests.Reporting.ReportingCalls;

namespace Supervision.IntegrationTests.Reporting;

/// <summary>
/// Openness in cadre selection through the real API of the two reporting instances: the 差额 refusal with its numbers, a
/// selection through its five stages, and the publicity hold scenario (a report during the window, then an objection that
/// goes to intake and is followed with its receipt code, never kept by reporting), read by the public without a token.
/// </summary>
public sealed class OpennessTests(PlatformFixture platform)
{
    [Fact]
    public async Task Should_refuse_a_stage_with_too_few_candidates_and_move_a_selection_through_its_five_stages()
    {
        var vacancy = await platform.Selection.PublishVacancyAsync(Vacancy(posts: 2), Officer);
        Assert.Equal((SelectionStage.Nomination, 3, "Wenshang County Administrative Approval Service Bureau"),
            (vacancy.Stage, vacancy.MinimumCandidates, vacancy.UnitName));
        var tooFew = new AdvanceSelectionRequest { VacancyId = vacancy.VacancyId, Stage = SelectionStage.Nomination, CandidateCadreIds = { "c-0242", "c-0243" } };
        var refused = await Assert.ThrowsAsync<RpcException>(() => platform.Selection.AdvanceSelectionAsync(tooFew, Officer).ResponseAsync);
        Assert.Equal((StatusCode.FailedPrecondition, "nomination: 2 candidates for 2 posts: at least 3 needed"), (refused.StatusCode, refused.Status.Detail));
        var chinese = await Assert.ThrowsAsync<RpcException>(() => platform.Selection.AdvanceSelectionAsync(tooFew, Chinese(PlatformFixture.StaffHeaders(Division, Roles.OversightOfficer))).ResponseAsync);
        Assert.Equal("提名环节：2 名候选人、2 个职位，差额要求至少 3 名", chinese.Status.Detail);

        var candidates = new[] { "c-0242", "c-0243", "c-0244" };
        var concluded = await ConcludedAsync(platform, candidates);
        Assert.Equal((SelectionStage.Concluded, 0, 5), (concluded.Stage, concluded.MinimumCandidates, concluded.Stages.Count));
        Assert.All(concluded.Stages, s => Assert.Equal(candidates, s.CandidateCadreIds));
        await RefusedAsync(StatusCode.FailedPrecondition, platform.Selection.AdvanceSelectionAsync(new AdvanceSelectionRequest
        {
            VacancyId = concluded.VacancyId, Stage = SelectionStage.Vote, CandidateCadreIds = { candidates },
        }, Officer).ResponseAsync);

        // The public reads the vacancy and its stages, counted, without a token; candidates are not named.
        var listed = await PublicVacancyAsync(concluded.VacancyId);
        Assert.Equal(("大学本科以上学历，具有5年以上相关工作经历", SelectionStage.Concluded), (listed.Requirements, listed.Stage));
        Assert.All(listed.Stages, s => Assert.Equal((3, 0), (s.Candidates, s.CandidateCadreIds.Count)));

        // Only a candidate of the vote is publicized for it.
        var outsider = await Assert.ThrowsAsync<RpcException>(() => platform.Selection.OpenPublicityAsync(Publicity("c-0245", concluded.VacancyId), Officer).ResponseAsync);
        Assert.Equal((StatusCode.FailedPrecondition, "c-0245 was not a candidate at the vote"), (outsider.StatusCode, outsider.Status.Detail));
        var publicity = await platform.Selection.OpenPublicityAsync(Publicity("c-0242", concluded.VacancyId), Officer);
        Assert.Equal((concluded.VacancyId, AppointmentStatus.Held), (publicity.VacancyId, publicity.Status));
    }

    [Fact]
    public async Task Should_hold_the_appointment_through_a_report_and_an_objection_sent_to_intake()
    {
        var opened = await platform.Selection.OpenPublicityAsync(Publicity("c-0247"), Officer);
        Assert.Equal((AppointmentStatus.Held, true, 5), (opened.Status, opened.WindowOpen, opened.ObjectionWorkingDays));
        Assert.True(opened.WindowEndsAt.ToDateTimeOffset() > DateTimeOffset.UtcNow.AddDays(5));
        Assert.StartsWith("the objection window is open until ", opened.HoldReason);

        // A report about the cadre during the window: reporting counts it once intake's event has arrived.
        var report = Reports.Anonymous(division: Division);
        report.Subjects.Clear();
        report.Subjects.Add(new Subject { CadreId = "c-0247" });
        await platform.Public.SubmitReportAsync(report, PlatformFixture.PublicCaller());
        await Eventually.ReachedAsync(() => GetAsync(opened.PublicityId), p => p.OpenReports == 1, "the report about the cadre counted");

        // Then an objection: it goes to intake on the publicity-objection channel; the objector follows it with the receipt code.
        var objection = Objection(opened.PublicityId);
        var caller = PlatformFixture.PublicCaller();
        var sent = await platform.PublicOpenness.SubmitObjectionAsync(objection, caller);
        Assert.StartsWith(Division + "-", sent.TrackingNumber);
        var retried = await platform.PublicOpenness.SubmitObjectionAsync(objection, caller);
        Assert.Equal((sent.TrackingNumber, sent.ReceiptCode), (retried.TrackingNumber, retried.ReceiptCode));
        var status = await platform.Public.GetReportStatusAsync(new GetReportStatusRequest { ReceiptCode = sent.ReceiptCode }, PlatformFixture.PublicCaller());
        Assert.Equal((Channel.PublicityObjection, Category.CadreSelectionAndAppointment), (status.Channel, status.Category));
        var held = await Eventually.ReachedAsync(() => GetAsync(opened.PublicityId), p => p.OpenReports == 2, "the objection counted once");
        Assert.Equal((1, AppointmentStatus.Held), (held.Objections, held.Status));
        Assert.Contains("2 reports about the cadre are open (1 of them objections)", held.HoldReason);

        var appoint = await Assert.ThrowsAsync<RpcException>(() => platform.Selection.DecideAppointmentAsync(new DecideAppointmentRequest
        {
            PublicityId = opened.PublicityId, Decision = AppointmentDecision.Appoint,
        }, Officer).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, appoint.StatusCode);
        Assert.StartsWith("the appointment is held until the objection window ends at ", appoint.Status.Detail);

        // Reporting kept the report the objection became, never who sent it.
        await using (var db = NpgsqlDataSource.Create(platform.ReportingDatabase))
        {
            await using var command = db.CreateCommand(
                """
                select (select count(*) from event_log where payload::text like '%' || @phone || '%' or payload::text like '%' || @name || '%')
                     + (select count(*) from outbox_messages where payload::text like '%' || @phone || '%' or payload::text like '%' || @name || '%')
                     + (select count(*) from publicity_objections o where o.tracking_number = @tracking)
                """);
            command.Parameters.AddWithValue("phone", "13700001111");
            command.Parameters.AddWithValue("name", "赵立新");
            command.Parameters.AddWithValue("tracking", sent.TrackingNumber);
            Assert.Equal(1L, (long)(await command.ExecuteScalarAsync())!);
        }

        var withdrawn = await platform.Selection.DecideAppointmentAsync(new DecideAppointmentRequest
        {
            PublicityId = opened.PublicityId, Decision = AppointmentDecision.Withdraw, Reason = "经核查，群众反映问题需进一步调查，暂不任用",
        }, Officer);
        Assert.Equal((AppointmentStatus.Withdrawn, "withdrawn"), (withdrawn.Status, withdrawn.StatusName));
        var late = await Assert.ThrowsAsync<RpcException>(() => platform.PublicOpenness.SubmitObjectionAsync(Objection(opened.PublicityId),
            PlatformFixture.PublicCaller()).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, late.StatusCode);

        // The public notice says where the appointment stands, without the counts.
        var notice = await PublicPublicityAsync(opened.PublicityId);
        Assert.Equal((AppointmentStatus.Withdrawn, 0, 0, "", "汶上县中都街道东门社区"),
            (notice.Status, notice.OpenReports, notice.Objections, notice.HoldReason, notice.ResidentialCommunity));
    }

    [Fact]
    public async Task Should_limit_objections_per_caller_address()
    {
        var opened = await platform.Selection.OpenPublicityAsync(Publicity("c-0248"), Officer);
        await platform.Selection.DecideAppointmentAsync(new DecideAppointmentRequest
        {
            PublicityId = opened.PublicityId, Decision = AppointmentDecision.Withdraw, Reason = "本人申请",
        }, Officer);
        var caller = PlatformFixture.PublicCaller();
        for (var i = 0; i < 5; i++)
        {
            await RefusedAsync(StatusCode.FailedPrecondition, platform.PublicOpenness.SubmitObjectionAsync(Objection(opened.PublicityId), caller).ResponseAsync);
        }
        var limited = await Assert.ThrowsAsync<RpcException>(() => platform.PublicOpenness.SubmitObjectionAsync(Objection(opened.PublicityId), caller).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, limited.StatusCode);
        Assert.NotNull(limited.Trailers.GetValue("retry-after"));
    }

    private Task<Publicity> GetAsync(string publicityId) =>
        platform.Selection.GetPublicityAsync(new GetPublicityRequest { PublicityId = publicityId }, PlatformFixture.StaffHeaders("370800", Roles.Auditor))
            .ResponseAsync;

    private async Task<Vacancy> PublicVacancyAsync(string vacancyId)
    {
        var page = new ListOpennessRequest { DivisionCode = Division, PageSize = 100 };
        while (true)
        {
            var answer = await platform.PublicOpenness.ListVacanciesAsync(page, PlatformFixture.PublicCaller());
            if (answer.Vacancies.FirstOrDefault(v => v.VacancyId == vacancyId) is { } found) return found;
            Assert.NotEmpty(answer.NextPageToken);
            page.PageToken = answer.NextPageToken;
        }
    }

    private async Task<Publicity> PublicPublicityAsync(string publicityId)
    {
        var page = new ListOpennessRequest { DivisionCode = Division, PageSize = 1 };
        while (true)
        {
            var answer = await platform.PublicOpenness.ListPublicitiesAsync(page, PlatformFixture.PublicCaller());
            Assert.True(answer.Publicities.Count <= 1);
            if (answer.Publicities.FirstOrDefault(p => p.PublicityId == publicityId) is { } found) return found;
            Assert.NotEmpty(answer.NextPageToken);
            page.PageToken = answer.NextPageToken;
        }
    }
}
