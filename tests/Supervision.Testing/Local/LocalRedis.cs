using System.Net.Sockets;
using System.Text;

namespace Supervision.Testing.Local;

/// <summary>A throwaway Redis server that keeps nothing on disk.</summary>
internal static class LocalRedis
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(30);

    public static async Task<Started<TestRedis>> StartAsync(string folder)
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = Loopback.FreePorts(1)[0];
            var server = ServerProcess.Start("Redis", "redis-server",
                ["--port", port.ToString(), "--bind", Loopback.Host, "--dir", folder, "--save", "", "--appendonly", "no", "--daemonize", "no"],
                folder, stopSignal: ServerProcess.SigTerm);
            if (await server.WaitUntilReadyAsync(() => PongsAsync(port), StartupTimeout))
            {
                var endpoint = $"{Loopback.Host}:{port}";
                return new(new TestRedis(endpoint), endpoint, server);
            }
            var output = server.Output();
            await server.DisposeAsync();
            if (attempt == 3)
            {
                throw new InvalidOperationException("Redis did not start. Its last output:\n" + output);
            }
        }
    }

    private static async Task<bool> PongsAsync(int port)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(Loopback.Host, port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), timeout.Token);
            var reply = new byte[7];
            var read = await stream.ReadAtLeastAsync(reply, reply.Length, throwOnEndOfStream: false, timeout.Token);
            return Encoding.ASCII.GetString(reply, 0, read) == "+PONG\r\n";
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException)
        {
            return false;
        }
    }
}
