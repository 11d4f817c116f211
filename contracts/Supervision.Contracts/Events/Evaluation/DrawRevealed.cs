namespace Supervision.Contracts.Events.Evaluation;

/// <summary>A draw's seed was revealed and the draw run: the selected panel numbers (pseudonyms, no identities).</summary>
public sealed record DrawRevealed
{
    public required Guid DrawId { get; init; }
    public required string Seed { get; init; }
    public required string PublicEntropy { get; init; }
    public required IReadOnlyList<int> Selected { get; init; }
    public required DateTimeOffset RevealedAt { get; init; }
}
