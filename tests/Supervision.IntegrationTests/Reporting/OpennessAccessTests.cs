using Grpc.Core;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.Platform;
using Supervision.Reporting.V1;
using static Supervision.IntegrationTests.Reporting.Openness;
using static Supervision.IntegrationTests.Reporting.ReportingCalls;

namespace Supervision.IntegrationTests.Reporting;

/// <summary>
/// Every staff method of Selection and Credibility against no token, a wrong role, a wrong jurisdiction and the right caller: oversight
/// officers of the division write, auditors read, and nobody acts outside their division.
/// </summary>
public sealed class OpennessAccessTests(PlatformFixture platform)
{
    private static readonly Metadata NoToken = [];
    private static readonly Metadata Handler = PlatformFixture.StaffHeaders(Division, Roles.Handler);
    private static readonly Metadata Auditor = PlatformFixture.StaffHeaders(Division, Roles.Auditor);
    private static readonly Metadata OtherCounty = PlatformFixture.StaffHeaders("370811", Roles.OversightOfficer, Roles.Auditor);

    [Fact]
    public async Task Should_let_only_the_right_caller_act_on_each_method()
    {
        var vacancy = await platform.Selection.PublishVacancyAsync(Vacancy(posts: 1, unitId: "u-370830-gov"), Officer);
        var publicity = await platform.Selection.OpenPublicityAsync(Publicity("c-0241"), Officer);
        var methods = new (string Name, Func<Metadata, Task> Call, Metadata Right, Metadata WrongRole)[]
        {
            ("PublishVacancy", h => platform.Selection.PublishVacancyAsync(Vacancy(posts: 1, unitId: "u-370830-gov"), h).ResponseAsync, Officer, Auditor),
            ("AdvanceSelection", h => platform.Selection.AdvanceSelectionAsync(new AdvanceSelectionRequest
            {
                VacancyId = vacancy.VacancyId, Stage = SelectionStage.Nomination, CandidateCadreIds = { "c-0236", "c-0237" },
            }, h).ResponseAsync, Officer, Auditor),
            ("GetVacancy", h => platform.Selection.GetVacancyAsync(new GetVacancyRequest { VacancyId = vacancy.VacancyId }, h).ResponseAsync, Auditor, Handler),
            ("OpenPublicity", h => platform.Selection.OpenPublicityAsync(Publicity("c-0240"), h).ResponseAsync, Officer, Auditor),
            ("GetPublicity", h => platform.Selection.GetPublicityAsync(new GetPublicityRequest { PublicityId = publicity.PublicityId }, h).ResponseAsync,
                Auditor, Handler),
            ("DecideAppointment", h => platform.Selection.DecideAppointmentAsync(new DecideAppointmentRequest
            {
                PublicityId = publicity.PublicityId, Decision = AppointmentDecision.Withdraw, Reason = "调整人选",
            }, h).ResponseAsync, Officer, Auditor),
            ("RecordCredibilityResult", h => platform.Credibility.RecordCredibilityResultAsync(new RecordCredibilityResultRequest
            {
                DivisionCode = Division, Year = 2020, Score = 79.5, ProvincialRank = 7, Source = "2020年满意度调查反馈",
            }, h).ResponseAsync, Officer, Auditor),
            ("SetCredibilityTarget", h => platform.Credibility.SetCredibilityTargetAsync(new SetCredibilityTargetRequest
            {
                DivisionCode = Division, Year = 2021, TargetScore = 82,
            }, h).ResponseAsync, Officer, Auditor),
            ("ListCredibilityResults", h => platform.Credibility.ListCredibilityResultsAsync(new ListCredibilityResultsRequest { DivisionCode = Division }, h)
                .ResponseAsync, Auditor, Handler),
        };
        foreach (var (name, call, right, wrongRole) in methods)
        {
            Assert.Equal((name, StatusCode.Unauthenticated), (name, await StatusOfAsync(call(NoToken))));
            Assert.Equal((name, StatusCode.PermissionDenied), (name, await StatusOfAsync(call(Handler))));
            Assert.Equal((name, StatusCode.PermissionDenied), (name, await StatusOfAsync(call(wrongRole))));
            Assert.Equal((name, StatusCode.PermissionDenied), (name, await StatusOfAsync(call(OtherCounty))));
            Assert.Equal((name, StatusCode.OK), (name, await StatusOfAsync(call(right))));
        }
        // The city's officers act everywhere below it.
        Assert.Equal(StatusCode.OK, await StatusOfAsync(platform.Selection.GetVacancyAsync(new GetVacancyRequest { VacancyId = vacancy.VacancyId },
            PlatformFixture.StaffHeaders("370800", Roles.OversightOfficer)).ResponseAsync));
        await RefusedAsync(StatusCode.NotFound, platform.Selection.GetPublicityAsync(new GetPublicityRequest { PublicityId = Guid.NewGuid().ToString() },
            Auditor).ResponseAsync);
    }

    [Fact]
    public async Task Should_serve_the_public_methods_without_a_token()
    {
        var listed = await platform.PublicOpenness.ListPublicitiesAsync(new ListOpennessRequest { PageSize = 5 }, PlatformFixture.PublicCaller());
        Assert.True(listed.Publicities.Count <= 5);
        Assert.All(listed.Publicities, p => Assert.Equal((0, 0, ""), (p.OpenReports, p.Objections, p.HoldReason)));
        await platform.PublicOpenness.ListVacanciesAsync(new ListOpennessRequest(), PlatformFixture.PublicCaller());
        await platform.PublicCredibility.ListCredibilityResultsAsync(new ListCredibilityResultsRequest { DivisionCode = Division }, PlatformFixture.PublicCaller());
        await platform.PublicCredibility.ListCredibilityDimensionsAsync(new ListCredibilityDimensionsRequest(), PlatformFixture.PublicCaller());
        await RefusedAsync(StatusCode.NotFound, platform.PublicOpenness.SubmitObjectionAsync(Objection(Guid.NewGuid().ToString()),
            PlatformFixture.PublicCaller()).ResponseAsync);
    }
}
