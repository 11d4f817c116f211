using System.Globalization;
using Supervision.Reference;
using Supervision.Reporting.Domain;
using Supervision.Reporting.Localization;
using Supervision.ServiceDefaults.Localization;

namespace Supervision.Reporting.Grpc;

/// <summary>Ledger entries in the reader's words: each kind has its sentence, built from the facts the entry keeps.</summary>
public sealed class LedgerReading(CityDirectory directory)
{
    private readonly Figures _figures = new(directory);

    /// <summary>Whose ledger it is: a cadre with post and unit, or a unit with its division.</summary>
    public string Subject(string kind, string id)
    {
        if (kind == LedgerEntry.Cadre && directory.FindCadre(id) is { } cadre)
        {
            return ReportingTexts.Words["ledger.subject.cadre", cadre.Name, RequestLanguage.Name(cadre.Post, cadre.PostEn), _figures.UnitName(cadre.UnitId)];
        }
        var unit = directory.FindUnit(id);
        return ReportingTexts.Words["ledger.subject.unit", _figures.UnitName(id), unit is null ? "" : _figures.DivisionName(unit.DivisionCode)];
    }

    public string Text(LedgerEntry entry)
    {
        var a = entry.Args;
        var words = ReportingTexts.Words;
        return entry.Kind switch
        {
            "report-received" => words["ledger.entry.report-received", a[0], Figures.ChannelWords(short.Parse(a[1], CultureInfo.InvariantCulture))],
            "case-concluded" => words["ledger.entry.case-concluded", _figures.UnitName(a[0]), Outcome(a[1], a[2]), a[3]],
            "finding" => words["ledger.entry.finding", a[0], Word("ledger.severity.", a[1])],
            "rectification-opened" or "rectification-moved" => words["ledger.entry." + entry.Kind, Word("ledger.rectification.", a[0]), a[1]],
            "consequence" => words["ledger.entry.consequence", Word("ledger.consequence.", a[0]), a[1], a[2], a[3]]
                             + (a[4].Length > 0 ? words["ledger.deadline", a[4]] : ""),
            "consequence-due" => words["ledger.entry.consequence-due", Word("ledger.consequence.", a[0])],
            "early-warning" => Warning(a),
            "cadre-consequence" => words["ledger.entry.cadre-consequence", Word("ledger.consequence.", a[0]), a[1], a[2], a[3]],
            "accountability-measure" => words["ledger.entry.accountability-measure", Word("ledger.measure.", a[0], a[1]), Cadre(a[2]), a[4]],
            _ => words["ledger.entry." + entry.Kind, a.Cast<object?>().ToArray()],
        };
    }

    /// <summary>Why an early warning fired, by its rule's kind: the rule's id, then the facts the rule read ([rule, kind, ...]).</summary>
    private static string Warning(IReadOnlyList<string> a)
    {
        var words = ReportingTexts.Words;
        return a[1] switch
        {
            EarlyWarningRule.ReportsKind => words["ledger.early-warning.reports", a[0], a[2], a[3], a[4]],
            EarlyWarningRule.FindingKind => words["ledger.early-warning.finding", a[0], a[2], Word("ledger.severity.", a[3])],
            EarlyWarningRule.CaseOutcomeKind => words["ledger.early-warning.case-outcome", a[0], Word("ledger.outcome.", a[2].Replace(' ', '-'))],
            _ => words["ledger.early-warning.cadre-consequence", a[0], Word("ledger.consequence.", a[2]), a[3], a[4]],
        };
    }

    public static string SourceName(LedgerSource source) => ReportingTexts.Words["ledger.source." + source.ToString().ToLowerInvariant()];

    /// <summary>The outcome's word by its key; an event of the first version has only English words, shown as sent.</summary>
    private static string Outcome(string key, string english) =>
        key.Length > 0 && ReportingTexts.Words.Has("ledger." + key) ? ReportingTexts.Words["ledger." + key] : english;

    /// <summary>A value the publisher keeps as data (a severity, a state, a consequence), worded when known, else as sent (or in the publisher's words).</summary>
    private static string Word(string prefix, string value, string? sentWords = null) =>
        ReportingTexts.Words.Has(prefix + value) ? ReportingTexts.Words[prefix + value] : sentWords ?? value;

    /// <summary>A cadre by name and unit, as the ledger names the person a measure holds to account.</summary>
    private string Cadre(string cadreId) =>
        directory.FindCadre(cadreId) is { } cadre ? ReportingTexts.Words["ledger.measure.cadre", cadre.Name, _figures.UnitName(cadre.UnitId)] : cadreId;
}
