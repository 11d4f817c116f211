using System.Text.RegularExpressions;
using Supervision.Intake.V1;
using Supervision.ServiceDefaults.Grpc;
using Supervision.Reference;

namespace Supervision.Intake.Domain;

/// <summary>Every rule a submission must meet, checked together so the caller sees all at once.</summary>
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
            violations.Add("channel", "required: one of online, hotline, letter, visit, inspection_team, publicity_objection, citizen_supervisor_referral, work_supervisor_referral");
        }
        else if (!Enum.IsDefined(request.Channel))
        {
            violations.Add("channel", $"unknown channel {(int)request.Channel}");
        }

        if (request.Category == Category.Unspecified)
        {
            violations.Add("category", "required: one of cadre_selection_and_appointment, work_style, discipline, conduct_outside_working_hours, election_conduct, other");
        }
        else if (!Enum.IsDefined(request.Category))
        {
            violations.Add("category", $"unknown category {(int)request.Category}");
        }

        ValidateReporter(request.Reporter, violations);
        ValidateSubjects(request, directory, violations);

        if (string.IsNullOrWhiteSpace(request.Account))
        {
            violations.Add("account", "required: the reporter's account of what happened");
        }
        else
        {
            var length = TextLength(request.Account);
            if (length > accountMaxLength)
            {
                violations.Add("account", $"at most {accountMaxLength} characters (got {length})");
            }
            else if (length < AccountMinLength)
            {
                violations.Add("account", $"at least {AccountMinLength} characters");
            }
            CheckControlCharacters("account", request.Account, violations, allowLineBreaks: true);
        }

        if (request.OccurredAt is not null)
        {
            if (request.OccurredAt.Seconds < -62135596800 || request.OccurredAt.Seconds > 253402300799 || request.OccurredAt.Nanos is < 0 or > 999_999_999)
            {
                violations.Add("occurred_at", "not a valid timestamp");
            }
            else if (request.OccurredAt.ToDateTimeOffset() > now.AddMinutes(5))
            {
                violations.Add("occurred_at", "must not be in the future");
            }
        }
        CheckLength("occurred_place", request.OccurredPlace, PlaceMaxLength, violations);

        if (string.IsNullOrWhiteSpace(request.ReceivingDivisionCode))
        {
            violations.Add("receiving_division_code", "required: the GB/T 2260 code of the receiving intake centre's division");
        }
        else if (directory.FindDivision(request.ReceivingDivisionCode) is null)
        {
            violations.Add("receiving_division_code", $"unknown division '{Truncate(request.ReceivingDivisionCode)}'");
        }

        if (request.IdempotencyKey.Length > 0 && !IdempotencyKeyPattern().IsMatch(request.IdempotencyKey))
        {
            violations.Add("idempotency_key", "16 to 100 characters from A-Z, a-z, 0-9, '-' and '_'");
        }
        return violations;
    }

    private static void ValidateReporter(Reporter? reporter, FieldViolations violations)
    {
        if (reporter is null)
        {
            violations.Add("reporter", "required: a real-name reporter or anonymous = true");
            return;
        }
        if (!Enum.IsDefined(reporter.PreferredFeedbackChannel))
        {
            violations.Add("reporter.preferred_feedback_channel", $"unknown feedback channel {(int)reporter.PreferredFeedbackChannel}");
        }

        if (reporter.Anonymous)
        {
            foreach (var (field, value) in new[] { ("name", reporter.Name), ("phone", reporter.Phone), ("id_number", reporter.IdNumber), ("address", reporter.Address) })
            {
                if (value.Length > 0)
                {
                    violations.Add($"reporter.{field}", "must be empty for an anonymous report");
                }
            }
            if (reporter.PreferredFeedbackChannel is not (FeedbackChannel.Unspecified or FeedbackChannel.Online))
            {
                violations.Add("reporter.preferred_feedback_channel", "an anonymous reporter can only follow the report online by receipt code");
            }
            return;
        }

        if (string.IsNullOrWhiteSpace(reporter.Name))
        {
            violations.Add("reporter.name", "required for a real-name report (or set anonymous = true)");
        }
        else
        {
            CheckLength("reporter.name", reporter.Name, NameMaxLength, violations);
            CheckControlCharacters("reporter.name", reporter.Name, violations, allowLineBreaks: false);
        }

        if (string.IsNullOrWhiteSpace(reporter.Phone))
        {
            violations.Add("reporter.phone", "required for a real-name report");
        }
        else if (!MobilePattern().IsMatch(reporter.Phone) && !LandlinePattern().IsMatch(reporter.Phone))
        {
            violations.Add("reporter.phone", "must be a mainland mobile number (11 digits starting 13-19) or a landline such as 0537-2345678");
        }

        if (reporter.IdNumber.Length > 0 && !IsValidResidentIdNumber(reporter.IdNumber))
        {
            violations.Add("reporter.id_number", "must be an 18-character resident identity number with a valid check digit");
        }
        CheckLength("reporter.address", reporter.Address, AddressMaxLength, violations);
    }

    private static void ValidateSubjects(SubmitReportRequest request, CityDirectory directory, FieldViolations violations)
    {
        if (request.Subjects.Count == 0)
        {
            violations.Add("subjects", "at least one cadre or unit the report is about");
            return;
        }
        if (request.Subjects.Count > MaxSubjects)
        {
            violations.Add("subjects", $"at most {MaxSubjects}");
            return;
        }
        for (var i = 0; i < request.Subjects.Count; i++)
        {
            var subject = request.Subjects[i];
            var path = $"subjects[{i}]";
            if (subject.CadreId.Length > 0 && directory.FindCadre(subject.CadreId) is null)
            {
                violations.Add(path + ".cadre_id", $"unknown cadre '{Truncate(subject.CadreId)}'");
            }
            if (subject.UnitId.Length > 0 && directory.FindUnit(subject.UnitId) is null)
            {
                violations.Add(path + ".unit_id", $"unknown unit '{Truncate(subject.UnitId)}'");
            }
            if (subject.DivisionCode.Length > 0 && directory.FindDivision(subject.DivisionCode) is null)
            {
                violations.Add(path + ".division_code", $"unknown division '{Truncate(subject.DivisionCode)}'");
            }
            if (subject.CadreId.Length == 0 && subject.UnitId.Length == 0
                && string.IsNullOrWhiteSpace(subject.Name) && string.IsNullOrWhiteSpace(subject.UnitName))
            {
                violations.Add(path, "name a cadre or a unit: cadre_id, unit_id, name or unit_name");
            }
            CheckLength(path + ".name", subject.Name, SubjectFieldMaxLength, violations);
            CheckLength(path + ".post", subject.Post, SubjectFieldMaxLength, violations);
            CheckLength(path + ".unit_name", subject.UnitName, SubjectFieldMaxLength, violations);
        }
    }

    /// <summary>GB 11643: 17 digits and a check character (0-9 or X) over the weighted sum mod 11.</summary>
    public static bool IsValidResidentIdNumber(string value)
    {
        if (!ResidentIdPattern().IsMatch(value))
        {
            return false;
        }
        int[] weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (value[i] - '0') * weights[i];
        }
        var check = "10X98765432"[sum % 11];
        return char.ToUpperInvariant(value[17]) == check;
    }

    public static int TextLength(string text) => text.EnumerateRunes().Count();

    private static void CheckLength(string field, string value, int max, FieldViolations violations)
    {
        var length = TextLength(value);
        if (length > max)
        {
            violations.Add(field, $"at most {max} characters (got {length})");
        }
    }

    private static void CheckControlCharacters(string field, string value, FieldViolations violations, bool allowLineBreaks)
    {
        if (value.Any(c => char.IsControl(c) && !(allowLineBreaks && c is '\n' or '\r' or '\t')))
        {
            violations.Add(field, "must not contain control characters");
        }
    }

    private static string Truncate(string value) => value.Length <= 40 ? value : value[..40] + "…";

    [GeneratedRegex(@"^1[3-9][0-9]{9}\z")]
    private static partial Regex MobilePattern();

    [GeneratedRegex(@"^0[0-9]{2,3}-?[0-9]{7,8}\z")]
    private static partial Regex LandlinePattern();

    [GeneratedRegex(@"^[0-9]{17}[0-9Xx]\z")]
    private static partial Regex ResidentIdPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_-]{16,100}\z")]
    private static partial Regex IdempotencyKeyPattern();
}
