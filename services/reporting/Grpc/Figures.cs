using System.Globalization;
using System.Text.RegularExpressions;
using Google.Protobuf.WellKnownTypes;
using Supervision.Contracts;
using Supervision.Reference;
using Supervision.Reporting.Data;
using Supervision.Reporting.Localization;
using Supervision.Reporting.V1;
using Supervision.ServiceDefaults.Localization;

namespace Supervision.Reporting.Grpc;

/// <summary>Turns the domain's counts into the API's messages, with names and words in the caller's language.</summary>
public sealed partial class Figures(CityDirectory directory)
{
    public static Rate Rate(int count, int of) => new()
    {
        Count = count, Of = of, Percent = of == 0 ? 0 : Math.Round(100.0 * count / of, 1, MidpointRounding.AwayFromZero),
    };

    public static Timestamp Stamp(DateTimeOffset at) => Timestamp.FromDateTimeOffset(at);

    public static Timestamp Stamp(DateTime utc) => Timestamp.FromDateTime(DateTime.SpecifyKind(utc, DateTimeKind.Utc));

    public string UnitName(string? unitId) =>
        unitId is null ? ReportingTexts.Words["unit.none"]
        : directory.FindUnit(unitId) is { } unit ? RequestLanguage.Name(unit.Name, unit.NameEn)
        : ReportingTexts.Words["unit.unknown", unitId];

    public string DivisionName(string code) =>
        directory.FindDivision(code) is { } division ? RequestLanguage.Name(division.Name, division.NameEn) : code;

    public string LevelOf(string divisionCode) => directory.FindDivision(divisionCode)?.Level ?? "unknown";

    /// <summary>The enum name the intake API uses for a channel: CHANNEL_CITIZEN_SUPERVISOR_REFERRAL.</summary>
    public static string ChannelEnumName(short channel) =>
        "CHANNEL_" + UpperSnake().Replace(((ReportChannel)channel).ToString(), "$1_$2").ToUpperInvariant();

    public static string ChannelWords(short channel) =>
        System.Enum.IsDefined((ReportChannel)channel)
            ? ReportingTexts.Words["channel." + ((ReportChannel)channel).ToString()]
            : ReportingTexts.Words["channel.unknown", channel];

    public IEnumerable<ChannelCount> ByChannel(IEnumerable<ReceivedCount> received) =>
        received.GroupBy(r => r.Channel).OrderBy(g => g.Key)
            .Select(g => new ChannelCount { Channel = ChannelEnumName(g.Key), ChannelName = ChannelWords(g.Key), Reports = g.Sum(r => r.Reports) });

    public IEnumerable<LevelCount> ByLevel(IEnumerable<ReceivedCount> received) =>
        received.GroupBy(r => LevelOf(r.DivisionCode)).OrderBy(g => LevelOrder(g.Key))
            .Select(g => new LevelCount { Level = g.Key, LevelName = ReportingTexts.Words["level." + g.Key], Reports = g.Sum(r => r.Reports) });

    public IndicatorRow Row(UnitCounts counts, string id, string name, string divisionCode) => new()
    {
        Id = id,
        Name = name,
        DivisionCode = divisionCode,
        ReportsReceived = counts.ReportsReceived,
        CasesOpened = counts.CasesOpened,
        AcknowledgedOnTime = Rate(counts.AcknowledgedOnTime, counts.AcknowledgementsDue),
        ClosedOnTime = Rate(counts.ClosedOnTime, counts.ClosingsDue),
        FeedbackOnTime = Rate(counts.FeedbackOnTime, counts.FeedbackDue),
        Substantiated = Rate(counts.Substantiated, counts.Concluded),
        Disputed = Rate(counts.Disputed, counts.RealNameFeedback),
        Escalations = counts.Escalations,
        ElectionCases = counts.ElectionCases,
        DeadlinesMissed = counts.DeadlinesMissed,
        RectifiedOnTime = Rate(counts.RectifiedOnTime, counts.RectificationsDue),
    };

    public IndicatorRow UnitRow(UnitCounts counts) =>
        Row(counts, counts.UnitId, UnitName(counts.UnitId), directory.FindUnit(counts.UnitId)?.DivisionCode ?? "");

    public IndicatorRow DivisionRow(UnitCounts counts) => Row(counts, counts.UnitId, DivisionName(counts.UnitId), counts.UnitId);

    public static string DeadlineWords(string deadline) => ReportingTexts.Words["deadline." + deadline];

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static int LevelOrder(string level) => level switch { "city" => 0, "county" => 1, "township" => 2, _ => 3 };

    [GeneratedRegex("([a-z])([A-Z])")]
    private static partial Regex UpperSnake();
}
