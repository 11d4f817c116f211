using System.Text.RegularExpressions;
using Supervision.Intake.Localization;
using Supervision.Intake.V1;
using Supervision.ServiceDefaults.Grpc;
using Supervision.ServiceDefaults.Localization;
using Supervision.Reference;

namespace Supervision.Intake.Domain;

/// <summary>Every rule a submission must meet, checked together so the caller sees all at once, in the caller's language.</summary>
public static partial class SubmissionValidator
{
    public const int NameMaxLength = 50;
    public const int AddressMaxLength = 200;
    public const int PlaceMaxLength = 200;
    public const int SubjectFieldMaxLength = 100;
    public const int MaxSubjects = 10;
    public const int AccountMinLength = 10;

    public static FieldViolations Validate(SubmitReportRequest request, CityDirectory directory, int accountMaxLength, DateTimeOffset now)
    {
        var violations = new FieldViolations();

        if (request.Channel == Channel.Unspecified)
        {
            violations.Add("channel", IntakeTexts.Words["field.channel.required"]);
        }
        else if (!Enum.IsDefined(request.Channel))
        {
            violations.Add("channel", IntakeTexts.Words["field.channel.unknown", (int)request.Channel]);
        }

        if (request.Category == Category.Unspecified)
        {
            violations.Add("category", IntakeTexts.Words["field.category.required"]);
        }
        else if (!Enum.IsDefined(request.Category))
        {
            violations.Add("category", IntakeTexts.Words["field.category.unknown", (int)request.Category]);
        }

        ValidateReporter(request.Reporter, violations);
        ValidateSubjects(request, directory, violations);

        if (string.IsNullOrWhiteSpace(request.Account))
        {
            violations.Add("account", IntakeTexts.Words["field.account.required"]);
        }
        else
        {
            var length = TextLength(request.Account);
            if (length > accountMaxLength)
            {
                violations.Add("account", PlatformTexts.Words["field.max-length-got", accountMaxLength, length]);
            }
            else if (length < AccountMinLength)
            {
                violations.Add("account", PlatformTexts.Words["field.min-length", AccountMinLength]);
            }
            CheckControlCharacters("account", request.Account, violations, allowLineBreaks: true);
        }

        if (request.OccurredAt is not null)
        {
            if (request.OccurredAt.Seconds < -62135596800 || request.OccurredAt.Seconds > 253402300799 || request.OccurredAt.Nanos is < 0 or > 999_999_999)
            {
                violations.Add("occurred_at", PlatformTexts.Words["field.timestamp-invalid"]);
            }
            else if (request.OccurredAt.ToDateTimeOffset() > now.AddMinutes(5))
            {
                violations.Add("occurred_at", PlatformTexts.Words["field.not-in-future"]);
            }
        }
        CheckLength("occurred_place", request.OccurredPlace, PlaceMaxLength, violations);

        if (string.IsNullOrWhiteSpace(request.ReceivingDivisionCode))
        {
            violations.Add("receiving_division_code", IntakeTexts.Words["field.receiving-division.required"]);
        }
        else if (directory.FindDivision(request.ReceivingDivisionCode) is null)
        {
            violations.Add("receiving_division_code", PlatformTexts.Words["field.unknown-division", Truncate(request.ReceivingDivisionCode)]);
        }

        if (request.IdempotencyKey.Length > 0 && !IdempotencyKeyPattern().IsMatch(request.IdempotencyKey))
        {
            violations.Add("idempotency_key", IntakeTexts.Words["field.idempotency-key.format"]);
        }
        ValidateTour(request, violations);
        return violations;
    }

    /// <summary>A team on tour receives reports for its tour: the tour id comes with that channel, and with no other.</summary>
    private static void ValidateTour(SubmitReportRequest request, FieldViolations violations)
    {
        if (request.TourId.Length == 0)
        {
            if (request.Channel == Channel.InspectionTeam)
            {
                violations.Add("tour_id", IntakeTexts.Words["field.tour-id.required"]);
            }
        }
        else if (!Guid.TryParse(request.TourId, out var tourId) || tourId == Guid.Empty)
        {
            violations.Add("tour_id", IntakeTexts.Words["field.tour-id.format"]);
        }
        else if (request.Channel != Channel.InspectionTeam)
        {
            violations.Add("tour_id", IntakeTexts.Words["field.tour-id.channel"]);
        }
    }

    private static void ValidateReporter(Reporter? reporter, FieldViolations violations)
    {
        if (reporter is null)
        {
            violations.Add("reporter", IntakeTexts.Words["field.reporter.required"]);
            return;
        }
        if (!Enum.IsDefined(reporter.PreferredFeedbackChannel))
        {
            violations.Add("reporter.preferred_feedback_channel", IntakeTexts.Words["field.feedback-channel.unknown", (int)reporter.PreferredFeedbackChannel]);
        }

        if (reporter.Anonymous)
        {
            foreach (var (field, value) in new[] { ("name", reporter.Name), ("phone", reporter.Phone), ("id_number", reporter.IdNumber), ("address", reporter.Address) })
            {
                if (value.Length > 0)
                {
                    violations.Add($"reporter.{field}", IntakeTexts.Words["field.reporter.empty-when-anonymous"]);
                }
            }
            if (reporter.PreferredFeedbackChannel is not (FeedbackChannel.Unspecified or FeedbackChannel.Online))
            {
                violations.Add("reporter.preferred_feedback_channel", IntakeTexts.Words["field.reporter.anonymous-online-only"]);
            }
            return;
        }

        if (string.IsNullOrWhiteSpace(reporter.Name))
        {
            violations.Add("reporter.name", IntakeTexts.Words["field.reporter.name.required"]);
        }
        else
        {
            CheckLength("reporter.name", reporter.Name, NameMaxLength, violations);
            CheckControlCharacters("reporter.name", reporter.Name, violations, allowLineBreaks: false);
        }

        if (string.IsNullOrWhiteSpace(reporter.Phone))
        {
            violations.Add("reporter.phone", IntakeTexts.Words["field.reporter.phone.required"]);
        }
        else if (!PersonalDataRules.IsPhone(reporter.Phone))
        {
            violations.Add("reporter.phone", IntakeTexts.Words["field.reporter.phone.format"]);
        }

        if (reporter.IdNumber.Length > 0 && !IsValidResidentIdNumber(reporter.IdNumber))
        {
            violations.Add("reporter.id_number", IntakeTexts.Words["field.reporter.id-number.format"]);
        }
        CheckLength("reporter.address", reporter.Address, AddressMaxLength, violations);
    }

    private static void ValidateSubjects(SubmitReportRequest request, CityDirectory directory, FieldViolations violations)
    {
        if (request.Subjects.Count == 0)
        {
            violations.Add("subjects", IntakeTexts.Words["field.subjects.required"]);
            return;
        }
        if (request.Subjects.Count > MaxSubjects)
        {
            violations.Add("subjects", IntakeTexts.Words["field.subjects.max", MaxSubjects]);
            return;
        }
        for (var i = 0; i < request.Subjects.Count; i++)
        {
            var subject = request.Subjects[i];
            var path = $"subjects[{i}]";
            if (subject.CadreId.Length > 0 && directory.FindCadre(subject.CadreId) is null)
            {
                violations.Add(path + ".cadre_id", PlatformTexts.Words["field.unknown-cadre", Truncate(subject.CadreId)]);
            }
            if (subject.UnitId.Length > 0 && directory.FindUnit(subject.UnitId) is null)
            {
                violations.Add(path + ".unit_id", PlatformTexts.Words["field.unknown-unit", Truncate(subject.UnitId)]);
            }
            if (subject.DivisionCode.Length > 0 && directory.FindDivision(subject.DivisionCode) is null)
            {
                violations.Add(path + ".division_code", PlatformTexts.Words["field.unknown-division", Truncate(subject.DivisionCode)]);
            }
            if (subject.CadreId.Length == 0 && subject.UnitId.Length == 0
                && string.IsNullOrWhiteSpace(subject.Name) && string.IsNullOrWhiteSpace(subject.UnitName))
            {
                violations.Add(path, IntakeTexts.Words["field.subject.name-one"]);
            }
            CheckLength(path + ".name", subject.Name, SubjectFieldMaxLength, violations);
            CheckLength(path + ".post", subject.Post, SubjectFieldMaxLength, violations);
            CheckLength(path + ".unit_name", subject.UnitName, SubjectFieldMaxLength, violations);
        }
    }

    /// <summary>GB 11643: 17 digits and a check character (0-9 or X) over the weighted sum mod 11.</summary>
    public static bool IsValidResidentIdNumber(string value) => PersonalDataRules.IsResidentIdNumber(value);

    public static int TextLength(string text) => text.EnumerateRunes().Count();

    private static void CheckLength(string field, string value, int max, FieldViolations violations)
    {
        var length = TextLength(value);
        if (length > max)
        {
            violations.Add(field, PlatformTexts.Words["field.max-length-got", max, length]);
        }
    }

    private static void CheckControlCharacters(string field, string value, FieldViolations violations, bool allowLineBreaks)
    {
        if (value.Any(c => char.IsControl(c) && !(allowLineBreaks && c is '\n' or '\r' or '\t')))
        {
            violations.Add(field, PlatformTexts.Words["field.control-characters"]);
        }
    }

    private static string Truncate(string value) => value.Length <= 40 ? value : value[..40] + "…";

    [GeneratedRegex(@"^[A-Za-z0-9_-]{16,100}\z")]
    private static partial Regex IdempotencyKeyPattern();
}
