using System.Text.Json;
using Npgsql;
using Supervision.Contracts.Events.Reporting;
using Supervision.Reference;
using Supervision.Reporting.Data;
using Supervision.Reporting.Localization;
using Supervision.ServiceDefaults.Localization;
using Supervision.ServiceDefaults.Messaging;

namespace Supervision.Reporting.Domain;

/// <summary>A year's result to record for a division, as checked at the edge.</summary>
public sealed record CredibilityResultPlan(string DivisionCode, int Year, CredibilityFigures Figures);

/// <summary>
/// The annual survey results of the credibility of cadre selection (选人用人公信度). A division has one result per year; recording
/// it again corrects it: the caller names the revision they correct and why, the replaced values stay in the corrections, and
/// the revision number shows that it was corrected. Sending the same values again changes nothing. Each change is an event.
/// </summary>
public sealed class CredibilitySurveys(CredibilityDimensions dimensions, DispatchSchedule schedule, CityDirectory directory, Outbox outbox,
    TimeProvider time)
{
    public CredibilityDimensions Dimensions => dimensions;

    /// <summary>The local year now: a result can be recorded up to this year, a target up to <see cref="CredibilityRules.TargetYearsAhead"/> later.</summary>
    public int ThisYear => schedule.LocalDate(time.GetUtcNow()).Year;

    /// <summary>
    /// Records the year's result (<paramref name="expectedRevision"/> 0) or corrects the revision named, with a reason. The same
    /// values as the current ones return them unchanged, so a retried call is harmless.
    /// </summary>
    public async Task<CredibilityResultRow> RecordAsync(NpgsqlTransaction transaction, CredibilityResultPlan plan, int expectedRevision, string reason,
        string recordedBy, CancellationToken ct)
    {
        var figures = CredibilityRules.Ordered(plan.Figures, dimensions);
        var now = CompetitiveSelection.Stored(time.GetUtcNow());
        if (expectedRevision == 0)
        {
            var row = new CredibilityResultRow(Guid.CreateVersion7(), plan.DivisionCode, plan.Year, figures.Score, figures.ProvincialRank,
                figures.RankedPlaces, Json(figures.DimensionScores), figures.Source, figures.Notes, 1, recordedBy, now, null);
            if (await CredibilityStore.AddAsync(transaction, row, ct))
            {
                await PublishAsync(transaction, row, ct);
                return row;
            }
        }
        var current = await CredibilityStore.FindAsync(transaction, plan.DivisionCode, plan.Year, forUpdate: true, ct)
                      ?? throw ReportingTexts.Words.Refusal("credibility.not-recorded", plan.Year, Division(plan.DivisionCode));
        if (FiguresOf(current).SameAs(figures))
        {
            return current;
        }
        if (expectedRevision == 0)
        {
            throw ReportingTexts.Words.Refusal("credibility.already-recorded", plan.Year, Division(plan.DivisionCode), current.Revision);
        }
        if (expectedRevision != current.Revision)
        {
            throw ReportingTexts.Words.Refusal("credibility.revision-changed", plan.Year, Division(plan.DivisionCode), current.Revision, expectedRevision);
        }
        var corrected = current with
        {
            Score = figures.Score, ProvincialRank = figures.ProvincialRank, RankedPlaces = figures.RankedPlaces,
            DimensionScores = Json(figures.DimensionScores), Source = figures.Source, Notes = figures.Notes, Revision = current.Revision + 1,
            RecordedBy = recordedBy, CorrectedAt = now,
        };
        var previous = JsonSerializer.Serialize(new RecordedFigures(FiguresOf(current), current.RecordedBy, current.CorrectedAt ?? current.RecordedAt),
            EventProjections.Json);
        await CredibilityStore.CorrectAsync(transaction, corrected, previous, reason, ct);
        await PublishAsync(transaction, corrected, ct);
        return corrected;
    }

    /// <summary>Sets the year's target, replacing an earlier one.</summary>
    public async Task<CredibilityTargetRow> SetTargetAsync(NpgsqlTransaction transaction, string divisionCode, int year, CredibilityTargetValues target,
        string setBy, CancellationToken ct)
    {
        var now = CompetitiveSelection.Stored(time.GetUtcNow());
        var row = await CredibilityStore.SetTargetAsync(transaction, new CredibilityTargetRow(divisionCode, year, target.TargetScore, target.TargetRank,
            setBy, now), ct);
        await outbox.EnqueueAsync(transaction.Connection!, transaction, new CredibilityTargetSet
        {
            DivisionCode = divisionCode, Year = year, TargetScore = target.TargetScore, TargetRank = target.TargetRank, At = now,
        }, ct);
        return row;
    }

    /// <summary>The figures a stored row holds.</summary>
    public static CredibilityFigures FiguresOf(CredibilityResultRow row) =>
        new(row.Score, row.ProvincialRank, row.RankedPlaces, DimensionScoresOf(row.DimensionScores), row.Source, row.Notes);

    public static IReadOnlyList<DimensionScore> DimensionScoresOf(string json) =>
        JsonSerializer.Deserialize<List<DimensionScore>>(json, EventProjections.Json) ?? [];

    /// <summary>The values a correction replaced, as kept in its row.</summary>
    public static RecordedFigures PreviousOf(CredibilityCorrectionRow correction) =>
        JsonSerializer.Deserialize<RecordedFigures>(correction.Previous, EventProjections.Json)!;

    private static string Json(IReadOnlyList<DimensionScore> scores) => JsonSerializer.Serialize(scores, EventProjections.Json);

    private string Division(string code) => directory.FindDivision(code) is { } division ? RequestLanguage.Name(division.Name, division.NameEn) : code;

    private Task PublishAsync(NpgsqlTransaction transaction, CredibilityResultRow row, CancellationToken ct) =>
        outbox.EnqueueAsync(transaction.Connection!, transaction, new CredibilityResultRecorded
        {
            ResultId = row.ResultId, DivisionCode = row.DivisionCode, Year = row.Year, Score = row.Score, ProvincialRank = row.ProvincialRank,
            Revision = row.Revision, At = row.CorrectedAt ?? row.RecordedAt,
        }, ct);
}

/// <summary>A revision's values with who recorded them and when: what a correction keeps of the revision it replaced.</summary>
public sealed record RecordedFigures(CredibilityFigures Figures, string RecordedBy, DateTime RecordedAt);
