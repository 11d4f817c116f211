using Supervision.Contracts.Events.Intake;
using Supervision.Contracts;
using Supervision.Reference;
using Supervision.Routing.Localization;

namespace Supervision.Routing.Domain;

/// <summary>Where a report goes and why: the lead unit, co-units, and each decision in words.</summary>
public sealed record RoutingPlan(Unit? Lead, IReadOnlyList<Unit> CoUnits, IReadOnlyList<Decision> Decisions, string? SubjectCadreId, string ReceivingLevel)
{
    /// <summary>Every accused cadre or unit the directory knows, in the report's order; the most senior one is marked.</summary>
    public IReadOnlyList<AccusedSubject> Accused { get; init; } = [];

    public bool AwaitsDispatch => Lead is null;
}

public sealed record Decision(string Kind, string UnitId, Phrase Reason);

/// <summary>An accused cadre (with their unit) or an accused unit; <see cref="MostSenior"/> decides the lead.</summary>
public sealed record AccusedSubject(string? CadreId, string UnitId, bool MostSenior);

/// <summary>
/// Horizontal triage, then vertical transfer: the category picks the competent unit kind at the
/// receiving level, then each cadre's management authority picks the level that must handle it.
/// Pure: the same report, directory and rules always give the same plan.
/// </summary>
public sealed class RoutingEngine(CityDirectory directory, RoutingRules rules)
{
    public RoutingPlan Route(ReportReceived report)
    {
        var rule = rules.For(report.Category);
        var category = RoutingRules.CategoryName(report.Category);
        var receivingLevel = LevelOf(report.ReceivingDivisionCode);
        var decisions = new List<Decision>();

        var triage = UnitOf(rule.LeadUnitKind, receivingLevel);
        if (triage is not null)
        {
            decisions.Add(new Decision("triage", triage.Id, CaseWording.Triage(category, triage, DivisionName(receivingLevel))));
        }

        // Each subject's competent level: by the cadre's management authority, else by the unit's place.
        var placed = new List<(Unit Unit, Phrase Reason, string? CadreId, string AccusedUnitId, int Seniority)>();
        foreach (var subject in report.Subjects)
        {
            if (subject.CadreId is not null && directory.FindCadre(subject.CadreId) is { } cadre)
            {
                var level = AuthorityLevel(cadre);
                if (UnitOf(rule.LeadUnitKind, level) is { } unit)
                {
                    placed.Add((unit, CaseWording.CadrePlacement(ManagedBy(cadre), category), cadre.Id, cadre.UnitId, Seniority(level, cadre.MiddleLevel ? 1 : 2)));
                }
            }
            else if (subject.UnitId is not null && directory.FindUnit(subject.UnitId) is { } subjectUnit)
            {
                var level = LevelOf(subjectUnit.DivisionCode);
                if (UnitOf(rule.LeadUnitKind, level) is { } unit)
                {
                    placed.Add((unit, CaseWording.UnitPlacement(subjectUnit, DivisionName(level), category), null, subjectUnit.Id, Seniority(level, 0)));
                }
            }
        }

        if (placed.Count == 0)
        {
            var dispatcher = DispatchUnitAt(receivingLevel);
            decisions.Add(new Decision("dispatch", dispatcher?.Id ?? "", CaseWording.AwaitingDispatcher(dispatcher is null ? DivisionName(receivingLevel) : Phrase.Of(dispatcher))));
            return new RoutingPlan(null, [], decisions, null, receivingLevel);
        }

        // Several accused: the level with authority over the most senior leads (a county cannot investigate a city-managed cadre).
        var leadIndex = placed.IndexOf(placed.MaxBy(p => p.Seniority));
        var (lead, leadReason, leadCadre, _, _) = placed[leadIndex];
        decisions.Add(lead.Id == triage?.Id
            ? new Decision("assign", lead.Id, CaseWording.HandledBy(lead, leadReason))
            : new Decision("transfer", lead.Id, CaseWording.TransferredTo(lead, leadReason)));

        var coUnits = new List<Unit>();
        foreach (var kind in rule.CoUnitKinds)
        {
            if (UnitOf(kind, lead.DivisionCode) is { } co && co.Id != lead.Id && coUnits.All(u => u.Id != co.Id))
            {
                coUnits.Add(co);
                decisions.Add(new Decision("joint", co.Id, CaseWording.CategoryAlsoFallsTo(category, co)));
            }
        }
        foreach (var (unit, reason, _, _, _) in placed.Where((_, i) => i != leadIndex))
        {
            if (unit.Id != lead.Id && coUnits.All(u => u.Id != unit.Id))
            {
                coUnits.Add(unit);
                decisions.Add(new Decision("joint", unit.Id, CaseWording.JointHandlingWith(unit, reason)));
            }
        }
        return new RoutingPlan(lead, coUnits, decisions, leadCadre, receivingLevel)
        {
            Accused = placed.Select((p, i) => new AccusedSubject(p.CadreId, p.AccusedUnitId, i == leadIndex)).ToList(),
        };
    }

    /// <summary>A city-level matter outranks a county one; within a level a leader outranks a section chief, who outranks a unit.</summary>
    private int Seniority(string authorityLevel, int rank) => (authorityLevel == directory.CityCode ? 10 : 0) + rank;

    /// <summary>Per accused cadre or unit in the directory: its division (the cadre's, or the unit's) and the divisions above it.</summary>
    public IReadOnlyList<IReadOnlyList<string>> SubjectAncestries(ReportReceived report) => report.Subjects
        .Select(s => s.CadreId is not null && directory.FindCadre(s.CadreId) is { } cadre ? cadre.DivisionCode
            : s.UnitId is not null && directory.FindUnit(s.UnitId) is { } unit ? unit.DivisionCode : null)
        .OfType<string>()
        .Select(code => directory.Ancestry(code))
        .ToList();

    /// <summary>The unit one level up of the same kind; at the city, the city's unit of the escalation kind (rules.json).</summary>
    public Unit? EscalationTarget(Unit unit)
    {
        var cityEscalation = UnitOf(rules.EscalationUnitKind, directory.CityCode);
        if (unit.DivisionCode != directory.CityCode)
        {
            return UnitOf(unit.Kind, directory.CityCode) ?? cityEscalation;
        }
        return cityEscalation?.Id == unit.Id ? null : cityEscalation;
    }

    /// <summary>
    /// Where a notice goes when nobody at <paramref name="unit"/> is on duty: the escalation kind (rules.json) at the
    /// level above; at the city, the city's own, unless that is the unit itself.
    /// </summary>
    public Unit? NextLevelDutyUnit(Unit unit)
    {
        var parent = directory.FindDivision(unit.DivisionCode)?.ParentCode;
        var target = UnitOf(rules.EscalationUnitKind, parent is null ? directory.CityCode : LevelOf(parent));
        return target?.Id == unit.Id ? null : target;
    }

    /// <summary>The unit that keeps the dispatch queue and the duty roster of a level (rules.json dispatchUnitKind: the intake centre).</summary>
    public Unit? DispatchUnitAt(string divisionCode) => UnitOf(rules.DispatchUnitKind, LevelOf(divisionCode));

    /// <summary>
    /// The division code of the level that manages the cadre: the city, the cadre's county, or for a cadre
    /// managed by their own unit (a section chief) the level of that unit, whatever the cadre's rank.
    /// </summary>
    public string AuthorityLevel(Cadre cadre) => rules.AuthorityLevels.GetValueOrDefault(cadre.ManagementAuthority) switch
    {
        RoutingRules.CityLevel => directory.CityCode,
        RoutingRules.OwnUnitLevel => LevelOf(directory.FindUnit(cadre.UnitId)?.DivisionCode ?? cadre.DivisionCode),
        _ => LevelOf(cadre.DivisionCode),
    };

    /// <summary>Who manages the cadre, in words: the management authority, and the managing unit when it is their own.</summary>
    public Phrase ManagedBy(Cadre cadre) =>
        rules.AuthorityLevels.GetValueOrDefault(cadre.ManagementAuthority) == RoutingRules.OwnUnitLevel && directory.FindUnit(cadre.UnitId) is { } unit
            ? CaseWording.ManagedByOwnUnit(cadre, unit, DivisionName(AuthorityLevel(cadre)))
            : CaseWording.ManagedAs(cadre);

    /// <summary>City or county division holding a code (a township belongs to its county).</summary>
    public string LevelOf(string divisionCode)
    {
        var chain = directory.Ancestry(divisionCode);
        return chain.FirstOrDefault(c => directory.FindDivision(c)?.Level == "county") ?? directory.CityCode;
    }

    public Unit? UnitOf(string kind, string divisionCode) =>
        directory.Units.Where(u => u.Kind == kind && u.DivisionCode == divisionCode).OrderBy(u => u.Id, StringComparer.Ordinal).FirstOrDefault();

    private Phrase DivisionName(string code) => directory.FindDivision(code) is { } division ? Phrase.Name(division.Name, division.NameEn) : code;
}
