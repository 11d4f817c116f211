namespace Supervision.Contracts.Events;

/// <summary>
/// The routing service's directory changed: a unit or a cadre was added or updated. Carries the new
/// record whole, so other services can cache it without calling back.
/// </summary>
public sealed record DirectoryChanged
{
    public required long Version { get; init; }
    public DirectoryUnit? Unit { get; init; }
    public DirectoryCadre? Cadre { get; init; }
    public required DateTimeOffset At { get; init; }
}

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
