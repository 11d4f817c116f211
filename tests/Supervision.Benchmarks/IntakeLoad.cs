using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;
using Supervision.Intake.V1;

namespace Supervision.Benchmarks;

/// <summary>Submits reports to intake as an intake clerk, over one gRPC channel.</summary>
public sealed class IntakeLoad : IDisposable
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);
    private readonly GrpcChannel _channel;
    private readonly ReportIntake.ReportIntakeClient _client;
    private readonly Metadata _headers;
    // Warm-up and measured submissions take sequence numbers from one counter so the mix never repeats.
    private int _sequence;

    public IntakeLoad(Uri address, string bearerToken)
    {
        // One channel multiplexes all calls on HTTP/2; more connections only open past the server's stream limit.
        _channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true },
        });
        _client = new ReportIntake.ReportIntakeClient(_channel);
        // A staff caller: the public per-caller rate limit would otherwise cap the run, and only staff may use hotline, letter and visit.
        _headers = new Metadata { { "authorization", $"Bearer {bearerToken}" } };
    }

    public async Task<PhaseResult> RunAsync(string phase, int reports, int concurrency, CancellationToken ct)
    {
        var recorder = new LatencyRecorder();
        var elapsed = await LoadRunner.RunAsync(reports, concurrency, async (_, token) =>
        {
            var request = NextReport();
            var started = Stopwatch.GetTimestamp();
            try
            {
                await SubmitAsync(request, token);
                recorder.Succeeded(started);
            }
            catch (RpcException e)
            {
                recorder.Failed(e.StatusCode.ToString());
            }
        }, ct);
        return recorder.Summarize(phase, elapsed);
    }

    /// <summary>The next report of the mix; built apart from <see cref="SubmitAsync"/> so callers can start the clock between the two.</summary>
    public SubmitReportRequest NextReport() => SampleReports.Create(Interlocked.Increment(ref _sequence));

    public async Task<SubmitReportResponse> SubmitAsync(SubmitReportRequest request, CancellationToken ct) =>
        await _client.SubmitReportAsync(request, _headers, DateTime.UtcNow + CallTimeout, ct);

    /// <summary>A reporter's read: the status of a report by its receipt code.</summary>
    public async Task<ReportStatus> ReadStatusAsync(string receiptCode, CancellationToken ct) =>
        await _client.GetReportStatusAsync(new GetReportStatusRequest { ReceiptCode = receiptCode }, _headers, DateTime.UtcNow + CallTimeout, ct);

    public void Dispose() => _channel.Dispose();
}
