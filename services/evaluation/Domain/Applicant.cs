namespace Supervision.Evaluation.Domain;

/// <summary>How an applicant came to the panel.</summary>
public static class Nominations
{
    public const string Self = "self";
    public const string Organization = "organization";
}

/// <summary>Member states: serving in term, term ended (not renewed), resigned.</summary>
public static class MemberStatuses
{
    public const string Serving = "serving";
    public const string TermEnded = "term-ended";
    public const string Resigned = "resigned";
}

/// <summary>An application as it was submitted, checked for form at the edge.</summary>
public sealed record Applicant(
    string Name,
    string Gender,
    DateOnly BirthDate,
    string Sector,
    string DivisionCode,
    string Nomination,
    string? RecommendingBody,
    string Employer,
    string? EmployerUnitId,
    string? ServingCadreId,
    IReadOnlyList<string> RelativeUnitIds,
    MemberContact Contact);
