using Supervision.ServiceDefaults.Localization;
using Supervision.Routing.Data;
using Supervision.Contracts.Events.Routing;
using Supervision.Contracts;
using Supervision.Routing.Domain;
using Supervision.Testing;

namespace Supervision.Routing.Tests.Database;

public sealed class JointHandlingTests(TestServers servers) : DatabaseTest(servers)
{
    [Fact]
    public async Task Should_let_the_lead_conclude_a_joint_case_only_after_the_co_unit_contributes()
    {
        var cadre = CountyCadres(1)[0];
        var lead = TestData.Unit("intake-centre", cadre.DivisionCode);
        var coUnit = TestData.Unit("discipline-inspection", cadre.DivisionCode);
        var report = ElectionReport(ReportCategory.ElectionConduct, cadre);
        await Db.OpenAsync(report, Opened);
        var caseId = await Db.CaseOfAsync(report);
        Assert.Equal([(lead.Id, true), (coUnit.Id, false)], await Db.QueryAsync<(string, bool)>(
            "select unit_id, lead from case_tasks where case_id = @caseId order by lead desc", new { caseId }));

        await AcknowledgeAsync(caseId, lead.Id, Opened.AddMinutes(10));
        await StepAsync(caseId, lead.Id, Opened.AddMinutes(30));
        var waiting = await RefusedAsync(() => ConcludeAsync(caseId, lead.Id, Opened.AddHours(2)));
        Assert.Contains(coUnit.Name, waiting.In(RequestLanguage.Neutral));
        Assert.Contains(coUnit.NameEn!, waiting.Message);

        await RefusedAsync(() => ConcludeAsync(caseId, coUnit.Id, Opened.AddHours(2)));
        await AcknowledgeAsync(caseId, coUnit.Id, Opened.AddMinutes(20));
        await StepAsync(caseId, coUnit.Id, Opened.AddMinutes(40));
        await ConcludeAsync(caseId, coUnit.Id, Opened.AddDays(1));
        Assert.Equal(TaskStates.Contributed, await Db.ScalarAsync<string>(
            "select state from case_tasks where case_id = @caseId and unit_id = @Id", new { caseId, coUnit.Id }));
        Assert.Equal(CaseStates.UnderInvestigation, await Db.ScalarAsync<short>("select state from cases where id = @caseId", new { caseId }));

        await ConcludeAsync(caseId, lead.Id, Opened.AddDays(2));

        Assert.Equal(CaseStates.Concluded, await Db.ScalarAsync<short>("select state from cases where id = @caseId", new { caseId }));
        Assert.Equal(1, await Db.OutboxCountAsync<CaseConcluded>(caseId));
        // Only the clock for feeding the result back remains; the handling clocks of both units are met.
        Assert.Equal(0, await Db.ScalarAsync<int>(
            "select count(*)::int from deadlines where case_id = @caseId and met_at is null and fired_at is null and kind <> @feedback",
            new { caseId, feedback = DeadlineKinds.Feedback }));

        var again = await RefusedAsync(() => ConcludeAsync(caseId, lead.Id, Opened.AddDays(3)));
        Assert.Contains("already concluded", again.Message);
        await RefusedAsync(() => ConcludeAsync(caseId, coUnit.Id, Opened.AddDays(3)));
        Assert.Equal(1, await Db.OutboxCountAsync<CaseConcluded>(caseId));
        Assert.Equal(0, await Db.FireAsync(Opened.AddDays(6)));
    }

    [Fact]
    public async Task Should_refuse_joint_handling_with_the_lead_or_an_existing_co_unit()
    {
        var cadre = CountyCadres(1)[0];
        var lead = TestData.Unit("intake-centre", cadre.DivisionCode);
        var coUnit = TestData.Unit("discipline-inspection", cadre.DivisionCode);
        var other = TestData.Unit("organization-department", cadre.DivisionCode);
        var report = ElectionReport(ReportCategory.ElectionConduct, cadre);
        await Db.OpenAsync(report, Opened);
        var caseId = await Db.CaseOfAsync(report);

        var withLead = await Assert.ThrowsAsync<UnitAlreadyInCaseException>(() => AddCoUnitsAsync(caseId, [other, lead]));
        Assert.Equal(1, withLead.Index);
        Assert.Contains("already leads", withLead.Message);
        var withCoUnit = await Assert.ThrowsAsync<UnitAlreadyInCaseException>(() => AddCoUnitsAsync(caseId, [coUnit]));
        Assert.Equal(0, withCoUnit.Index);
        Assert.Contains(coUnit.Name, TestData.Chinese(withCoUnit.Rule));

        Assert.Equal(2, await Db.ScalarAsync<int>("select count(*)::int from case_tasks where case_id = @caseId", new { caseId }));
        await AddCoUnitsAsync(caseId, [other]);
        Assert.Equal(3, await Db.ScalarAsync<int>("select count(*)::int from case_tasks where case_id = @caseId", new { caseId }));
    }

    private Task AddCoUnitsAsync(Guid caseId, IReadOnlyList<Supervision.Reference.Unit> units) =>
        Db.InTransactionAsync(t => Db.Handling.AddCoUnitsAsync(t, caseId, units, "Touches their functions", "handler", Opened.AddMinutes(15), _ => { },
            CancellationToken.None));

    private Task AcknowledgeAsync(Guid caseId, string unitId, DateTimeOffset at) =>
        Db.InTransactionAsync(t => Db.Handling.AcknowledgeAsync(t, caseId, unitId, "duty officer", at, CancellationToken.None));

    private Task StepAsync(Guid caseId, string unitId, DateTimeOffset at) =>
        Db.InTransactionAsync(t => Db.Handling.RecordStepAsync(t, caseId, unitId, "site-visit", "On site", "handler", at, CancellationToken.None));

    private Task ConcludeAsync(Guid caseId, string unitId, DateTimeOffset at) =>
        Db.InTransactionAsync(t => Db.Conclusion.ConcludeAsync(t, caseId, unitId,
            new Conclusion(1, "Findings of " + unitId, "Talk with the cadre", "The report was substantiated.") { Accountability = [Talk] }, "handler", at,
            CancellationToken.None));

    private static readonly MeasureTaken Talk = new("admonishment-talk", "c-0001", new DateOnly(2026, 1, 5));
}
