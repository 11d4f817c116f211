using System.Globalization;
using Supervision.Evaluation.Data;
using Supervision.Evaluation.Domain.Visits;
using Supervision.Evaluation.Localization;
using Supervision.Evaluation.V1;
using Supervision.Reference;
using Supervision.ServiceDefaults.Grpc;
using Supervision.ServiceDefaults.Localization;

namespace Supervision.Evaluation.Grpc;

/// <summary>The form of visit plans and records: every broken rule becomes one field violation, all reported at once.</summary>
public static class VisitValidator
{
    public static VisitPlanDraft Validate(PlanVisitRequest request, CityDirectory directory, DateOnly today)
    {
        var violations = new FieldViolations();
        ApplicationValidator.Required("title", request.Title, VisitRules.TitleMaxLength, violations);
        if (request.Targets.Count < 1 || request.Targets.Count > VisitRules.MaxTargets)
        {
            violations.Add("targets", EvaluationTexts.Words["field.between", 1, VisitRules.MaxTargets]);
        }
        var targets = new List<VisitTargetRecord>();
        for (var i = 0; i < request.Targets.Count; i++)
        {
            if (ReadTarget($"targets[{i}].", request.Targets[i].UnitId, request.Targets[i].WindowId, directory, violations) is not { } target)
            {
                continue;
            }
            if (targets.Any(t => t.UnitId == target.UnitId && t.WindowId == target.WindowId))
            {
                violations.Add($"targets[{i}]", EvaluationTexts.Words["field.duplicate"]);
            }
            targets.Add(target);
        }
        var startsOn = ReadDate("starts_on", request.StartsOn, violations);
        var endsOn = ReadDate("ends_on", request.EndsOn, violations);
        if (endsOn is { } end)
        {
            if (end < today)
            {
                violations.Add("ends_on", EvaluationTexts.Words["field.not-in-past"]);
            }
            else if (startsOn is { } start && end < start)
            {
                violations.Add("ends_on", EvaluationTexts.Words["field.not-before", "starts_on"]);
            }
            else if (startsOn is { } first && end.DayNumber - first.DayNumber + 1 > VisitRules.MaxWindowDays)
            {
                violations.Add("ends_on", EvaluationTexts.Words["field.window-days", VisitRules.MaxWindowDays]);
            }
        }
        if (request.MemberIds.Count < 1 || request.MemberIds.Count > VisitRules.MaxMembers)
        {
            violations.Add("member_ids", EvaluationTexts.Words["field.between", 1, VisitRules.MaxMembers]);
        }
        var memberIds = new List<Guid>();
        for (var i = 0; i < request.MemberIds.Count; i++)
        {
            var id = ApplicationValidator.ReadId($"member_ids[{i}]", request.MemberIds[i], violations);
            if (id != Guid.Empty && memberIds.Contains(id))
            {
                violations.Add($"member_ids[{i}]", EvaluationTexts.Words["field.duplicate"]);
            }
            memberIds.Add(id);
        }
        violations.ThrowIfAny();
        return new VisitPlanDraft(request.Title, request.Secret, targets, startsOn!.Value, endsOn!.Value, memberIds);
    }

    public static (Guid PlanId, VisitFinding Finding) Validate(RecordVisitRequest request, CityDirectory directory, DateTimeOffset now)
    {
        var violations = new FieldViolations();
        var planId = ApplicationValidator.ReadId("plan_id", request.PlanId, violations);
        var memberId = ApplicationValidator.ReadId("member_id", request.MemberId, violations);
        ReadTarget("", request.UnitId, request.WindowId, directory, violations);
        if (request.VisitedAt is null)
        {
            violations.Add("visited_at", PlatformTexts.Words["field.required"]);
        }
        else if (request.VisitedAt.ToDateTimeOffset() > now)
        {
            violations.Add("visited_at", PlatformTexts.Words["field.not-in-future"]);
        }
        ApplicationValidator.Required("observations", request.Observations, VisitRules.ObservationsMaxLength, violations);
        if (double.IsNaN(request.Score) || request.Score < VisitRules.ScoreMin || request.Score > VisitRules.ScoreMax)
        {
            violations.Add("score", EvaluationTexts.Words["field.between", VisitRules.ScoreMin, VisitRules.ScoreMax]);
        }
        if (request.EvidenceNotes.Count > VisitRules.MaxEvidenceNotes)
        {
            violations.Add("evidence_notes", EvaluationTexts.Words["field.at-most-items", VisitRules.MaxEvidenceNotes]);
        }
        for (var i = 0; i < request.EvidenceNotes.Count; i++)
        {
            ApplicationValidator.Required($"evidence_notes[{i}]", request.EvidenceNotes[i], VisitRules.EvidenceNoteMaxLength, violations);
        }
        violations.ThrowIfAny();
        return (planId, new VisitFinding(memberId, request.UnitId, request.WindowId, request.VisitedAt!.ToDateTimeOffset(), request.Observations,
            request.Score, request.EvidenceNotes.ToList()));
    }

    /// <summary>A directory unit and, when named, one of its service windows; null with violations otherwise.</summary>
    private static VisitTargetRecord? ReadTarget(string prefix, string unitId, string windowId, CityDirectory directory, FieldViolations violations)
    {
        var unit = directory.FindUnit(unitId);
        if (unit is null)
        {
            violations.Add(prefix + "unit_id", unitId.Length == 0 ? PlatformTexts.Words["field.required"] : PlatformTexts.Words["field.unknown-unit", unitId]);
            return null;
        }
        if (windowId.Length > 0 && (unit.ServiceWindows ?? []).All(w => w.Id != windowId))
        {
            violations.Add(prefix + "window_id", EvaluationTexts.Words["field.unknown-window", unit.Id]);
            return null;
        }
        return new VisitTargetRecord(unit.Id, windowId, unit.DivisionCode);
    }

    private static DateOnly? ReadDate(string field, string value, FieldViolations violations)
    {
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }
        violations.Add(field, EvaluationTexts.Words["field.date.format"]);
        return null;
    }
}
