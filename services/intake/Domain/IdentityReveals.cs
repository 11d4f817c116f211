using Supervision.Intake.Data;
using Supervision.Intake.Localization;
using Supervision.Reference;

namespace Supervision.Intake.Domain;

/// <summary>A real-name reporter's identity shown to staff: never without its audit row, never for an anonymous report.</summary>
public sealed class IdentityReveals(AdministrationStore store, IdentityProtector protector, IntakeMetrics metrics)
{
    public async Task<(ReporterIdentityData Identity, Guid AuditId)> RevealAsync(ReportRecord report, string revealedBy, string role,
        string callerDivision, string reason, DateTimeOffset at, CancellationToken ct)
    {
        if (!report.RealName)
        {
            throw new DomainRuleException(IntakeTexts.Words["rule.anonymous-no-identity"]);
        }
        var audit = await store.RecordRevealAsync(report.Id, revealedBy, role, callerDivision, reason, at, ct);
        if (audit is not { Sealed: { } sealedIdentity } recorded)
        {
            throw new DomainRuleException(IntakeTexts.Words["rule.anonymous-no-identity"]);
        }
        var identity = protector.OpenIdentity(sealedIdentity, report.Id);
        metrics.Revealed();
        return (identity, recorded.AuditId);
    }
}
