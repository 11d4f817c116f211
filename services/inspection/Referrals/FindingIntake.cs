using Microsoft.Extensions.Configuration;
using Supervision.Inspection.Domain;
using Supervision.Intake.V1;
using Supervision.Platform;
using Supervision.Reference;
using Supervision.ServiceDefaults.Grpc;

namespace Supervision.Inspection.Referrals;

/// <summary>
/// Sends a finding into intake, the single entry of every report: SubmitReport on the inspection-team channel with the
/// tour's id, received at the city (the tours are the city committee's), as the inspection service with a short-lived
/// intake clerk's token, anonymous (the team is the source, no citizen is named), keyed by the finding's id so that a
/// retry, or the other instance, gets the same report back. Intake's client types stay internal to inspection, so that a
/// project referencing both services sees one SubmitReportRequest.
/// </summary>
internal sealed class FindingIntake(ReportIntake.ReportIntakeClient intake, IConfiguration configuration, CityDirectory directory)
{
    public const string ServiceSubject = "inspection-service";

    /// <summary>Intake's categories for the tours' finding categories; what has no closer match is "other".</summary>
    private static readonly IReadOnlyDictionary<string, Category> Categories = new Dictionary<string, Category>
    {
        ["cadre-selection"] = Category.CadreSelectionAndAppointment,
        ["work-style"] = Category.WorkStyle,
        ["integrity"] = Category.Discipline,
        ["supervision-rules"] = Category.Discipline,
    };

    public static string IdempotencyKey(Guid findingId) => "inspection-finding-" + findingId.ToString("N");

    public async Task<(Guid ReportId, string TrackingNumber)> SubmitAsync(FindingRecord finding, CancellationToken ct)
    {
        var request = new SubmitReportRequest
        {
            Channel = Channel.InspectionTeam,
            TourId = finding.TourId.ToString(),
            Reporter = new Reporter { Anonymous = true, PreferredFeedbackChannel = FeedbackChannel.Online },
            Category = Categories.GetValueOrDefault(finding.Category, Category.Other),
            Account = finding.Description + "\n" + finding.Evidence,
            ReceivingDivisionCode = directory.CityCode,
            IdempotencyKey = IdempotencyKey(finding.Id),
        };
        request.Subjects.AddRange(finding.CadreIds.Select(id => new Subject { CadreId = id })
            .Concat(finding.UnitIds.Select(id => new Subject { UnitId = id })).Take(10));
        var reply = await intake.SubmitReportAsync(request,
            PlatformCalls.ServiceTokenHeaders(configuration, ServiceSubject, Roles.IntakeClerk, directory.CityCode), cancellationToken: ct);
        return (Guid.Parse(reply.ReportId), reply.TrackingNumber);
    }
}
