using Npgsql;
using Supervision.Reference;
using Supervision.Reporting.Data;
using Supervision.Reporting.Domain;
using Supervision.Reporting.Localization;
using Supervision.Reporting.V1;
using Supervision.ServiceDefaults.Grpc;
using Supervision.ServiceDefaults.Localization;

namespace Supervision.Reporting.Grpc;

/// <summary>A listing of credibility results asked for, as checked: the divisions, the years, the page.</summary>
public sealed record CredibilityListing(IReadOnlyList<string> Divisions, int FromYear, int ToYear, (int Year, Guid Id)? Before, int Size);

/// <summary>
/// Credibility results as staff and the public read them: each year with its trend (against the year before and two years
/// before), its target and whether it was met, in the caller's words. Only staff read the notes and the corrections.
/// </summary>
public sealed class CredibilityReading(NpgsqlDataSource dataSource, CredibilityDimensions dimensions, CityDirectory directory)
{
    public const int LastYear = 2100;

    /// <summary>The division, years and page of a listing; <paramref name="defaultDivision"/> when the request names none.</summary>
    public CredibilityListing Check(ListCredibilityResultsRequest request, string defaultDivision, FieldViolations violations)
    {
        var division = request.DivisionCode.Length == 0 ? defaultDivision : request.DivisionCode;
        if (request.DivisionCode.Length > 0 && directory.FindDivision(request.DivisionCode) is null)
        {
            violations.Add("division_code", PlatformTexts.Words["field.unknown-division", request.DivisionCode]);
        }
        var from = request.FromYear == 0 ? CredibilityRules.FirstYear : request.FromYear;
        var to = request.ToYear == 0 ? LastYear : request.ToYear;
        if (from is < CredibilityRules.FirstYear or > LastYear)
        {
            violations.Add("from_year", ReportingTexts.Words["field.credibility.year", CredibilityRules.FirstYear, LastYear]);
        }
        if (to is < CredibilityRules.FirstYear or > LastYear)
        {
            violations.Add("to_year", ReportingTexts.Words["field.credibility.year", CredibilityRules.FirstYear, LastYear]);
        }
        else if (to < from)
        {
            violations.Add("to_year", ReportingTexts.Words["field.credibility.year-order"]);
        }
        var (after, size) = PageToken.Read(request.PageToken, request.PageSize, defaultSize: 20, maxSize: 100, violations);
        return new CredibilityListing(directory.FindDivision(division) is null ? [] : directory.Subtree(division), from, to,
            after is { } position ? (position.At.Year, position.Id) : null, size);
    }

    public async Task<ListCredibilityResultsResponse> ListAsync(CredibilityListing listing, bool staff, CancellationToken ct)
    {
        var (rows, years, targets, corrections) = await dataSource.InTransactionAsync<(IReadOnlyList<CredibilityResultRow>, IReadOnlyList<CredibilityResultRow>,
            IReadOnlyList<CredibilityTargetRow>, IReadOnlyList<CredibilityCorrectionRow>)>(async t =>
        {
            // Staff also see the years that have a target and await their survey; the public edition lists published results only.
            var page = await CredibilityStore.ListAsync(t, listing.Divisions, listing.FromYear, listing.ToYear, listing.Before, listing.Size + 1,
                awaitingSurvey: staff, ct);
            var shown = page.Take(listing.Size).ToList();
            if (shown.Count == 0)
            {
                return (page, [], [], []);
            }
            var divisions = shown.Select(r => r.DivisionCode).Distinct().ToList();
            var (first, last) = (shown.Min(r => r.Year), shown.Max(r => r.Year));
            return (page, await CredibilityStore.YearsAsync(t, divisions, first - 2, last, ct), await CredibilityStore.TargetsAsync(t, divisions, first, last, ct),
                staff ? await CredibilityStore.CorrectionsAsync(t, shown.Where(r => !r.AwaitingSurvey).Select(r => r.ResultId).ToList(), ct)
                : (IReadOnlyList<CredibilityCorrectionRow>)[]);
        }, ct);
        var response = new ListCredibilityResultsResponse();
        response.Results.AddRange(rows.Take(listing.Size).Select(row => row.AwaitingSurvey ? AwaitingSurvey(row,
            years.FirstOrDefault(y => y.DivisionCode == row.DivisionCode && y.Year == row.Year - 1),
            years.FirstOrDefault(y => y.DivisionCode == row.DivisionCode && y.Year == row.Year - 2),
            targets.First(y => y.DivisionCode == row.DivisionCode && y.Year == row.Year)) : Read(row,
            years.FirstOrDefault(y => y.DivisionCode == row.DivisionCode && y.Year == row.Year - 1),
            years.FirstOrDefault(y => y.DivisionCode == row.DivisionCode && y.Year == row.Year - 2),
            targets.FirstOrDefault(y => y.DivisionCode == row.DivisionCode && y.Year == row.Year),
            corrections.Where(c => c.ResultId == row.ResultId).ToList(), staff)));
        if (rows.Count > listing.Size)
        {
            var last = rows[listing.Size - 1];
            response.NextPageToken = PageToken.Encode(new DateTime(last.Year, 1, 1, 0, 0, 0, DateTimeKind.Utc), last.ResultId);
        }
        return response;
    }

    /// <summary>One year's result as a staff member reads it right after recording it, with the trend and the target of that moment.</summary>
    public async Task<CredibilityResult> ReadAsync(CredibilityResultRow row, CancellationToken ct)
    {
        var listing = new CredibilityListing([row.DivisionCode], row.Year, row.Year, null, 1);
        return (await ListAsync(listing, staff: true, ct)).Results.Single();
    }

    public CredibilityResult Read(CredibilityResultRow row, CredibilityResultRow? previousYear, CredibilityResultRow? twoYearsEarlier,
        CredibilityTargetRow? target, IReadOnlyList<CredibilityCorrectionRow> corrections, bool staff)
    {
        var standing = new CredibilityStanding(row.Score, row.ProvincialRank);
        var trend = CredibilityRules.Trend(standing, Standing(previousYear), Standing(twoYearsEarlier));
        var targetValues = target is null ? null : new CredibilityTargetValues(target.TargetScore, target.TargetRank);
        var status = CredibilityRules.Judge(standing, targetValues);
        var result = new CredibilityResult
        {
            ResultId = row.ResultId.ToString(),
            DivisionCode = row.DivisionCode,
            DivisionName = DivisionName(row.DivisionCode),
            Year = row.Year,
            Score = (double)row.Score,
            Source = row.Source,
            Notes = staff ? row.Notes : "",
            Revision = row.Revision,
            RecordedAt = Figures.Stamp(row.RecordedAt),
            CorrectedAt = row.CorrectedAt is { } corrected ? Figures.Stamp(corrected) : null,
            Trend = Read(trend),
            Target = target is null ? null : Read(target, staff),
            TargetStatus = status switch
            {
                CredibilityRules.Met => CredibilityTargetStatus.Met,
                CredibilityRules.Missed => CredibilityTargetStatus.Missed,
                CredibilityRules.Undetermined => CredibilityTargetStatus.Undetermined,
                _ => CredibilityTargetStatus.NoTarget,
            },
            TargetStatusName = ReportingTexts.Words["credibility.target." + status],
            Summary = Summary(row, trend),
        };
        if (row.ProvincialRank is { } rank) result.ProvincialRank = rank;
        if (row.RankedPlaces is { } places) result.RankedPlaces = places;
        result.DimensionScores.AddRange(CredibilitySurveys.DimensionScoresOf(row.DimensionScores).Select(Read));
        if (staff)
        {
            result.Corrections.AddRange(corrections.OrderByDescending(c => c.Revision).Select(Read));
        }
        return result;
    }

    /// <summary>
    /// A year with a target and no result yet, as staff read it: the target and the years before it, no result fields, marked
    /// as awaiting the survey.
    /// </summary>
    private CredibilityResult AwaitingSurvey(CredibilityResultRow row, CredibilityResultRow? previousYear, CredibilityResultRow? twoYearsEarlier,
        CredibilityTargetRow target)
    {
        // The years before are shown; nothing is compared, as the year has no score yet.
        var trend = new CredibilityComparison(Standing(previousYear), Standing(twoYearsEarlier), null, null, null, null);
        return new CredibilityResult
        {
            DivisionCode = row.DivisionCode,
            DivisionName = DivisionName(row.DivisionCode),
            Year = row.Year,
            Trend = Read(trend),
            Target = Read(target, staff: true),
            TargetStatus = CredibilityTargetStatus.AwaitingSurvey,
            TargetStatusName = ReportingTexts.Words["credibility.target." + CredibilityRules.AwaitingSurvey],
            Summary = ReportingTexts.Words["credibility.summary.awaiting-survey", row.Year, DivisionName(row.DivisionCode)],
            AwaitingSurvey = true,
        };
    }

    public CredibilityTarget Read(CredibilityTargetRow target, bool staff)
    {
        var read = new CredibilityTarget
        {
            DivisionCode = target.DivisionCode, Year = target.Year, SetBy = staff ? target.SetBy : "", SetAt = Figures.Stamp(target.SetAt),
        };
        if (target.TargetScore is { } score) read.TargetScore = (double)score;
        if (target.TargetRank is { } rank) read.TargetRank = rank;
        return read;
    }

    public V1.CredibilityDimension Read(SurveyDimension dimension) =>
        new() { Code = dimension.Code, Name = RequestLanguage.Name(dimension.Name, dimension.NameEn) };

    private CredibilityDimensionScore Read(DimensionScore score) => new()
    {
        Code = score.Code,
        Score = (double)score.Score,
        Name = dimensions.Find(score.Code) is { } dimension ? RequestLanguage.Name(dimension.Name, dimension.NameEn) : score.Code,
    };

    private CredibilityCorrection Read(CredibilityCorrectionRow row)
    {
        var previous = CredibilitySurveys.PreviousOf(row);
        var correction = new CredibilityCorrection
        {
            Revision = row.Revision, Score = (double)previous.Figures.Score, Source = previous.Figures.Source, Notes = previous.Figures.Notes,
            Reason = row.Reason, CorrectedBy = row.CorrectedBy, CorrectedAt = Figures.Stamp(row.CorrectedAt),
        };
        if (previous.Figures.ProvincialRank is { } rank) correction.ProvincialRank = rank;
        if (previous.Figures.RankedPlaces is { } places) correction.RankedPlaces = places;
        correction.DimensionScores.AddRange(previous.Figures.DimensionScores.Select(Read));
        return correction;
    }

    private static V1.CredibilityTrend Read(CredibilityComparison trend)
    {
        var read = new V1.CredibilityTrend();
        if (trend.PreviousYear is { } previous)
        {
            read.PreviousYearScore = (double)previous.Score;
            if (previous.ProvincialRank is { } rank) read.PreviousYearRank = rank;
        }
        if (trend.TwoYearsEarlier is { } earlier)
        {
            read.TwoYearsEarlierScore = (double)earlier.Score;
            if (earlier.ProvincialRank is { } rank) read.TwoYearsEarlierRank = rank;
        }
        if (trend.ScoreChangeFromPreviousYear is { } change) read.ScoreChangeFromPreviousYear = (double)change;
        if (trend.PlacesGainedFromPreviousYear is { } gained) read.PlacesGainedFromPreviousYear = gained;
        if (trend.ScoreChangeOverTwoYears is { } twoYearChange) read.ScoreChangeOverTwoYears = (double)twoYearChange;
        if (trend.PlacesGainedOverTwoYears is { } twoYearGain) read.PlacesGainedOverTwoYears = twoYearGain;
        return read;
    }

    /// <summary>"2011年济宁市选人用人公信度84.36分，全省第4位，较上年上升5个位次，较两年前上升13个位次" in the caller's language.</summary>
    private string Summary(CredibilityResultRow row, CredibilityComparison trend)
    {
        var words = ReportingTexts.Words["credibility.summary", row.Year, DivisionName(row.DivisionCode), row.Score.ToString("0.00",
            System.Globalization.CultureInfo.InvariantCulture)];
        if (row.ProvincialRank is { } rank) words += ReportingTexts.Words["credibility.summary.rank", rank];
        if (trend.PlacesGainedFromPreviousYear is { } gained) words += ReportingTexts.Words["credibility.summary.previous-year", Places(gained)];
        if (trend.PlacesGainedOverTwoYears is { } twoYears) words += ReportingTexts.Words["credibility.summary.two-years", Places(twoYears)];
        return words;
    }

    private static string Places(int gained) => gained switch
    {
        > 0 => ReportingTexts.Words["credibility.places.up", gained],
        < 0 => ReportingTexts.Words["credibility.places.down", -gained],
        _ => ReportingTexts.Words["credibility.places.same"],
    };

    private static CredibilityStanding? Standing(CredibilityResultRow? row) => row is null ? null : new CredibilityStanding(row.Score, row.ProvincialRank);

    private string DivisionName(string code) =>
        directory.FindDivision(code) is { } division ? RequestLanguage.Name(division.Name, division.NameEn) : code;
}
