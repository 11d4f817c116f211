using System.Security.Cryptography;
using System.Text.Json;
using Npgsql;
using Supervision.Contracts.Events.Evaluation;
using Supervision.Evaluation.Data;
using Supervision.Evaluation.Localization;
using Supervision.Reference;
using Supervision.ServiceDefaults.Messaging;

namespace Supervision.Evaluation.Domain.Draws;

/// <summary>A draw with its seats and substitutes (empty until revealed).</summary>
public sealed record DrawView(DrawRecord Draw, IReadOnlyList<DrawSeatRecord> Seats);

/// <summary>
/// Random draws of panel members for a targeted evaluation of a unit. Committing fixes the roster (members serving now, less
/// the unit's employees, members with relatives there and members drawn in the last days of the rules) and publishes its hash
/// and a commitment to a secret seed; revealing publishes the seed and seats who the algorithm selects from them.
/// </summary>
public sealed class TargetedDraws(NpgsqlDataSource dataSource, PanelRules rules, CityDirectory directory, EvaluationSealer sealer, Outbox outbox,
    TimeProvider time)
{
    public async Task<DrawView> CommitAsync(string unitId, int seats, int substitutes, string purpose, string committedBy, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var draw = await CommitAsync(connection, transaction, unitId, seats, substitutes, purpose, committedBy, ct);
        await transaction.CommitAsync(ct);
        outbox.NotifyCommitted();
        return new DrawView(draw, []);
    }

    /// <summary>Commits a draw in the caller's transaction (an accepted targeted-evaluation proposal commits its draw with it).</summary>
    internal async Task<DrawRecord> CommitAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string unitId, int seats, int substitutes,
        string purpose, string committedBy, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var candidates = await DrawStore.CandidatesAsync(transaction, now, now.AddDays(-rules.Draws.RecentDrawDays), ct);
        var excluded = new Dictionary<string, int> { ["employee"] = 0, ["relative"] = 0, ["drawn-recently"] = 0 };
        var roster = new List<RosterEntry>();
        foreach (var candidate in candidates)
        {
            var conflict = candidate.EmployerUnitId == unitId ? "employee"
                : candidate.RelativeUnitIds.Contains(unitId) ? "relative"
                : candidate.DrawnRecently ? "drawn-recently"
                : null;
            if (conflict is null)
            {
                roster.Add(new RosterEntry(candidate.PanelNumber, candidate.Grassroots, PanelComposition.CountyOf(directory, candidate.DivisionCode)));
            }
            else
            {
                excluded[conflict]++;
            }
        }
        if (roster.Count < seats + substitutes)
        {
            throw new DomainRuleException(EvaluationTexts.Words["draw.roster-too-small", roster.Count, seats, substitutes]);
        }
        var seed = RandomNumberGenerator.GetBytes(32);
        var draw = new DrawRecord
        {
            Id = Guid.CreateVersion7(),
            UnitId = unitId,
            Purpose = purpose,
            Seats = seats,
            Substitutes = substitutes,
            Algorithm = StratifiedDraw.Algorithm,
            GrassrootsShareMinimum = rules.GrassrootsShareMinimum,
            Roster = roster.OrderBy(e => e.PanelNumber).Select(e => e.Line).ToArray(),
            RosterHash = Convert.ToHexStringLower(DrawRoster.Hash(roster)),
            Commitment = Convert.ToHexStringLower(DrawRoster.Commitment(seed)),
            Excluded = JsonSerializer.Serialize(excluded),
            Status = "committed",
            CommittedAt = now.UtcDateTime,
        };
        await DrawStore.InsertAsync(transaction, draw, sealer.SealSeed(seed, draw.Id), committedBy, ct);
        await outbox.EnqueueAsync(connection, transaction, new DrawCommitted
        {
            DrawId = draw.Id, UnitId = unitId, Seats = seats, RosterSize = roster.Count, RosterHash = draw.RosterHash,
            Commitment = draw.Commitment, CommittedAt = now,
        }, ct);
        return draw;
    }

    /// <summary>Reveals the seed, runs the draw with the public entropy announced after the commitment, and seats the result.</summary>
    public async Task<DrawView> RevealAsync(Guid drawId, string publicEntropy, string revealedBy, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var draw = await FindAsync(transaction, drawId, ct);
        if (draw.Status != "committed")
        {
            throw new DomainRuleException(EvaluationTexts.Words["draw.already-revealed"]);
        }
        var seed = sealer.OpenSeed((await DrawStore.SealedSeedAsync(transaction, drawId, ct))!, drawId);
        var roster = draw.Roster.Select(RosterEntry.Parse).ToList();
        var outcome = Run(roster, seed, publicEntropy, draw.Seats, draw.Substitutes, draw.GrassrootsShareMinimum);
        var members = await DrawStore.MemberIdsAsync(transaction,
            outcome.Selected.Concat(outcome.GrassrootsSubstitutes).Concat(outcome.OtherSubstitutes).ToArray(), ct);
        var grassroots = roster.Where(e => e.Grassroots).Select(e => e.PanelNumber).ToHashSet();
        var seatsAndSubstitutes = outcome.Selected.Select((n, i) => new DrawSeatRecord(n, members[n], "selected", grassroots.Contains(n), i, null, null, null))
            .Concat(outcome.GrassrootsSubstitutes.Select((n, i) => new DrawSeatRecord(n, members[n], "substitute", true, i, null, null, null)))
            .Concat(outcome.OtherSubstitutes.Select((n, i) => new DrawSeatRecord(n, members[n], "substitute", false, i, null, null, null)));
        foreach (var seat in seatsAndSubstitutes)
        {
            await DrawStore.AddSeatAsync(transaction, drawId, seat, ct);
        }
        var seedHex = Convert.ToHexStringLower(seed);
        await DrawStore.RevealAsync(transaction, drawId, seedHex, publicEntropy, now, revealedBy, ct);
        await outbox.EnqueueAsync(connection, transaction, new DrawRevealed
        {
            DrawId = drawId, Seed = seedHex, PublicEntropy = publicEntropy, Selected = outcome.Selected, RevealedAt = now,
        }, ct);
        var view = new DrawView((await DrawStore.FindAsync(transaction, drawId, false, ct))!, await DrawStore.SeatsAsync(transaction, drawId, ct));
        await transaction.CommitAsync(ct);
        outbox.NotifyCommitted();
        return view;
    }

    /// <summary>A drawn member cannot serve: the next substitute of the same group (grassroots or other) takes the seat.</summary>
    public async Task<DrawView> ReplaceAsync(Guid drawId, int panelNumber, string reason, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var draw = await FindAsync(transaction, drawId, ct);
        if (draw.Status != "revealed")
        {
            throw new DomainRuleException(EvaluationTexts.Words["draw.not-revealed"]);
        }
        var seats = await DrawStore.SeatsAsync(transaction, drawId, ct);
        var seat = seats.FirstOrDefault(s => s.PanelNumber == panelNumber && s.Role == "selected" && s.ReleasedAt is null)
                   ?? throw new DomainRuleException(EvaluationTexts.Words["draw.not-seated", panelNumber]);
        var substitute = seats.Where(s => s.Role == "substitute" && s.Grassroots == seat.Grassroots).MinBy(s => s.Position)
                         ?? throw new DomainRuleException(EvaluationTexts.Words["draw.no-substitute"]);
        await DrawStore.ReleaseAsync(transaction, drawId, panelNumber, reason, time.GetUtcNow(), ct);
        await DrawStore.SeatSubstituteAsync(transaction, drawId, substitute.PanelNumber, panelNumber, ct);
        var view = new DrawView(draw, await DrawStore.SeatsAsync(transaction, drawId, ct));
        await transaction.CommitAsync(ct);
        return view;
    }

    public async Task<DrawView?> FindAsync(Guid drawId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var draw = await DrawStore.FindAsync(transaction, drawId, false, ct);
        return draw is null ? null : new DrawView(draw, await DrawStore.SeatsAsync(transaction, drawId, ct));
    }

    /// <summary>The draw as anyone re-runs it: the key from seed, roster hash and public entropy, then <see cref="StratifiedDraw"/>.</summary>
    public static DrawOutcome Run(IReadOnlyList<RosterEntry> roster, byte[] seed, string publicEntropy, int seats, int substitutes, double grassrootsShareMinimum) =>
        StratifiedDraw.Run(roster, seats, substitutes, grassrootsShareMinimum, new SeededRandom(DrawRoster.Key(seed, DrawRoster.Hash(roster), publicEntropy)));

    private static async Task<DrawRecord> FindAsync(NpgsqlTransaction transaction, Guid drawId, CancellationToken ct) =>
        await DrawStore.FindAsync(transaction, drawId, forUpdate: true, ct) ?? throw new RecordNotFoundException(EvaluationTexts.Words["draw.not-found"]);
}
