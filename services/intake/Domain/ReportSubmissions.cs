using System.Security.Cryptography;
using Supervision.Contracts;
using Supervision.Contracts.Events.Intake;
using Supervision.Intake.Data;
using Supervision.Intake.V1;
using Supervision.Reference;
using Supervision.ServiceDefaults.Security;

namespace Supervision.Intake.Domain;

/// <summary>A validated submission in the domain's words; <see cref="Reporter"/> is null for an anonymous report.</summary>
public sealed record Submission
{
    public required ReportChannel Channel { get; init; }
    public required ReportCategory Category { get; init; }
    public ReporterIdentityData? Reporter { get; init; }
    public required FeedbackChannel PreferredFeedbackChannel { get; init; }
    public required bool ElectionRelated { get; init; }
    public required IReadOnlyList<ReportSubject> Subjects { get; init; }
    public DateTimeOffset? OccurredAt { get; init; }
    public required string OccurredPlace { get; init; }
    public required string Account { get; init; }
    public required string ReceivingDivisionCode { get; init; }
    public string? SubmittedBy { get; init; }
    public SubmissionKey? Key { get; init; }
    /// <summary>The inspection tour whose team received the report.</summary>
    public Guid? TourId { get; init; }
}

/// <summary>An idempotency key and the request it came with, both hashed: the key answers retries of that request only.</summary>
public sealed record SubmissionKey(byte[] KeyHash, byte[] RequestHash);

/// <summary>What the reporter is told of a report; a replay answers a retry with its idempotency key.</summary>
public sealed record SubmittedReport(Guid ReportId, string TrackingNumber, string ReceiptCode, ReportState State, bool ElectionPeriod,
    DateTimeOffset ReceivedAt, bool Replayed);

public enum SubmissionRefusal
{
    /// <summary>The idempotency key already made a different report.</summary>
    KeyUsedForAnotherReport,

    /// <summary>A concurrent submission took the key and cannot be read back: the caller retries.</summary>
    Conflict,
}

/// <summary>
/// Accepts a validated submission: the reporter's identity sealed, a receipt code issued (only its hash kept),
/// election-related reports put on the election clock, the report stored with its first timeline entry and
/// ReportReceived. A retry with the same idempotency key gets the same report back.
/// </summary>
public sealed class ReportSubmissions(SubmissionStore store, IdentityProtector protector, CityDirectory directory)
{
    public async Task<(SubmittedReport? Report, SubmissionRefusal? Refused)> SubmitAsync(Submission submission, DateTimeOffset now, CancellationToken ct)
    {
        // A retry with a used idempotency key is found by the insert itself (the key is unique): a first submission, the
        // common case, pays no separate lookup.
        var key = submission.Key;
        var reportId = Guid.CreateVersion7();
        var receiptCode = ReceiptCode.New();
        var electionRelated = submission.ElectionRelated || submission.Category == ReportCategory.ElectionConduct;
        var report = new NewReport
        {
            Id = reportId,
            ReceiptHash = ReceiptCode.Hash(ReceiptCode.Normalize(receiptCode)!),
            Channel = (short)submission.Channel,
            Category = (short)submission.Category,
            RealName = submission.Reporter is not null,
            ElectionRelated = electionRelated,
            ReceivingDivisionCode = submission.ReceivingDivisionCode,
            OccurredAt = submission.OccurredAt,
            OccurredPlace = submission.OccurredPlace,
            Account = submission.Account,
            Subjects = StoredSubjects.ToJson(submission.Subjects),
            // An anonymous reporter can only follow the report online, by receipt code.
            PreferredFeedbackChannel = (short)(submission.Reporter is null ? FeedbackChannel.Online : submission.PreferredFeedbackChannel),
            IdentitySealed = submission.Reporter is { } reporter ? protector.SealIdentity(reporter, reportId) : null,
            SubmittedBy = submission.SubmittedBy,
            ReceivedAt = now,
            IdempotencyKeyHash = key?.KeyHash,
            RequestHash = key?.RequestHash,
            ReceiptSealed = key is null ? null : protector.SealReceipt(receiptCode, reportId),
            TourId = submission.TourId,
        };

        var stored = await store.InsertAsync(report, directory.Ancestry(submission.ReceivingDivisionCode), (trackingNumber, electionPeriod) => (new ReportReceived
        {
            ReportId = reportId,
            TrackingNumber = trackingNumber,
            Channel = submission.Channel,
            Category = submission.Category,
            ReceivingDivisionCode = submission.ReceivingDivisionCode,
            RealName = report.RealName,
            ElectionRelated = electionRelated,
            ElectionPeriod = electionPeriod,
            Subjects = submission.Subjects,
            OccurredAt = submission.OccurredAt,
            ReceivedAt = now,
            TourId = submission.TourId,
        }, PublicProgress.ReceivedStep(electionPeriod || electionRelated, submission.TourId is not null).Describe()), ct);

        if (stored is null)
        {
            // The key was taken, by an earlier submission or a concurrent one that committed first: answer as it did.
            var winner = await store.FindByIdempotencyKeyAsync(key!.KeyHash, ct);
            return winner is null ? (null, SubmissionRefusal.Conflict) : Replay(winner, key);
        }
        return (new SubmittedReport(reportId, stored.Value.TrackingNumber, receiptCode, ReportState.Received, stored.Value.ElectionPeriod, now,
            Replayed: false), null);
    }

    private (SubmittedReport?, SubmissionRefusal?) Replay(ReportRecord existing, SubmissionKey key)
    {
        if (existing.RequestHash is null || !CryptographicOperations.FixedTimeEquals(existing.RequestHash, key.RequestHash))
        {
            return (null, SubmissionRefusal.KeyUsedForAnotherReport);
        }
        // After the replay window the code is forgotten: the reporter was shown it then.
        var receiptCode = existing.ReceiptSealed is null ? "" : protector.OpenReceipt(existing.ReceiptSealed, existing.Id);
        return (new SubmittedReport(existing.Id, existing.TrackingNumber, receiptCode, (ReportState)existing.State, existing.ElectionPeriod,
            new DateTimeOffset(DateTime.SpecifyKind(existing.ReceivedAt, DateTimeKind.Utc)), Replayed: true), null);
    }
}
