using System.Globalization;
using System.Text.RegularExpressions;
using Supervision.Evaluation.Domain;
using Supervision.Evaluation.Localization;
using Supervision.Evaluation.V1;
using Supervision.Reference;
using Supervision.ServiceDefaults.Grpc;
using Supervision.ServiceDefaults.Localization;

namespace Supervision.Evaluation.Grpc;

/// <summary>The form of an application: every broken rule becomes one field violation, all reported at once.</summary>
public static partial class ApplicationValidator
{
    public const int NameMaxLength = 50;
    public const int BodyMaxLength = 100;
    public const int AddressMaxLength = 200;
    public const int MaxRelativeUnits = 10;

    public static Applicant Validate(SubmitApplicationRequest request, PanelRules rules, CityDirectory directory, DateOnly today)
    {
        var violations = new FieldViolations();
        Required("name", request.Name, NameMaxLength, violations);
        if (request.Gender == Gender.Unspecified)
        {
            violations.Add("gender", PlatformTexts.Words["field.one-of", "GENDER_FEMALE, GENDER_MALE"]);
        }
        var birthDate = ReadDate("birth_date", request.BirthDate, today, violations);
        if (rules.FindSector(request.Sector) is null)
        {
            violations.Add("sector", PlatformTexts.Words["field.one-of", string.Join(", ", rules.Sectors.Select(s => s.Id))]);
        }
        if (!DivisionCodePattern().IsMatch(request.DivisionCode))
        {
            violations.Add("division_code", EvaluationTexts.Words["field.division-code.format"]);
        }
        switch (request.Nomination)
        {
            case Nomination.Self when request.RecommendingBody.Length > 0:
                violations.Add("recommending_body", EvaluationTexts.Words["field.recommending-body.self"]);
                break;
            case Nomination.Organization:
                Required("recommending_body", request.RecommendingBody, BodyMaxLength, violations);
                break;
            case Nomination.Unspecified:
                violations.Add("nomination", PlatformTexts.Words["field.one-of", "NOMINATION_SELF, NOMINATION_ORGANIZATION"]);
                break;
        }
        MaxLength("employer", request.Employer, BodyMaxLength, violations);
        if (request.EmployerUnitId.Length > 0 && directory.FindUnit(request.EmployerUnitId) is null)
        {
            violations.Add("employer_unit_id", PlatformTexts.Words["field.unknown-unit", request.EmployerUnitId]);
        }
        if (request.ServingCadreId.Length > 0 && directory.FindCadre(request.ServingCadreId) is null)
        {
            violations.Add("serving_cadre_id", PlatformTexts.Words["field.unknown-cadre", request.ServingCadreId]);
        }
        if (request.RelativeUnitIds.Count > MaxRelativeUnits)
        {
            violations.Add("relative_unit_ids", EvaluationTexts.Words["field.at-most-items", MaxRelativeUnits]);
        }
        for (var i = 0; i < request.RelativeUnitIds.Count; i++)
        {
            var unitId = request.RelativeUnitIds[i];
            if (directory.FindUnit(unitId) is null)
            {
                violations.Add($"relative_unit_ids[{i}]", PlatformTexts.Words["field.unknown-unit", unitId]);
            }
            else if (request.RelativeUnitIds.Take(i).Contains(unitId))
            {
                violations.Add($"relative_unit_ids[{i}]", EvaluationTexts.Words["field.duplicate"]);
            }
        }
        ValidateContact(request.Phone, request.IdNumber, request.Address, violations);
        if (birthDate is { } born && PersonalDataRules.IsResidentIdNumber(request.IdNumber) && PersonalDataRules.ResidentIdBirthDate(request.IdNumber) != born)
        {
            violations.Add("id_number", EvaluationTexts.Words["field.id-number.birth-date"]);
        }
        violations.ThrowIfAny();

        return new Applicant(request.Name, request.Gender == Gender.Female ? "female" : "male", birthDate!.Value, request.Sector,
            request.DivisionCode, request.Nomination == Nomination.Organization ? Nominations.Organization : Nominations.Self,
            NullIfEmpty(request.RecommendingBody), request.Employer, NullIfEmpty(request.EmployerUnitId), NullIfEmpty(request.ServingCadreId),
            request.RelativeUnitIds.ToList(), new MemberContact(request.Phone, request.IdNumber.ToUpperInvariant(), request.Address));
    }

    /// <summary>Phone, ID number and address: the contact data sealed for members and work supervisors alike.</summary>
    public static void ValidateContact(string phone, string idNumber, string address, FieldViolations violations)
    {
        if (phone.Length == 0)
        {
            violations.Add("phone", PlatformTexts.Words["field.required"]);
        }
        else if (!PersonalDataRules.IsPhone(phone))
        {
            violations.Add("phone", EvaluationTexts.Words["field.phone.format"]);
        }
        if (!PersonalDataRules.IsResidentIdNumber(idNumber))
        {
            violations.Add("id_number", EvaluationTexts.Words["field.id-number.format"]);
        }
        Required("address", address, AddressMaxLength, violations);
    }

    /// <summary>An id the service issued (a UUID), or a violation naming the field.</summary>
    public static Guid ReadId(string field, string value, FieldViolations violations)
    {
        if (Guid.TryParseExact(value, "D", out var id))
        {
            return id;
        }
        violations.Add(field, EvaluationTexts.Words["field.id.format"]);
        return Guid.Empty;
    }

    public static void Required(string field, string value, int maxLength, FieldViolations violations)
    {
        if (value.Length == 0)
        {
            violations.Add(field, PlatformTexts.Words["field.required"]);
        }
        MaxLength(field, value, maxLength, violations);
    }

    public static void MaxLength(string field, string value, int maxLength, FieldViolations violations)
    {
        var length = value.EnumerateRunes().Count();
        if (length > maxLength)
        {
            violations.Add(field, PlatformTexts.Words["field.max-length-got", maxLength, length]);
        }
    }

    private static DateOnly? ReadDate(string field, string value, DateOnly today, FieldViolations violations)
    {
        if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            violations.Add(field, EvaluationTexts.Words["field.date.format"]);
            return null;
        }
        if (date > today)
        {
            violations.Add(field, PlatformTexts.Words["field.not-in-future"]);
            return null;
        }
        return date;
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    [GeneratedRegex(@"^[0-9]{6}([0-9]{3})?\z")]
    private static partial Regex DivisionCodePattern();
}
