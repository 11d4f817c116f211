using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Supervision.AppHost.LocalServers;

/// <summary>
/// Healthy when the server accepts TCP connections on its port. A server that is not there yet is tried again every
/// 100 ms for up to <see cref="Patience"/> before the check says unhealthy: the orchestrator repeats a failed check only
/// after 1, 2, 3, 4, then 5 s, so a server that opens its port between two checks would otherwise hold up everything
/// that waits for it by up to 5 s (RabbitMQ, booting for ~10 s, lost about 4 s that way at every start).
/// </summary>
public sealed class TcpHealthCheck(int port) : IHealthCheck
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(4);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            if (await AcceptsAsync(cancellationToken))
            {
                return HealthCheckResult.Healthy();
            }
            if (DateTime.UtcNow >= deadline || cancellationToken.IsCancellationRequested)
            {
                return HealthCheckResult.Unhealthy($"Nothing accepts connections on port {port}.");
            }
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return HealthCheckResult.Unhealthy($"Nothing accepts connections on port {port}.");
            }
        }
    }

    private async Task<bool> AcceptsAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            await client.ConnectAsync("127.0.0.1", port, timeout.Token);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            return false;
        }
    }
}
