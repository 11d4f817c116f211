namespace Supervision.Contracts.Events.Evaluation;

/// <summary>A panel member's term ran out: they can no longer be drawn nor score.</summary>
public sealed record MemberTermEnded
{
    public required Guid MemberId { get; init; }
    public required DateTimeOffset EndedAt { get; init; }
}
