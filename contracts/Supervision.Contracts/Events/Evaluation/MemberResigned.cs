namespace Supervision.Contracts.Events.Evaluation;

/// <summary>A panel member resigned before the end of their term.</summary>
public sealed record MemberResigned
{
    public required Guid MemberId { get; init; }
    public required DateTimeOffset ResignedAt { get; init; }
}
