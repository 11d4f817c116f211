namespace Supervision.Contracts.Events.Routing;

/// <summary>A unit of the city directory.</summary>
public sealed record DirectoryUnit
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public string? NameEn { get; init; }
    public required string Kind { get; init; }
    public required string DivisionCode { get; init; }
    public string? ParentUnitId { get; init; }
}
