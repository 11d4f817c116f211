using Supervision.Intake.Data;
using Supervision.Reference;

namespace Supervision.Intake.Domain;

/// <summary>A real-name reporter's identity shown to staff: never without its audit row, never for an anonymous report.</summary>
public sealed class IdentityReveals(AdministrationStore store, IdentityProtector protector, IntakeMetrics metrics)
{
    public const string AnonymousHasNoIdentity = "The report is anonymous: there is no identity to reveal.";

    public async Task<(ReporterIdentityData Identity, Guid AuditId)> RevealAsync(ReportRecord report, string revealedBy, string role,
        string callerDivision, string reason, DateTimeOffset at, CancellationToken ct)
    {
        if (!report.RealName)
        {
            throw new DomainRuleException(AnonymousHasNoIdentity);
        }
        var audit = await store.RecordRevealAsync(report.Id, revealedBy, role, callerDivision, reason, at, ct);
        if (audit is not { Sealed: { } sealedIdentity } recorded)
        {
            throw new DomainRuleException(AnonymousHasNoIdentity);
        }
        var identity = protector.OpenIdentity(sealedIdentity, report.Id);
        metrics.Revealed();
        return (identity, recorded.AuditId);
    }
}
