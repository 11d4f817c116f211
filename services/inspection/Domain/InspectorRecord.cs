namespace Supervision.Inspection.Domain;

/// <summary>An inspector of the pool, with what recusal is computed from.</summary>
public sealed record InspectorRecord(string Id, string Name, string? CadreId, string HomeDivisionCode,
    IReadOnlyList<PostingRecord> Postings, IReadOnlyList<RelativeRecord> Relatives);

public sealed record PostingRecord(string UnitId, string Post, DateOnly From, DateOnly? To);

/// <summary>A declared relative: kind from the civil service law's list, and the post and unit they hold.</summary>
public sealed record RelativeRecord(string Kind, string Name, string Post, string UnitId);
