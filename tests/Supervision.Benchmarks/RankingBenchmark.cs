using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Grpc.Core;
using Grpc.Net.Client;
using Supervision.DevTokens;
using Supervision.Evaluation.V1;
using Supervision.Platform;

namespace Supervision.Benchmarks;

/// <summary>
/// <c>./run.sh bench ranking [--members N --units N --scores-per-member N --rate R --evaluation URL]</c>: the live ranking
/// against the running platform. As a city evaluation officer it opens a scoring session of its own (a new one every run,
/// left open so that no consequence rule fires) over the demo city's units of the departments sheet, opens a
/// <c>WatchRanking</c> stream, and has the demo panel's serving members submit scores at a steady rate (open loop), each
/// member scoring distinct units. For each score it measures the delay from the moment <c>SubmitScore</c> returned OK (and,
/// in a second row, from the moment it was sent) to the first update whose count of scores includes it.
/// </summary>
/// <remarks>
/// Matching: every update carries the session's count of scores, computed from the database after a commit, and the
/// publishing script drops stale states; the k-th score to return OK is taken as reflected by the first update counting at
/// least k. At a steady rate the calls rarely overlap, so completion order is commit order; where two overlap the pair may be
/// swapped, which moves each by the gap between them. An update that arrives before the call's response counts as 0 ms from OK.
/// </remarks>
public static class RankingBenchmark
{
    private const string Sheet = "departments-2026";
    private static readonly string[] SheetUnitKinds = ["department", "government", "township-government"];
    private static readonly string[] Criteria = ["service", "efficiency", "integrity", "openness"];

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken ct)
    {
        if (RankingOptions.Parse(args, error) is not { } options)
        {
            return 2;
        }
        var loadBefore = LoadAverage();
        var token = DevelopmentTokens.Mint(DevelopmentSettings.SigningKey(), "benchmark", [Roles.EvaluationOfficer], "370800", TimeSpan.FromHours(2));
        var headers = new Metadata { { "authorization", "Bearer " + token } };
        using var channel = GrpcChannel.ForAddress(options.Evaluation);
        var panel = new Panel.PanelClient(channel);
        var scoring = new Scoring.ScoringClient(channel);
        var live = new LiveRanking.LiveRankingClient(channel);

        var members = await ServingMembersAsync(panel, headers, options.Members, ct);
        var units = SheetUnits().Take(options.Units).ToList();
        if (members.Count == 0)
        {
            error.WriteLine($"No serving members at {options.Evaluation}; is ./run.sh running with the demo panel?");
            return 1;
        }
        // A member scores a unit at most once: more scores per member than units cannot be.
        var perMember = Math.Min(options.ScoresPerMember, units.Count);
        error.WriteLine($"{members.Count} serving members (asked {options.Members}), {units.Count} units of {Sheet} (asked {options.Units}), {perMember} each");

        var session = await scoring.OpenSessionAsync(new OpenSessionRequest
        {
            SheetId = Sheet, Title = "直播排名基准测试 " + DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), UnitIds = { units },
        }, headers, cancellationToken: ct);
        error.WriteLine($"session {session.SessionId}");

        var total = members.Count * perMember;
        var okAt = new long[total];
        var sentAt = new long[total];
        var seenAt = new long[total + 1];
        var updates = 0;
        var completed = 0;
        var seen = 0;
        var gate = new Lock();
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var stream = live.WatchRanking(new WatchRankingRequest { SessionId = session.SessionId }, cancellationToken: watching.Token);
        if (!await stream.ResponseStream.MoveNext(ct))
        {
            error.WriteLine("The ranking stream ended before its opening state.");
            return 1;
        }
        var watcher = Task.Run(async () =>
        {
            try
            {
                while (await stream.ResponseStream.MoveNext(watching.Token))
                {
                    var now = Stopwatch.GetTimestamp();
                    lock (gate)
                    {
                        updates++;
                        for (var k = seen + 1; k <= Math.Min(stream.ResponseStream.Current.Scores, total); k++)
                        {
                            seenAt[k] = now;
                        }
                        seen = Math.Max(seen, Math.Min(stream.ResponseStream.Current.Scores, total));
                    }
                }
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled)
            {
            }
        }, CancellationToken.None);

        var calls = new LatencyRecorder();
        var started = Stopwatch.GetTimestamp();
        var inFlight = new List<Task>(total);
        await foreach (var i in new RateSchedule(options.Rate, total).DueAsync(ct))
        {
            inFlight.Add(SubmitAsync(i));
        }
        await Task.WhenAll(inFlight);
        var elapsed = Stopwatch.GetElapsedTime(started);
        // Every score that returned OK is waited for, for at most 60 s after the last call.
        var patience = Stopwatch.GetTimestamp();
        while (Volatile.Read(ref seen) < Volatile.Read(ref completed) && Stopwatch.GetElapsedTime(patience) < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(50, ct);
        }
        await watching.CancelAsync();
        await watcher;

        var fromOk = new List<double>();
        var fromSent = new List<double>();
        var beforeOk = 0;
        lock (gate)
        {
            for (var k = 1; k <= Math.Min(seen, completed); k++)
            {
                var fromOkMs = (seenAt[k] - okAt[k - 1]) * 1000.0 / Stopwatch.Frequency;
                beforeOk += fromOkMs < 0 ? 1 : 0;
                fromOk.Add(Math.Max(0, fromOkMs));
                fromSent.Add((seenAt[k] - sentAt[k - 1]) * 1000.0 / Stopwatch.Frequency);
            }
        }
        var callResult = calls.Summarize("SubmitScore call (sent → OK)", elapsed);
        output.WriteLine("Supervision live-ranking benchmark");
        output.WriteLine($"machine:    {Environment.ProcessorCount} processors, {RuntimeInformation.OSDescription}, .NET {Environment.Version}; load average {loadBefore} before, {LoadAverage()} after");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"parameters: members={members.Count} units={units.Count} scores-per-member={perMember} rate={options.Rate}/s evaluation={options.Evaluation} session={session.SessionId}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"watcher:    {updates} updates; {Math.Min(seen, completed)} of {completed} OK scores seen; {beforeOk} seen before their OK returned"));
        output.WriteLine();
        output.WriteLine("| measure | scores | per second | p50 ms | p95 ms | p99 ms | max ms | failed |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---|");
        output.WriteLine(Row(callResult.Phase, callResult.Succeeded, callResult.PerSecond,
            [callResult.P50, callResult.P95, callResult.P99, callResult.Max], string.Join(", ", callResult.Failures.Select(f => $"{f.Key}={f.Value}"))));
        output.WriteLine(Row("score → watcher, from SubmitScore OK", fromOk.Count, callResult.PerSecond, Percentiles(fromOk), $"unseen={completed - fromOk.Count}"));
        output.WriteLine(Row("score → watcher, from SubmitScore sent", fromSent.Count, callResult.PerSecond, Percentiles(fromSent), $"unseen={completed - fromSent.Count}"));
        return callResult.Failed == 0 && fromOk.Count == completed ? 0 : 1;

        async Task SubmitAsync(int index)
        {
            var member = members[index % members.Count];
            var unitIndex = (index % members.Count * perMember + index / members.Count) % units.Count;
            var unit = units[unitIndex];
            var request = new SubmitScoreRequest { SessionId = session.SessionId, MemberId = member, UnitId = unit };
            // Each unit its own level, each member a little off it: a ranking that moves as scores come in.
            var level = 60 + unitIndex * 7 % 30 + index % 7;
            foreach (var criterion in Criteria)
            {
                request.Criteria[criterion] = Math.Min(100, level);
            }
            var sent = Stopwatch.GetTimestamp();
            try
            {
                await scoring.SubmitScoreAsync(request, headers, cancellationToken: ct);
                var now = Stopwatch.GetTimestamp();
                calls.Succeeded(sent);
                lock (gate)
                {
                    okAt[completed] = now;
                    sentAt[completed] = sent;
                    completed++;
                }
            }
            catch (RpcException e)
            {
                calls.Failed(e.StatusCode.ToString());
            }
        }
    }

    private static string Row(string measure, int count, double perSecond, double[] percentiles, string failed) =>
        string.Create(CultureInfo.InvariantCulture,
            $"| {measure} | {count} | {perSecond:F1} | {percentiles[0]:F1} | {percentiles[1]:F1} | {percentiles[2]:F1} | {percentiles[3]:F1} | {failed} |");

    // Nearest rank, as LatencyRecorder: every value reported was measured.
    private static double[] Percentiles(List<double> values)
    {
        var sorted = values.Order().ToArray();
        double At(int percent) => sorted.Length == 0 ? 0 : sorted[Math.Max(0, (int)Math.Ceiling(percent / 100.0 * sorted.Length) - 1)];
        return [At(50), At(95), At(99), sorted.LastOrDefault()];
    }

    private static async Task<List<string>> ServingMembersAsync(Panel.PanelClient panel, Metadata headers, int wanted, CancellationToken ct)
    {
        var members = new List<string>();
        var page = "";
        do
        {
            var reply = await panel.ListMembersAsync(new ListMembersRequest { Status = MemberStatus.Serving, PageSize = 500, PageToken = page },
                headers, cancellationToken: ct);
            members.AddRange(reply.Members.Select(m => m.MemberId));
            page = reply.NextPageToken;
        } while (page.Length > 0 && members.Count < wanted);
        return members.Take(wanted).ToList();
    }

    /// <summary>The demo city's units the departments sheet scores, by id: the same list on every run.</summary>
    private static IEnumerable<string> SheetUnits()
    {
        using var city = JsonDocument.Parse(File.ReadAllText(FindDemoCity()));
        return city.RootElement.GetProperty("units").EnumerateArray()
            .Where(u => SheetUnitKinds.Contains(u.GetProperty("kind").GetString()))
            .Select(u => u.GetProperty("id").GetString()!)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static string FindDemoCity()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "data", "demo-city", "jining.json");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException("data/demo-city/jining.json not found above " + AppContext.BaseDirectory);
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
