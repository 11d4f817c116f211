using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using Supervision.Inspection.Domain;
using Supervision.Inspection.Extensions;
using Supervision.Reference;
using Supervision.ServiceDefaults.Messaging;
using Supervision.ServiceDefaults.Timers;

namespace Supervision.Inspection.Data;

/// <summary>
/// Loads the demo city's completed tour (<see cref="DemoTour"/>) at startup through the same domain steps as the API, on a
/// clock set to each step's day, so every event (findings, assessments, review, rectification, recommendations, the notice)
/// reaches reporting's ledger with its historical time. Loaded once: both instances may start together, and a session-level
/// advisory lock lets one load while the other waits and then finds the tour there.
/// </summary>
public sealed class DemoTourLoader(IServiceProvider services, NpgsqlDataSource dataSource, ILoggerFactory loggers) : IHostedService
{
    private const string LockKey = "inspection.demo-tour";
    private readonly ILogger _logger = loggers.CreateLogger<DemoTourLoader>();

    public async Task StartAsync(CancellationToken ct)
    {
        await using var lockConnection = await dataSource.OpenConnectionAsync(ct);
        // Polling the lock keeps every statement short: the waiting instance never outlasts a command timeout.
        while (!await lockConnection.ExecuteScalarAsync<bool>(new CommandDefinition("select pg_try_advisory_lock(hashtext(@LockKey))", new { LockKey },
                   cancellationToken: ct)))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
        }
        try
        {
            var clock = new DemoClock(services.GetRequiredService<InspectionRules>());
            await using var steps = DemoSteps(clock);
            await LoadAsync(steps, clock, ct);
        }
        finally
        {
            await lockConnection.ExecuteScalarAsync<bool>(new CommandDefinition("select pg_advisory_unlock(hashtext(@LockKey))", new { LockKey }));
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The domain as the service wires it, on the demo clock, sharing the service's database, outbox, sealer and metrics.</summary>
    private ServiceProvider DemoSteps(TimeProvider clock)
    {
        var collection = new ServiceCollection()
            .AddSingleton(loggers)
            .AddSingleton(typeof(ILogger<>), typeof(Logger<>))
            .AddSingleton(dataSource)
            .AddSingleton(clock)
            .AddSingleton(services.GetRequiredService<CityDirectory>())
            .AddSingleton(services.GetRequiredService<InspectionRules>())
            .AddSingleton(services.GetRequiredService<Outbox>())
            .AddSingleton(services.GetRequiredService<IntervieweeSealer>())
            .AddInspectionRules();
        // The service's own counters, not a second set of gauges on the dashboard.
        collection.AddSingleton(services.GetRequiredService<InspectionMetrics>());
        return collection.BuildServiceProvider();
    }

    private async Task LoadAsync(IServiceProvider steps, DemoClock clock, CancellationToken ct)
    {
        var planning = steps.GetRequiredService<TourPlanningSteps>();
        var work = steps.GetRequiredService<TourWorkSteps>();
        var rectification = steps.GetRequiredService<RectificationSteps>();
        var recommendations = steps.GetRequiredService<RecommendationSteps>();

        clock.On(DemoTour.Days.Chosen);
        await planning.CreatePlanAsync(DemoTour.Plan, DemoTour.LoadedBy, ct);
        if ((await planning.PlanAsync(DemoTour.Plan.Id, ct)).Tours.Any(t => t.Round == DemoTour.Round))
        {
            _logger.LogInformation("Demo tour: already loaded");
            return;
        }
        var target = TourTarget.Find(steps.GetRequiredService<CityDirectory>(), TargetKinds.Division, DemoTour.TargetDivision)
                     ?? throw new InvalidOperationException($"The demo tour's target {DemoTour.TargetDivision} is not a county-level division of the city.");
        var tour = await planning.ChooseTargetAsync(DemoTour.Plan.Id, DemoTour.Round, target, DemoTour.StartsOn, 0, DemoTour.ChoiceReason, DemoTour.PlanStaff, ct);

        clock.On(DemoTour.Days.TeamFormed);
        await planning.FormTeamAsync(tour.Id, DemoTour.Leader, DemoTour.Members, DemoTour.PlanStaff, ct);
        foreach (var member in DemoTour.Members.Prepend(DemoTour.Leader))
        {
            await planning.SignDeclarationAsync(tour.Id, member, ct);
        }

        clock.On(DemoTour.Days.Arrival);
        await steps.GetRequiredService<PreAnnouncements>().PublishAsync(tour.Id, DemoTour.Leader, DemoTour.Announcement, ct);
        var workRecords = new List<Guid>();
        foreach (var entry in DemoTour.WorkRecords)
        {
            clock.On(entry.HeldOn);
            var with = entry.RecordedBy == DemoTour.Leader ? DemoTour.Members[0] : DemoTour.Leader;
            workRecords.Add((await steps.GetRequiredService<WorkRecordSteps>().RecordAsync(tour.Id, entry.RecordedBy,
                new WorkRecordDraft(entry.Kind, entry.HeldOn, [with], entry.CadreIds, entry.Notes, null), ct)).Id);
        }

        clock.On(DemoTour.Days.Findings);
        var findings = new List<Guid>();
        foreach (var entry in DemoTour.Findings)
        {
            findings.Add((await work.RecordFindingAsync(tour.Id, DemoTour.Leader, new FindingRecord(Guid.Empty, tour.Id, entry.Category, entry.Description,
                entry.Evidence, entry.Severity, entry.CadreIds, entry.UnitIds, DemoTour.Leader), ct)).Id);
        }
        foreach (var entry in DemoTour.Assessments)
        {
            await steps.GetRequiredService<AssessmentSteps>().RecordAsync(tour.Id, DemoTour.Leader, new AssessmentRecord(Guid.Empty, tour.Id,
                entry.LeadershipUnitId, entry.CadreId, entry.Grade, entry.Text, entry.Findings.Select(i => findings[i]).ToList(),
                entry.WorkRecords.Select(i => workRecords[i]).ToList(), DemoTour.Leader, default), ct);
        }
        var made = new List<(RecommendationRecord Made, DemoTour.RecommendationEntry Entry)>();
        foreach (var entry in DemoTour.Recommendations)
        {
            made.Add((await recommendations.MakeAsync(tour.Id, DemoTour.Leader, entry.Kind, entry.UnitId, entry.CadreId, entry.Text, ct), entry));
        }

        clock.On(DemoTour.Days.Drafted);
        await work.DraftAsync(tour.Id, DemoTour.Leader, DemoTour.ReportSummary, DemoTour.ReportRecommendations, ct);
        await work.SubmitAsync(tour.Id, DemoTour.Leader, ct);
        clock.On(DemoTour.Days.Reviewed);
        await work.ReviewAsync(tour.Id, returned: false, DemoTour.ReviewNote, DemoTour.CityCommittee, ct);

        clock.On(DemoTour.Days.Feedback);
        var items = await work.HoldFeedbackAsync(tour.Id, DemoTour.Leader, DemoTour.Rectification.Select(r => new RectificationItemDraft(findings[r.Finding],
            r.ResponsibleUnitId, r.ResponsiblePerson, r.Measures, r.Deadline)).ToList(), ct);

        clock.On(DemoTour.Days.Adopted);
        foreach (var item in items)
        {
            await rectification.UpdateAsync(item.Id, item.ResponsibleUnitId, RectificationStates.InProgress, "", ct);
        }
        foreach (var (recommendation, entry) in made)
        {
            await recommendations.FollowUpAsync(recommendation.Id, entry.FinalState == RecommendationStates.Declined ? RecommendationStates.Declined
                : RecommendationStates.Adopted, entry.FinalState == RecommendationStates.Declined ? entry.Note : "市委巡察工作领导小组同意采纳。", DemoTour.PlanStaff, ct);
        }

        // The deadlines of the items left unfinished have passed: their timers fire (here, or in the service's own worker).
        clock.On(DemoTour.Days.Verified.AddDays(-10));
        await OverdueAsync(steps, clock, tour.Id, DemoTour.Rectification.Count(r => r.Deadline < clock.Today), ct);
        foreach (var (item, entry) in items.Zip(DemoTour.Rectification).Where(p => p.Second.FinalState != RectificationStates.InProgress))
        {
            await rectification.UpdateAsync(item.Id, item.ResponsibleUnitId, RectificationStates.Submitted, entry.Evidence, ct);
        }
        clock.On(DemoTour.Days.Verified);
        foreach (var (item, _) in items.Zip(DemoTour.Rectification).Where(p => p.Second.FinalState == RectificationStates.Verified))
        {
            await rectification.VerifyAsync(item.Id, DemoTour.Leader, rejected: false, DemoTour.VerificationNote, ct);
        }

        clock.On(DemoTour.Days.CarriedOut);
        foreach (var (recommendation, entry) in made.Where(m => m.Entry.FinalState == RecommendationStates.CarriedOut))
        {
            await recommendations.FollowUpAsync(recommendation.Id, RecommendationStates.CarriedOut, entry.Note, DemoTour.PlanStaff, ct);
        }

        clock.On(DemoTour.Days.Closed);
        await steps.GetRequiredService<TourClosing>().CloseAsync(tour.Id, DemoTour.PlanStaff, ct);
        _logger.LogInformation("Demo tour: {TourId} of {Target} loaded and closed", tour.Id, DemoTour.TargetDivision);
    }

    /// <summary>Fires the due overdue timers on the demo clock until the items past their deadline are marked (the other worker may take some).</summary>
    private async Task OverdueAsync(IServiceProvider steps, TimeProvider clock, Guid tourId, int expected, CancellationToken ct)
    {
        var worker = new DurableTimerWorker(dataSource, steps.GetServices<IDurableTimerHandler>(), steps.GetRequiredService<Outbox>(), clock,
            Options.Create(new DurableTimerOptions()), loggers.CreateLogger<DurableTimerWorker>());
        var rectification = steps.GetRequiredService<RectificationSteps>();
        for (var attempt = 0; (await rectification.OfTourAsync(tourId, ct)).Count(i => i.Overdue) < expected; attempt++)
        {
            if (attempt == 120)
            {
                throw new InvalidOperationException("The demo tour's overdue rectification timers did not fire.");
            }
            if (await worker.FireDueAsync(ct) == 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
            }
        }
    }

    /// <summary>The demo's clock: ten in the morning, city time, of the step's day.</summary>
    private sealed class DemoClock(InspectionRules rules) : TimeProvider
    {
        private DateTimeOffset _now;

        public DateOnly Today => rules.Rectification.CityDay(_now);

        public void On(DateOnly day) =>
            _now = new DateTimeOffset(day.ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(rules.Rectification.TimeZoneOffsetHours)).ToUniversalTime();

        public override DateTimeOffset GetUtcNow() => _now;
    }
}
