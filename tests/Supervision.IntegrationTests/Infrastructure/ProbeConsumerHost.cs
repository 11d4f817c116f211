using System.Collections.Concurrent;
using Dapper;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Supervision.Contracts.Events.Intake;
using Supervision.Platform;
using Supervision.ServiceDefaults.Data;
using Supervision.ServiceDefaults.Messaging;
using Supervision.ServiceDefaults;

namespace Supervision.IntegrationTests.Infrastructure;

/// <summary>
/// A consumer of ReportReceived in its own host, wired exactly like a service's (the platform's
/// messaging and inbox), on the real broker and a real database: what a downstream service sees.
/// </summary>
public sealed class ProbeConsumerHost : IAsyncDisposable
{
    private readonly IHost _host;

    private ProbeConsumerHost(IHost host, NpgsqlDataSource dataSource, ProbeRecorder recorder)
    {
        _host = host;
        DataSource = dataSource;
        Recorder = recorder;
    }

    public NpgsqlDataSource DataSource { get; }
    public IServiceProvider Services => _host.Services;
    public ProbeRecorder Recorder { get; }

    public static async Task<ProbeConsumerHost> StartAsync(string messaging, string database, CancellationToken ct)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{ResourceNames.Messaging}"] = messaging,
            ["ConnectionStrings:probe-db"] = database,
        });
        builder.Services.AddSingleton<ProbeRecorder>();
        builder.AddServiceDatabase("probe-db", typeof(ProbeConsumerHost).Assembly);
        builder.AddServiceMessaging("probe", consumers => consumers.Add<ReportReceivedProbe>());
        var host = builder.Build();
        await host.StartAsync(ct);
        return new ProbeConsumerHost(host, host.Services.GetRequiredService<NpgsqlDataSource>(), host.Services.GetRequiredService<ProbeRecorder>());
    }

    /// <summary>Rows the probe committed for a report: one per report when every delivery was handled once.</summary>
    public async Task<int> HandledRowsAsync(Guid reportId)
    {
        await using var connection = await DataSource.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<int>("select count(*) from probe_handled where report_id = @reportId", new { reportId });
    }

    public async Task WaitUntilHandledAsync(IEnumerable<Guid> reportIds, TimeSpan timeout)
    {
        var pending = reportIds.ToHashSet();
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            pending.RemoveWhere(Recorder.Handled.ContainsKey);
            if (pending.Count == 0)
            {
                return;
            }
            await Task.Delay(250);
        }
        Assert.Fail($"{pending.Count} report(s) were not delivered to the consumer within {timeout}: {string.Join(", ", pending.Take(5))}");
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}

/// <summary>What the probe saw: handled counts per report and the raw bodies that crossed the broker.</summary>
public sealed class ProbeRecorder
{
    public ConcurrentDictionary<Guid, int> Handled { get; } = new();
    public ConcurrentQueue<string> RawBodies { get; } = new();
    public ConcurrentDictionary<Guid, int> Deliveries { get; } = new();
}

public sealed class ReportReceivedProbe(NpgsqlDataSource dataSource, ProbeRecorder recorder) : InboxConsumer<ReportReceived>(dataSource)
{
    protected override async Task HandleAsync(ConsumeContext<ReportReceived> context, NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        await connection.ExecuteAsync("insert into probe_handled (report_id, message_id) values (@reportId, @messageId)",
            new { reportId = context.Message.ReportId, messageId = context.MessageId }, transaction);
        recorder.RawBodies.Enqueue(context.ReceiveContext.Body.GetString());
    }

    // Counted once committed: an attempt cut off by the broker stopping rolls back and is delivered again.
    protected override void Committed(ConsumeContext<ReportReceived> context) =>
        recorder.Handled.AddOrUpdate(context.Message.ReportId, 1, (_, n) => n + 1);
}
