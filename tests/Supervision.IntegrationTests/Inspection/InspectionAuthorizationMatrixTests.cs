using Google.Protobuf.Reflection;
using Grpc.Core;
using Supervision.Inspection.V1;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.Platform;

namespace Supervision.IntegrationTests.Inspection;

/// <summary>
/// Every staff RPC of inspection, one row each: no token (UNAUTHENTICATED), every role outside the row (PERMISSION_DENIED),
/// every role of the row in the city (past the checks: any answer but those two), and, where the method reads or acts on a
/// tour, an inspector who is not on that tour's team (the wrong tour) and a county caller reaching into another county's
/// tour (PERMISSION_DENIED). The rows are checked against the service descriptors, so an RPC added without its row fails
/// <see cref="Should_have_one_row_for_every_staff_method_and_place_every_service"/>.
/// </summary>
public sealed class InspectionAuthorizationMatrixTests(PlatformFixture platform)
{
    private static readonly string[] PlanStaff = [Roles.PlanStaff];
    private static readonly string[] Inspector = [Roles.Inspector];
    private static readonly string[] PlanReaders = [Roles.PlanStaff, Roles.Auditor];
    private static readonly string[] TourReaders = [Roles.PlanStaff, Roles.Auditor, Roles.Inspector];
    private static readonly string[] TeamReaders = [Roles.Inspector, Roles.Auditor];

    /// <summary>Answered without a token, by design (pre-announcements and rectification notices).</summary>
    private static readonly ServiceDescriptor[] PublicServices = [PublicInspection.Descriptor];
    private static readonly ServiceDescriptor[] StaffServices =
    [
        InspectorPool.Descriptor, TourPlanning.Descriptor, TourWork.Descriptor, Supervision.Inspection.V1.Rectification.Descriptor,
        TourRecords.Descriptor, TourCaseload.Descriptor,
    ];

    // The matrix's own tour, in 泗水县 (370831), which no other inspection scenario plans; its team is never formed, so every
    // inspector is an inspector of another tour. A county caller of 邹城市 (370883) reaches into it.
    private const string TourCounty = "370831";
    private const string OwnCounty = "370883";
    private const string OtherTourInspector = "i-030";

    private delegate Task Call(PlatformFixture platform, Metadata headers);
    private delegate Task TourCall(PlatformFixture platform, string tourId, Metadata headers);

    /// <summary>One RPC: who may call it, a call that reaches its checks, and a call on the matrix's tour where it guards one.</summary>
    private sealed record Row(string Rpc, string[] Allowed, Call Any, TourCall? OnTour = null);

    private static readonly Row[] Rows =
    [
        new("InspectorPool/ListInspectors", PlanReaders, (p, h) => p.Inspectors.ListInspectorsAsync(new() { PageToken = "not-a-page-token" }, h).ResponseAsync),
        new("InspectorPool/GetInspector", TourReaders, (p, h) => p.Inspectors.GetInspectorAsync(new(), h).ResponseAsync),
        new("InspectorPool/DeclareRelative", [Roles.PlanStaff, Roles.Inspector], (p, h) => p.Inspectors.DeclareRelativeAsync(new(), h).ResponseAsync),
        new("TourPlanning/ReviewTourReport", PlanStaff, (p, h) => p.Planning.ReviewTourReportAsync(new(), h).ResponseAsync),
        new("TourPlanning/CreatePlan", PlanStaff, (p, h) => p.Planning.CreatePlanAsync(new(), h).ResponseAsync),
        new("TourPlanning/GetPlan", PlanReaders, (p, h) => p.Planning.GetPlanAsync(new(), h).ResponseAsync),
        new("TourPlanning/ListCandidates", PlanReaders, (p, h) => p.Planning.ListCandidatesAsync(new(), h).ResponseAsync),
        new("TourPlanning/ChooseTarget", PlanStaff, (p, h) => p.Planning.ChooseTargetAsync(new(), h).ResponseAsync),
        new("TourPlanning/GetTour", TourReaders, (p, h) => p.Planning.GetTourAsync(new(), h).ResponseAsync,
            (p, t, h) => p.Planning.GetTourAsync(new() { TourId = t }, h).ResponseAsync),
        new("TourPlanning/CheckRecusal", PlanStaff, (p, h) => p.Planning.CheckRecusalAsync(new(), h).ResponseAsync),
        new("TourPlanning/FormTeam", PlanStaff, (p, h) => p.Planning.FormTeamAsync(new(), h).ResponseAsync,
            (p, t, h) => p.Planning.FormTeamAsync(new() { TourId = t, LeaderId = "i-031", MemberIds = { "i-032" } }, h).ResponseAsync),
        new("TourPlanning/CloseTour", PlanStaff, (p, h) => p.Planning.CloseTourAsync(new(), h).ResponseAsync),
        new("TourPlanning/ListExclusions", PlanReaders, (p, h) => p.Planning.ListExclusionsAsync(new(), h).ResponseAsync,
            (p, t, h) => p.Planning.ListExclusionsAsync(new() { TourId = t }, h).ResponseAsync),
        new("TourPlanning/SeatReplacement", PlanStaff, (p, h) => p.Planning.SeatReplacementAsync(new(), h).ResponseAsync,
            (p, t, h) => p.Planning.SeatReplacementAsync(new() { TourId = t, RecusedInspectorId = "i-031" }, h).ResponseAsync),
        new("TourWork/SignRecusalDeclaration", Inspector, (p, h) => p.Work.SignRecusalDeclarationAsync(new(), h).ResponseAsync,
            (p, t, h) => p.Work.SignRecusalDeclarationAsync(new() { TourId = t }, h).ResponseAsync),
        new("TourWork/PublishPreAnnouncement", Inspector, (p, h) => p.Work.PublishPreAnnouncementAsync(new(), h).ResponseAsync),
        new("TourWork/RecordFinding", Inspector, (p, h) => p.Work.RecordFindingAsync(new(), h).ResponseAsync),
        new("TourWork/DraftTourReport", Inspector, (p, h) => p.Work.DraftTourReportAsync(new(), h).ResponseAsync),
        new("TourWork/SubmitTourReport", Inspector, (p, h) => p.Work.SubmitTourReportAsync(new(), h).ResponseAsync),
        new("TourWork/GetTourReport", TourReaders, (p, h) => p.Work.GetTourReportAsync(new(), h).ResponseAsync,
            (p, t, h) => p.Work.GetTourReportAsync(new() { TourId = t }, h).ResponseAsync),
        new("TourWork/HoldFeedback", Inspector, (p, h) => p.Work.HoldFeedbackAsync(new(), h).ResponseAsync),
        new("TourWork/VerifyRectification", Inspector, (p, h) => p.Work.VerifyRectificationAsync(new(), h).ResponseAsync),
        new("Rectification/UpdateRectification", [Roles.TargetUnitContact], (p, h) => p.Rectification.UpdateRectificationAsync(new(), h).ResponseAsync),
        new("Rectification/ListRectification", [.. TourReaders, Roles.TargetUnitContact], (p, h) => p.Rectification.ListRectificationAsync(new(), h).ResponseAsync,
            (p, t, h) => p.Rectification.ListRectificationAsync(new() { TourId = t }, h).ResponseAsync),
        new("Rectification/GetProgress", TourReaders, (p, h) => p.Rectification.GetProgressAsync(new(), h).ResponseAsync,
            (p, t, h) => p.Rectification.GetProgressAsync(new() { TourId = t }, h).ResponseAsync),
        new("TourRecords/RecordWorkRecord", Inspector, (p, h) => p.Records.RecordWorkRecordAsync(new(), h).ResponseAsync),
        new("TourRecords/ListWorkRecords", TeamReaders, (p, h) => p.Records.ListWorkRecordsAsync(new(), h).ResponseAsync,
            (p, t, h) => p.Records.ListWorkRecordsAsync(new() { TourId = t }, h).ResponseAsync),
        new("TourRecords/RevealInterviewee", [Roles.OversightOfficer], (p, h) => p.Records.RevealIntervieweeAsync(new(), h).ResponseAsync),
        new("TourRecords/ListIntervieweeReveals", [Roles.Auditor, Roles.OversightOfficer],
            (p, h) => p.Records.ListIntervieweeRevealsAsync(new(), h).ResponseAsync),
        new("TourRecords/RecordAssessment", Inspector, (p, h) => p.Records.RecordAssessmentAsync(new(), h).ResponseAsync),
        new("TourRecords/MakeRecommendation", Inspector, (p, h) => p.Records.MakeRecommendationAsync(new(), h).ResponseAsync),
        new("TourRecords/FollowUpRecommendation", PlanStaff, (p, h) => p.Records.FollowUpRecommendationAsync(new(), h).ResponseAsync),
        new("TourCaseload/ListTourReports", TeamReaders, (p, h) => p.Caseload.ListTourReportsAsync(new(), h).ResponseAsync,
            (p, t, h) => p.Caseload.ListTourReportsAsync(new() { TourId = t }, h).ResponseAsync),
        new("TourCaseload/ListTourCases", TeamReaders, (p, h) => p.Caseload.ListTourCasesAsync(new(), h).ResponseAsync,
            (p, t, h) => p.Caseload.ListTourCasesAsync(new() { TourId = t }, h).ResponseAsync),
        new("TourCaseload/ReferFinding", Inspector, (p, h) => p.Caseload.ReferFindingAsync(new(), h).ResponseAsync),
        new("TourCaseload/ListFindingReferrals", TeamReaders, (p, h) => p.Caseload.ListFindingReferralsAsync(new(), h).ResponseAsync,
            (p, t, h) => p.Caseload.ListFindingReferralsAsync(new() { TourId = t }, h).ResponseAsync),
    ];

    public static TheoryData<string> AllRows => new(Rows.Select(r => r.Rpc));
    public static TheoryData<string> InspectorTourRows => new(Rows.Where(r => r.OnTour is not null && r.Allowed.Contains(Roles.Inspector)).Select(r => r.Rpc));
    public static TheoryData<string> CountyTourRows =>
        new(Rows.Where(r => r.OnTour is not null && r.Allowed.Intersect(PlanReaders).Any()).Select(r => r.Rpc));

    [Fact]
    public void Should_have_one_row_for_every_staff_method_and_place_every_service()
    {
        var services = TourPlanning.Descriptor.File.Services.Select(s => s.FullName).Order();
        Assert.Equal(services, StaffServices.Concat(PublicServices).Select(s => s.FullName).Order());
        var methods = StaffServices.SelectMany(s => s.Methods.Select(m => $"{s.Name}/{m.Name}")).Order();
        Assert.Equal(methods, Rows.Select(r => r.Rpc).Order());
    }

    [Theory]
    [MemberData(nameof(AllRows))]
    public async Task Should_refuse_no_token_and_every_other_role_and_let_every_role_of_the_row_through(string rpc)
    {
        var row = Rows.Single(r => r.Rpc == rpc);
        Assert.Equal(StatusCode.Unauthenticated, await StatusOfAsync(row.Any, new Metadata()));
        foreach (var role in Roles.All.Except(row.Allowed))
        {
            Assert.True(await StatusOfAsync(row.Any, PlatformFixture.StaffHeaders("370800", role)) == StatusCode.PermissionDenied, $"{rpc} as {role}");
        }
        foreach (var role in row.Allowed)
        {
            var status = await StatusOfAsync(row.Any, PlatformFixture.StaffHeaders("370800", role));
            Assert.True(status is not (StatusCode.PermissionDenied or StatusCode.Unauthenticated), $"{rpc} as {role}: {status}");
        }
    }

    [Theory]
    [MemberData(nameof(InspectorTourRows))]
    public async Task Should_keep_an_inspector_out_of_a_tour_they_are_not_on(string rpc)
    {
        var row = Rows.Single(r => r.Rpc == rpc);
        var tour = await Tours.PlannedAsync(platform, TargetKind.Division, TourCounty);
        Assert.Equal(StatusCode.PermissionDenied, await StatusOfAsync((p, h) => row.OnTour!(p, tour.TourId, h), Tours.Inspector(OtherTourInspector)));
    }

    [Theory]
    [MemberData(nameof(CountyTourRows))]
    public async Task Should_keep_a_county_caller_out_of_another_countys_tour(string rpc)
    {
        var row = Rows.Single(r => r.Rpc == rpc);
        var tour = await Tours.PlannedAsync(platform, TargetKind.Division, TourCounty);
        var role = row.Allowed.Contains(Roles.Auditor) ? Roles.Auditor : Roles.PlanStaff;
        Assert.Equal(StatusCode.PermissionDenied, await StatusOfAsync((p, h) => row.OnTour!(p, tour.TourId, h), PlatformFixture.StaffHeaders(OwnCounty, role)));
    }

    private async Task<StatusCode> StatusOfAsync(Call call, Metadata headers)
    {
        try
        {
            await call(platform, headers);
            return StatusCode.OK;
        }
        catch (RpcException error)
        {
            return error.StatusCode;
        }
    }
}
