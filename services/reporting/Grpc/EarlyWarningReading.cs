using Supervision.Reference;
using Supervision.Reporting.Data;
using Supervision.Reporting.Domain;
using Supervision.Reporting.Localization;
using Supervision.Reporting.V1;
using Supervision.ServiceDefaults.Localization;

namespace Supervision.Reporting.Grpc;

/// <summary>Early warnings and their reminder talks as the API and the daily dispatch show them, in the caller's words.</summary>
public sealed class EarlyWarningReading(CityDirectory directory)
{
    private readonly Figures _figures = new(directory);
    private readonly LedgerReading _ledger = new(directory);

    public static ReminderTalkState State(string state) => state switch
    {
        EarlyWarningChecks.Held => ReminderTalkState.Held,
        EarlyWarningChecks.Declined => ReminderTalkState.Declined,
        _ => ReminderTalkState.Planned,
    };

    /// <summary>The division a warning lies in: its cadre's.</summary>
    public string? DivisionOf(EarlyWarningRow row) => directory.FindCadre(row.SubjectId)?.DivisionCode;

    public EarlyWarning Read(EarlyWarningRow row)
    {
        var cadre = directory.FindCadre(row.SubjectId);
        var warning = new EarlyWarning
        {
            WarningId = row.WarningId.ToString(), RuleId = row.RuleId, CadreId = row.SubjectId,
            CadreName = cadre is null
                ? row.SubjectId
                : ReportingTexts.Words["ledger.subject.cadre", cadre.Name, RequestLanguage.Name(cadre.Post, cadre.PostEn), _figures.UnitName(cadre.UnitId)],
            DivisionCode = cadre?.DivisionCode ?? "", RaisedAt = Figures.Stamp(row.RaisedAt),
            Text = _ledger.Text(new Domain.LedgerEntry(row.WarningId, Domain.LedgerSource.Warning, "early-warning", default, [row.RuleId, .. row.Args])),
            TalkState = State(row.TalkState), TalkStateName = ReportingTexts.Words["reminder-talk.state." + row.TalkState],
            TalkNotes = row.TalkNotes ?? "", TalkHeldOn = row.TalkHeldOn ?? "", TalkDecidedBy = row.TalkDecidedBy ?? "",
        };
        if (row.TalkRecordedAt is { } recorded)
        {
            warning.TalkRecordedAt = Figures.Stamp(recorded);
        }
        return warning;
    }
}
