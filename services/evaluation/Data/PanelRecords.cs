namespace Supervision.Evaluation.Data;

/// <summary>An application row; its sealed contact data is never read here.</summary>
public sealed record ApplicationRecord
{
    public Guid Id { get; init; }
    public DateTime SubmittedAt { get; init; }
    public string Name { get; init; } = "";
    public string Gender { get; init; } = "";
    public DateOnly BirthDate { get; init; }
    public string Sector { get; init; } = "";
    public string DivisionCode { get; init; } = "";
    public string Nomination { get; init; } = "";
    public string? RecommendingBody { get; init; }
    public string Employer { get; init; } = "";
    public string? EmployerUnitId { get; init; }
    public string? ServingCadreId { get; init; }
    public string[] RelativeUnitIds { get; init; } = [];
    public string[] IneligibleBecause { get; init; } = [];
    public string Status { get; init; } = "";
    public DateTime? DecidedAt { get; init; }
    public string? DecisionReason { get; init; }
    public Guid? MemberId { get; init; }
}

/// <summary>A member row; its sealed contact data is never read here.</summary>
public sealed record MemberRecord
{
    public Guid Id { get; init; }
    public int PanelNumber { get; init; }
    public string Name { get; init; } = "";
    public string Gender { get; init; } = "";
    public DateOnly BirthDate { get; init; }
    public string Sector { get; init; } = "";
    public bool Grassroots { get; init; }
    public string DivisionCode { get; init; } = "";
    public string Nomination { get; init; } = "";
    public string? RecommendingBody { get; init; }
    public string? EmployerUnitId { get; init; }
    public string[] RelativeUnitIds { get; init; } = [];
    public string Status { get; init; } = "";
    public DateTime AppointedAt { get; init; }
    public DateTime TermEndsAt { get; init; }
    public DateTime? EndedAt { get; init; }
}

/// <summary>One step of a member's service: appointed, renewed, resigned, term-ended.</summary>
public sealed record MemberHistoryRecord(string Kind, DateTime HappenedAt, string RecordedBy, string? Reason, DateTime? TermEndsAt);
