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
    private readonly GrpcChannel _channel;
    private readonly CaseHandling.CaseHandlingClient _client;
    private readonly Metadata _headers;

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
    /// Polls every <see cref="PollInterval"/> until the report's case has a lead unit or waits for a dispatcher,
    /// or <paramref name="deadline"/> passes. Errors other than NOT_FOUND end the watch as <see cref="RpcException"/>.
    /// </summary>
    public async Task<Placement> WaitAsync(string reportId, DateTime deadline, CancellationToken ct)
    {
        var request = new GetCaseByReportRequest { ReportId = reportId };
        using var timer = new PeriodicTimer(PollInterval);
        do
        {
            try
            {
                var found = await _client.GetCaseByReportAsync(request, _headers, deadline, ct);
                if (found.State >= CaseState.Assigned && found.LeadUnitId.Length > 0)
                {
                    return Placement.Assigned;
                }
                if (found.State == CaseState.AwaitingDispatch)
                {
                    return Placement.AwaitingDispatch;
                }
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
            {
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.DeadlineExceeded)
            {
                return Placement.TimedOut;
            }
        } while (DateTime.UtcNow < deadline && await timer.WaitForNextTickAsync(ct));
        return Placement.TimedOut;
    }

    public void Dispose() => _channel.Dispose();
}
