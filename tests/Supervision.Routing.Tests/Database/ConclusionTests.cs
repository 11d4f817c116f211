using Supervision.Reference;
using Supervision.Contracts;
using Supervision.Contracts.Events.Routing;
using Supervision.Routing.Data;
using Supervision.Routing.Domain;
using Supervision.Testing;

namespace Supervision.Routing.Tests.Database;

public sealed class ConclusionTests(TestServers servers) : DatabaseTest(servers)
{
    [Fact]
    public async Task Should_refuse_a_lead_conclusion_without_a_public_summary()
    {
        var cadre = CountyCadres(1)[0];
        var lead = TestData.Unit("discipline-inspection", cadre.DivisionCode);
        var caseId = await Db.OpenCaseAsync(OrdinaryReport(ReportCategory.Discipline, cadre), Opened);
        await Db.InTransactionAsync(t => Db.Handling.RecordStepAsync(t, caseId, lead.Id, "site-visit", "On site", "handler", Opened.AddMinutes(30),
            CancellationToken.None));

        // Whoever investigates, announces: the lead's conclusion carries what the public is told.
        var incomplete = await Assert.ThrowsAsync<ConclusionIncompleteException>(() => Db.InTransactionAsync(t => Db.Conclusion.ConcludeAsync(t, caseId,
            lead.Id, new Conclusion(1, "Findings", "", " "), "handler", Opened.AddHours(1), CancellationToken.None)));
        Assert.Equal("public_summary", incomplete.Field);

        Assert.Equal(0, await Db.OutboxCountAsync<CaseConcluded>(caseId));
        Assert.Equal(CaseStates.UnderInvestigation, await Db.ScalarAsync<short>("select state from cases where id = @caseId", new { caseId }));
    }

    [Fact]
    public async Task Should_refuse_to_conclude_an_ordinary_case_still_assigned()
    {
        var cadre = CountyCadres(2)[1];
        var lead = TestData.Unit("discipline-inspection", cadre.DivisionCode);
        var caseId = await Db.OpenCaseAsync(OrdinaryReport(ReportCategory.Discipline, cadre), Opened);

        var refused = await Assert.ThrowsAsync<DomainRuleException>(() => Db.InTransactionAsync(t => Db.Conclusion.ConcludeAsync(t, caseId, lead.Id,
            new Conclusion(1, "Findings", "", "The report was substantiated."), "handler", Opened.AddHours(1), CancellationToken.None)));

        Assert.Contains("investigation step", refused.Message);
        Assert.Equal(0, await Db.OutboxCountAsync<CaseConcluded>(caseId));
        Assert.Equal(CaseStates.Assigned, await Db.ScalarAsync<short>("select state from cases where id = @caseId", new { caseId }));
    }

    [Theory]
    [InlineData(Outcomes.Substantiated)]
    [InlineData(Outcomes.PartlySubstantiated)]
    public async Task Should_refuse_a_substantiated_conclusion_without_accountability_measures(short outcome)
    {
        var cadre = CountyCadres(1)[0];
        var lead = TestData.Unit("discipline-inspection", cadre.DivisionCode);
        var caseId = await Db.OpenCaseAsync(OrdinaryReport(ReportCategory.Discipline, cadre), Opened);

        await Db.InTransactionAsync(t => Db.Handling.RecordStepAsync(t, caseId, lead.Id, "site-visit", "On site", "handler", Opened.AddMinutes(30),
            CancellationToken.None));
        // Substantiated reports lead to accountability, tied to named cadres.
        var incomplete = await Assert.ThrowsAsync<ConclusionIncompleteException>(() => Db.InTransactionAsync(t => Db.Conclusion.ConcludeAsync(t, caseId,
            lead.Id, new Conclusion(outcome, "Findings", "", "Substantiated."), "handler", Opened.AddHours(1), CancellationToken.None)));
        Assert.Equal("measures", incomplete.Field);

        await Db.InTransactionAsync(t => Db.Conclusion.ConcludeAsync(t, caseId, lead.Id, new Conclusion(outcome, "Findings", "", "Substantiated.")
        {
            Accountability = [new MeasureTaken("admonishment-talk", cadre.Id, DateOnly.FromDateTime(Opened.UtcDateTime))],
            NoticeScope = NoticeScopes.Public,
        }, "handler", Opened.AddHours(1), CancellationToken.None));
        Assert.Equal(1, await Db.ScalarAsync<int>("select count(*)::int from accountability_measures where case_id = @caseId", new { caseId }));
        Assert.Equal("Substantiated.", await Db.ScalarAsync<string>("select text from outcome_notices where case_id = @caseId and scope = 'public'",
            new { caseId }));

        // The event carries each measure with the cadre's unit and the kind's name, for the ledger; nothing of the reporter.
        var payload = await Db.ScalarAsync<string>(
            "select payload::text from outbox_messages where message_type = @type and payload->>'caseId' = @caseId",
            new { type = typeof(CaseConcluded).FullName, caseId = caseId.ToString() });
        var concluded = System.Text.Json.JsonSerializer.Deserialize<CaseConcluded>(payload, Supervision.ServiceDefaults.Messaging.EventSerializer.Options)!;
        var measure = Assert.Single(concluded.Measures!);
        Assert.Equal(("admonishment-talk", cadre.Id, cadre.UnitId, "诫勉谈话", DateOnly.FromDateTime(Opened.UtcDateTime)),
            (measure.Kind, measure.CadreId, measure.UnitId, measure.Words, measure.DecidedOn));
    }
}
