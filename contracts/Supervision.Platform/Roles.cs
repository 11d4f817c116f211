namespace Supervision.Platform;

/// <summary>Staff roles carried in the token's "role" claim.</summary>
public static class Roles
{
    public const string IntakeClerk = "intake-clerk";
    public const string Dispatcher = "dispatcher";
    public const string Handler = "handler";
    public const string OversightOfficer = "oversight-officer";
    public const string Auditor = "auditor";

    /// <summary>Inspection: the organization department's staff who plan tours, form teams and record reviews.</summary>
    public const string PlanStaff = "plan-staff";

    /// <summary>Inspection: a member of an inspection team; the token's subject is the inspector's id, and they reach only their own tours.</summary>
    public const string Inspector = "inspector";

    /// <summary>
    /// A unit's contact; the token's subject is the unit's id. Inspection: they update only that unit's rectification.
    /// Evaluation: they read the visit plans of that unit (a secret one only once done, never who visited).
    /// </summary>
    public const string TargetUnitContact = "target-unit-contact";

    /// <summary>The evaluation office's staff: recruit and vet the citizen panel, run draws.</summary>
    public const string EvaluationOfficer = "evaluation-officer";

    /// <summary>
    /// Evaluation: a cadre work supervisor (干部工作监督员), a grassroots deputy; the token's subject is the supervisor's id, and
    /// they log observations and refer problems only within their own area.
    /// </summary>
    public const string WorkSupervisor = "work-supervisor";

    public static readonly IReadOnlyList<string> All = [IntakeClerk, Dispatcher, Handler, OversightOfficer, Auditor, PlanStaff, Inspector, TargetUnitContact, EvaluationOfficer, WorkSupervisor];

    public const string AnyStaff = IntakeClerk + "," + Dispatcher + "," + Handler + "," + OversightOfficer + "," + Auditor;
}

/// <summary>Claim names of Supervision tokens.</summary>
public static class SupervisionClaims
{
    public const string Role = "role";
    /// <summary>GB/T 2260 code of the caller's jurisdiction: the city sees all, a county its own.</summary>
    public const string Division = "division";
    public const string Subject = "sub";
    public const string Name = "name";
}
