namespace Supervision.Contracts.Events.Routing;

/// <summary>A cadre of the city directory, with the management authority routing decides by.</summary>
public sealed record DirectoryCadre
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Gender { get; init; }
    public required string Post { get; init; }
    public required string UnitId { get; init; }
    public required string DivisionCode { get; init; }
    public required string ManagementAuthority { get; init; }
    public required bool MiddleLevel { get; init; }
}
