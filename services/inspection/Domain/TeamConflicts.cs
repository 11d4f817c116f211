using Npgsql;
using Supervision.Contracts.Events.Inspection;
using Supervision.Inspection.Data;
using Supervision.Reference;
using Supervision.ServiceDefaults.Messaging;

namespace Supervision.Inspection.Domain;

/// <summary>
/// Recusal as the data stands now, for a team being formed and for teams already serving. When something new is learnt
/// about an inspector (a report names them, they declare a relative), every tour in progress they serve on is checked
/// again: a member now in conflict is recused in the same transaction, the exclusion recorded with its reason and the
/// replacement proposed from the pool, and <see cref="TeamMemberRecused"/> tells the team and the plan staff.
/// </summary>
public sealed class TeamConflicts(Recusal recusal, CityDirectory directory, Outbox outbox, TimeProvider time)
{
    /// <summary>Who records a recusal that a report, rather than a person, brought to light.</summary>
    public const string ReportReceivedSource = "system:report-received";

    /// <summary>Every conflict of the inspectors with the tour's target.</summary>
    public async Task<IReadOnlyList<RecusalConflict>> ConflictsAsync(NpgsqlTransaction transaction, TourRecord tour, IReadOnlyCollection<string> inspectorIds,
        CancellationToken ct)
    {
        var inspectors = await InspectorStore.FindAsync(transaction, inspectorIds, ct);
        var openSubjects = await ProjectionStore.OpenSubjectsAsync(transaction, inspectors.Select(i => i.CadreId).OfType<string>().ToList(), ct);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        return inspectors.SelectMany(i => recusal.ConflictsOf(i, tour.Target, today, i.CadreId is { } cadre && openSubjects.Contains(cadre))).ToList();
    }

    /// <summary>
    /// Checks the tours in progress these inspectors serve on and recuses each member now in conflict, once: a member
    /// recused already is left as is, so a redelivered event or a second instance changes nothing.
    /// </summary>
    public async Task<IReadOnlyList<TeamMemberRecused>> RecheckServingAsync(NpgsqlTransaction transaction, IReadOnlyCollection<string> inspectorIds,
        string recordedBy, DateTimeOffset now, CancellationToken ct)
    {
        var recused = new List<TeamMemberRecused>();
        if (inspectorIds.Count == 0)
        {
            return recused;
        }
        foreach (var tourId in await TourStore.ServedByAsync(transaction, inspectorIds, ct))
        {
            var tour = (await TourStore.FindAsync(transaction, directory, tourId, forUpdate: false, ct))!;
            var serving = inspectorIds.Where(tour.HasActingMember).ToList();
            var proposed = new HashSet<string>(StringComparer.Ordinal);
            foreach (var memberConflicts in (await ConflictsAsync(transaction, tour, serving, ct)).GroupBy(c => c.InspectorId))
            {
                var replacement = await ReplacementAsync(transaction, tour, proposed, ct);
                if (replacement is not null) proposed.Add(replacement);
                var exclusionIds = new List<Guid>();
                foreach (var conflict in memberConflicts)
                {
                    exclusionIds.Add(await TourStore.AddExclusionAsync(transaction, tour.Id, conflict, recordedBy, now, ct, midTour: true,
                        proposedReplacementId: replacement));
                }
                if (!await TourStore.RecuseAsync(transaction, tour.Id, memberConflicts.Key, exclusionIds[0], now, ct))
                {
                    continue;
                }
                var @event = new TeamMemberRecused
                {
                    TourId = tour.Id, InspectorId = memberConflicts.Key, Rules = memberConflicts.Select(c => c.Rule).ToList(),
                    ProposedReplacementId = replacement, At = now,
                };
                await outbox.EnqueueAsync(transaction.Connection!, transaction, @event, ct);
                recused.Add(@event);
            }
        }
        return recused;
    }

    /// <summary>The first inspector of the pool, by id, not on this team, not serving on another tour in progress, and free of conflict with the target.</summary>
    private async Task<string?> ReplacementAsync(NpgsqlTransaction transaction, TourRecord tour, IReadOnlySet<string> proposed, CancellationToken ct)
    {
        var busy = await TourStore.ServingAsync(transaction, ct);
        busy.UnionWith(proposed);
        var candidates = (await InspectorStore.PageAsync(transaction, 0, int.MaxValue, ct))
            .Where(i => tour.Team.All(m => m.InspectorId != i.Id) && !busy.Contains(i.Id))
            .Select(i => i.Id).ToList();
        var conflicted = (await ConflictsAsync(transaction, tour, candidates, ct)).Select(c => c.InspectorId).ToHashSet();
        return candidates.FirstOrDefault(id => !conflicted.Contains(id));
    }
}
