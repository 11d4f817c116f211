using Dapper;
using Supervision.Inspection.Domain;
using Supervision.Reference;
using Supervision.Testing;

namespace Supervision.Inspection.Tests.Database;

/// <summary>Review before feedback, rectification by the unit, verification by the same team, overdue escalation once with two instances.</summary>
public sealed class RectificationTests(TestServers servers) : InspectionDatabaseTest(servers)
{
    private static readonly CancellationToken None = CancellationToken.None;

    private async Task<(TourRecord Tour, FindingRecord Finding)> ReportedTourAsync()
    {
        var tour = await PlannedTourAsync(TargetKinds.Division, "370883");
        await Planning.FormTeamAsync(tour.Id, "i-007", ["i-002"], "plan-staff", None);
        var finding = await Work.RecordFindingAsync(tour.Id, "i-002", new FindingRecord(Guid.Empty, tour.Id, "cadre-selection",
            "干部选拔任用中存在违规打招呼问题", "谈话记录3份", "serious", ["c-0361"], ["u-370883-gov"], "i-002"), None);
        await Work.DraftAsync(tour.Id, "i-007", "巡察发现选人用人方面问题1个。", "调整相关干部", None);
        await Work.SubmitAsync(tour.Id, "i-007", None);
        return (tour, finding);
    }

    private static IReadOnlyList<RectificationItemDraft> Items(FindingRecord finding) =>
    [
        new(finding.Id, "u-370883-gov", "张某", "重新履行干部选拔程序并通报", new DateOnly(2026, 12, 10)),
        new(finding.Id, "u-370883-org", "李某", "完善干部选拔任用监督制度", new DateOnly(2026, 12, 20)),
    ];

    [Fact]
    public async Task Should_refuse_feedback_until_the_report_is_reviewed_and_record_who_decided()
    {
        var (tour, finding) = await ReportedTourAsync();

        await Assert.ThrowsAsync<DomainRuleException>(() => Work.HoldFeedbackAsync(tour.Id, "i-007", Items(finding), None));
        var returned = await Work.ReviewAsync(tour.Id, returned: true, "补充问题依据", "leading-group", None);
        Assert.Equal((ReportStates.Returned, "leading-group"), (returned.State, returned.DecidedBy));
        await Assert.ThrowsAsync<DomainRuleException>(() => Work.HoldFeedbackAsync(tour.Id, "i-007", Items(finding), None));
        await Assert.ThrowsAsync<DomainRuleException>(() => Work.SubmitAsync(tour.Id, "i-007", None));

        await Work.DraftAsync(tour.Id, "i-007", "巡察发现选人用人方面问题1个，依据已补充。", "调整相关干部", None);
        await Work.SubmitAsync(tour.Id, "i-007", None);
        await Work.ReviewAsync(tour.Id, returned: false, "同意反馈", "city-committee", None);
        var items = await Work.HoldFeedbackAsync(tour.Id, "i-007", Items(finding), None);

        Assert.Equal(2, items.Count);
        Assert.All(items, i => Assert.Equal(RectificationStates.Open, i.State));
        await Assert.ThrowsAsync<DomainRuleException>(() => Work.HoldFeedbackAsync(tour.Id, "i-007", Items(finding), None));
        await using var connection = await DataSource.OpenConnectionAsync();
        Assert.Equal(2, await connection.ExecuteScalarAsync<int>("select count(*) from durable_timers where kind = 'rectification-overdue' and fired_at is null"));
    }

    [Fact]
    public async Task Should_let_only_the_responsible_unit_move_and_only_the_same_team_verify()
    {
        var (tour, finding) = await ReportedTourAsync();
        await Work.ReviewAsync(tour.Id, returned: false, "同意反馈", "city-committee", None);
        var item = (await Work.HoldFeedbackAsync(tour.Id, "i-007", Items(finding), None))[0];

        await Assert.ThrowsAsync<NotResponsibleUnitException>(() => Rectification.UpdateAsync(item.Id, "u-370883-org", RectificationStates.InProgress, "", None));
        await Assert.ThrowsAsync<DomainRuleException>(() => Rectification.UpdateAsync(item.Id, "u-370883-gov", RectificationStates.Submitted, "已完成整改", None));
        await Rectification.UpdateAsync(item.Id, "u-370883-gov", RectificationStates.InProgress, "", None);
        await Rectification.UpdateAsync(item.Id, "u-370883-gov", RectificationStates.Submitted, "已重新履行程序，通报文件附后", None);

        await Assert.ThrowsAsync<NotTeamMemberException>(() => Rectification.VerifyAsync(item.Id, "i-008", rejected: false, "核实", None));
        Assert.Equal(RectificationStates.InProgress, (await Rectification.VerifyAsync(item.Id, "i-002", rejected: true, "证明材料不全", None)).State);
        await Rectification.UpdateAsync(item.Id, "u-370883-gov", RectificationStates.Submitted, "补充了会议纪要和通报文件", None);
        Assert.Equal(RectificationStates.Verified, (await Rectification.VerifyAsync(item.Id, "i-007", rejected: false, "核实无误", None)).State);

        Assert.Equal(new ProgressRecord(2, 1, 0, 0, 1, 0), RectificationSteps.Progress(await Rectification.OfTourAsync(tour.Id, None)));
        await using var connection = await DataSource.OpenConnectionAsync();
        Assert.Equal(5, await connection.ExecuteScalarAsync<int>("select count(*) from rectification_changes where item_id = @id", new { id = item.Id }));
    }

    [Fact]
    public async Task Should_escalate_an_unverified_item_once_at_the_end_of_its_deadline_with_two_instances()
    {
        var (tour, finding) = await ReportedTourAsync();
        await Work.ReviewAsync(tour.Id, returned: false, "同意反馈", "city-committee", None);
        var items = await Work.HoldFeedbackAsync(tour.Id, "i-007", Items(finding), None);
        var (first, second) = (TimerWorker(), TimerWorker());

        // 2026-12-10 ends at midnight in the city (UTC+8): 16:00 UTC that day. Not yet at 15:59.
        Time.SetUtcNow(new DateTimeOffset(2026, 12, 10, 15, 59, 0, TimeSpan.Zero));
        await Task.WhenAll(first.FireDueAsync(None), second.FireDueAsync(None));
        Assert.Equal(new ProgressRecord(2, 2, 0, 0, 0, 0), RectificationSteps.Progress(await Rectification.OfTourAsync(tour.Id, None)));

        Time.SetUtcNow(new DateTimeOffset(2026, 12, 10, 16, 0, 0, TimeSpan.Zero));
        for (var round = 0; round < 10; round++)
        {
            await Task.WhenAll(first.FireDueAsync(None), second.FireDueAsync(None));
        }

        var after = await Rectification.OfTourAsync(tour.Id, None);
        Assert.True(after.Single(i => i.Id == items[0].Id).Overdue);
        Assert.False(after.Single(i => i.Id == items[1].Id).Overdue);
        await using var connection = await DataSource.OpenConnectionAsync();
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("select count(*) from outbox_messages where message_type like '%RectificationOverdue%'"));
    }

    [Fact]
    public async Task Should_not_escalate_an_item_the_team_verified_in_time()
    {
        var (tour, finding) = await ReportedTourAsync();
        await Work.ReviewAsync(tour.Id, returned: false, "同意反馈", "city-committee", None);
        var item = (await Work.HoldFeedbackAsync(tour.Id, "i-007", Items(finding), None))[0];
        await Rectification.UpdateAsync(item.Id, "u-370883-gov", RectificationStates.InProgress, "", None);
        await Rectification.UpdateAsync(item.Id, "u-370883-gov", RectificationStates.Submitted, "已重新履行程序，通报文件附后", None);
        await Rectification.VerifyAsync(item.Id, "i-007", rejected: false, "核实无误", None);

        Time.SetUtcNow(new DateTimeOffset(2026, 12, 31, 0, 0, 0, TimeSpan.Zero));
        await TimerWorker().FireDueAsync(None);

        Assert.False((await Rectification.ItemAsync(item.Id, None)).Overdue);
        Assert.True((await Rectification.OfTourAsync(tour.Id, None)).Single(i => i.Id != item.Id).Overdue);
    }

    [Fact]
    public async Task Should_close_a_fed_back_tour_once_and_issue_the_notice_of_its_rectification_status()
    {
        var closing = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<TourClosing>(Services);
        var (tour, finding) = await ReportedTourAsync();
        await Assert.ThrowsAsync<DomainRuleException>(() => closing.CloseAsync(tour.Id, "plan-staff", None));
        await Work.ReviewAsync(tour.Id, returned: false, "同意反馈", "city-committee", None);
        var items = await Work.HoldFeedbackAsync(tour.Id, "i-007", Items(finding), None);
        await Rectification.UpdateAsync(items[0].Id, "u-370883-gov", RectificationStates.InProgress, "", None);
        await Rectification.UpdateAsync(items[0].Id, "u-370883-gov", RectificationStates.Submitted, "已重新履行程序，通报文件附后", None);
        await Rectification.VerifyAsync(items[0].Id, "i-007", rejected: false, "核实无误", None);
        Time.SetUtcNow(new DateTimeOffset(2026, 12, 24, 17, 0, 0, TimeSpan.Zero));
        await TimerWorker().FireDueAsync(None);

        var notice = await closing.CloseAsync(tour.Id, "plan-staff", None);

        Assert.Equal((2, 1, 1, 1), (notice.Items.Count, notice.Verified, notice.Unfinished, notice.OverdueUnfinished));
        Assert.Equal(new DateOnly(2026, 12, 25), notice.IssuedOn);
        Assert.Equal(TourStates.Closed, (await Planning.TourAsync(tour.Id, None)).State);
        await Assert.ThrowsAsync<DomainRuleException>(() => closing.CloseAsync(tour.Id, "plan-staff", None));
        var read = await closing.NoticeAsync(tour.Id, None);
        Assert.Equal(notice.Items, read!.Items);
        Assert.Equal(notice.IssuedOn, read.IssuedOn);
        Assert.Null(await closing.NoticeAsync(Guid.NewGuid(), None));
        await using var connection = await DataSource.OpenConnectionAsync();
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("select count(*) from outbox_messages where message_type like '%RectificationNoticeIssued%'"));
    }
}
