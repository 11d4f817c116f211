using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Supervision.Intake.V1;
using Supervision.Platform;
using Supervision.Reference;
using Supervision.Reporting.Data;
using Supervision.Reporting.Localization;
using Supervision.Reporting.V1;
using Supervision.ServiceDefaults.Grpc;

namespace Supervision.Reporting.Openness;

/// <summary>The report intake made of an objection; the receipt code goes back to the objector and is never kept here.</summary>
public sealed record ObjectionReport(Guid ReportId, string TrackingNumber, string ReceiptCode);

/// <summary>
/// Sends an objection to a publicity into intake, the single entry of every report: SubmitReport on the publicity-objection
/// channel about the cadre, as the reporting service with a short-lived service token (an intake clerk's role at the
/// publicity's division). The objector's identity passes through to intake, which seals it; nothing of it is stored or
/// logged here. The intake key is derived from the publicity and the objector's key, so a retry is the same report.
/// </summary>
public sealed class IntakeObjections(ReportIntake.ReportIntakeClient intake, CityDirectory directory, IConfiguration configuration)
{
    public const string ServiceSubject = "reporting-service";

    private static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-Hans");

    public async Task<ObjectionReport> SubmitAsync(PublicityRow publicity, SubmitObjectionRequest request, CancellationToken ct)
    {
        var objector = request.Objector;
        var reporter = objector.Anonymous
            ? new Reporter { Anonymous = true, PreferredFeedbackChannel = FeedbackChannel.Online }
            : new Reporter
            {
                Name = objector.Name.Trim(), Phone = objector.Phone, IdNumber = objector.IdNumber, Address = objector.Address.Trim(),
                PreferredFeedbackChannel = objector.Feedback switch
                {
                    ObjectionFeedback.Phone => FeedbackChannel.Phone,
                    ObjectionFeedback.Letter => FeedbackChannel.Letter,
                    _ => FeedbackChannel.Online,
                },
            };
        // Intake keeps the account as written, so the link to the publicity is worded in the city's language, whatever the
        // objector reads: a retry in another language is the same request.
        var cadreName = directory.FindCadre(publicity.CadreId)?.Name ?? publicity.CadreId;
        var account = ReportingTexts.Words.In(Chinese, "objection.account", cadreName, publicity.ProposedPost, publicity.PublicityId) + request.Account;
        var submit = new SubmitReportRequest
        {
            Channel = Channel.PublicityObjection,
            Reporter = reporter,
            Subjects = { new Subject { CadreId = publicity.CadreId } },
            Category = Category.CadreSelectionAndAppointment,
            Account = account,
            ReceivingDivisionCode = publicity.DivisionCode,
            IdempotencyKey = IntakeKey(publicity.PublicityId, request.IdempotencyKey),
        };
        var reply = await intake.SubmitReportAsync(submit,
            PlatformCalls.ServiceTokenHeaders(configuration, ServiceSubject, Roles.IntakeClerk, publicity.DivisionCode), cancellationToken: ct);
        return new ObjectionReport(Guid.Parse(reply.ReportId), reply.TrackingNumber, reply.ReceiptCode);
    }

    /// <summary>"pobj-" + the publicity + a hash of the objector's key: 70 characters of [A-Za-z0-9-].</summary>
    public static string IntakeKey(Guid publicityId, string objectorKey) =>
        "pobj-" + publicityId.ToString("N") + "-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(objectorKey)), 0, 16);
}
