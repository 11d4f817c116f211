using Microsoft.Extensions.Time.Testing;
using Supervision.Reference;
using Supervision.Reporting.Data;
using Supervision.Reporting.Domain;
using Supervision.ServiceDefaults.Messaging;
using Supervision.Testing;
using static Supervision.Reporting.Tests.Database.CaseEvents;

namespace Supervision.Reporting.Tests.Database;

/// <summary>
/// Two publics, five competitions (两公开五差额) on a real database: a vacancy moves through its five stages only with more
/// candidates than posts, by the margin the options give each stage, and each later stage draws from the one before.
/// </summary>
public sealed class CompetitiveSelectionTests(TestServers servers) : IAsyncLifetime
{
    private static readonly string[] Five = ["c-0242", "c-0243", "c-0244", "c-0245", "c-0246"];

    private readonly FakeTimeProvider _clock = new(At(11, 26, 9));
    private ReportingDatabase _db = null!;
    private CompetitiveSelection _selection = null!;

    public async ValueTask InitializeAsync()
    {
        _db = await ReportingDatabase.CreateAsync(await servers.PostgresAsync());
        _selection = new CompetitiveSelection(new OpennessOptions { ExtraCandidates = { ["vote"] = 2 } }, new Outbox(new OutboxSignal()), _clock);
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task Should_refuse_a_stage_with_too_few_candidates_and_say_the_numbers()
    {
        var vacancy = await PublishAsync("key-selection-000001", posts: 2);
        var refused = await Assert.ThrowsAsync<DomainRuleException>(() => AdvanceAsync(vacancy.VacancyId, "nomination", Five[..2]));
        Assert.Equal("nomination: 2 candidates for 2 posts: at least 3 needed", refused.Message);
        Assert.Equal("提名环节：2 名候选人、2 个职位，差额要求至少 3 名", refused.In(System.Globalization.CultureInfo.GetCultureInfo("zh-Hans")));
        Assert.Equal("nomination", (await FindAsync(vacancy.VacancyId)).Stage);
        Assert.Equal(0, await _db.ScalarAsync<int>("select count(*)::int from outbox_messages where message_type like '%SelectionStageCompleted'"));

        Assert.Equal("recommendation", (await AdvanceAsync(vacancy.VacancyId, "nomination", Five))!.Stage);
        var stage = Assert.Single(await _db.InTransactionAsync(t => VacancyStore.StagesAsync(t, [vacancy.VacancyId], CancellationToken.None)));
        Assert.Equal("nomination", stage.Stage);
        Assert.Equal(Five, stage.CandidateCadreIds);
        Assert.Equal([vacancy.VacancyId], (await _db.InTransactionAsync(t => VacancyStore.ListAsync(t, ["370830"], null, 10, CancellationToken.None)))
            .Select(v => v.VacancyId));
    }

    [Fact]
    public async Task Should_move_through_the_five_stages_drawing_each_from_the_one_before()
    {
        var vacancy = await PublishAsync("key-selection-000002", posts: 2);
        await AdvanceAsync(vacancy.VacancyId, "nomination", Five[..4]);
        var stranger = await Assert.ThrowsAsync<DomainRuleException>(() => AdvanceAsync(vacancy.VacancyId, "recommendation", ["c-0242", "c-0243", "c-0246"]));
        Assert.Equal("c-0246 was not among the candidates of the previous stage (nomination)", stranger.Message);
        var early = await Assert.ThrowsAsync<DomainRuleException>(() => AdvanceAsync(vacancy.VacancyId, "vote", Five[..4]));
        Assert.Equal("the selection is at recommendation; vote cannot be completed now", early.Message);

        await AdvanceAsync(vacancy.VacancyId, "recommendation", Five[..4]);
        await AdvanceAsync(vacancy.VacancyId, "inspection", Five[..3]);
        await AdvanceAsync(vacancy.VacancyId, "deliberation", Five[..3]);
        // The vote's margin is 2 by the options: 3 for 2 posts is not enough there.
        var vote = await Assert.ThrowsAsync<DomainRuleException>(() => AdvanceAsync(vacancy.VacancyId, "vote", Five[..3]));
        Assert.Equal("vote: 3 candidates for 2 posts: at least 4 needed", vote.Message);
        Assert.Equal(4, _selection.MinimumCandidates("vote", 2));
        Assert.Equal(3, _selection.MinimumCandidates("inspection", 2));
    }

    [Fact]
    public async Task Should_let_one_of_two_instances_complete_a_stage_and_publish_once_per_key()
    {
        var vacancy = await PublishAsync("key-selection-000003", posts: 1);
        Assert.Equal(vacancy.VacancyId, (await PublishAsync("key-selection-000003", posts: 1)).VacancyId);
        Assert.Null(await _db.InTransactionAsync(t => _selection.PublishAsync(t, Plan(3), "officer", "key-selection-000003", [9], CancellationToken.None)));

        var attempts = await Task.WhenAll(TryAdvanceAsync(vacancy.VacancyId, "nomination", Five[..2]), TryAdvanceAsync(vacancy.VacancyId, "nomination", Five[..3]));
        Assert.Single(attempts, a => a is null);
        Assert.Equal("recommendation", (await FindAsync(vacancy.VacancyId)).Stage);
        Assert.Equal(1, await _db.ScalarAsync<int>("select count(*)::int from selection_stages"));
        Assert.Equal(1, await _db.ScalarAsync<int>("select count(*)::int from outbox_messages where message_type like '%VacancyPublished'"));
        Assert.Equal(1, await _db.ScalarAsync<int>("select count(*)::int from outbox_messages where message_type like '%SelectionStageCompleted'"));
    }

    [Fact]
    public void Should_refuse_options_that_break_the_margin_or_the_window() =>
        Assert.Equal(2, new OpennessOptions { ObjectionWorkingDays = 4, ExtraCandidates = { ["vote"] = 0 } }.Problems().Count());

    private static VacancyPlan Plan(int posts) =>
        new("u-370830-approval", "370830", "副局长", posts, "大学本科以上学历，5年以上相关工作经历", "公开遴选，差额选拔", "报名、资格审查、推荐、考察、酝酿、票决");

    private Task<VacancyRow> PublishAsync(string key, int posts) =>
        _db.InTransactionAsync(async t => (await _selection.PublishAsync(t, Plan(posts), "officer", key, [(byte)posts], CancellationToken.None))!);

    private Task<VacancyRow?> AdvanceAsync(Guid vacancyId, string stage, string[] candidates) =>
        _db.InTransactionAsync(t => _selection.AdvanceAsync(t, vacancyId, stage, candidates, "officer", CancellationToken.None));

    private async Task<VacancyRow?> TryAdvanceAsync(Guid vacancyId, string stage, string[] candidates)
    {
        try
        {
            await using var connection = await _db.NewDataSource().OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            var moved = await _selection.AdvanceAsync(transaction, vacancyId, stage, candidates, "officer", CancellationToken.None);
            await transaction.CommitAsync();
            return moved;
        }
        catch (DomainRuleException)
        {
            return null;
        }
    }

    private Task<VacancyRow> FindAsync(Guid vacancyId) =>
        _db.InTransactionAsync(async t => (await VacancyStore.FindAsync(t, vacancyId, forUpdate: false, CancellationToken.None))!);
}
