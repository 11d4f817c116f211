using Supervision.Inspection.Domain;
using Supervision.Inspection.Localization;
using Supervision.Inspection.V1;
using Supervision.Reference;
using Supervision.ServiceDefaults.Grpc;
using Supervision.ServiceDefaults.Localization;

namespace Supervision.Inspection.Grpc;

/// <summary>The input rules of work records, assessments and recommendations: every violation at once, as INVALID_ARGUMENT naming the field.</summary>
public sealed class TourRecordsRequests(InspectionRules rules, CityDirectory directory)
{
    private const int MaxMembers = 20;
    private const int MaxCadres = 50;
    private const int MaxCitations = 50;

    public (Guid TourId, WorkRecordDraft Draft) WorkRecord(RecordWorkRecordRequest request)
    {
        var violations = new FieldViolations();
        var tourId = EdgeRules.Id(violations, "tour_id", request.TourId);
        var kind = request.Kind.Trim();
        if (!rules.WorkRecords.Kinds.Contains(kind)) violations.Add("kind", PlatformTexts.Words["field.one-of", string.Join(", ", rules.WorkRecords.Kinds)]);
        var heldOn = EdgeRules.Date(violations, "held_on", request.HeldOn);
        if (request.MemberIds.Count > MaxMembers) violations.Add("member_ids", InspectionTexts.Words["field.count", 0, MaxMembers]);
        Distinct(violations, "member_ids", request.MemberIds, id => id.Length is > 0 and <= 20 ? null : InspectionTexts.Words["field.unknown-inspector", id]);
        if (request.CadreIds.Count > MaxCadres) violations.Add("cadre_ids", InspectionTexts.Words["field.count", 0, MaxCadres]);
        Distinct(violations, "cadre_ids", request.CadreIds, id => directory.FindCadre(id) is null ? PlatformTexts.Words["field.unknown-cadre", id] : null);
        if (rules.WorkRecords.CadreKinds.Contains(kind) && request.CadreIds.Count == 0) violations.Add("cadre_ids", InspectionTexts.Words["field.cadre-required"]);
        var notes = EdgeRules.Text(violations, "notes", request.Notes, 10, 5000);
        IntervieweeIdentity? interviewee = null;
        if (request.Interviewee is { } given)
        {
            if (!rules.WorkRecords.IntervieweeKinds.Contains(kind))
            {
                violations.Add("interviewee", InspectionTexts.Words["field.interviewee-kind", string.Join(", ", rules.WorkRecords.IntervieweeKinds)]);
            }
            interviewee = Interviewee(violations, given);
        }
        violations.ThrowIfAny();
        return (tourId, new WorkRecordDraft(kind, heldOn, request.MemberIds.ToList(), request.CadreIds.ToList(), notes, interviewee));
    }

    private static IntervieweeIdentity Interviewee(FieldViolations violations, Interviewee given)
    {
        var name = EdgeRules.Text(violations, "interviewee.name", given.Name, 1, 50);
        var phone = given.Phone.Trim();
        if (phone.Length > 0 && !PersonalDataRules.IsPhone(phone)) violations.Add("interviewee.phone", InspectionTexts.Words["field.personal-phone"]);
        var idNumber = given.IdNumber.Trim().ToUpperInvariant();
        if (idNumber.Length > 0 && !PersonalDataRules.IsResidentIdNumber(idNumber)) violations.Add("interviewee.id_number", InspectionTexts.Words["field.id-number"]);
        var address = given.Address.Trim();
        if (address.Length > 200) violations.Add("interviewee.address", PlatformTexts.Words["field.max-length-got", 200, address.Length]);
        return new IntervieweeIdentity(name, phone, idNumber, address);
    }

    public (Guid TourId, string? Kind, (DateTime At, Guid Id)? After, int Size) WorkRecordPage(ListWorkRecordsRequest request)
    {
        var violations = new FieldViolations();
        var tourId = EdgeRules.Id(violations, "tour_id", request.TourId);
        var kind = request.Kind.Trim();
        if (kind.Length > 0 && !rules.WorkRecords.Kinds.Contains(kind))
        {
            violations.Add("kind", PlatformTexts.Words["field.one-of", string.Join(", ", rules.WorkRecords.Kinds)]);
        }
        var (after, size) = PageToken.Read(request.PageToken, request.PageSize, defaultSize: 20, maxSize: 100, violations);
        violations.ThrowIfAny();
        return (tourId, kind.Length == 0 ? null : kind, after, size);
    }

    public (Guid TourId, AssessmentRecord Draft) Assessment(RecordAssessmentRequest request)
    {
        var violations = new FieldViolations();
        var tourId = EdgeRules.Id(violations, "tour_id", request.TourId);
        var (unitId, cadreId) = Subject(violations, "leadership_unit_id", request.LeadershipUnitId, request.CadreId, RecommendationKind.AnySubject,
            required: true);
        var grade = request.Grade.Trim();
        if (!rules.Assessments.Grades.Contains(grade)) violations.Add("grade", PlatformTexts.Words["field.one-of", string.Join(", ", rules.Assessments.Grades)]);
        var text = EdgeRules.Text(violations, "text", request.Text, 10, 2000);
        var findingIds = Ids(violations, "finding_ids", request.FindingIds);
        var workRecordIds = Ids(violations, "work_record_ids", request.WorkRecordIds);
        if (request.FindingIds.Count + request.WorkRecordIds.Count == 0) violations.Add("finding_ids", InspectionTexts.Words["field.cite-at-least-one"]);
        violations.ThrowIfAny();
        return (tourId, new AssessmentRecord(Guid.Empty, tourId, unitId, cadreId, grade, text, findingIds, workRecordIds, "", default));
    }

    public (Guid TourId, string Kind, string? UnitId, string? CadreId, string Text) Recommendation(MakeRecommendationRequest request)
    {
        var violations = new FieldViolations();
        var tourId = EdgeRules.Id(violations, "tour_id", request.TourId);
        var kind = rules.Recommendations.Find(request.Kind.Trim());
        if (kind is null) violations.Add("kind", PlatformTexts.Words["field.one-of", string.Join(", ", rules.Recommendations.Kinds.Select(k => k.Kind))]);
        var (unitId, cadreId) = Subject(violations, "unit_id", request.UnitId, request.CadreId, kind?.Subject ?? RecommendationKind.AnySubject, required: false);
        var text = EdgeRules.Text(violations, "text", request.Text, 10, 2000);
        violations.ThrowIfAny();
        return (tourId, kind!.Kind, unitId, cadreId, text);
    }

    public (Guid RecommendationId, string State, string Note) FollowUp(FollowUpRecommendationRequest request)
    {
        var violations = new FieldViolations();
        var id = EdgeRules.Id(violations, "recommendation_id", request.RecommendationId);
        var state = request.State.Trim();
        if (!RecommendationStates.FollowUps.Contains(state)) violations.Add("state", PlatformTexts.Words["field.one-of", string.Join(", ", RecommendationStates.FollowUps)]);
        var note = EdgeRules.Text(violations, "note", request.Note, 2, 1000);
        violations.ThrowIfAny();
        return (id, state, note);
    }

    /// <summary>
    /// A unit (its leadership team) or a cadre, each known to the directory. <paramref name="subject"/> says which the kind needs;
    /// "any" takes at most one (exactly one when <paramref name="required"/>).
    /// </summary>
    private (string? UnitId, string? CadreId) Subject(FieldViolations violations, string unitField, string unitValue, string cadreValue, string subject,
        bool required)
    {
        var unitId = unitValue.Trim() is { Length: > 0 } u ? u : null;
        var cadreId = cadreValue.Trim() is { Length: > 0 } c ? c : null;
        if (unitId is not null && directory.FindUnit(unitId) is null) violations.Add(unitField, PlatformTexts.Words["field.unknown-unit", unitId]);
        if (cadreId is not null && directory.FindCadre(cadreId) is null) violations.Add("cadre_id", PlatformTexts.Words["field.unknown-cadre", cadreId]);
        switch (subject)
        {
            case RecommendationKind.UnitSubject when unitId is null:
                violations.Add(unitField, InspectionTexts.Words["field.subject-required"]);
                break;
            case RecommendationKind.CadreSubject when cadreId is null:
                violations.Add("cadre_id", InspectionTexts.Words["field.subject-required"]);
                break;
            case RecommendationKind.UnitSubject when cadreId is not null:
            case RecommendationKind.CadreSubject when unitId is not null:
            case RecommendationKind.AnySubject when unitId is not null && cadreId is not null:
            case RecommendationKind.AnySubject when required && unitId is null && cadreId is null:
                violations.Add(unitField, InspectionTexts.Words["field.one-subject"]);
                break;
        }
        return (unitId, cadreId);
    }

    private static List<Guid> Ids(FieldViolations violations, string field, IReadOnlyList<string> values)
    {
        if (values.Count > MaxCitations) violations.Add(field, InspectionTexts.Words["field.count", 0, MaxCitations]);
        var ids = values.Select((value, i) => EdgeRules.Id(violations, $"{field}[{i}]", value)).ToList();
        Distinct(violations, field, values, _ => null);
        return ids.Distinct().ToList();
    }

    /// <summary>Each value checked by <paramref name="problem"/> (null: fine), and none twice.</summary>
    private static void Distinct(FieldViolations violations, string field, IReadOnlyList<string> values, Func<string, string?> problem)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (problem(values[i]) is { } rule)
            {
                violations.Add($"{field}[{i}]", rule);
            }
            else if (values.Take(i).Contains(values[i]))
            {
                violations.Add($"{field}[{i}]", InspectionTexts.Words["field.duplicate", values[i]]);
            }
        }
    }
}
