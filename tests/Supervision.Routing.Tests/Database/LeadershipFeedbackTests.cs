using Supervision.Contracts;
using Supervision.Contracts.Events.Intake;
using Supervision.Contracts.Events.Routing;
using Supervision.Routing.Data;
using Supervision.Testing;

namespace Supervision.Routing.Tests.Database;

/// <summary>An anonymous report's result goes to the leadership team of every accused unit, never to nobody.</summary>
public sealed class LeadershipFeedbackTests(TestServers servers) : DatabaseTest(servers)
{
    [Fact]
    public async Task Should_record_every_unit_the_reports_accuse()
    {
        var cadre = CountyCadres(1)[0];
        var other = Department(cadre.DivisionCode, except: cadre.UnitId);
        var caseId = await Db.OpenCaseAsync(Reports.About(ReportCategory.Discipline, cadre.DivisionCode, Reports.Cadre(cadre.Id),
            Reports.UnitSubject(other.Id), new ReportSubject { Name = "某某" }), Opened);

        var accused = await Db.QueryAsync<string>("select unit_id from case_accused_units where case_id = @caseId order by unit_id", new { caseId });

        Assert.Equal(new[] { cadre.UnitId, other.Id }.Distinct().Order(), accused);
    }

    [Fact]
    public async Task Should_refuse_feedback_when_no_accused_unit_is_known_until_the_concluding_unit_names_one()
    {
        var division = CountyCadres(1)[0].DivisionCode;
        var handler = TestData.Unit("discipline-inspection", division);
        var accused = Department(division, except: "");
        var caseId = await Db.OpenCaseAsync(Reports.About(ReportCategory.Discipline, division, new ReportSubject { Name = "某某", UnitName = "某局" }),
            Opened);
        await Db.InTransactionAsync(t => Db.Handling.TransferAsync(t, caseId, handler, "作风问题，由纪委监委办理", "dispatcher", Opened.AddMinutes(5), _ => { },
            CancellationToken.None));
        Assert.Equal([handler.Id], await Db.QueryAsync<string>("select unit_id from case_accused_units where case_id = @caseId", new { caseId }));
        await Db.InTransactionAsync(t => Db.Handling.RecordStepAsync(t, caseId, handler.Id, "site-visit", "On site", "handler", Opened.AddMinutes(30),
            CancellationToken.None));
        // A case opened before accused units were recorded knows none.
        await Db.ScalarAsync<int>("with gone as (delete from case_accused_units where case_id = @caseId returning 1) select count(*)::int from gone",
            new { caseId });
        await Db.InTransactionAsync(t => Db.Conclusion.ConcludeAsync(t, caseId, handler.Id, new Conclusion(Outcomes.Unsubstantiated, "Findings", "",
            "Not substantiated."), "handler", Opened.AddHours(3), CancellationToken.None));

        var refused = await RefusedAsync(() => GiveFeedbackAsync(caseId, handler.Id, []));
        Assert.Contains("leadership_unit_ids", refused.Message);
        Assert.Equal(0, await Db.OutboxCountAsync<FeedbackGiven>(caseId));

        await GiveFeedbackAsync(caseId, handler.Id, [accused.Id]);
        Assert.Equal(CaseStates.Closed, await Db.ScalarAsync<short>("select state from cases where id = @caseId", new { caseId }));
        Assert.Equal(1, await Db.ScalarAsync<int>(
            "select count(*)::int from notifications where case_id = @caseId and unit_id = @unitId and kind = 'feedback-to-leadership'",
            new { caseId, unitId = accused.Id }));
    }

    private static Supervision.Reference.Unit Department(string division, string except) =>
        TestData.Directory.Units.First(u => u.Kind == "department" && u.DivisionCode == division && u.Id != except);

    private Task GiveFeedbackAsync(Guid caseId, string unitId, IReadOnlyList<string> named) =>
        Db.InTransactionAsync(t => Db.Conclusion.GiveFeedbackAsync(t, caseId, unitId, "反映问题不属实。", "", named, "handler", Opened.AddHours(4),
            CancellationToken.None));
}
