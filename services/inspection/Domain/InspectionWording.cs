using Supervision.Inspection.Localization;
using Supervision.Reference;
using Supervision.ServiceDefaults.Localization;

namespace Supervision.Inspection.Domain;

/// <summary>Conflicts and candidates in words, in the reader's language; names come from the directory.</summary>
public sealed class InspectionWording(CityDirectory directory)
{
    public string Conflict(RecusalConflict conflict) => Conflict(conflict.InspectorId, conflict.InspectorName, conflict.Rule, conflict.Detail);

    public string Conflict(string inspectorId, string inspectorName, string rule, ConflictDetail detail) => rule switch
    {
        RecusalRules.WorkedAtTarget => InspectionTexts.Words["recusal.worked-at-target", inspectorName, inspectorId, detail.From,
            detail.To ?? InspectionTexts.Words["recusal.present"], UnitName(detail.UnitId), detail.Post, detail.Years],
        RecusalRules.RelativeAtTarget => InspectionTexts.Words["recusal.relative-at-target", inspectorName, inspectorId,
            InspectionTexts.Words["relative." + detail.RelativeKind], UnitName(detail.UnitId), detail.Post],
        RecusalRules.HomeDivision => InspectionTexts.Words["recusal.home-division", inspectorName, inspectorId, DivisionName(detail.DivisionCode)],
        RecusalRules.OpenCaseSubject => InspectionTexts.Words["recusal.open-case-subject", inspectorName, inspectorId],
        _ => rule,
    };

    public string Candidate(TourTarget target, CandidateFacts facts)
    {
        var words = InspectionTexts.Words["candidate.reasons", TargetName(target), facts.WindowMonths, facts.Reports, facts.CityMedian,
            facts.Substantiated, facts.Late];
        return facts.ElectionDue is { Length: > 0 } due ? words + InspectionTexts.Words["candidate.election", due] : words;
    }

    /// <summary>The public notice of rectification status, from its numbers.</summary>
    public static string Notice(RectificationNoticeRecord notice) => InspectionTexts.Words["notice.rectification", TargetName(notice.Tour.Target),
        notice.Tour.StartsOn.ToString("yyyy-MM-dd"), notice.Tour.EndsOn.ToString("yyyy-MM-dd"), notice.Items.Count, notice.IssuedOn.ToString("yyyy-MM-dd"),
        notice.Verified, notice.Unfinished, notice.OverdueUnfinished];

    public static string RectificationState(string state) => InspectionTexts.Words["rectification-state." + state];

    public static string WorkRecordKind(string kind) => InspectionTexts.Words["work-record-kind." + kind];

    public static string Grade(string grade) => InspectionTexts.Words["grade." + grade];

    public static string RecommendationKind(string kind) => InspectionTexts.Words["recommendation-kind." + kind];

    public static string RecommendationState(string state) => InspectionTexts.Words["recommendation-state." + state];

    /// <summary>An assessment's or recommendation's subject: a unit's leadership team, or a cadre with their post.</summary>
    public string Subject(string? unitId, string? cadreId) =>
        unitId is not null ? InspectionTexts.Words["subject.leadership-team", UnitName(unitId)]
        : cadreId is not null && directory.FindCadre(cadreId) is { } cadre ? InspectionTexts.Words["subject.cadre", cadre.Name, RequestLanguage.Name(cadre.Post, cadre.PostEn)]
        : "";

    public static string TargetName(TourTarget target) => RequestLanguage.Name(target.Name, target.NameEn);

    public string UnitName(string? unitId) =>
        unitId is not null && directory.FindUnit(unitId) is { } unit ? RequestLanguage.Name(unit.Name, unit.NameEn) : unitId ?? "";

    public string DivisionName(string? code) =>
        code is not null && directory.FindDivision(code) is { } division ? RequestLanguage.Name(division.Name, division.NameEn) : code ?? "";
}
