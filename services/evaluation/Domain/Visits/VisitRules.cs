namespace Supervision.Evaluation.Domain.Visits;

/// <summary>The limits of a visit plan and its records; the field violations quote these numbers.</summary>
public static class VisitRules
{
    public const int TitleMaxLength = 200;
    public const int MaxTargets = 30;
    public const int MaxMembers = 20;
    /// <summary>A plan's date window spans at most this many days (a quarter).</summary>
    public const int MaxWindowDays = 92;
    public const int ObservationsMaxLength = 5000;
    public const int MaxEvidenceNotes = 20;
    public const int EvidenceNoteMaxLength = 1000;
    /// <summary>A referred problem's account, as intake takes it.</summary>
    public const int AccountMinLength = 10;
    public const int AccountMaxLength = 5000;
    public const double ScoreMin = 0;
    public const double ScoreMax = 100;

    /// <summary>The city's dates (China Standard Time, no daylight saving): a visit's day is the day in Jining.</summary>
    public static readonly TimeSpan CityOffset = TimeSpan.FromHours(8);

    public static DateOnly CityDate(DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(CityOffset).DateTime);
}
