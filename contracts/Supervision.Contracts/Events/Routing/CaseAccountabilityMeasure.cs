namespace Supervision.Contracts.Events.Routing;

/// <summary>One accountability measure of a (partly) substantiated outcome: its kind, the cadre it holds to account and the cadre's unit.</summary>
public sealed record CaseAccountabilityMeasure
{
    /// <summary>The kind as routing's rules name it ("admonishment-talk"), a stable key readers word from their own resource files.</summary>
    public required string Kind { get; init; }
    public required string CadreId { get; init; }
    /// <summary>The cadre's unit when the measure was recorded.</summary>
    public required string UnitId { get; init; }
    /// <summary>The kind's name as routing's rules give it (诫勉谈话), for readers that do not know the key.</summary>
    public required string Words { get; init; }
    public required DateOnly DecidedOn { get; init; }
}
