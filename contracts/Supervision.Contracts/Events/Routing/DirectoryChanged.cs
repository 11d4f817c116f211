namespace Supervision.Contracts.Events.Routing;

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
