namespace Supervision.Reporting.Domain;

/// <summary>One dimension's score in a year's result.</summary>
public sealed record DimensionScore(string Code, decimal Score);

/// <summary>What a year's survey reported for a division: the score, the place in the province among the ranked places, the dimensions.</summary>
public sealed record CredibilityFigures(decimal Score, int? ProvincialRank, int? RankedPlaces, IReadOnlyList<DimensionScore> DimensionScores,
    string Source, string Notes)
{
    /// <summary>Whether two records say the same thing (the dimensions in the same order, as <see cref="CredibilityRules.Ordered"/> keeps them).</summary>
    public bool SameAs(CredibilityFigures other) =>
        Score == other.Score && ProvincialRank == other.ProvincialRank && RankedPlaces == other.RankedPlaces && Source == other.Source
        && Notes == other.Notes && DimensionScores.SequenceEqual(other.DimensionScores);
}

/// <summary>A year's score and place, as a trend compares them.</summary>
public sealed record CredibilityStanding(decimal Score, int? ProvincialRank);

/// <summary>
/// A year beside the year before and the year two before: the score's change and the places gained (a positive number is a
/// better place, as "up 13 places in two years" says). Null where the earlier year, or its rank, was not recorded.
/// </summary>
public sealed record CredibilityComparison(
    CredibilityStanding? PreviousYear,
    CredibilityStanding? TwoYearsEarlier,
    decimal? ScoreChangeFromPreviousYear,
    int? PlacesGainedFromPreviousYear,
    decimal? ScoreChangeOverTwoYears,
    int? PlacesGainedOverTwoYears);

/// <summary>What a year aims at: a score to reach, a place to reach, or both.</summary>
public sealed record CredibilityTargetValues(decimal? TargetScore, int? TargetRank);

/// <summary>A rule a value breaks: the field it came from and the words' key and arguments.</summary>
public sealed record CredibilityProblem(string Field, string Key, params object?[] Arguments);

/// <summary>
/// The rules of the credibility of cadre selection (选人用人公信度): scores from 0 to 100 with at most two decimals (as the
/// survey reports them), a place of at least 1 and within the ranked places, each dimension known and scored once; and how a
/// year compares with the two before it and with its target.
/// </summary>
public static class CredibilityRules
{
    public const int FirstYear = 2000;
    public const int TargetYearsAhead = 5;

    public const string NoTarget = "none";
    public const string Met = "met";
    public const string Missed = "missed";
    public const string Undetermined = "undetermined";
    /// <summary>A year with a target and no result yet (staff listings).</summary>
    public const string AwaitingSurvey = "awaiting-survey";

    /// <summary>The survey scores the city and its counties, not townships.</summary>
    public static bool IsSurveyed(Supervision.Reference.CityDirectory directory, string divisionCode) =>
        directory.FindDivision(divisionCode)?.Level is "city" or "county";

    public static IEnumerable<CredibilityProblem> ScoreProblems(string field, decimal score)
    {
        if (score is < 0 or > 100)
        {
            yield return new CredibilityProblem(field, "field.credibility.score-range", score);
        }
        else if (decimal.Round(score, 2) != score)
        {
            yield return new CredibilityProblem(field, "field.credibility.score-decimals", score);
        }
    }

    /// <summary>Every rule the figures break; dimension fields are numbered as they were given.</summary>
    public static IEnumerable<CredibilityProblem> Problems(CredibilityFigures figures, CredibilityDimensions dimensions)
    {
        foreach (var problem in ScoreProblems("score", figures.Score)) yield return problem;
        if (figures.ProvincialRank is < 1) yield return new CredibilityProblem("provincial_rank", "field.credibility.rank", figures.ProvincialRank);
        if (figures.RankedPlaces is < 1) yield return new CredibilityProblem("ranked_places", "field.credibility.rank", figures.RankedPlaces);
        if (figures is { ProvincialRank: >= 1 and var rank, RankedPlaces: >= 1 and var places } && rank > places)
        {
            yield return new CredibilityProblem("provincial_rank", "field.credibility.rank-within-places", rank, places);
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < figures.DimensionScores.Count; i++)
        {
            var (code, score) = figures.DimensionScores[i];
            if (dimensions.Find(code) is null)
            {
                yield return new CredibilityProblem($"dimension_scores[{i}].code", "field.credibility.unknown-dimension", code,
                    string.Join(", ", dimensions.All.Select(d => d.Code)));
            }
            else if (!seen.Add(code))
            {
                yield return new CredibilityProblem($"dimension_scores[{i}].code", "field.credibility.duplicate-dimension", code);
            }
            foreach (var problem in ScoreProblems($"dimension_scores[{i}].score", score)) yield return problem;
        }
    }

    /// <summary>The figures with their dimensions in the order of the dimensions file, as they are kept and compared.</summary>
    public static CredibilityFigures Ordered(CredibilityFigures figures, CredibilityDimensions dimensions) =>
        figures with { DimensionScores = figures.DimensionScores.OrderBy(d => dimensions.OrderOf(d.Code)).ThenBy(d => d.Code, StringComparer.Ordinal).ToList() };

    public static CredibilityComparison Trend(CredibilityStanding current, CredibilityStanding? previousYear, CredibilityStanding? twoYearsEarlier) =>
        new(previousYear, twoYearsEarlier,
            current.Score - previousYear?.Score, PlacesGained(current, previousYear),
            current.Score - twoYearsEarlier?.Score, PlacesGained(current, twoYearsEarlier));

    /// <summary>
    /// Met when the score reaches the target score and the place the target place (where each is set); missed when either falls
    /// short; undetermined when only the place could decide and the survey gave none.
    /// </summary>
    public static string Judge(CredibilityStanding result, CredibilityTargetValues? target)
    {
        if (target is null)
        {
            return NoTarget;
        }
        if (target.TargetScore is { } score && result.Score < score)
        {
            return Missed;
        }
        return target.TargetRank switch
        {
            null => Met,
            _ when result.ProvincialRank is null => Undetermined,
            var rank => result.ProvincialRank <= rank ? Met : Missed,
        };
    }

    private static int? PlacesGained(CredibilityStanding current, CredibilityStanding? earlier) =>
        earlier?.ProvincialRank - current.ProvincialRank;
}
