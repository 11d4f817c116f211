using System.Globalization;
using Supervision.Evaluation.Domain;
using Supervision.Evaluation.Domain.Supervisors;
using Supervision.Evaluation.Domain.Visits;
using Supervision.Evaluation.Localization;
using Supervision.Evaluation.Referrals;
using Supervision.Evaluation.V1;
using Supervision.Reference;
using Supervision.ServiceDefaults.Grpc;
using Supervision.ServiceDefaults.Localization;
using WorkSupervisorArea = Supervision.Evaluation.Domain.Supervisors.WorkSupervisorArea;

namespace Supervision.Evaluation.Grpc;

/// <summary>The forms of the work supervisors' requests: every broken rule becomes one field violation, all reported at once.</summary>
public static class WorkSupervisorValidator
{
    public const int MaxAreaUnits = 20;
    public const int NotesMaxLength = 2000;

    public static readonly IReadOnlyDictionary<DeputyKind, string> DeputyKindNames = new Dictionary<DeputyKind, string>
    {
        [DeputyKind.PartyCongress] = DeputyKinds.PartyCongress,
        [DeputyKind.PeoplesCongress] = DeputyKinds.PeoplesCongress,
        [DeputyKind.Cppcc] = DeputyKinds.Cppcc,
        [DeputyKind.Other] = DeputyKinds.Other,
    };

    public static WorkSupervisorAppointment Validate(AppointWorkSupervisorRequest request, CityDirectory directory)
    {
        var violations = new FieldViolations();
        ApplicationValidator.Required("name", request.Name, ApplicationValidator.NameMaxLength, violations);
        if (request.Gender == Gender.Unspecified)
        {
            violations.Add("gender", PlatformTexts.Words["field.one-of", "GENDER_FEMALE, GENDER_MALE"]);
        }
        if (!DeputyKindNames.ContainsKey(request.DeputyKind))
        {
            violations.Add("deputy_kind", PlatformTexts.Words["field.one-of",
                "DEPUTY_KIND_PARTY_CONGRESS, DEPUTY_KIND_PEOPLES_CONGRESS, DEPUTY_KIND_CPPCC, DEPUTY_KIND_OTHER"]);
        }
        ApplicationValidator.Required("deputy_body", request.DeputyBody, ApplicationValidator.BodyMaxLength, violations);
        var area = request.Area ?? new V1.WorkSupervisorArea();
        if ((area.DivisionCode.Length > 0) == (area.UnitIds.Count > 0))
        {
            violations.Add("area", EvaluationTexts.Words["field.area.one-of"]);
        }
        if (area.DivisionCode.Length > 0 && directory.FindDivision(area.DivisionCode) is null)
        {
            violations.Add("area.division_code", PlatformTexts.Words["field.unknown-division", area.DivisionCode]);
        }
        if (area.UnitIds.Count > MaxAreaUnits)
        {
            violations.Add("area.unit_ids", EvaluationTexts.Words["field.at-most-items", MaxAreaUnits]);
        }
        for (var i = 0; i < area.UnitIds.Count; i++)
        {
            if (directory.FindUnit(area.UnitIds[i]) is null)
            {
                violations.Add($"area.unit_ids[{i}]", PlatformTexts.Words["field.unknown-unit", area.UnitIds[i]]);
            }
            else if (area.UnitIds.Take(i).Contains(area.UnitIds[i]))
            {
                violations.Add($"area.unit_ids[{i}]", EvaluationTexts.Words["field.duplicate"]);
            }
        }
        ApplicationValidator.ValidateContact(request.Phone, request.IdNumber, request.Address, violations);
        violations.ThrowIfAny();
        return new WorkSupervisorAppointment(request.Name, request.Gender == Gender.Female ? "female" : "male", DeputyKindNames[request.DeputyKind],
            request.DeputyBody, new WorkSupervisorArea(area.DivisionCode.Length > 0 ? area.DivisionCode : null, [.. area.UnitIds]),
            new MemberContact(request.Phone, request.IdNumber.ToUpperInvariant(), request.Address));
    }

    public static (DateOnly ObservedOn, string? CadreId) Validate(LogObservationRequest request, CityDirectory directory, DateOnly today)
    {
        var violations = new FieldViolations();
        DateOnly observedOn = default;
        if (!DateOnly.TryParseExact(request.ObservedOn, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out observedOn))
        {
            violations.Add("observed_on", EvaluationTexts.Words["field.date.format"]);
        }
        else if (observedOn > today)
        {
            violations.Add("observed_on", PlatformTexts.Words["field.not-in-future"]);
        }
        if (request.UnitId.Length == 0)
        {
            violations.Add("unit_id", PlatformTexts.Words["field.required"]);
        }
        else if (directory.FindUnit(request.UnitId) is null)
        {
            violations.Add("unit_id", PlatformTexts.Words["field.unknown-unit", request.UnitId]);
        }
        if (request.CadreId.Length > 0 && directory.FindCadre(request.CadreId) is null)
        {
            violations.Add("cadre_id", PlatformTexts.Words["field.unknown-cadre", request.CadreId]);
        }
        ApplicationValidator.Required("notes", request.Notes, NotesMaxLength, violations);
        violations.ThrowIfAny();
        return (observedOn, request.CadreId.Length > 0 ? request.CadreId : null);
    }

    public static Guid Validate(ReferObservationRequest request)
    {
        var violations = new FieldViolations();
        var observationId = ApplicationValidator.ReadId("observation_id", request.ObservationId, violations);
        ValidateReferral(request.Category, request.Account, violations);
        violations.ThrowIfAny();
        return observationId;
    }

    /// <summary>A referral's category (intake's) and account, as a visit's problem and a supervisor's referral share them.</summary>
    public static void ValidateReferral(string category, string account, FieldViolations violations)
    {
        if (!IntakeReferrals.Categories.ContainsKey(category))
        {
            violations.Add("category", PlatformTexts.Words["field.one-of", string.Join(", ", IntakeReferrals.Categories.Keys)]);
        }
        if (account.EnumerateRunes().Count() < VisitRules.AccountMinLength)
        {
            violations.Add("account", PlatformTexts.Words["field.min-length", VisitRules.AccountMinLength]);
        }
        ApplicationValidator.MaxLength("account", account, VisitRules.AccountMaxLength, violations);
    }
}
