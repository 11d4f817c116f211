namespace Supervision.Intake.Consumers;

internal static class CaseProgressLogging
{
    /// <summary>Ids and counts only. A report routing names but intake does not hold is worth a warning, not a retry.</summary>
    public static void CaseProgressRecorded(this ILogger logger, Guid caseId, string step, int recorded, int named)
    {
        if (recorded < named)
        {
            logger.LogWarning("Case {CaseId}: {Step} recorded on {Recorded} of {Named} report(s); intake does not hold the others",
                caseId, step, recorded, named);
        }
        else
        {
            logger.LogInformation("Case {CaseId}: {Step} recorded on {Recorded} report(s)", caseId, step, recorded);
        }
    }
}
