using Grpc.Core;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.Intake.V1;
using Supervision.ServiceDefaults.Auth;
using Supervision.Platform;

namespace Supervision.IntegrationTests.Intake;

public sealed class SubmissionTests(PlatformFixture platform)
{
    [Theory]
    [InlineData(Channel.Online)]
    [InlineData(Channel.Hotline)]
    [InlineData(Channel.Letter)]
    [InlineData(Channel.Visit)]
    [InlineData(Channel.InspectionTeam)]
    [InlineData(Channel.PublicityObjection)]
    [InlineData(Channel.CitizenSupervisorReferral)]
    public async Task Should_accept_every_channel_real_name_and_anonymous(Channel channel)
    {
        // Online comes from the public; every other channel is entered by an intake clerk.
        var headers = channel == Channel.Online ? PlatformFixture.PublicCaller() : PlatformFixture.StaffHeaders("370883", Roles.IntakeClerk);
        foreach (var request in new[] { Reports.RealName(channel), Reports.Anonymous(channel) })
        {
            var response = await platform.Public.SubmitReportAsync(request, headers);

            Assert.True(Guid.TryParse(response.ReportId, out _));
            Assert.Matches(@"^370883-\d{4}-\d{6}$", response.TrackingNumber);
            Assert.Matches("^[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}-[0-9A-Z]{5}$", response.ReceiptCode);
            Assert.Equal(ReportState.Received, response.State);

            var status = await platform.Public.GetReportStatusAsync(new GetReportStatusRequest { ReceiptCode = response.ReceiptCode }, PlatformFixture.PublicCaller());
            Assert.Equal(response.TrackingNumber, status.TrackingNumber);
            Assert.Equal(channel, status.Channel);
            Assert.Equal("received", status.Timeline[0].Kind); // routing may already have added its entries
        }
    }

    [Fact]
    public async Task Should_let_the_reporter_follow_the_report_by_receipt_code_alone()
    {
        var submitted = await platform.Public.SubmitReportAsync(Reports.Anonymous(), PlatformFixture.PublicCaller());
        // Receipt codes survive how people copy them: lower case, no dashes.
        var typed = submitted.ReceiptCode.Replace("-", "").ToLowerInvariant();

        await platform.Public.AddSupplementAsync(new AddSupplementRequest { ReceiptCode = typed, Text = "补充：当时还有两名见证人在场。" }, PlatformFixture.PublicCaller());
        await platform.Staff.SendMessageToReporterAsync(new SendMessageToReporterRequest
        {
            ReportId = submitted.ReportId,
            Body = "请问见证人是否愿意配合调查？",
        }, PlatformFixture.StaffHeaders("370883", Roles.Handler));

        var status = await platform.Public.GetReportStatusAsync(new GetReportStatusRequest { ReceiptCode = typed }, PlatformFixture.PublicCaller());
        // Routing adds its own entries (awaiting dispatch) as it handles the report; these are the reporter's and the handler's.
        Assert.Equal(["received", "supplemented", "message"], status.Timeline.Select(t => t.Kind).Where(k => k is "received" or "supplemented" or "message"));
        Assert.Equal(1, status.UnreadMessages);

        var messages = await platform.Public.ListReporterMessagesAsync(new ListReporterMessagesRequest { ReceiptCode = typed }, PlatformFixture.PublicCaller());
        Assert.Collection(messages.Messages,
            m => Assert.True(m.FromReporter),
            m => { Assert.False(m.FromReporter); Assert.Equal(Roles.Handler, m.AuthorRole); Assert.Equal("请问见证人是否愿意配合调查？", m.Body); });
        var after = await platform.Public.GetReportStatusAsync(new GetReportStatusRequest { ReceiptCode = typed }, PlatformFixture.PublicCaller());
        Assert.Equal(0, after.UnreadMessages);

        var detail = await platform.Staff.GetReportAsync(new GetReportRequest { ReportId = submitted.ReportId }, PlatformFixture.StaffHeaders("370883", Roles.Handler));
        Assert.Contains(detail.Messages, m => m.FromReporter && m.Body.Contains("见证人"));
    }

    [Fact]
    public async Task Should_answer_wrong_receipt_codes_alike_and_then_refuse_the_caller()
    {
        var caller = PlatformFixture.PublicCaller();
        var real = await platform.Public.SubmitReportAsync(Reports.Anonymous(), PlatformFixture.PublicCaller());
        string[] wrong = ["AAAAA-BBBBB-CCCCC-DDDDD", "not a code", "", "00000000000000000000", real.ReceiptCode[..^1] + (real.ReceiptCode[^1] == '0' ? '1' : '0')];

        foreach (var code in wrong)
        {
            var ex = await Assert.ThrowsAsync<RpcException>(() => platform.Public.GetReportStatusAsync(new GetReportStatusRequest { ReceiptCode = code }, caller).ResponseAsync);
            Assert.Equal(StatusCode.NotFound, ex.StatusCode);
            Assert.Equal("No report has this receipt code.", ex.Status.Detail);
        }

        // The test platform allows 5 wrong codes an hour: now even the right code is refused from this address.
        var refused = await Assert.ThrowsAsync<RpcException>(() => platform.Public.GetReportStatusAsync(new GetReportStatusRequest { ReceiptCode = real.ReceiptCode }, caller).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        var other = await platform.Public.GetReportStatusAsync(new GetReportStatusRequest { ReceiptCode = real.ReceiptCode }, PlatformFixture.PublicCaller());
        Assert.Equal(real.TrackingNumber, other.TrackingNumber);
    }

    [Fact]
    public async Task Should_return_the_same_report_when_a_submission_is_retried()
    {
        var request = Reports.RealName();
        request.IdempotencyKey = Guid.NewGuid().ToString("N");

        var attempts = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            platform.Public.SubmitReportAsync(request, PlatformFixture.StaffHeaders("370800", Roles.IntakeClerk)).ResponseAsync));
        var again = await platform.Public.SubmitReportAsync(request, PlatformFixture.StaffHeaders("370800", Roles.IntakeClerk));

        Assert.Single(attempts.Append(again).Select(a => (a.ReportId, a.TrackingNumber, a.ReceiptCode)).Distinct());
        var reused = request.Clone();
        reused.Account += "（另一件事）";
        var ex = await Assert.ThrowsAsync<RpcException>(() => platform.Public.SubmitReportAsync(reused, PlatformFixture.StaffHeaders("370800", Roles.IntakeClerk)).ResponseAsync);
        Assert.Contains("idempotency_key", Reports.Violations(ex).Keys);
    }

    [Fact]
    public async Task Should_rate_limit_anonymous_public_submissions_but_not_clerks()
    {
        var caller = PlatformFixture.PublicCaller();
        for (var i = 0; i < 5; i++)
        {
            await platform.Public.SubmitReportAsync(Reports.Anonymous(), caller);
        }
        var ex = await Assert.ThrowsAsync<RpcException>(() => platform.Public.SubmitReportAsync(Reports.Anonymous(), caller).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);

        var clerk = PlatformFixture.StaffHeaders("370883", Roles.IntakeClerk);
        clerk.Add("x-forwarded-for", caller.GetValue("x-forwarded-for")!);
        for (var i = 0; i < 7; i++)
        {
            await platform.Public.SubmitReportAsync(Reports.Anonymous(Channel.Hotline), clerk);
        }
    }

    [Fact]
    public async Task Should_check_the_caller_and_the_input_before_the_rate_limit()
    {
        var address = PlatformFixture.PublicCaller().GetValue("x-forwarded-for")!;
        var caller = PlatformFixture.PublicCaller(address);
        for (var i = 0; i < 5; i++)
        {
            await platform.Public.SubmitReportAsync(Reports.Anonymous(), caller);
        }

        // From the exhausted address: a wrong role is refused for the role, bad input for the input.
        var handler = PlatformFixture.StaffHeaders("370883", Roles.Handler);
        handler.Add("x-forwarded-for", address);
        var wrongRole = await Assert.ThrowsAsync<RpcException>(() => platform.Public.SubmitReportAsync(Reports.Anonymous(Channel.Hotline), handler).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, wrongRole.StatusCode);
        var anonymousHotline = await Assert.ThrowsAsync<RpcException>(() => platform.Public.SubmitReportAsync(Reports.Anonymous(Channel.Hotline), caller).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, anonymousHotline.StatusCode);
        var bad = Reports.Anonymous();
        bad.Account = "短";
        var invalid = await Assert.ThrowsAsync<RpcException>(() => platform.Public.SubmitReportAsync(bad, caller).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        Assert.Contains("account", Reports.Violations(invalid).Keys);

        var limited = await Assert.ThrowsAsync<RpcException>(() => platform.Public.SubmitReportAsync(Reports.Anonymous(), caller).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, limited.StatusCode);
    }

    [Fact]
    public async Task Should_number_reports_per_receiving_division_and_year()
    {
        var clerk = PlatformFixture.StaffHeaders("370800", Roles.IntakeClerk);
        var numbers = new List<(string Division, long Number)>();
        foreach (var division in new[] { "370811", "370812", "370811", "370812", "370811" })
        {
            var response = await platform.Public.SubmitReportAsync(Reports.Anonymous(Channel.Hotline, division), clerk);
            var parts = response.TrackingNumber.Split('-');
            Assert.Equal(division, parts[0]);
            Assert.Equal(response.ReceivedAt.ToDateTime().Year.ToString(System.Globalization.CultureInfo.InvariantCulture), parts[1]);
            numbers.Add((division, long.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture)));
        }

        // Each division counts its own reports: the other division's reports in between take none of its numbers.
        foreach (var division in numbers.GroupBy(n => n.Division))
        {
            var own = division.Select(n => n.Number).ToList();
            Assert.Equal(Enumerable.Range(0, own.Count).Select(i => own[0] + i), own);
        }
    }

    [Fact]
    public async Task Should_flag_reports_received_in_an_election_period_of_their_division()
    {
        var oversightOfficer = PlatformFixture.StaffHeaders("370800", Roles.OversightOfficer);
        // One township of 曲阜市: routing judges clocks by the subject's division, and no routing scenario reports its cadres.
        var period = await platform.Staff.SetElectionPeriodAsync(new SetElectionPeriodRequest
        {
            DivisionCode = "370881001",
            StartsAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(-1)),
            EndsAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(10)),
            Description = "曲阜市乡镇换届",
        }, oversightOfficer);
        try
        {
            var inPeriod = await platform.Public.SubmitReportAsync(Reports.Anonymous(division: "370881001"), PlatformFixture.PublicCaller());
            var outside = await platform.Public.SubmitReportAsync(Reports.Anonymous(division: "370811"), PlatformFixture.PublicCaller());

            Assert.True(inPeriod.ElectionPeriod);
            Assert.False(outside.ElectionPeriod);
            var listed = await platform.Staff.ListReportsAsync(new ListReportsRequest { DivisionCode = "370881", ElectionRelated = true },
                PlatformFixture.StaffHeaders("370881", Roles.IntakeClerk));
            Assert.Contains(listed.Reports, r => r.ReportId == inPeriod.ReportId && r.ElectionPeriod);
            var periods = await platform.Staff.ListElectionPeriodsAsync(new ListElectionPeriodsRequest(), PlatformFixture.StaffHeaders("370881", Roles.IntakeClerk));
            Assert.Contains(periods.Periods, p => p.ElectionPeriodId == period.ElectionPeriodId);
        }
        finally
        {
            await platform.Staff.DeleteElectionPeriodAsync(new DeleteElectionPeriodRequest { ElectionPeriodId = period.ElectionPeriodId }, oversightOfficer);
        }
    }

    [Fact]
    public async Task Should_page_and_filter_the_staff_report_list()
    {
        var clerk = PlatformFixture.StaffHeaders("370832", Roles.IntakeClerk);
        var from = DateTimeOffset.UtcNow.AddSeconds(-1);
        var submitted = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            submitted.Add((await platform.Public.SubmitReportAsync(Reports.Anonymous(Channel.Letter, "370832"), clerk)).ReportId);
        }
        await platform.Public.SubmitReportAsync(Reports.Anonymous(Channel.Visit, "370832"), clerk);

        var seen = new List<string>();
        var request = new ListReportsRequest
        {
            PageSize = 2,
            Channel = Channel.Letter,
            ReceivedFrom = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(from),
        };
        do
        {
            var page = await platform.Staff.ListReportsAsync(request, clerk);
            Assert.True(page.Reports.Count <= 2);
            Assert.All(page.Reports, r => Assert.Equal(Channel.Letter, r.Channel));
            seen.AddRange(page.Reports.Select(r => r.ReportId));
            request.PageToken = page.NextPageToken;
        }
        while (request.PageToken.Length > 0);

        Assert.Equal(submitted.AsEnumerable().Reverse(), seen);
    }
}
