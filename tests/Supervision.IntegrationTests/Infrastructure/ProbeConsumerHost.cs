using System.Collections.Concurrent;
using Dapper;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Supervision.Contracts.Events.Intake;
using Supervision.Contracts.Events.Routing;
using Supervision.Platform;
using Supervision.ServiceDefaults.Data;
using Supervision.ServiceDefaults.Messaging;
using Supervision.ServiceDefaults;

namespace Supervision.IntegrationTests.Infrastructure;

/// <summary>
/// A consumer of ReportReceived in its own host, wired exactly like a service's (the platform's
/// messaging and inbox), on the real broker and a real database: what a downstream service sees.
/// Beside it, a recorder of every other event on the broker, as it crossed the wire.
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
        builder.AddServiceMessaging("probe", consumers => consumers.Add<ReportReceivedProbe>().Add<BrokerEventRecorder>());
        builder.Services.AddConsumeObserver<ProbeDeliveryObserver>();
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

    /// <summary>Waits until the probe's inbox consumer was handed <paramref name="times"/> copies of the report's event, handled or dropped.</summary>
    public async Task WaitUntilDeliveredAsync(Guid reportId, int times, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Recorder.Deliveries.GetValueOrDefault(reportId) < times)
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Report {reportId}: {Recorder.Deliveries.GetValueOrDefault(reportId)} delivery(ies) within {timeout}, expected {times}.");
            }
            await Task.Delay(100);
        }
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

/// <summary>What the probe saw: deliveries and handled counts per report, and the raw bodies that crossed the broker.</summary>
public sealed class ProbeRecorder
{
    /// <summary>Committed handlings of ReportReceived per report: 1 when every copy was handled once.</summary>
    public ConcurrentDictionary<Guid, int> Handled { get; } = new();
    /// <summary>Raw bodies of the ReportReceived events the probe handled.</summary>
    public ConcurrentQueue<string> RawBodies { get; } = new();
    /// <summary>Copies of ReportReceived handed to the probe's inbox consumer per report, whether handled or dropped.</summary>
    public ConcurrentDictionary<Guid, int> Deliveries { get; } = new();
    /// <summary>Raw bodies of every other event (routing's case events, supplements, answers, directory changes).</summary>
    public ConcurrentQueue<(Type Type, string Body)> EventBodies { get; } = new();
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

/// <summary>Counts every delivery of ReportReceived to the probe's inbox consumer, including the copies its inbox drops.</summary>
public sealed class ProbeDeliveryObserver(ProbeRecorder recorder) : IConsumeObserver
{
    public Task PreConsume<T>(ConsumeContext<T> context) where T : class => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context) where T : class
    {
        Count(context);
        return Task.CompletedTask;
    }

    public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception) where T : class
    {
        Count(context);
        return Task.CompletedTask;
    }

    private void Count<T>(ConsumeContext<T> context) where T : class
    {
        if (context.Message is ReportReceived received)
        {
            recorder.Deliveries.AddOrUpdate(received.ReportId, 1, (_, n) => n + 1);
        }
    }
}

/// <summary>
/// Keeps the raw body of every event other than ReportReceived (which <see cref="ReportReceivedProbe"/> keeps),
/// so tests can check what crossed the broker. <see cref="RecordedTypes"/> lets a test notice an event added later.
/// </summary>
public sealed class BrokerEventRecorder(ProbeRecorder recorder) :
    IConsumer<CaseOpened>, IConsumer<CaseAssigned>, IConsumer<CaseAwaitingDispatch>, IConsumer<CaseNotified>,
    IConsumer<CaseAcknowledged>, IConsumer<CaseOverdue>, IConsumer<CaseEscalated>, IConsumer<CaseTransferred>,
    IConsumer<CaseConcluded>, IConsumer<ReporterQuestionAsked>, IConsumer<FeedbackGiven>, IConsumer<ReporterRespondedToResult>,
    IConsumer<CaseDisputed>, IConsumer<CaseReopened>, IConsumer<CaseClosed>, IConsumer<ReportSupplemented>, IConsumer<DirectoryChanged>,
    IConsumer<ElectionPeriodSet>, IConsumer<ElectionPeriodDeleted>
{
    public static IEnumerable<Type> RecordedTypes => typeof(BrokerEventRecorder).GetInterfaces()
        .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IConsumer<>)).Select(i => i.GetGenericArguments()[0]);

    public Task Consume(ConsumeContext<CaseOpened> context) => Record(context);
    public Task Consume(ConsumeContext<CaseAssigned> context) => Record(context);
    public Task Consume(ConsumeContext<CaseAwaitingDispatch> context) => Record(context);
    public Task Consume(ConsumeContext<CaseNotified> context) => Record(context);
    public Task Consume(ConsumeContext<CaseAcknowledged> context) => Record(context);
    public Task Consume(ConsumeContext<CaseOverdue> context) => Record(context);
    public Task Consume(ConsumeContext<CaseEscalated> context) => Record(context);
    public Task Consume(ConsumeContext<CaseTransferred> context) => Record(context);
    public Task Consume(ConsumeContext<CaseConcluded> context) => Record(context);
    public Task Consume(ConsumeContext<ReporterQuestionAsked> context) => Record(context);
    public Task Consume(ConsumeContext<FeedbackGiven> context) => Record(context);
    public Task Consume(ConsumeContext<ReporterRespondedToResult> context) => Record(context);
    public Task Consume(ConsumeContext<CaseDisputed> context) => Record(context);
    public Task Consume(ConsumeContext<CaseReopened> context) => Record(context);
    public Task Consume(ConsumeContext<CaseClosed> context) => Record(context);
    public Task Consume(ConsumeContext<ReportSupplemented> context) => Record(context);
    public Task Consume(ConsumeContext<DirectoryChanged> context) => Record(context);
    public Task Consume(ConsumeContext<ElectionPeriodSet> context) => Record(context);
    public Task Consume(ConsumeContext<ElectionPeriodDeleted> context) => Record(context);

    private Task Record<T>(ConsumeContext<T> context) where T : class
    {
        recorder.EventBodies.Enqueue((typeof(T), context.ReceiveContext.Body.GetString()));
        return Task.CompletedTask;
    }
}
