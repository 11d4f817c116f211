using System.Globalization;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.Intake.V1;
using Supervision.Platform;
using Supervision.Routing.V1;

namespace Supervision.IntegrationTests.Routing;

/// <summary>Accountability measures as a concluding unit records them for a (partly) substantiated outcome.</summary>
internal static class Accountability
{
    /// <summary>Today in Jining (China Standard Time), as the API writes dates.</summary>
    public static string Today => DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>诫勉谈话 for the cadre, decided today.</summary>
    public static AccountabilityMeasure AdmonishmentTalk(string cadreId) => new() { Kind = "admonishment-talk", CadreId = cadreId, DecidedOn = Today };

    /// <summary>
    /// A real-name work-style report about the cadre of 兖州区 (370812), routed to its case, with one investigation step
    /// recorded by a handler of 370812: ready to conclude.
    /// </summary>
    public static async Task<(SubmitReportResponse Submitted, Case Routed)> SubmitAndInvestigateAsync(PlatformFixture platform, string cadreId)
    {
        var request = Reports.RealName(Channel.Hotline, "370812");
        request.Category = Category.WorkStyle;
        request.Subjects[0].CadreId = cadreId;
        var submitted = await platform.Public.SubmitReportAsync(request, PlatformFixture.StaffHeaders("370812", Roles.IntakeClerk));
        var routed = await RoutingScenarioTests.WaitForCaseAsync(platform, submitted.ReportId);
        await platform.Cases.RecordInvestigationStepAsync(new RecordInvestigationStepRequest
        {
            CaseId = routed.CaseId, UnitId = routed.LeadUnitId, Kind = "site-visit", Note = "当日赴现场核查",
        }, PlatformFixture.StaffHeaders("370812", Roles.Handler));
        return (submitted, routed);
    }
}
