using Dapper;
using Supervision.Inspection.Domain;
using Supervision.Reference;
using Supervision.Testing;

namespace Supervision.Inspection.Tests.Database;

/// <summary>
/// Seating a replacement after a mid-tour recusal, on a real PostgreSQL: recusal is checked again for the new member, the
/// recused member is replaced once even when two instances seat together, and the replacement acts only once signed.
/// </summary>
public sealed class ReplacementSeatingTests(TestServers servers) : InspectionDatabaseTest(servers)
{
    private static FindingRecord Finding(Guid tourId, string inspectorId) =>
        new(Guid.Empty, tourId, "work-style", "会议多、文件多，基层负担重", "文件清单", "minor", [], ["u-370828-gov"], inspectorId);

    /// <summary>金乡县 with i-037 leading; i-040 declares a spouse at the county government and is recused, i-001 proposed.</summary>
    private async Task<TourRecord> RecusedAsync()
    {
        var tour = await PlannedTourAsync(TargetKinds.Division, "370828");
        await Planning.FormTeamAsync(tour.Id, "i-037", ["i-040"], "plan-staff", CancellationToken.None);
        var recused = Assert.Single(await Planning.DeclareRelativeAsync("i-040", new RelativeRecord("spouse", "李红", "副县长", "u-370828-gov"), "i-040",
            CancellationToken.None));
        Assert.Equal("i-001", recused.ProposedReplacementId);
        return await Planning.TourAsync(tour.Id, CancellationToken.None);
    }

    [Fact]
    public async Task Should_refuse_a_conflicted_replacement_and_record_the_exclusion()
    {
        var tour = await RecusedAsync();

        // i-016 comes from 金乡县: the home-division rule refuses the seat, naming member and rule, and the exclusion stays.
        var refused = await Assert.ThrowsAsync<DomainRuleException>(() => Planning.SeatReplacementAsync(tour.Id, "i-040", "i-016", "plan-staff",
            CancellationToken.None));
        Assert.Contains("i-016 [home-division]", refused.Message);
        var exclusion = (await Planning.ExclusionsAsync(tour.Id, CancellationToken.None)).Single(e => e.InspectorId == "i-016");
        Assert.Equal((RecusalRules.HomeDivision, false, "plan-staff"), (exclusion.Rule, exclusion.MidTour, exclusion.RecordedBy));
        Assert.DoesNotContain((await Planning.TourAsync(tour.Id, CancellationToken.None)).Team, m => m.InspectorId == "i-016");

        // Only a member recused from this tour is replaced, and not by someone of the team.
        await Assert.ThrowsAsync<DomainRuleException>(() => Planning.SeatReplacementAsync(tour.Id, "i-037", null, "plan-staff", CancellationToken.None));
        await Assert.ThrowsAsync<DomainRuleException>(() => Planning.SeatReplacementAsync(tour.Id, "i-040", "i-037", "plan-staff", CancellationToken.None));
        await Assert.ThrowsAsync<TourNotFoundException>(() => Planning.SeatReplacementAsync(Guid.NewGuid(), "i-040", null, "plan-staff", CancellationToken.None));
    }

    [Fact]
    public async Task Should_seat_the_proposed_replacement_once_when_two_instances_seat_together()
    {
        var tour = await RecusedAsync();

        var attempts = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            try
            {
                return await Planning.SeatReplacementAsync(tour.Id, "i-040", null, "plan-staff", CancellationToken.None);
            }
            catch (DomainRuleException)
            {
                return null;
            }
        })));
        var seated = Assert.Single(attempts.OfType<TourRecord>());
        var member = seated.Team.Single(m => m.InspectorId == "i-001");
        Assert.Equal((false, Time.GetUtcNow(), (DateTimeOffset?)null), (member.Leader, member.SeatedAt, member.DeclarationSignedAt));
        Assert.Equal("i-001", seated.Team.Single(m => m.InspectorId == "i-040").ReplacedBy);
        await using var connection = await DataSource.OpenConnectionAsync();
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("select count(*) from outbox_messages where message_type like '%TeamMemberSeated%'"));

        // The replacement serves (reads the tour, signs) but acts only once signed, like every member.
        Assert.True(seated.HasActingMember("i-001"));
        Assert.False(seated.MayAct("i-001"));
        await Assert.ThrowsAsync<DomainRuleException>(() => Work.RecordFindingAsync(tour.Id, "i-001", Finding(tour.Id, "i-001"), CancellationToken.None));
        await Planning.SignDeclarationAsync(tour.Id, "i-001", CancellationToken.None);
        var finding = await Work.RecordFindingAsync(tour.Id, "i-001", Finding(tour.Id, "i-001"), CancellationToken.None);
        Assert.Equal("i-001", finding.RecordedBy);

        // Replaced once: naming another inspector now is refused too.
        await Assert.ThrowsAsync<DomainRuleException>(() => Planning.SeatReplacementAsync(tour.Id, "i-040", "i-002", "plan-staff", CancellationToken.None));
    }
}
