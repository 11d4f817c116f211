using System.Globalization;
using Supervision.Reporting.Data;
using Supervision.Reporting.Domain;
using Supervision.Reporting.Localization;
using Supervision.Reporting.V1;

namespace Supervision.Reporting.Grpc;

/// <summary>A bulletin's figures as an edition reads them: staff see every unit and the units named for lateness, the public the counties.</summary>
public sealed class BulletinReading(Figures figures)
{
    public Bulletin Read(BulletinFigures made, Edition edition, DateTimeOffset generatedAt)
    {
        var divisionName = figures.DivisionName(made.DivisionCode);
        var answer = new Bulletin
        {
            Kind = (BulletinKind)made.Period.Kind,
            Edition = edition,
            Title = ReportingTexts.Words[made.Period.Kind == BulletinPeriodKind.Weekly ? "bulletin.title.weekly" : "bulletin.title.monthly",
                divisionName, Day(made.Period.Start), Day(made.Period.End.AddDays(-1))],
            DivisionCode = made.DivisionCode,
            DivisionName = divisionName,
            From = Figures.Stamp(made.From),
            To = Figures.Stamp(made.To),
            PreviousFrom = Figures.Stamp(made.PreviousFrom),
            PreviousTo = Figures.Stamp(made.From),
            Total = Ranked(made.Total, figures.DivisionRow),
            GeneratedAt = Figures.Stamp(generatedAt),
        };
        answer.ReceivedByChannel.AddRange(figures.ByChannel(made.Current.Received));
        answer.ReceivedByLevel.AddRange(figures.ByLevel(made.Current.Received));
        answer.Counties.AddRange(made.Counties.Select(c => Ranked(c, figures.DivisionRow)));
        answer.CountyPanelScores.AddRange(made.PanelScores.Counties.Select(ReadCountyPanel));
        if (edition == Edition.Staff)
        {
            answer.PanelScores.AddRange(made.PanelScores.Units.Select(ReadUnitPanel));
            answer.Units.AddRange(made.Units.Select(u => Ranked(u, figures.UnitRow)));
            answer.NamedForLateness.AddRange(made.NamedForLateness.Select(m => new LatenessNotice
            {
                UnitId = m.UnitId, UnitName = figures.UnitName(m.UnitId), AcknowledgementsMissed = m.Acknowledgements, ClosingsMissed = m.Closings,
                FeedbackMissed = m.Feedback, OtherMissed = m.Other,
                Text = ReportingTexts.Words["bulletin.lateness", figures.UnitName(m.UnitId), m.Total, m.Acknowledgements, m.Closings, m.Feedback, m.Other],
            }));
        }
        var total = answer.Total;
        answer.Summary.Add(ReportingTexts.Words["bulletin.summary.received", total.Current.ReportsReceived, total.Previous.ReportsReceived,
            total.Current.CasesOpened]);
        answer.Summary.Add(ReportingTexts.Words["bulletin.summary.on-time", RateText(total.Current.AcknowledgedOnTime),
            RateText(total.Current.ClosedOnTime), RateText(total.Current.FeedbackOnTime)]);
        answer.Summary.Add(ReportingTexts.Words["bulletin.summary.substantiation", RateText(total.Current.Substantiated), RateText(total.Current.Disputed)]);
        answer.Summary.Add(ReportingTexts.Words["bulletin.summary.score", ScoreText(total.HasScore ? total.Score : null),
            ScoreText(total.HasPreviousScore ? total.PreviousScore : null)]);
        if (answer.Counties.FirstOrDefault(c => c.Rank == 1) is { } best)
        {
            answer.Summary.Add(ReportingTexts.Words["bulletin.summary.best", best.Current.Name, ScoreText(best.Score)]);
        }
        if (edition == Edition.Staff)
        {
            answer.Summary.Add(ReportingTexts.Words["bulletin.summary.lateness", answer.NamedForLateness.Count]);
        }
        return answer;
    }

    public static string RateText(Rate rate) =>
        rate.Of == 0 ? ReportingTexts.Words["rate.none"] : ReportingTexts.Words["rate.value", rate.Percent.ToString("0.0", CultureInfo.InvariantCulture), rate.Count, rate.Of];

    public static string ScoreText(double? score) =>
        score is { } value ? value.ToString("0.0", CultureInfo.InvariantCulture) : ReportingTexts.Words["rate.none"];

    private static RankedRow Ranked(RankedCounts counts, Func<UnitCounts, IndicatorRow> row)
    {
        var ranked = new RankedRow { Current = row(counts.Current), Previous = row(counts.Previous), Rank = counts.Rank, PreviousRank = counts.PreviousRank };
        if (counts.Score is { } score) ranked.Score = score;
        if (counts.PreviousScore is { } previous) ranked.PreviousScore = previous;
        return ranked;
    }

    private PanelScoreRow ReadUnitPanel(UnitPanel row)
    {
        var panel = new PanelScoreRow
        {
            UnitId = row.UnitId, UnitName = figures.UnitName(row.UnitId), Group = (row.Current ?? row.Previous)!.Group,
            Place = row.Current?.Place ?? 0, RankedUnits = row.Current?.RankedUnits ?? 0,
            PreviousPlace = row.Previous?.Place ?? 0, PreviousRankedUnits = row.Previous?.RankedUnits ?? 0,
        };
        if (row.Current is { } current) panel.Score = PanelScores.Round((decimal)current.Score);
        if (row.Previous is { } previous) panel.PreviousScore = PanelScores.Round((decimal)previous.Score);
        if (row.Change is { } change) panel.Change = change;
        return panel;
    }

    private CountyPanelScore ReadCountyPanel(CountyPanel county)
    {
        var panel = new CountyPanelScore
        {
            DivisionCode = county.DivisionCode, DivisionName = figures.DivisionName(county.DivisionCode), UnitsScored = county.UnitsScored,
            PreviousUnitsScored = county.PreviousUnitsScored,
        };
        if (county.Mean is { } mean) panel.MeanScore = mean;
        if (county.PreviousMean is { } previous) panel.PreviousMeanScore = previous;
        if (county.Change is { } change) panel.Change = change;
        return panel;
    }

    /// <summary>A panel score to two decimals, or the dash when there is none.</summary>
    public static string PanelScoreText(double? score) =>
        score is { } value ? value.ToString("0.00", CultureInfo.InvariantCulture) : ReportingTexts.Words["rate.none"];

    /// <summary>A change with its sign (+3.85, -6.10), or the dash when there is nothing to compare.</summary>
    public static string PanelChangeText(double? change) =>
        change is { } value ? value.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture) : ReportingTexts.Words["rate.none"];

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
