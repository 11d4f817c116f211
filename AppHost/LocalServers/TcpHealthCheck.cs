using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Supervision.AppHost.LocalServers;

/// <summary>Healthy when the server accepts TCP connections on its port.</summary>
public sealed class TcpHealthCheck(int port) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var client = new TcpClient();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            await client.ConnectAsync("127.0.0.1", port, timeout.Token);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"Nothing accepts connections on port {port}.");
        }
    }
}
