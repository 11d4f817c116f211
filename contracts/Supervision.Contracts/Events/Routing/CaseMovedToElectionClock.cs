namespace Supervision.Contracts.Events.Routing;

/// <summary>
/// An election report joined a case on the ordinary clock: the whole case now runs on the election clock, from that
/// report's receipt. Each unit in <see cref="UnitsToAcknowledge"/> (its task open and not yet acknowledged) must now
/// acknowledge by <see cref="AcknowledgeBy"/> (1 hour); the case closes by <see cref="CloseBy"/>. No reporter identity.
/// </summary>
public sealed record CaseMovedToElectionClock
{
    public required Guid CaseId { get; init; }
    public required IReadOnlyList<string> UnitsToAcknowledge { get; init; }
    public required DateTimeOffset AcknowledgeBy { get; init; }
    public required DateTimeOffset CloseBy { get; init; }
    public required DateTimeOffset At { get; init; }
}
