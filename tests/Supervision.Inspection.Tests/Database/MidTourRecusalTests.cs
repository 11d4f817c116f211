using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Supervision.Contracts.Events.Inspection;
using Supervision.Inspection.Data;
using Supervision.Inspection.Domain;
using Supervision.Reference;
using Supervision.Testing;

namespace Supervision.Inspection.Tests.Database;

/// <summary>
/// A conflict that appears while a team serves, on a real PostgreSQL: the member is recused once, the exclusion recorded
/// mid-tour with the replacement proposed, the event published, and the recused member no longer acts for the tour.
/// </summary>
public sealed class MidTourRecusalTests(TestServers servers) : InspectionDatabaseTest(servers)
{
    private TeamConflicts Conflicts => Services.GetRequiredService<TeamConflicts>();

    [Fact]
    public async Task Should_recuse_a_member_who_declares_a_relative_at_the_target_and_propose_a_replacement()
    {
        var tour = await PlannedTourAsync(TargetKinds.Division, "370828");
        await Planning.FormTeamAsync(tour.Id, "i-037", ["i-040"], "plan-staff", CancellationToken.None);

        // A relative elsewhere changes nothing.
        Assert.Empty(await Planning.DeclareRelativeAsync("i-040", new RelativeRecord("lineal", "唐明", "科员", "u-370826-gov"), "i-040", CancellationToken.None));
        var recused = Assert.Single(await Planning.DeclareRelativeAsync("i-040", new RelativeRecord("spouse", "李红", "副县长", "u-370828-gov"), "i-040",
            CancellationToken.None));

        // i-001 is the first of the pool serving nowhere and free of conflict with 金乡县.
        Assert.Equal((tour.Id, "i-040", "i-001"), (recused.TourId, recused.InspectorId, recused.ProposedReplacementId));
        Assert.Equal([RecusalRules.RelativeAtTarget], recused.Rules);
        var read = await Planning.TourAsync(tour.Id, CancellationToken.None);
        var member = read.Team.Single(m => m.InspectorId == "i-040");
        Assert.Equal(Time.GetUtcNow(), member.RecusedAt);
        Assert.Equal((RecusalRules.RelativeAtTarget, "u-370828-gov", true, "i-040"),
            (member.Recusal!.Rule, member.Recusal.Detail.UnitId, member.Recusal.MidTour, member.Recusal.RecordedBy));
        Assert.False(read.HasActingMember("i-040"));
        Assert.True(read.HasActingMember("i-037"));
        var exclusion = Assert.Single(await Planning.ExclusionsAsync(tour.Id, CancellationToken.None));
        Assert.Equal((true, "i-001"), (exclusion.MidTour, exclusion.ProposedReplacementId));
        await using var connection = await DataSource.OpenConnectionAsync();
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("select count(*) from outbox_messages where message_type like '%TeamMemberRecused%'"));

        // Recused, the member no longer acts for the tour; a further relative there recuses nobody twice.
        await Assert.ThrowsAsync<NotTeamMemberException>(() => Work.RecordFindingAsync(tour.Id, "i-040",
            new FindingRecord(Guid.Empty, tour.Id, "work-style", "会议多、文件多，基层负担重", "文件清单", "minor", [], ["u-370828-gov"], "i-040"),
            CancellationToken.None));
        Assert.Empty(await Planning.DeclareRelativeAsync("i-040", new RelativeRecord("close-in-law", "李强", "科长", "u-370828-health"), "i-040",
            CancellationToken.None));
        Assert.Single(await Planning.ExclusionsAsync(tour.Id, CancellationToken.None));
    }

    [Fact]
    public async Task Should_recuse_a_member_named_by_a_report_on_tours_in_progress_only_and_once()
    {
        var serving = await PlannedTourAsync(TargetKinds.Division, "370812");
        await Planning.FormTeamAsync(serving.Id, "i-041", ["i-043"], "plan-staff", CancellationToken.None);
        var planned = await PlannedTourAsync(TargetKinds.Division, "370828");

        IReadOnlyList<TeamMemberRecused> recused = [];
        await InTransactionAsync(async t =>
        {
            // What the report consumer does: the report names cadre c-0045, who is inspector i-043.
            await ProjectionStore.ReportReceivedAsync(t, Guid.NewGuid(), Time.GetUtcNow(), ["370800"], [], ["c-0045"], tourId: null, default);
            recused = await Conflicts.RecheckServingAsync(t, await InspectorStore.OfCadresAsync(t, ["c-0045"], default), TeamConflicts.ReportReceivedSource,
                Time.GetUtcNow(), default);
        });

        var @event = Assert.Single(recused);
        Assert.Equal((serving.Id, "i-043", "i-001"), (@event.TourId, @event.InspectorId, @event.ProposedReplacementId));
        Assert.Equal([RecusalRules.OpenCaseSubject], @event.Rules);
        Assert.Equal(TeamConflicts.ReportReceivedSource, Assert.Single(await Planning.ExclusionsAsync(serving.Id, CancellationToken.None)).RecordedBy);
        Assert.Empty(await Planning.ExclusionsAsync(planned.Id, CancellationToken.None));
        Assert.True((await Planning.TourAsync(serving.Id, CancellationToken.None)).HasActingMember("i-041"));

        // The same event again (a redelivery, the other instance): nothing more.
        await InTransactionAsync(async t =>
            recused = await Conflicts.RecheckServingAsync(t, ["i-043"], TeamConflicts.ReportReceivedSource, Time.GetUtcNow(), default));
        Assert.Empty(recused);
        Assert.Single(await Planning.ExclusionsAsync(serving.Id, CancellationToken.None));
    }
}
