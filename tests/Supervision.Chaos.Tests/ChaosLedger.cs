using System.Collections.Concurrent;
using Grpc.Core;

namespace Supervision.Chaos.Tests;

/// <summary>
/// What the chaos client was told: every acknowledged report id by its idempotency key, every error by status code,
/// and any key intake acknowledged with two different report ids.
/// </summary>
public sealed class ChaosLedger
{
    private readonly ConcurrentDictionary<string, string> _acknowledged = new();
    private readonly ConcurrentDictionary<string, int> _errors = new();
    private int _conflictingAcknowledgements;
    private int _abandoned;

    public int Acknowledged => _acknowledged.Count;
    public IReadOnlyCollection<string> ReportIds => _acknowledged.Values.ToList();
    public int ConflictingAcknowledgements => _conflictingAcknowledgements;
    public int Abandoned => _abandoned;
    public IReadOnlyDictionary<string, int> Errors => new SortedDictionary<string, int>(_errors);

    /// <summary>Records an acknowledgement; a retry acknowledged with another report id than before is a duplicate.</summary>
    public void Acknowledge(string idempotencyKey, string reportId)
    {
        var recorded = _acknowledged.GetOrAdd(idempotencyKey, reportId);
        if (recorded != reportId)
        {
            Interlocked.Increment(ref _conflictingAcknowledgements);
        }
    }

    public void Error(string call, StatusCode code) => _errors.AddOrUpdate($"{call} {code}", 1, (_, n) => n + 1);

    /// <summary>A submission the client gave up on (refused for good, or never acknowledged in time): not owed a case.</summary>
    public void Abandon() => Interlocked.Increment(ref _abandoned);
}
