using Npgsql;
using Supervision.Evaluation.Data;
using Supervision.Evaluation.Grpc;
using Supervision.Evaluation.Localization;
using Supervision.Evaluation.V1;
using Supervision.Testing;

namespace Supervision.Evaluation.Tests.Database;

/// <summary>
/// The referral progress projection on a real PostgreSQL when a case is reopened: whatever order routing's events arrive in,
/// and however often, a conclusion or closing before the reopening is not the current outcome, and a later conclusion is.
/// </summary>
public sealed class ReferralReopeningTests(TestServers servers)
{
    private const string Unit = "u-370883-housing";
    private static readonly DateTimeOffset Start = new(2026, 11, 2, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset FirstConclusion = Start.AddDays(3);
    private static readonly DateTimeOffset FirstClosing = Start.AddDays(4);
    private static readonly DateTimeOffset Reopening = Start.AddDays(5);
    private static readonly DateTimeOffset SecondConclusion = Start.AddDays(9);

    private delegate Task Delivery(NpgsqlTransaction transaction, Guid reportId, Guid caseId);

    private static readonly (string Name, Delivery Deliver)[] LateEvents =
    [
        ("concluded-1", (t, r, c) => ReferralProgressStore.ConcludedAsync(t, [r], c, "outcome.unsubstantiated", "unsubstantiated",
            "first look found nothing", FirstConclusion, default)),
        ("closed-1", (t, r, c) => ReferralProgressStore.ClosedAsync(t, [r], c, "closing.accepted", FirstClosing, default)),
        ("reopened", (t, r, c) => ReferralProgressStore.ReopenedAsync(t, [r], c, "the reporter disputed the finding", Reopening, default)),
        ("concluded-2", (t, r, c) => ReferralProgressStore.ConcludedAsync(t, [r], c, "outcome.substantiated", "substantiated",
            "the second look found it", SecondConclusion, default)),
    ];

    [Fact]
    public async Task Should_count_only_the_conclusion_after_the_reopening_in_every_order_and_on_redelivery()
    {
        await using var database = await EvaluationDatabase.CreateAsync(servers, TimeProvider.System);
        var orders = Permutations(Enumerable.Range(0, LateEvents.Length).ToList()).ToList();
        Assert.Equal(24, orders.Count);
        foreach (var order in orders)
        {
            var (reportId, _) = await DeliverAsync(database, order.Concat(order.AsEnumerable().Reverse()));
            var progress = await ReadAsync(database, reportId);
            var label = string.Join(",", order.Select(i => LateEvents[i].Name));
            Assert.True(progress.Stage == ReferralStage.Concluded, $"{label}: {progress.Stage}");
            Assert.Equal(EvaluationTexts.Words["outcome.substantiated"], progress.Outcome);
            Assert.Equal("the second look found it", progress.PublicSummary);
            Assert.Equal(SecondConclusion, progress.ConcludedAt.ToDateTimeOffset());
            Assert.Equal(Reopening, progress.ReopenedAt.ToDateTimeOffset());
            Assert.Equal("the reporter disputed the finding", progress.ReopenReason);
        }
    }

    [Fact]
    public async Task Should_show_the_reopened_stage_without_the_earlier_outcome_until_it_is_concluded_again()
    {
        await using var database = await EvaluationDatabase.CreateAsync(servers, TimeProvider.System);
        foreach (var order in Permutations([0, 1, 2]))
        {
            var (reportId, _) = await DeliverAsync(database, order.Concat(order));
            var progress = await ReadAsync(database, reportId);
            Assert.Equal(ReferralStage.Reopened, progress.Stage);
            Assert.Equal(EvaluationTexts.Words["referral.stage.reopened", "the reporter disputed the finding"], progress.StageText);
            Assert.Equal("", progress.Outcome);
            Assert.Equal("", progress.PublicSummary);
            // The earlier conclusion and closing stay as history.
            Assert.Equal(FirstConclusion, progress.ConcludedAt.ToDateTimeOffset());
            Assert.Equal(FirstClosing, progress.ClosedAt.ToDateTimeOffset());
        }
    }

    [Fact]
    public async Task Should_keep_the_latest_reopening_when_a_case_is_reopened_twice()
    {
        await using var database = await EvaluationDatabase.CreateAsync(servers, TimeProvider.System);
        var (reportId, caseId) = await DeliverAsync(database, [3, 2, 0]);
        await using (var connection = await database.DataSource.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            // A second dispute after the second conclusion reopens it again; the earlier reopening arriving late changes nothing.
            await ReferralProgressStore.ReopenedAsync(transaction, [reportId], caseId, "disputed again", SecondConclusion.AddDays(1), default);
            await ReferralProgressStore.ReopenedAsync(transaction, [reportId], caseId, "the reporter disputed the finding", Reopening, default);
            await transaction.CommitAsync();
        }
        var progress = await ReadAsync(database, reportId);
        Assert.Equal(ReferralStage.Reopened, progress.Stage);
        Assert.Equal("disputed again", progress.ReopenReason);
        Assert.Equal("", progress.Outcome);
    }

    /// <summary>One referral's early events (received, routed, acknowledged), then the given late events in the given order.</summary>
    private static async Task<(Guid ReportId, Guid CaseId)> DeliverAsync(EvaluationDatabase database, IEnumerable<int> lateEvents)
    {
        var reportId = Guid.NewGuid();
        var caseId = Guid.NewGuid();
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await ReferralProgressStore.ReceivedAsync(transaction, reportId, Start, default);
            await ReferralProgressStore.OpenedAsync(transaction, reportId, caseId, default);
            await ReferralProgressStore.RoutedAsync(transaction, [reportId], caseId, Unit, Start.AddHours(1), default);
            await ReferralProgressStore.AcknowledgedAsync(transaction, [reportId], caseId, Start.AddHours(2), default);
            await transaction.CommitAsync();
        }
        // Each event in its own transaction, as each delivery is.
        foreach (var index in lateEvents)
        {
            await using var transaction = await connection.BeginTransactionAsync();
            await LateEvents[index].Deliver(transaction, reportId, caseId);
            await transaction.CommitAsync();
        }
        return (reportId, caseId);
    }

    private static async Task<ReferralProgress> ReadAsync(EvaluationDatabase database, Guid reportId)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var records = await ReferralProgressStore.ForReportsAsync(transaction, [reportId], default);
        return ReferralProgressView.ToProto(records[reportId], "SV-TEST", TestData.Directory);
    }

    private static IEnumerable<List<int>> Permutations(List<int> items) =>
        items.Count <= 1
            ? [items]
            : items.SelectMany(first => Permutations(items.Where(i => i != first).ToList()).Select(rest => (List<int>)[first, .. rest]));
}
