using Grpc.Core;
using Supervision.Evaluation.V1;
using Supervision.Intake.V1;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.IntegrationTests.Routing;
using Supervision.Platform;
using Supervision.Routing.V1;
using ReferralStage = Supervision.Evaluation.V1.ReferralStage;

namespace Supervision.IntegrationTests.Evaluation;

/// <summary>
/// A work supervisor's referral joins the case of a real-name report about the same cadre and matter; the reporter disputes
/// the result, the lead unit reopens the case, and the supervisor sees it reopened, then concluded again. Its cadre and
/// township (王庙镇, 370827102) are used by no other scenario.
/// </summary>
public sealed class ReferralReopeningTests(PlatformFixture platform)
{
    private const string Township = "370827102";
    private const string TownshipUnit = "u-370827102-gov";
    private const string TownshipCadre = "c-0172";
    private static readonly Metadata Handler = PlatformFixture.StaffHeaders("370827", Roles.Handler);

    [Fact]
    public async Task Should_show_the_referral_reopened_then_concluded_again_when_a_dispute_reopens_its_case()
    {
        var officer = PlatformFixture.StaffHeaders("370827", Roles.EvaluationOfficer);
        var supervisor = await platform.WorkSupervisors.AppointWorkSupervisorAsync(WorkSupervisorTests.Appointment(Township), officer);
        var asSupervisor = PlatformFixture.StaffHeadersAs(supervisor.SupervisorId, "370827", Roles.WorkSupervisor);
        var today = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd");
        var observation = await platform.WorkSupervisors.LogObservationAsync(new LogObservationRequest
        {
            ObservedOn = today, UnitId = TownshipUnit, CadreId = TownshipCadre, Notes = "镇里提拔干部前未公示。",
        }, asSupervisor);
        var referral = await platform.WorkSupervisors.ReferObservationAsync(new ReferObservationRequest
        {
            ObservationId = observation.ObservationId, Category = "cadre-selection-and-appointment",
            Account = "王庙镇近期提拔两名干部，任前未按规定进行公示，群众有意见。",
        }, asSupervisor);
        var @case = await RoutingScenarioTests.WaitForCaseAsync(platform, referral.ReportId);

        // A citizen reports the same cadre and matter by name: the report joins the referral's case.
        var request = Reports.RealName(Supervision.Intake.V1.Channel.Hotline, "370827");
        request.Subjects[0].CadreId = TownshipCadre;
        var citizen = await platform.Public.SubmitReportAsync(request, PlatformFixture.StaffHeaders("370827", Roles.IntakeClerk));
        Assert.Equal(@case.CaseId, (await RoutingScenarioTests.WaitForCaseAsync(platform, citizen.ReportId)).CaseId);

        Task<SupervisorReferral> MineAsync() => platform.WorkSupervisors.ListMyReferralsAsync(new ListMyReferralsRequest(), asSupervisor)
            .ResponseAsync.ContinueWith(t => t.Result.Referrals.Single());
        await platform.Cases.AcknowledgeCaseAsync(new AcknowledgeCaseRequest { CaseId = @case.CaseId, UnitId = @case.LeadUnitId }, Handler);
        await ConcludeAsync(@case, Outcome.Unsubstantiated, "经核查，反映问题不属实。");
        await Eventually.ReachedAsync(MineAsync, r => r.Progress.Stage == ReferralStage.Concluded, "the referral concluded");
        await platform.Cases.GiveFeedbackAsync(new GiveFeedbackRequest
        {
            CaseId = @case.CaseId, UnitId = @case.LeadUnitId, Result = "经核查，任前公示材料齐全，反映问题不属实。", DeliveredBy = "电话",
        }, Handler);

        // The reporter disputes; the lead unit reopens the case for a supplementary investigation.
        await Eventually.ReachedAsync(() => platform.Public.GetReportStatusAsync(new GetReportStatusRequest { ReceiptCode = citizen.ReceiptCode },
            PlatformFixture.PublicCaller()).ResponseAsync, s => s.State == ReportState.FeedbackGiven, "the reporter told the result");
        await platform.Public.RespondToResultAsync(new RespondToResultRequest
        {
            ReceiptCode = citizen.ReceiptCode, Accept = false, Comment = "公示只在内部张贴，群众看不到。",
        }, PlatformFixture.PublicCaller());
        await Eventually.ReachedAsync(() => platform.Cases.GetCaseAsync(new GetCaseRequest { CaseId = @case.CaseId }, Handler).ResponseAsync,
            c => c.State == CaseState.Disputed, "the case disputed");
        const string reason = "就公示范围问题开展补充调查";
        await platform.Cases.ResolveDisputeAsync(new ResolveDisputeRequest
        {
            CaseId = @case.CaseId, UnitId = @case.LeadUnitId, Reopen = true, Explanation = reason,
        }, Handler);

        var reopened = await Eventually.ReachedAsync(MineAsync, r => r.Progress.Stage == ReferralStage.Reopened, "the referral reopened");
        Assert.Equal(reason, reopened.Progress.ReopenReason);
        Assert.Contains(reason, reopened.Progress.StageText);
        Assert.Equal(("", ""), (reopened.Progress.Outcome, reopened.Progress.PublicSummary));
        Assert.True(reopened.Progress.ReopenedAt.ToDateTimeOffset() > reopened.Progress.ConcludedAt.ToDateTimeOffset());

        // Concluded again: the new conclusion is the current outcome, the reopening stays on the record.
        await ConcludeAsync(@case, Outcome.Substantiated, "经补充调查，公示范围不符合规定，已责令整改。");
        var concluded = await Eventually.ReachedAsync(MineAsync, r => r.Progress.Stage == ReferralStage.Concluded, "the referral concluded again");
        Assert.Equal("经补充调查，公示范围不符合规定，已责令整改。", concluded.Progress.PublicSummary);
        Assert.NotEqual("", concluded.Progress.Outcome);
        Assert.True(concluded.Progress.ConcludedAt.ToDateTimeOffset() > concluded.Progress.ReopenedAt.ToDateTimeOffset());
        Assert.Equal(reason, concluded.Progress.ReopenReason);
    }

    private async Task ConcludeAsync(Case @case, Outcome outcome, string publicSummary)
    {
        await platform.Cases.RecordInvestigationStepAsync(new RecordInvestigationStepRequest
        {
            CaseId = @case.CaseId, UnitId = @case.LeadUnitId, Kind = "site-visit", Note = "赴王庙镇核查任前公示材料",
        }, Handler);
        var conclusion = new ConcludeCaseRequest
        {
            CaseId = @case.CaseId, UnitId = @case.LeadUnitId, Outcome = outcome, Findings = "核查任前公示", PublicSummary = publicSummary,
        };
        if (outcome == Outcome.Substantiated)
        {
            conclusion.Measures.Add(Accountability.AdmonishmentTalk(TownshipCadre));
        }
        await platform.Cases.ConcludeCaseAsync(conclusion, Handler);
    }
}
