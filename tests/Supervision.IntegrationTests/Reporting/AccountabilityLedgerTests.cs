using Supervision.IntegrationTests.Infrastructure;
using Supervision.IntegrationTests.Routing;
using Supervision.Platform;
using Supervision.Reporting.V1;
using Supervision.Routing.V1;
using Supervision.Testing;
using static Supervision.IntegrationTests.Reporting.ReportingCalls;

namespace Supervision.IntegrationTests.Reporting;

/// <summary>
/// Accountability measures reach the ledger: a case about 兖州区's market regulation bureau head (c-0100, used by no other
/// test) concluded substantiated with an admonishment talk shows the measure in his ledger, his unit's, and the unit's PDF.
/// </summary>
public sealed class AccountabilityLedgerTests(PlatformFixture platform)
{
    private const string Cadre = "c-0100";
    private const string Unit = "u-370812-market";

    [Fact]
    public async Task Should_show_the_measures_of_a_substantiated_case_in_the_cadres_and_the_units_ledger()
    {
        var handler = PlatformFixture.StaffHeaders("370812", Roles.Handler);
        var (_, routed) = await Accountability.SubmitAndInvestigateAsync(platform, Cadre);
        await platform.Cases.ConcludeCaseAsync(new ConcludeCaseRequest
        {
            CaseId = routed.CaseId, UnitId = routed.LeadUnitId, Outcome = Outcome.Substantiated, Findings = "属实",
            PublicSummary = "经核查，反映问题属实，已依规处理。", Measures = { Accountability.AdmonishmentTalk(Cadre) },
        }, handler);

        var auditor = Chinese(PlatformFixture.StaffHeaders("370812", Roles.Auditor));
        var unitRequest = new ListLedgerEntriesRequest { Filter = new LedgerFilter { UnitId = Unit, Sources = { LedgerSource.Case } } };
        var unitLedger = await Eventually.ReachedAsync(() => platform.Ledger.ListLedgerEntriesAsync(unitRequest, auditor).ResponseAsync,
            l => l.Entries.Any(e => e.Kind == "accountability-measure"), "the measure in the unit's ledger");
        var measure = unitLedger.Entries.First(e => e.Kind == "accountability-measure");
        Assert.Equal(LedgerSource.Case, measure.Source);
        Assert.StartsWith("问责措施：诫勉谈话（", measure.Text);
        Assert.EndsWith($"），{Accountability.Today} 决定", measure.Text);
        Assert.DoesNotContain(Reports.RealName().Reporter.Name, measure.Text);

        var cadreLedger = await platform.Ledger.ListLedgerEntriesAsync(
            new ListLedgerEntriesRequest { Filter = new LedgerFilter { CadreId = Cadre, Sources = { LedgerSource.Case } } }, auditor);
        Assert.Contains(cadreLedger.Entries, e => e.Kind == "accountability-measure" && e.Text == measure.Text);
        Assert.Contains(cadreLedger.Entries, e => e.Kind == "case-concluded");
        var english = await platform.Ledger.ListLedgerEntriesAsync(unitRequest, PlatformFixture.StaffHeaders("370812", Roles.OversightOfficer));
        Assert.Contains(english.Entries, e => e.Text.StartsWith("Accountability measure: admonishment talk (", StringComparison.Ordinal));

        var document = await platform.Ledger.RenderLedgerAsync(new RenderLedgerRequest
        {
            Filter = new LedgerFilter { UnitId = Unit }, Format = DocumentFormat.Pdf,
        }, auditor);
        var text = PdfText.Squeeze(await PdfText.ExtractAsync(document.Content.ToByteArray()));
        Assert.Contains("问责措施：诫勉谈话", text);
    }
}
