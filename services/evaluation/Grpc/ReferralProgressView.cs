using Google.Protobuf.WellKnownTypes;
using Supervision.Evaluation.Data;
using Supervision.Evaluation.Localization;
using Supervision.Evaluation.V1;
using Supervision.Reference;

namespace Supervision.Evaluation.Grpc;

/// <summary>What became of a referred report, in the caller's words: the furthest stage the events have reached.</summary>
public static class ReferralProgressView
{
    public static ReferralProgress ToProto(ReferralProgressRecord? progress, string? trackingNumber, CityDirectory directory)
    {
        if (progress is null)
        {
            return trackingNumber is null
                ? new ReferralProgress { StageText = EvaluationTexts.Words["referral.stage.referring"] }
                : new ReferralProgress { Stage = ReferralStage.Received, StageText = EvaluationTexts.Words["referral.stage.received", trackingNumber] };
        }
        var unitName = progress.UnitId is { } unitId ? directory.FindUnit(unitId)?.Name ?? unitId : "";
        var outcome = progress.OutcomeKey is { } key && EvaluationTexts.Words.Has(key) ? EvaluationTexts.Words[key] : progress.Outcome ?? "";
        var (stage, text) = progress switch
        {
            { ClosingIsCurrent: true } => (ReferralStage.Closed, EvaluationTexts.Words["referral.stage.closed", outcome]),
            { ConclusionIsCurrent: true } => (ReferralStage.Concluded, EvaluationTexts.Words["referral.stage.concluded", unitName, outcome]),
            { ReopenedAt: not null } => (ReferralStage.Reopened, EvaluationTexts.Words["referral.stage.reopened", progress.ReopenReason ?? ""]),
            { AcknowledgedAt: not null } => (ReferralStage.Acknowledged, EvaluationTexts.Words["referral.stage.acknowledged", unitName]),
            { RoutedAt: not null } => (ReferralStage.Routed, EvaluationTexts.Words["referral.stage.routed", unitName]),
            _ => (ReferralStage.Received, EvaluationTexts.Words["referral.stage.received", trackingNumber ?? ""]),
        };
        return new ReferralProgress
        {
            Stage = stage, StageText = text, CaseId = progress.CaseId?.ToString() ?? "", UnitId = progress.UnitId ?? "", UnitName = unitName,
            ReceivedAt = Utc(progress.ReceivedAt), RoutedAt = Utc(progress.RoutedAt), AcknowledgedAt = Utc(progress.AcknowledgedAt),
            ConcludedAt = Utc(progress.ConcludedAt), Outcome = progress.ConclusionIsCurrent ? outcome : "",
            PublicSummary = progress.ConclusionIsCurrent ? progress.PublicSummary ?? "" : "", ClosedAt = Utc(progress.ClosedAt),
            ReopenedAt = Utc(progress.ReopenedAt), ReopenReason = progress.ReopenReason ?? "",
        };
    }

    private static Timestamp? Utc(DateTime? value) => value is { } at ? Timestamp.FromDateTime(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null;
}
