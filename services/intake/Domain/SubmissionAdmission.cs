using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Supervision.Intake.Domain;

/// <summary>
/// How many submissions one intake instance works on at once, and how many may wait for a turn. Past both, a
/// submission is refused at once (RESOURCE_EXHAUSTED with <c>retry-after</c>) before anything is stored, so the
/// instance keeps its full speed for what it accepted and its database connections for reads.
/// </summary>
public sealed class AdmissionOptions
{
    /// <summary>Submissions in their transaction at once, per instance; below the connection pool (20) so reads keep connections.</summary>
    public int MaxConcurrentSubmissions { get; set; } = 12;

    /// <summary>Submissions waiting for a turn, per instance; one more is refused at once.</summary>
    public int MaxQueuedSubmissions { get; set; } = 48;

    /// <summary>Longest wait for a turn; a submission still waiting then is refused.</summary>
    public TimeSpan QueueTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The retry hint sent with a refusal.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>Admission control on writes: a concurrency limit with a short bounded queue; reads never pass through it.</summary>
public sealed class SubmissionAdmission : IDisposable
{
    private readonly ConcurrencyLimiter _limiter;
    private readonly AdmissionOptions _options;

    public SubmissionAdmission(IOptions<IntakeOptions> options)
    {
        _options = options.Value.Admission;
        _limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = Math.Max(1, _options.MaxConcurrentSubmissions),
            QueueLimit = Math.Max(0, _options.MaxQueuedSubmissions),
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    public TimeSpan RetryAfter => _options.RetryAfter;

    /// <summary>
    /// A turn to submit, to be disposed when the submission is done; null when the instance is full (the queue is full,
    /// or the wait passed <see cref="AdmissionOptions.QueueTimeout"/>).
    /// </summary>
    public async ValueTask<IDisposable?> EnterAsync(CancellationToken ct)
    {
        var lease = _limiter.AttemptAcquire();
        if (!lease.IsAcquired)
        {
            lease.Dispose();
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
            wait.CancelAfter(_options.QueueTimeout);
            try
            {
                lease = await _limiter.AcquireAsync(1, wait.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                return null;
            }
        }
        if (lease.IsAcquired)
        {
            return lease;
        }
        lease.Dispose();
        return null;
    }

    public void Dispose() => _limiter.Dispose();
}
