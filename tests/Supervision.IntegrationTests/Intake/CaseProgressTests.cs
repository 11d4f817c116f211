using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.Intake.V1;
using Supervision.ServiceDefaults.Auth;
using Supervision.Contracts.Events.Routing;
using Supervision.Platform;

namespace Supervision.IntegrationTests.Intake;

/// <summary>
/// Routing's public-facing case events, published on the real broker as routing publishes them,
/// keep the reporter's status by receipt code true. Each report is first placed by the real routing
/// service; the steps after that come from the events these tests publish, timed after the placement.
/// The reporter reads in Chinese, as the city's reporters do.
/// </summary>
public sealed class CaseProgressTests(PlatformFixture platform)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    // Units of the demo city, so the public wording can name them.
    private const string LeadUnitId = "u-370883-org";
    private const string CoUnitId = "u-370883-discipline";

    [Fact]
    public async Task Should_move_every_report_of_the_case_forward_as_it_is_assigned_acknowledged_and_concluded()
    {
        var first = await SubmitAndLetRoutingPlaceAsync();
        var second = await SubmitAndLetRoutingPlaceAsync();
        var caseId = Guid.NewGuid();
        var reportIds = new[] { first.ReportId, second.ReportId };
        var at = DateTimeOffset.UtcNow;

        await PublishAsync(new CaseOpened { CaseId = caseId, ReportId = first.ReportId, AttachedToExistingCase = false, ElectionClock = false, At = at.AddSeconds(1) });
        await PublishAsync(new CaseOpened { CaseId = caseId, ReportId = second.ReportId, AttachedToExistingCase = true, ElectionClock = false, At = at.AddSeconds(1) });
        await PublishAsync(new CaseAwaitingDispatch { CaseId = caseId, ReportIds = reportIds, DivisionCode = "370883", Reason = "规则无法确定管理权限", At = at.AddSeconds(2) });
        var status = await WaitForAsync(first.Receipt, s => Since(s, at).Contains("awaiting-dispatch"));
        Assert.Equal(first.PlacedState, status.State);
        Assert.DoesNotContain(status.Timeline, t => t.Description.Contains("规则无法确定管理权限"));

        await PublishAsync(Assigned(caseId, reportIds, LeadUnitId, lead: true, at.AddSeconds(3)));
        status = await WaitForAsync(first.Receipt, s => Since(s, at).Contains("assigned"));
        Assert.Equal(ReportState.Assigned, status.State);
        var assigned = Assert.Single(status.Timeline, t => t.Kind == "assigned" && t.At.ToDateTimeOffset() > at);
        Assert.Equal("已交中共邹城市委组织部办理", assigned.Description);
        Assert.DoesNotContain("被反映干部", assigned.Description); // routing's reason names the accused: staff only

        await PublishAsync(Assigned(caseId, reportIds, CoUnitId, lead: false, at.AddSeconds(4)));
        status = await WaitForAsync(first.Receipt, s => Since(s, at).Count(k => k == "assigned") == 2);
        Assert.Equal(ReportState.Assigned, status.State);

        await PublishAsync(new CaseAcknowledged { CaseId = caseId, ReportIds = reportIds, UnitId = LeadUnitId, At = at.AddSeconds(5) });
        status = await WaitForAsync(first.Receipt, s => s.State == ReportState.UnderInvestigation);
        Assert.Contains(status.Timeline, t => t.Kind == "acknowledged" && t.Description.StartsWith("中共邹城市委组织部"));

        await PublishAsync(new CaseTransferred
        {
            CaseId = caseId, ReportIds = reportIds, FromUnitId = LeadUnitId, ToUnitId = CoUnitId, Reason = "调度员：张某某负责此类事项", At = at.AddSeconds(6),
        });
        status = await WaitForAsync(first.Receipt, s => Since(s, at).Contains("transferred"));
        Assert.Equal(ReportState.UnderInvestigation, status.State);
        Assert.Contains(status.Timeline, t => t.Kind == "transferred" && t.Description.Contains("邹城市纪委监委"));
        Assert.DoesNotContain(status.Timeline, t => t.Description.Contains("张某某"));

        const string summary = "经核查，反映的问题部分属实，已责令整改。";
        await PublishAsync(new CaseConcluded
        {
            CaseId = caseId, ReportIds = reportIds, UnitId = CoUnitId, Outcome = "partly-substantiated", PublicSummary = summary, At = at.AddSeconds(7),
        });
        foreach (var report in new[] { first, second })
        {
            status = await WaitForAsync(report.Receipt, s => s.State == ReportState.Concluded);
            Assert.Contains(status.Timeline, t => t.Kind == "concluded" && t.Description.Contains(summary));
        }
        Assert.Equal(["awaiting-dispatch", "assigned", "assigned", "acknowledged", "transferred", "concluded"],
            Since(await StatusAsync(first.Receipt), at));
        Assert.Equal(["attached", "awaiting-dispatch", "assigned", "assigned", "acknowledged", "transferred", "concluded"],
            Since(await StatusAsync(second.Receipt), at));
    }

    [Fact]
    public async Task Should_not_move_a_report_back_when_an_older_event_arrives_late()
    {
        var report = await SubmitAndLetRoutingPlaceAsync();
        var caseId = Guid.NewGuid();
        var at = DateTimeOffset.UtcNow;

        await PublishAsync(new CaseConcluded
        {
            CaseId = caseId, ReportIds = [report.ReportId], UnitId = LeadUnitId, Outcome = "unsubstantiated", PublicSummary = "经核查，反映的问题不属实。", At = at.AddSeconds(3),
        });
        await WaitForAsync(report.Receipt, s => s.State == ReportState.Concluded);

        await PublishAsync(new CaseAcknowledged { CaseId = caseId, ReportIds = [report.ReportId], UnitId = LeadUnitId, At = at.AddSeconds(2) });
        await PublishAsync(Assigned(caseId, [report.ReportId], LeadUnitId, lead: true, at.AddSeconds(1)));
        var status = await WaitForAsync(report.Receipt, s => Since(s, at).Contains("assigned") && Since(s, at).Contains("acknowledged"));

        Assert.Equal(ReportState.Concluded, status.State);
        // The timeline reads in the order things happened, not the order the events arrived.
        Assert.Equal("received", status.Timeline[0].Kind);
        Assert.Equal(["assigned", "acknowledged", "concluded"], Since(status, at));
    }

    [Fact]
    public async Task Should_add_one_timeline_entry_when_the_same_event_is_delivered_twice()
    {
        var report = await SubmitAndLetRoutingPlaceAsync();
        var at = DateTimeOffset.UtcNow;
        var messageId = NewId.NextGuid();
        var assigned = Assigned(Guid.NewGuid(), [report.ReportId], LeadUnitId, lead: true, at.AddSeconds(1));

        var bus = platform.Probe.Services.GetRequiredService<IBus>();
        await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => bus.Publish(assigned, c => c.MessageId = messageId)));
        await WaitForAsync(report.Receipt, s => Since(s, at).Contains("assigned"));
        // Both copies were handed to intake (one of its instances or both); only then does "one entry" mean anything.
        await platform.WaitUntilConsumedAsync("intake-case-assigned", messageId, 2, Patience);

        var status = await StatusAsync(report.Receipt);
        Assert.Equal(["assigned"], Since(status, at));
        Assert.Equal(ReportState.Assigned, status.State);
    }

    [Fact]
    public async Task Should_show_a_handlers_question_to_the_reporter_as_an_unread_message()
    {
        var report = await SubmitAndLetRoutingPlaceAsync();
        var at = DateTimeOffset.UtcNow;
        const string question = "请问您反映的推荐会是在哪一天召开的？";
        await PublishAsync(new ReporterQuestionAsked
        {
            CaseId = Guid.NewGuid(), ReportId = report.ReportId, QuestionId = Guid.NewGuid(), Question = question, At = at.AddSeconds(1),
        });

        var status = await WaitForAsync(report.Receipt, s => s.UnreadMessages == 1);
        Assert.Equal(["message"], Since(status, at));
        Assert.Equal(report.PlacedState, status.State);

        var messages = await platform.Public.ListReporterMessagesAsync(new ListReporterMessagesRequest { ReceiptCode = report.Receipt }, PlatformFixture.PublicCaller());
        var message = Assert.Single(messages.Messages);
        Assert.False(message.FromReporter);
        Assert.Equal(Roles.Handler, message.AuthorRole);
        Assert.Equal(question, message.Body);
        Assert.Equal(0, (await StatusAsync(report.Receipt)).UnreadMessages);
    }

    private sealed record SubmittedReport(Guid ReportId, string Receipt, ReportState PlacedState);

    /// <summary>
    /// A report about someone outside the directory, which routing's rules cannot place: its case waits
    /// for a dispatcher and is never joined by other tests' reports.
    /// </summary>
    private async Task<SubmittedReport> SubmitAndLetRoutingPlaceAsync()
    {
        var response = await platform.Public.SubmitReportAsync(Reports.Anonymous(), PlatformFixture.PublicCaller());
        var placed = await WaitForAsync(response.ReceiptCode, s => s.Timeline.Count > 1);
        return new SubmittedReport(Guid.Parse(response.ReportId), response.ReceiptCode, placed.State);
    }

    /// <summary>Timeline kinds of the steps after <paramref name="at"/>: those the test published.</summary>
    private static List<string> Since(ReportStatus status, DateTimeOffset at) =>
        status.Timeline.Where(t => t.At.ToDateTimeOffset() > at).Select(t => t.Kind).ToList();

    private static CaseAssigned Assigned(Guid caseId, IReadOnlyList<Guid> reportIds, string unitId, bool lead, DateTimeOffset at) => new()
    {
        CaseId = caseId,
        ReportIds = reportIds,
        UnitId = unitId,
        UnitName = unitId == LeadUnitId ? "中共邹城市委组织部" : "邹城市纪委监委",
        Lead = lead,
        Reason = "被反映干部由邹城市委管理，干部选拔任用问题由组织部门牵头",
        AcknowledgeBy = at.AddDays(1),
        CloseBy = at.AddDays(30),
        At = at,
    };

    private Task PublishAsync<T>(T message) where T : class => platform.Probe.Services.GetRequiredService<IBus>().Publish(message);

    private async Task<ReportStatus> StatusAsync(string receipt) =>
        await platform.Public.GetReportStatusAsync(new GetReportStatusRequest { ReceiptCode = receipt }, PlatformFixture.PublicCaller(language: "zh-CN"));

    private async Task<ReportStatus> WaitForAsync(string receipt, Func<ReportStatus, bool> reached)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var status = await StatusAsync(receipt);
            if (reached(status))
            {
                return status;
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Not reached within {Patience}: state {status.State}, timeline {string.Join(", ", status.Timeline.Select(t => t.Kind))}");
            }
            await Task.Delay(250);
        }
    }
}
