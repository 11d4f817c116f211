using Microsoft.Extensions.Options;
using Supervision.Intake.Domain;

namespace Supervision.Intake.Data;

/// <summary>Hourly, forgets receipt codes kept only to answer idempotent retries.</summary>
public sealed class ReceiptReplayJanitor(SubmissionStore store, IOptions<IntakeOptions> options, ILogger<ReceiptReplayJanitor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1));
        do
        {
            try
            {
                var forgotten = await store.ForgetOldReceiptsAsync(options.Value.ReceiptReplayWindow, stoppingToken);
                if (forgotten > 0)
                {
                    logger.LogInformation("Forgot {Count} receipt codes past the replay window", forgotten);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning("Could not forget old receipt codes: {Reason}", ex.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
