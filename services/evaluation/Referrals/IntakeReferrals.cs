using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Configuration;
using Supervision.Intake.V1;
using Supervision.Platform;
using Supervision.ServiceDefaults.Grpc;

namespace Supervision.Evaluation.Referrals;

/// <summary>
/// A problem found on a visit (citizen-supervisor channel) or by a cadre work supervisor (work-supervisor channel), as intake
/// receives it; the idempotency key names the problem in evaluation, so a retry is the same report.
/// </summary>
public sealed record ProblemReferral(Channel Channel, string IdempotencyKey, string UnitId, string? CadreId, string ReceivingDivisionCode,
    string Category, string Account, DateTimeOffset OccurredAt);

/// <summary>The report intake made of it; the receipt code is the only way to follow it and is kept sealed.</summary>
public sealed record ReferredReport(Guid ReportId, string TrackingNumber, string ReceiptCode);

/// <summary>
/// Sends problems found by the panel's members and the work supervisors into intake, the single entry of every report:
/// SubmitReport on their channel, as the evaluation service with a short-lived service token (an intake clerk's role at the
/// receiving division), anonymous so that intake never learns who found it, keyed by the problem's id so a retry is the
/// same report.
/// </summary>
public sealed class IntakeReferrals(ReportIntake.ReportIntakeClient intake, IConfiguration configuration)
{
    public const string ServiceSubject = "evaluation-service";

    public static readonly IReadOnlyDictionary<string, Category> Categories = new Dictionary<string, Category>
    {
        ["cadre-selection-and-appointment"] = Category.CadreSelectionAndAppointment,
        ["work-style"] = Category.WorkStyle,
        ["discipline"] = Category.Discipline,
        ["conduct-outside-working-hours"] = Category.ConductOutsideWorkingHours,
        ["election-conduct"] = Category.ElectionConduct,
        ["other"] = Category.Other,
    };

    public async Task<ReferredReport> SubmitAsync(ProblemReferral referral, CancellationToken ct)
    {
        var request = new SubmitReportRequest
        {
            Channel = referral.Channel,
            Reporter = new Reporter { Anonymous = true, PreferredFeedbackChannel = FeedbackChannel.Online },
            Subjects = { referral.CadreId is { } cadreId ? new Subject { CadreId = cadreId } : new Subject { UnitId = referral.UnitId } },
            Category = Categories[referral.Category],
            OccurredAt = Timestamp.FromDateTimeOffset(referral.OccurredAt),
            Account = referral.Account,
            ReceivingDivisionCode = referral.ReceivingDivisionCode,
            IdempotencyKey = referral.IdempotencyKey,
        };
        var reply = await intake.SubmitReportAsync(request,
            PlatformCalls.ServiceTokenHeaders(configuration, ServiceSubject, Roles.IntakeClerk, referral.ReceivingDivisionCode), cancellationToken: ct);
        return new ReferredReport(Guid.Parse(reply.ReportId), reply.TrackingNumber, reply.ReceiptCode);
    }
}
