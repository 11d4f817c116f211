using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;
using Supervision.Benchmarks;
using Supervision.Intake.V1;
using Supervision.Platform;
using Supervision.Routing.V1;

namespace Supervision.Chaos.Tests;

/// <summary>How many reports, how fast, and the faults to inject while they are submitted.</summary>
public sealed record ChaosOptions(int Reports, double Rate, IReadOnlyList<Fault> Faults)
{
    /// <summary>How long the client keeps retrying one report before it gives up on it.</summary>
    public TimeSpan GiveUpAfter { get; init; } = TimeSpan.FromMinutes(5);
    /// <summary>How long every acknowledged report has, after the faults end, to become a placed case.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromMinutes(5);
}

/// <summary>A fault injected during the run, by name.</summary>
public sealed record Fault(string Name, Func<CancellationToken, Task> InjectAsync);

/// <summary>What one fault took, from its start until the platform was running again.</summary>
public sealed record FaultTaken(string Name, TimeSpan At, TimeSpan Took);

/// <summary>
/// The fault ledger: submits reports at a steady rate, each with its own idempotency key, retrying UNAVAILABLE and
/// deadline errors with the same key, while the faults are injected one after another; then waits for the backlog to
/// drain and checks through the public APIs that every acknowledged report has exactly one case and that every due
/// election timer fired exactly once.
/// </summary>
public sealed class ChaosRun(IntakeLoad intake, CaseWatcher watcher, Uri intakeAddress, Uri routingAddress, string staffToken, TextWriter progress)
{
    private const int CheckConcurrency = 16;
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);
    private static readonly StatusCode[] Retryable =
        [StatusCode.Unavailable, StatusCode.DeadlineExceeded, StatusCode.ResourceExhausted, StatusCode.Aborted, StatusCode.Internal, StatusCode.Unknown];

    public async Task<ChaosResult> RunAsync(ChaosOptions options, CancellationToken ct)
    {
        // A warm-up outside the ledger: the first calls open connections and compile the hot path.
        var warmUp = new ChaosLedger();
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => SubmitAsync(warmUp, options.GiveUpAfter, ct)));
        progress.WriteLine($"chaos: warm-up: {warmUp.Acknowledged} of 20 acknowledged");
        var ledger = new ChaosLedger();
        var started = Stopwatch.GetTimestamp();
        var submissions = new List<Task>(options.Reports);
        using var reporting = new CancellationTokenSource();
        var reporter = ReportProgressAsync(ledger, submissions, options.Reports, started, reporting.Token);
        // The reports go in one batch per fault and one more; each fault starts halfway through its batch, and the next
        // batch waits for the platform to be back, so every fault strikes while reports are arriving.
        var taken = new List<FaultTaken>();
        var batches = options.Faults.Count + 1;
        for (var batch = 0; batch < batches; batch++)
        {
            var size = options.Reports / batches + (batch < options.Reports % batches ? 1 : 0);
            var fault = batch < options.Faults.Count ? options.Faults[batch] : null;
            Task<FaultTaken>? injected = null;
            var sent = 0;
            await foreach (var _ in new RateSchedule(options.Rate, size).DueAsync(ct))
            {
                lock (submissions)
                {
                    submissions.Add(SubmitAsync(ledger, options.GiveUpAfter, ct));
                }
                if (++sent == size / 2 && fault is not null)
                {
                    injected = InjectAsync(fault, started, ct);
                }
            }
            if (injected is not null)
            {
                taken.Add(await injected);
            }
        }
        await Task.WhenAll(submissions);
        await reporting.CancelAsync();
        await reporter;
        var submitted = Stopwatch.GetElapsedTime(started);
        progress.WriteLine($"chaos: submissions and faults over after {submitted.TotalSeconds:F0} s; {ledger.Acknowledged} acknowledged; draining");

        using var intakeChannel = GrpcChannel.ForAddress(intakeAddress);
        using var routingChannel = GrpcChannel.ForAddress(routingAddress);
        var headers = new Metadata { { "authorization", $"Bearer {staffToken}" } };
        var reports = new ReportAdministration.ReportAdministrationClient(intakeChannel);
        var cases = new CaseHandling.CaseHandlingClient(routingChannel);

        var drainStarted = Stopwatch.GetTimestamp();
        var placements = await PlaceAllAsync(ledger, options.DrainTimeout, ct);
        var drain = Stopwatch.GetElapsedTime(drainStarted);
        var unplaced = placements.Where(p => p.Value == Placement.TimedOut).Select(p => p.Key).ToList();
        var lost = await UnknownToIntakeAsync(reports, headers, unplaced, ledger, ct);

        var allCases = await AllCasesAsync(cases, headers, ledger, ct);
        var timers = await CheckElectionTimersAsync(cases, headers, allCases, ledger, ct);
        var casesByReport = allCases.SelectMany(c => c.ReportIds.Select(r => (Report: r, Case: c.CaseId)))
            .GroupBy(x => x.Report).ToDictionary(g => g.Key, g => g.Select(x => x.Case).Distinct().Count());
        var acknowledged = ledger.ReportIds;
        var duplicated = acknowledged.Count(r => casesByReport.GetValueOrDefault(r) > 1) + ledger.ConflictingAcknowledgements;
        var withoutCase = acknowledged.Count(r => casesByReport.GetValueOrDefault(r) == 0);
        return new ChaosResult(options.Reports, ledger.Acknowledged, ledger.Abandoned, lost.Count, duplicated,
            Stuck: withoutCase - lost.Count, drain, submitted, taken, ledger.Errors, timers);
    }

    private async Task SubmitAsync(ChaosLedger ledger, TimeSpan giveUpAfter, CancellationToken ct)
    {
        var request = intake.NextReport();
        var giveUpAt = DateTime.UtcNow + giveUpAfter;
        var backoff = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                ledger.Acknowledge(request.IdempotencyKey, (await intake.SubmitAsync(request, ct)).ReportId);
                return;
            }
            catch (RpcException e)
            {
                ledger.Error("SubmitReport", e.StatusCode);
                if (!Retryable.Contains(e.StatusCode) || DateTime.UtcNow > giveUpAt)
                {
                    ledger.Abandon();
                    return;
                }
            }
            await Task.Delay(backoff, ct);
            backoff = TimeSpan.FromMilliseconds(Math.Min(2000, backoff.TotalMilliseconds * 2));
        }
    }

    private async Task ReportProgressAsync(ChaosLedger ledger, List<Task> submissions, int reports, long started, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(10));
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                int count;
                lock (submissions)
                {
                    count = submissions.Count;
                }
                progress.WriteLine($"chaos: {Stopwatch.GetElapsedTime(started).TotalSeconds:F0} s: {count} of {reports} submitted, "
                    + $"{ledger.Acknowledged} acknowledged; errors so far: {string.Join(", ", ledger.Errors.Select(e => $"{e.Key} {e.Value}"))}");
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task<FaultTaken> InjectAsync(Fault fault, long started, CancellationToken ct)
    {
        var at = Stopwatch.GetElapsedTime(started);
        progress.WriteLine($"chaos: at {at.TotalSeconds:F0} s: {fault.Name}");
        await fault.InjectAsync(ct);
        var took = Stopwatch.GetElapsedTime(started) - at;
        progress.WriteLine($"chaos: back after {took.TotalSeconds:F1} s: {fault.Name}");
        return new FaultTaken(fault.Name, at, took);
    }

    // Every acknowledged report polled until routing has placed its case (a lead unit, or a dispatcher's queue).
    private async Task<IReadOnlyDictionary<string, Placement>> PlaceAllAsync(ChaosLedger ledger, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        var placements = new ConcurrentDictionary<string, Placement>();
        await Parallel.ForEachAsync(ledger.ReportIds, new ParallelOptions { MaxDegreeOfParallelism = CheckConcurrency, CancellationToken = ct }, async (id, token) =>
        {
            while (true)
            {
                try
                {
                    placements[id] = await watcher.WaitAsync(id, deadline, token);
                    return;
                }
                catch (RpcException e) when (DateTime.UtcNow < deadline)
                {
                    // Routing restarting: ask again.
                    ledger.Error("GetCaseByReport", e.StatusCode);
                    await Task.Delay(CaseWatcher.PollInterval, token);
                }
                catch (RpcException)
                {
                    placements[id] = Placement.TimedOut;
                    return;
                }
            }
        });
        return placements;
    }

    // Of the reports without a case, those intake does not know at all: acknowledged but not committed.
    private static async Task<IReadOnlyList<string>> UnknownToIntakeAsync(ReportAdministration.ReportAdministrationClient reports, Metadata headers,
        IReadOnlyList<string> reportIds, ChaosLedger ledger, CancellationToken ct)
    {
        var unknown = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(reportIds, new ParallelOptions { MaxDegreeOfParallelism = CheckConcurrency, CancellationToken = ct }, async (id, token) =>
        {
            try
            {
                await RetryAsync("GetReport", ledger, () => reports.GetReportAsync(new GetReportRequest { ReportId = id }, headers, DateTime.UtcNow + CallTimeout, token).ResponseAsync, token);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
            {
                unknown.Add(id);
            }
            catch (RpcException e)
            {
                ledger.Error("GetReport", e.StatusCode);
            }
        });
        return [.. unknown];
    }

    // Every case of the city: the cases of units in the city's jurisdiction, and the cases still in a dispatch queue.
    private static async Task<IReadOnlyList<Case>> AllCasesAsync(CaseHandling.CaseHandlingClient cases, Metadata headers, ChaosLedger ledger, CancellationToken ct)
    {
        var ids = new HashSet<string>();
        var token = "";
        do
        {
            var request = new ListCasesRequest { PageSize = 200, PageToken = token };
            var page = await RetryAsync("ListCases", ledger, () => cases.ListCasesAsync(request, headers, DateTime.UtcNow + CallTimeout, ct).ResponseAsync, ct);
            ids.UnionWith(page.Cases.Select(c => c.CaseId));
            token = page.NextPageToken;
        } while (token.Length > 0);
        do
        {
            var request = new ListDispatchQueueRequest { DivisionCode = CityDivision, PageSize = 200, PageToken = token };
            var page = await RetryAsync("ListDispatchQueue", ledger, () => cases.ListDispatchQueueAsync(request, headers, DateTime.UtcNow + CallTimeout, ct).ResponseAsync, ct);
            ids.UnionWith(page.Cases.Select(c => c.CaseId));
            token = page.NextPageToken;
        } while (token.Length > 0);
        return await GetCasesAsync(cases, headers, ids, ledger, ct);
    }

    private static async Task<IReadOnlyList<Case>> GetCasesAsync(CaseHandling.CaseHandlingClient cases, Metadata headers, IEnumerable<string> ids,
        ChaosLedger ledger, CancellationToken ct)
    {
        var found = new ConcurrentBag<Case>();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = CheckConcurrency, CancellationToken = ct }, async (id, token) =>
        {
            try
            {
                found.Add(await RetryAsync("GetCase", ledger, () => cases.GetCaseAsync(new GetCaseRequest { CaseId = id }, headers, DateTime.UtcNow + CallTimeout, token).ResponseAsync, token));
            }
            catch (RpcException e)
            {
                ledger.Error("GetCase", e.StatusCode);
            }
        });
        return [.. found];
    }

    /// <summary>
    /// Waits until every election task's acknowledgement deadline has passed by two polls and a margin, then reads each
    /// election case again: a due deadline that never fired leaves the task not overdue; one that fired twice leaves
    /// two identical overdue entries (same unit, same deadline) on the timeline.
    /// </summary>
    private async Task<TimerCheck> CheckElectionTimersAsync(CaseHandling.CaseHandlingClient cases, Metadata headers, IReadOnlyList<Case> allCases,
        ChaosLedger ledger, CancellationToken ct)
    {
        var election = allCases.Where(c => c.ElectionClock).ToList();
        var latest = election.SelectMany(c => c.Tasks).Where(t => t.AcknowledgeBy is not null).Select(t => t.AcknowledgeBy.ToDateTimeOffset())
            .DefaultIfEmpty(DateTimeOffset.UtcNow).Max();
        var settled = latest + 2 * ChaosPlatform.DeadlinePoll + TimeSpan.FromSeconds(5);
        if (settled > DateTimeOffset.UtcNow)
        {
            progress.WriteLine($"chaos: waiting {(settled - DateTimeOffset.UtcNow).TotalSeconds:F0} s for the last election deadline to pass");
            await Task.Delay(settled - DateTimeOffset.UtcNow, ct);
        }
        var reread = await GetCasesAsync(cases, headers, election.Select(c => c.CaseId), ledger, ct);
        int due = 0, missed = 0, duplicated = 0;
        var examples = new List<string>();
        foreach (var found in reread)
        {
            var tasksDue = found.Tasks.Where(t => t.AcknowledgeBy is not null && t.AcknowledgeBy.ToDateTimeOffset() < settled).ToList();
            var caseMissed = tasksDue.Count(t => !t.Overdue && t.State == "assigned");
            var caseDuplicated = found.Timeline.Where(e => e.Kind == "overdue").GroupBy(e => (e.UnitId, e.Description)).Sum(g => g.Count() - 1);
            due += tasksDue.Count;
            missed += caseMissed;
            duplicated += caseDuplicated;
            if ((caseMissed > 0 && examples.Count(e => e.StartsWith("missed", StringComparison.Ordinal)) < 2
                 || caseDuplicated > 0 && examples.Count(e => e.StartsWith("fired twice", StringComparison.Ordinal)) < 2))
            {
                examples.Add($"{(caseMissed > 0 ? "missed" : "fired twice")}: case {found.CaseId} ({found.State}): tasks "
                    + string.Join("; ", found.Tasks.Select(t => $"{t.UnitId} lead={t.Lead} {t.State} ack by {t.AcknowledgeBy?.ToDateTimeOffset():O} overdue={t.Overdue}"))
                    + "\n  timeline: " + string.Join("\n  ", found.Timeline.Select(e => $"{e.At.ToDateTimeOffset():O} {e.Kind} {e.UnitId} {e.Actor}: {e.Description}")));
            }
        }
        return new TimerCheck(election.Count, due, missed, duplicated, examples);
    }

    private const string CityDivision = "370800";

    /// <summary>
    /// A check's call, asked again while the service answers UNAVAILABLE or times out (a server just restarted), for up
    /// to two minutes; each error is counted in the ledger under the call's name.
    /// </summary>
    private static async Task<T> RetryAsync<T>(string call, ChaosLedger ledger, Func<Task<T>> attempt, CancellationToken ct)
    {
        var giveUpAt = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            try
            {
                return await attempt();
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded && DateTime.UtcNow < giveUpAt)
            {
                ledger.Error(call, e.StatusCode);
                await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
            }
        }
    }

    /// <summary>A token for the checks: an intake clerk and oversight officer of the city reads every report and case.</summary>
    public static string CityStaffToken(string signingKey) =>
        DevelopmentTokens.Mint(signingKey, "chaos", [Roles.IntakeClerk, Roles.OversightOfficer], CityDivision, TimeSpan.FromHours(2));
}

/// <summary>The election timers as the check found them.</summary>
public sealed record TimerCheck(int ElectionCases, int Due, int Missed, int Duplicated, IReadOnlyList<string> Examples)
{
    public int FiredOnce => Due - Missed;
}

public sealed record ChaosResult(int Reports, int Acknowledged, int Abandoned, int Lost, int Duplicated, int Stuck, TimeSpan Drain,
    TimeSpan Submitting, IReadOnlyList<FaultTaken> Faults, IReadOnlyDictionary<string, int> Errors, TimerCheck Timers)
{
    public bool Clean => Lost == 0 && Duplicated == 0 && Stuck == 0 && Timers.Missed == 0 && Timers.Duplicated == 0;

    /// <summary>The result as a Markdown table, the README's form.</summary>
    public string ToTable()
    {
        var lines = new List<string>
        {
            "| measure | value |",
            "| --- | --- |",
            $"| reports submitted (own idempotency key each) | {Reports:N0} |",
            $"| acknowledged | {Acknowledged:N0} |",
            $"| given up by the client (never acknowledged) | {Abandoned:N0} |",
            $"| **lost** (acknowledged, unknown to intake) | **{Lost}** |",
            $"| **duplicated** (a report in two cases, or a key with two ids) | **{Duplicated}** |",
            $"| **stuck** (acknowledged, no case after the drain) | **{Stuck}** |",
            $"| election cases / acknowledgement timers due | {Timers.ElectionCases:N0} / {Timers.Due:N0} |",
            $"| election timers fired exactly once / missed / fired twice | {Timers.FiredOnce:N0} / {Timers.Missed} / {Timers.Duplicated} |",
            $"| submitting, with the faults | {Submitting.TotalSeconds:F0} s |",
            $"| drain (faults over → every acknowledged report placed) | {Drain.TotalSeconds:F1} s |",
        };
        lines.AddRange(Faults.Select(f => $"| fault at {f.At.TotalSeconds:F0} s: {f.Name} | back after {f.Took.TotalSeconds:F1} s |"));
        lines.AddRange(Errors.Select(e => $"| errors seen: {e.Key} | {e.Value:N0} |"));
        if (Errors.Count == 0)
        {
            lines.Add("| errors seen | none |");
        }
        return string.Join('\n', lines.Concat(Timers.Examples));
    }
}
