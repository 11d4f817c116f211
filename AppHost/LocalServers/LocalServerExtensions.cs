using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Supervision.AppHost.LocalServers;

/// <summary>
/// PostgreSQL, RabbitMQ and Redis from their Debian packages, for machines without a container engine.
/// Each keeps its data under the platform's data folder and listens on loopback only, on ports apart
/// from a system-wide install's.
/// </summary>
public static class LocalServerExtensions
{
    public static IResourceBuilder<LocalServerResource> AddLocalPostgres(this IDistributedApplicationBuilder builder, string name,
        string dataDirectory, string postgresData, int port, string password)
    {
        var bin = PostgresBinaries();
        var data = postgresData;
        var asRoot = Environment.UserName == "root";

        // initdb runs once, as its own step: PostgreSQL refuses to run as root, so as root both run as "postgres".
        // The step also waits for a server of the previous run that is still stopping on the same folder.
        var init = builder.AddExecutable(name + "-init", "bash", dataDirectory,
                Path.Combine(AppContext.BaseDirectory, "LocalServers", "postgres-init.sh"))
            .WithEnvironment("PGDATA", data)
            .WithEnvironment("PGBIN", bin)
            .WithEnvironment("PGPASSWORD_INIT", password)
            .ExcludeFromManifest();

        var connectionString = ReferenceExpression.Create($"Host=127.0.0.1;Port={port.ToString()};Username=postgres;Password={password}");
        string[] serverArgs =
        [
            "-D", data, "-p", port.ToString(), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=",
            "-c", "max_connections=300", "-c", "shared_buffers=128MB",
        ];
        var server = asRoot
            ? new LocalServerResource(name, "setpriv", dataDirectory, connectionString)
            : new LocalServerResource(name, Path.Combine(bin, "postgres"), dataDirectory, connectionString);
        return builder.AddResource(server)
            .WithArgs(asRoot ? ["--reuid=postgres", "--regid=postgres", "--init-groups", Path.Combine(bin, "postgres"), .. serverArgs] : serverArgs)
            .WithTcpHealthCheck(builder, port)
            .WaitForCompletion(init)
            .ExcludeFromManifest();
    }

    public static IResourceBuilder<LocalServerResource> AddLocalRabbitMq(this IDistributedApplicationBuilder builder, string name,
        string dataDirectory, int port, int distributionPort, int epmdPort)
    {
        var home = Path.Combine(dataDirectory, "rabbitmq");
        Directory.CreateDirectory(Path.Combine(home, "log"));
        var pluginsFile = Path.Combine(home, "enabled_plugins");
        if (!File.Exists(pluginsFile))
        {
            File.WriteAllText(pluginsFile, "[].\n");
        }

        // epmd as its own resource: a daemonized one would outlive the platform.
        // A stray epmd left on the port (an earlier run's) is told to go first, so this one can bind it.
        var epmd = builder.AddExecutable(name + "-epmd", "bash", home, "-c",
                "epmd -port \"$ERL_EPMD_PORT\" -kill >/dev/null 2>&1; sleep 0.2; exec epmd -port \"$ERL_EPMD_PORT\"")
            .WithEnvironment("ERL_EPMD_PORT", epmdPort.ToString())
            .WithEnvironment("ERL_EPMD_ADDRESS", "127.0.0.1")
            .ExcludeFromManifest();

        // A restart (the dashboard's, or a test's) may begin while the previous node is still shutting down on
        // the same node name, port and data: wait (up to a minute) for its process to be gone first.
        var server = new LocalServerResource(name, "bash", home,
            ReferenceExpression.Create($"amqp://guest:guest@127.0.0.1:{port.ToString()}/"));
        return builder.AddResource(server)
            .WithArgs("-c",
                """
                if [ -s "$RABBITMQ_PID_FILE" ]; then
                  previous=$(cat "$RABBITMQ_PID_FILE")
                  for _ in $(seq 300); do kill -0 "$previous" 2>/dev/null || break; sleep 0.2; done
                fi
                exec /usr/lib/rabbitmq/bin/rabbitmq-server
                """)
            .WithEnvironment("HOME", home)
            .WithEnvironment("RABBITMQ_NODENAME", "supervision-" + port + "@localhost")
            .WithEnvironment("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1")
            .WithEnvironment("RABBITMQ_NODE_PORT", port.ToString())
            .WithEnvironment("RABBITMQ_DIST_PORT", distributionPort.ToString())
            .WithEnvironment("ERL_EPMD_PORT", epmdPort.ToString())
            .WithEnvironment("RABBITMQ_MNESIA_BASE", Path.Combine(home, "mnesia"))
            .WithEnvironment("RABBITMQ_LOG_BASE", Path.Combine(home, "log"))
            .WithEnvironment("RABBITMQ_LOGS", "-")
            .WithEnvironment("RABBITMQ_FEATURE_FLAGS_FILE", Path.Combine(home, "feature_flags"))
            .WithEnvironment("RABBITMQ_ENABLED_PLUGINS_FILE", pluginsFile)
            // The server never starts a daemon epmd of its own. (Its stop command may, when the platform's epmd
            // stopped first; the epmd resource clears such a leftover at the next start.)
            .WithEnvironment("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", "-kernel inet_dist_use_interface {127,0,0,1} -start_epmd false")
            .WithEnvironment("RABBITMQ_PID_FILE", Path.Combine(home, "rabbitmq.pid"))
            .WithTcpHealthCheck(builder, port)
            .WaitFor(epmd)
            .ExcludeFromManifest();
    }

    public static IResourceBuilder<LocalServerResource> AddLocalRedis(this IDistributedApplicationBuilder builder, string name,
        string dataDirectory, int port)
    {
        var data = Path.Combine(dataDirectory, "redis");
        Directory.CreateDirectory(data);
        var server = new LocalServerResource(name, "redis-server", data, ReferenceExpression.Create($"127.0.0.1:{port.ToString()}"));
        return builder.AddResource(server)
            .WithArgs("--port", port.ToString(), "--bind", "127.0.0.1", "--dir", data, "--appendonly", "yes", "--save", "", "--daemonize", "no")
            .WithTcpHealthCheck(builder, port)
            .ExcludeFromManifest();
    }

    private static IResourceBuilder<LocalServerResource> WithTcpHealthCheck(this IResourceBuilder<LocalServerResource> resource,
        IDistributedApplicationBuilder builder, int port)
    {
        var key = resource.Resource.Name + "-tcp";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(key, _ => new TcpHealthCheck(port), HealthStatus.Unhealthy, []));
        return resource.WithHealthCheck(key);
    }

    private static string PostgresBinaries()
    {
        const string root = "/usr/lib/postgresql";
        var versions = Directory.Exists(root)
            ? Directory.GetDirectories(root).Where(d => File.Exists(Path.Combine(d, "bin", "postgres")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0).ToList()
            : [];
        return versions.Count > 0
            ? Path.Combine(versions[0], "bin")
            : throw new InvalidOperationException("PostgreSQL server binaries not found under /usr/lib/postgresql: run ./run.sh, which installs them.");
    }
}
