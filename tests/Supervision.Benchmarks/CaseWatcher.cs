using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Net.Client;
using Supervision.Routing.V1;

namespace Supervision.Benchmarks;

/// <summary>How far routing has taken a report's case when the watch ends.</summary>
public enum Placement
{
    Assigned,
    AwaitingDispatch,
    TimedOut,
}

/// <summary>Watches reports become cases in routing, as a city supervisor, over one gRPC channel.</summary>
public sealed class CaseWatcher : IDisposable
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);
    private const int MostReportsPerLookup = 100;
    private readonly GrpcChannel _channel;
    private readonly CaseHandling.CaseHandlingClient _client;
    private readonly Metadata _headers;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<Placement>> _watches = new();
    private readonly CancellationTokenSource _stop = new();
    private Task? _polling;

    public CaseWatcher(Uri address, string bearerToken)
    {
        _channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true },
        });
        _client = new CaseHandling.CaseHandlingClient(_channel);
        _headers = new Metadata { { "authorization", $"Bearer {bearerToken}" } };
    }

    /// <summary>Null if routing answers GetCaseByReport as expected; otherwise the status it gave instead.</summary>
    public async Task<Status?> ProbeAsync(CancellationToken ct)
    {
        try
        {
            // A report id no case holds: NOT_FOUND is the healthy answer, and proves the token is accepted.
            await _client.GetCaseByReportAsync(new GetCaseByReportRequest { ReportId = Guid.NewGuid().ToString() },
                _headers, DateTime.UtcNow + ProbeTimeout, ct);
            return null;
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            return null;
        }
        catch (RpcException e)
        {
            return e.Status;
        }
    }

    /// <summary>
    /// Waits until the report's case has a lead unit or waits for a dispatcher, or <paramref name="deadline"/> passes.
    /// Every report being waited for is looked up together, 100 to a call, every <see cref="PollInterval"/>
    /// (<c>ListCasesByReports</c>): the watching costs routing one call per hundred reports per interval, however many
    /// are outstanding, where a call per report made a slow routing slower still. A lookup that fails with another
    /// status than DEADLINE_EXCEEDED ends the watches it held as that <see cref="RpcException"/>.
    /// </summary>
    public async Task<Placement> WaitAsync(string reportId, DateTime deadline, CancellationToken ct)
    {
        var watch = new TaskCompletionSource<Placement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _watches[reportId] = watch;
        EnsurePolling();
        try
        {
            var left = deadline - DateTime.UtcNow;
            return left <= TimeSpan.Zero ? Placement.TimedOut : await watch.Task.WaitAsync(left, ct);
        }
        catch (TimeoutException)
        {
            return Placement.TimedOut;
        }
        finally
        {
            _watches.TryRemove(new KeyValuePair<string, TaskCompletionSource<Placement>>(reportId, watch));
        }
    }

    private void EnsurePolling()
    {
        lock (_watches)
        {
            _polling ??= Task.Run(() => PollAsync(_stop.Token));
        }
    }

    private async Task PollAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(PollInterval);
        while (await timer.WaitForNextTickAsync(ct))
        {
            var batches = _watches.Keys.Chunk(MostReportsPerLookup).Select(batch => LookUpAsync(batch, ct));
            await Task.WhenAll(batches);
        }
    }

    private async Task LookUpAsync(string[] reportIds, CancellationToken ct)
    {
        try
        {
            var found = await _client.ListCasesByReportsAsync(new ListCasesByReportsRequest { ReportIds = { reportIds } }, _headers,
                DateTime.UtcNow + ProbeTimeout, ct);
            foreach (var placement in found.Placements)
            {
                var placed = placement.Case.State >= CaseState.Assigned && placement.Case.LeadUnitId.Length > 0 ? Placement.Assigned
                    : placement.Case.State == CaseState.AwaitingDispatch ? Placement.AwaitingDispatch
                    : (Placement?)null;
                if (placed is { } done && _watches.TryGetValue(placement.ReportId, out var watch))
                {
                    watch.TrySetResult(done);
                }
            }
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.DeadlineExceeded || ct.IsCancellationRequested)
        {
        }
        catch (RpcException e)
        {
            foreach (var reportId in reportIds)
            {
                if (_watches.TryGetValue(reportId, out var watch))
                {
                    watch.TrySetException(e);
                }
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _channel.Dispose();
        _stop.Dispose();
    }
}
