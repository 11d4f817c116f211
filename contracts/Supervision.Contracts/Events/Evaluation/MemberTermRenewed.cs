namespace Supervision.Contracts.Events.Evaluation;

/// <summary>A panel member's term was renewed: they serve until the new end.</summary>
public sealed record MemberTermRenewed
{
    public required Guid MemberId { get; init; }
    public required DateTimeOffset RenewedAt { get; init; }
    public required DateTimeOffset TermEndsAt { get; init; }
}
