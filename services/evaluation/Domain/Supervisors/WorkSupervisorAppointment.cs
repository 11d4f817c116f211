using Supervision.Reference;

namespace Supervision.Evaluation.Domain.Supervisors;

/// <summary>The kinds of deputy a work supervisor is appointed from; party-congress deputies first.</summary>
public static class DeputyKinds
{
    public const string PartyCongress = "party-congress";
    public const string PeoplesCongress = "peoples-congress";
    public const string Cppcc = "cppcc";
    public const string Other = "other";
}

/// <summary>Where a supervisor watches: a division and everything below it, or a set of directory units (exactly one).</summary>
public sealed record WorkSupervisorArea(string? DivisionCode, IReadOnlyList<string> UnitIds)
{
    /// <summary>The divisions the area reaches: who may appoint the supervisor and who reads them.</summary>
    public IReadOnlyList<string> Divisions(CityDirectory directory) => DivisionCode is { } code
        ? [code]
        : UnitIds.Select(id => directory.FindUnit(id)!.DivisionCode).Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>Whether <paramref name="unit"/> lies in the area.</summary>
    public bool Contains(CityDirectory directory, Unit unit) =>
        DivisionCode is { } code ? directory.Covers(code, unit.DivisionCode) : UnitIds.Contains(unit.Id);
}

/// <summary>A grassroots deputy being appointed as a cadre work supervisor; the contact data is sealed before it is stored.</summary>
public sealed record WorkSupervisorAppointment(string Name, string Gender, string DeputyKind, string DeputyBody, WorkSupervisorArea Area,
    MemberContact Contact);
