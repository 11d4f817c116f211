extern alias evaluation;
extern alias reporting;

using Supervision.ServiceDefaults;
// Evaluation and reporting compile intake's proto as a client: their types would clash with intake's own here.
using EvaluationService = evaluation::Supervision.Evaluation.Extensions.Extensions;
using IntakeService = Supervision.Intake.Extensions.Extensions;
using ReportingService = reporting::Supervision.Reporting.Extensions.Extensions;
using RoutingService = Supervision.Routing.Extensions.Extensions;
using InspectionService = Supervision.Inspection.Extensions.Extensions;

namespace Supervision.Platform.Tests;

/// <summary>
/// A queue is one competing-consumer group: two services bound to one queue would each get only part of
/// its events. Queues are computed through each consumer's registered definition, as the bus names them.
/// </summary>
public sealed class QueueOwnershipTests
{
    /// <summary>Every service built on the template. A new service joins this list.</summary>
    public static readonly TheoryData<string> ServiceNames = [IntakeService.Service.Name, RoutingService.Service.Name, InspectionService.Service.Name, EvaluationService.Service.Name, ReportingService.Service.Name];

    private static readonly IReadOnlyList<SupervisionServiceOptions> Services = [IntakeService.Service, RoutingService.Service, InspectionService.Service, EvaluationService.Service, ReportingService.Service];

    [Fact]
    public void Should_never_let_two_services_bind_the_same_queue()
    {
        var owners = Services.SelectMany(s => SupervisionService.QueuesOf(s).Select(q => (Queue: q, Service: s.Name))).ToList();
        var shared = owners.GroupBy(o => o.Queue).Where(g => g.Select(o => o.Service).Distinct().Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(o => o.Service))}").ToList();
        Assert.True(shared.Count == 0, "Queues bound by more than one service: " + string.Join("; ", shared));
    }

    [Theory]
    [MemberData(nameof(ServiceNames))]
    public void Should_name_every_queue_after_its_service(string name)
    {
        var queues = SupervisionService.QueuesOf(Services.Single(s => s.Name == name));
        Assert.NotEmpty(queues);
        Assert.All(queues, q => Assert.StartsWith(name + "-", q));
        Assert.Equal(queues.Count, queues.Distinct().Count());
    }

    [Fact]
    public void Should_give_each_service_its_own_copy_of_an_event_both_consume()
    {
        // Intake replicates the directory from DirectoryChanged; a future service will too. Their queues differ.
        var other = IntakeService.Service with { Name = "evaluation" };
        Assert.Contains("intake-directory-changed", SupervisionService.QueuesOf(IntakeService.Service));
        Assert.Contains("evaluation-directory-changed", SupervisionService.QueuesOf(other));
    }

    [Fact]
    public void Should_bind_the_queues_routing_and_intake_consume()
    {
        Assert.Contains("routing-report-received", SupervisionService.QueuesOf(RoutingService.Service));
        Assert.Contains("routing-reporter-responded-to-result", SupervisionService.QueuesOf(RoutingService.Service));
        Assert.Contains("routing-election-period-set", SupervisionService.QueuesOf(RoutingService.Service));
        Assert.Contains("routing-election-period-deleted", SupervisionService.QueuesOf(RoutingService.Service));
        Assert.Contains("intake-case-opened", SupervisionService.QueuesOf(IntakeService.Service));
        Assert.DoesNotContain("routing-directory-changed", SupervisionService.QueuesOf(RoutingService.Service));
        Assert.Contains("evaluation-directory-changed", SupervisionService.QueuesOf(EvaluationService.Service));
    }

    [Fact]
    public void Should_name_each_intake_queue_after_the_event_it_follows()
    {
        // One generic consumer serves most of routing's case events; its queues still read as the event, as before.
        Assert.Equal(
        [
            "intake-directory-changed", "intake-case-opened", "intake-case-assigned", "intake-case-awaiting-dispatch",
            "intake-case-acknowledged", "intake-case-transferred", "intake-case-concluded", "intake-reporter-question-asked",
            "intake-feedback-given", "intake-case-disputed", "intake-case-reopened", "intake-case-closed",
        ], SupervisionService.QueuesOf(IntakeService.Service));
    }

    [Fact]
    public void Should_give_reporting_its_own_copy_of_every_event_it_logs()
    {
        // Reporting consumes events intake and routing consume too: each service has its own queue of them.
        var queues = SupervisionService.QueuesOf(ReportingService.Service);
        Assert.Equal(
        [
            "reporting-directory-changed", "reporting-report-received", "reporting-case-opened", "reporting-case-awaiting-dispatch",
            "reporting-case-assigned", "reporting-case-transferred", "reporting-case-acknowledged", "reporting-case-notified",
            "reporting-case-concluded", "reporting-feedback-given", "reporting-case-disputed", "reporting-case-reopened",
            "reporting-case-closed", "reporting-case-escalated", "reporting-case-overdue", "reporting-finding-recorded",
            "reporting-tour-report-reviewed", "reporting-rectification-item-changed", "reporting-rectification-overdue",
            "reporting-consequence-applied", "reporting-consequence-due", "reporting-rectification-notice-issued", "reporting-team-member-recused",
            "reporting-visit-completed", "reporting-cadre-consequence-applied", "reporting-unit-ranked",
            "reporting-case-moved-to-election-clock",
        ], queues);
        Assert.Empty(queues.Intersect(SupervisionService.QueuesOf(IntakeService.Service).Concat(SupervisionService.QueuesOf(RoutingService.Service))
            .Concat(SupervisionService.QueuesOf(InspectionService.Service))));
    }

    [Fact]
    public void Should_give_inspection_its_own_copy_of_the_report_case_and_election_events()
    {
        // Inspection keeps its own projection of the events routing and intake also consume: its queues must be its own.
        Assert.Equal(
        [
            "inspection-directory-changed", "inspection-report-received", "inspection-case-opened", "inspection-case-concluded",
            "inspection-case-overdue", "inspection-case-closed", "inspection-election-period-set", "inspection-election-period-deleted",
        ], SupervisionService.QueuesOf(InspectionService.Service));
    }
}
