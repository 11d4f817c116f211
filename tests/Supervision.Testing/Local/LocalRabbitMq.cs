using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Supervision.Testing.Local;

/// <summary>
/// A throwaway RabbitMQ node with its own epmd, both on free ports, as the platform's local servers run
/// them (AppHost/LocalServers). Killed at the end rather than stopped: its data is thrown away.
/// </summary>
internal static class LocalRabbitMq
{
    private const string Server = "/usr/lib/rabbitmq/bin/rabbitmq-server";
    private static readonly TimeSpan EpmdTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(120);

    public static async Task<Started<TestRabbitMq>> StartAsync(string home)
    {
        // As root, /usr/sbin/rabbitmq-server would switch to the rabbitmq user; the script under /usr/lib does not.
        if (!File.Exists(Server))
        {
            throw new InvalidOperationException($"{Server} is missing: ./test.sh installs the rabbitmq-server package.");
        }
        var plugins = Path.Combine(home, "enabled_plugins");
        Directory.CreateDirectory(Path.Combine(home, "log"));
        await File.WriteAllTextAsync(plugins, "[].\n");

        for (var attempt = 1; ; attempt++)
        {
            var ports = Loopback.FreePorts(3);
            int amqpPort = ports[0], distributionPort = ports[1], epmdPort = ports[2];
            // epmd in the foreground, as a process of this run: a daemonized one would outlive it.
            var epmd = ServerProcess.Start("epmd", "epmd", ["-port", epmdPort.ToString()], home,
                new Dictionary<string, string> { ["ERL_EPMD_ADDRESS"] = Loopback.Host });
            ServerProcess? node = null;
            try
            {
                if (await epmd.WaitUntilReadyAsync(() => Loopback.AcceptsAsync(epmdPort), EpmdTimeout))
                {
                    node = ServerProcess.Start("RabbitMQ", Server, [], home, Environment(home, plugins, amqpPort, distributionPort, epmdPort));
                    var uri = new Uri($"amqp://guest:guest@{Loopback.Host}:{amqpPort}/");
                    if (await node.WaitUntilReadyAsync(() => AnswersAsync(uri), StartupTimeout))
                    {
                        return new(new TestRabbitMq(uri), $"{Loopback.Host}:{amqpPort}", new Node(node, epmd));
                    }
                }
            }
            catch
            {
                await new Node(node, epmd).DisposeAsync();
                throw;
            }
            var output = node?.Output() ?? epmd.Output();
            await new Node(node, epmd).DisposeAsync();
            if (attempt == 3)
            {
                throw new InvalidOperationException("RabbitMQ did not start. Its last output:\n" + output);
            }
        }
    }

    private static Dictionary<string, string> Environment(string home, string plugins, int amqpPort, int distributionPort, int epmdPort) => new()
    {
        ["HOME"] = home,
        ["RABBITMQ_NODENAME"] = $"supervision-test-{amqpPort}@localhost",
        ["RABBITMQ_NODE_IP_ADDRESS"] = Loopback.Host,
        ["RABBITMQ_NODE_PORT"] = amqpPort.ToString(),
        ["RABBITMQ_DIST_PORT"] = distributionPort.ToString(),
        ["ERL_EPMD_PORT"] = epmdPort.ToString(),
        ["RABBITMQ_MNESIA_BASE"] = Path.Combine(home, "mnesia"),
        ["RABBITMQ_LOG_BASE"] = Path.Combine(home, "log"),
        ["RABBITMQ_LOGS"] = "-",
        ["RABBITMQ_FEATURE_FLAGS_FILE"] = Path.Combine(home, "feature_flags"),
        ["RABBITMQ_ENABLED_PLUGINS_FILE"] = plugins,
        ["RABBITMQ_PID_FILE"] = Path.Combine(home, "rabbitmq.pid"),
        // The node never starts a daemon epmd of its own.
        ["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-kernel inet_dist_use_interface {127,0,0,1} -start_epmd false",
    };

    private static async Task<bool> AnswersAsync(Uri uri)
    {
        var factory = new ConnectionFactory { Uri = uri, RequestedConnectionTimeout = TimeSpan.FromSeconds(2), AutomaticRecoveryEnabled = false };
        try
        {
            await using var connection = await factory.CreateConnectionAsync();
            return true;
        }
        catch (BrokerUnreachableException)
        {
            return false;
        }
    }

    /// <summary>The node and its epmd, stopped together (the node first).</summary>
    private sealed class Node(ServerProcess? node, ServerProcess epmd) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            if (node is not null)
            {
                await node.DisposeAsync();
            }
            await epmd.DisposeAsync();
        }
    }
}
