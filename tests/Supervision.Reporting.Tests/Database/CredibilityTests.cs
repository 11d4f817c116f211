using Microsoft.Extensions.Time.Testing;
using Supervision.Reference;
using Supervision.Reporting.Data;
using Supervision.Reporting.Domain;
using Supervision.Reporting.Grpc;
using Supervision.ServiceDefaults.Grpc;
using Supervision.ServiceDefaults.Messaging;
using Supervision.Testing;
using static Supervision.Reporting.Tests.Database.CaseEvents;

namespace Supervision.Reporting.Tests.Database;

/// <summary>
/// Credibility results on a real PostgreSQL: one per division and year, corrected only by naming the revision (the replaced
/// values kept), a retried call harmless, two instances correcting at once leaving one correction, and the listing's trends.
/// </summary>
public sealed class CredibilityTests(TestServers servers) : IAsyncLifetime
{
    private const string County = "370881";
    private static readonly CredibilityDimensions Dimensions = CredibilityDimensions.Load(TestData.Find("data/reporting"));

    private readonly FakeTimeProvider _clock = new(At(11, 26, 9));
    private ReportingDatabase _db = null!;
    private CredibilitySurveys _surveys = null!;

    public async ValueTask InitializeAsync()
    {
        _db = await ReportingDatabase.CreateAsync(await servers.PostgresAsync());
        _surveys = new CredibilitySurveys(Dimensions, new DispatchSchedule(TestData.Calendar, TestData.Dispatch), TestData.Directory,
            new Outbox(new OutboxSignal()), _clock);
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task Should_record_once_replay_the_same_values_and_refuse_other_values_without_a_revision()
    {
        var first = await RecordAsync(Plan(2024, 81.25m, 6), 0, "");
        Assert.Equal((1, 81.25m, (int?)6), (first.Revision, first.Score, first.ProvincialRank));
        var again = await RecordAsync(Plan(2024, 81.25m, 6), 0, "");
        Assert.Equal((first.ResultId, 1), (again.ResultId, again.Revision));

        await Assert.ThrowsAsync<DomainRuleException>(() => RecordAsync(Plan(2024, 81.52m, 6), 0, ""));
        await Assert.ThrowsAsync<DomainRuleException>(() => RecordAsync(Plan(2023, 80m, 7), 1, "更正"));
        Assert.Equal(1, await _db.ScalarAsync<int>("select count(*)::int from outbox_messages where message_type like '%CredibilityResultRecorded%'"));
    }

    [Fact]
    public async Task Should_correct_the_named_revision_and_keep_what_it_replaced()
    {
        await RecordAsync(Plan(2024, 81.25m, 6), 0, "");
        _clock.Advance(TimeSpan.FromDays(3));
        var corrected = await RecordAsync(Plan(2024, 81.52m, 5), 1, "反馈表抄录有误", "officer-2");
        Assert.Equal((2, 81.52m, (int?)5, "officer-2"), (corrected.Revision, corrected.Score, corrected.ProvincialRank, corrected.RecordedBy));
        Assert.NotNull(corrected.CorrectedAt);

        // A stale revision is refused; the same values at any revision are a harmless retry.
        await Assert.ThrowsAsync<DomainRuleException>(() => RecordAsync(Plan(2024, 90m, 1), 1, "再次更正"));
        Assert.Equal(2, (await RecordAsync(Plan(2024, 81.52m, 5), 1, "反馈表抄录有误", "officer-2")).Revision);

        var corrections = await _db.InTransactionAsync(t => CredibilityStore.CorrectionsAsync(t, [corrected.ResultId], CancellationToken.None));
        var previous = CredibilitySurveys.PreviousOf(corrections.Single());
        Assert.Equal((1, "反馈表抄录有误", "officer-2", 81.25m, (int?)6, "officer"),
            (corrections[0].Revision, corrections[0].Reason, corrections[0].CorrectedBy, previous.Figures.Score, previous.Figures.ProvincialRank, previous.RecordedBy));
        Assert.Equal(Dimensions.All.Count, previous.Figures.DimensionScores.Count);
        Assert.Equal(2, await _db.ScalarAsync<int>("select count(*)::int from outbox_messages where message_type like '%CredibilityResultRecorded%'"));
    }

    [Fact]
    public async Task Should_let_only_one_of_two_instances_correct_a_revision()
    {
        await RecordAsync(Plan(2025, 70m, 12), 0, "");
        var attempts = await Task.WhenAll(TryCorrectAsync(71m), TryCorrectAsync(72m));
        Assert.Single(attempts, a => a is not null);
        Assert.Equal(1, await _db.ScalarAsync<int>("select count(*)::int from credibility_corrections"));
    }

    [Fact]
    public async Task Should_list_each_year_with_its_trend_and_target_and_hide_notes_from_the_public()
    {
        await RecordAsync(Plan(2021, 76.18m, 17), 0, "");
        await RecordAsync(Plan(2022, 80.05m, 9), 0, "");
        await RecordAsync(Plan(2023, 84.36m, 4), 0, "");
        await _db.InTransactionAsync(t => _surveys.SetTargetAsync(t, County, 2023, new CredibilityTargetValues(83m, 5), "officer", CancellationToken.None));
        await _db.InTransactionAsync(t => _surveys.SetTargetAsync(t, County, 2022, new CredibilityTargetValues(null, 8), "officer", CancellationToken.None));
        var reading = new CredibilityReading(_db.DataSource, Dimensions, TestData.Directory);

        var staff = await reading.ListAsync(new CredibilityListing([County], 2000, 2100, null, 2), staff: true, CancellationToken.None);
        Assert.Equal([2023, 2022], staff.Results.Select(r => r.Year));
        var latest = staff.Results[0];
        Assert.Equal((5, 13), (latest.Trend.PlacesGainedFromPreviousYear, latest.Trend.PlacesGainedOverTwoYears));
        Assert.Equal(4.31, latest.Trend.ScoreChangeFromPreviousYear, 6);
        Assert.Equal((V1.CredibilityTargetStatus.Met, V1.CredibilityTargetStatus.Missed), (latest.TargetStatus, staff.Results[1].TargetStatus));
        Assert.Equal("内部备注", latest.Notes);
        Assert.Equal(Dimensions.All.Select(d => d.Code), latest.DimensionScores.Select(d => d.Code));

        var next = await reading.ListAsync(new CredibilityListing([County], 2000, 2100, (2022, Guid.Parse(staff.Results[1].ResultId)), 2), staff: false,
            CancellationToken.None);
        var oldest = next.Results.Single();
        Assert.Equal((2021, "", ""), (oldest.Year, oldest.Notes, next.NextPageToken));
        Assert.False(oldest.Trend.HasPlacesGainedFromPreviousYear);

        var only2022 = await reading.ListAsync(new CredibilityListing([County], 2022, 2022, null, 20), staff: false, CancellationToken.None);
        Assert.Equal((8, 17), (only2022.Results.Single().Trend.PlacesGainedFromPreviousYear, only2022.Results.Single().Trend.PreviousYearRank));
    }

    [Fact]
    public async Task Should_list_a_year_with_a_target_and_no_result_as_awaiting_the_survey_to_staff_only()
    {
        // The words as a caller of the default language reads them (an async method's culture stays with it).
        System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo("zh-Hans");
        await RecordAsync(Plan(2023, 84.36m, 4), 0, "");
        await RecordAsync(Plan(2024, 85.10m, 3), 0, "");
        await _db.InTransactionAsync(t => _surveys.SetTargetAsync(t, County, 2024, new CredibilityTargetValues(85m, null), "officer", CancellationToken.None));
        await _db.InTransactionAsync(t => _surveys.SetTargetAsync(t, County, 2025, new CredibilityTargetValues(86.5m, 3), "officer", CancellationToken.None));
        await _db.InTransactionAsync(t => _surveys.SetTargetAsync(t, County, 2026, new CredibilityTargetValues(null, 2), "officer-2", CancellationToken.None));
        // Another county's target is not in this county's listing.
        await _db.InTransactionAsync(t => _surveys.SetTargetAsync(t, "370811", 2025, new CredibilityTargetValues(80m, null), "officer", CancellationToken.None));
        var reading = new CredibilityReading(_db.DataSource, Dimensions, TestData.Directory);

        // Newest year first, two a page: the years awaiting their survey, then the results; the paging runs over both.
        var first = await reading.ListAsync(new CredibilityListing([County], 2000, 2100, null, 2), staff: true, CancellationToken.None);
        Assert.Equal([(2026, true), (2025, true)], first.Results.Select(r => (r.Year, r.AwaitingSurvey)));
        var awaiting = first.Results[1];
        Assert.Equal(("", 0.0, false, 0, "", null), (awaiting.ResultId, awaiting.Score, awaiting.HasProvincialRank, awaiting.Revision, awaiting.Source,
            awaiting.RecordedAt));
        Assert.Empty(awaiting.DimensionScores);
        Assert.Equal((86.5, 3, "officer"), (awaiting.Target.TargetScore, awaiting.Target.TargetRank, awaiting.Target.SetBy));
        Assert.Equal((V1.CredibilityTargetStatus.AwaitingSurvey, "待测评：目标已设，当年测评结果尚未录入"), (awaiting.TargetStatus, awaiting.TargetStatusName));
        Assert.Equal("2025年曲阜市选人用人公信度待测评", awaiting.Summary);
        // The years before are shown beside it; nothing is compared.
        Assert.Equal((85.10, 3, 84.36), (awaiting.Trend.PreviousYearScore, awaiting.Trend.PreviousYearRank, awaiting.Trend.TwoYearsEarlierScore));
        Assert.False(awaiting.Trend.HasScoreChangeFromPreviousYear || awaiting.Trend.HasPlacesGainedFromPreviousYear);
        Assert.False(first.Results[0].Target.HasTargetScore);

        var token = PageToken.Read(first.NextPageToken, 2, 20, 100, new FieldViolations()).After!.Value;
        var second = await reading.ListAsync(new CredibilityListing([County], 2000, 2100, (token.At.Year, token.Id), 2), staff: true, CancellationToken.None);
        Assert.Equal([(2024, false), (2023, false)], second.Results.Select(r => (r.Year, r.AwaitingSurvey)));
        Assert.Equal(V1.CredibilityTargetStatus.Met, second.Results[0].TargetStatus);

        // Within the years asked for only; a year recorded since is a result again.
        var only2025 = await reading.ListAsync(new CredibilityListing([County], 2025, 2025, null, 20), staff: true, CancellationToken.None);
        Assert.True(only2025.Results.Single().AwaitingSurvey);
        // The public edition lists the published results only.
        var published = await reading.ListAsync(new CredibilityListing([County], 2000, 2100, null, 20), staff: false, CancellationToken.None);
        Assert.Equal([2024, 2023], published.Results.Select(r => r.Year));
        await RecordAsync(Plan(2025, 87m, 2), 0, "");
        var recorded = (await reading.ListAsync(new CredibilityListing([County], 2025, 2025, null, 20), staff: true, CancellationToken.None)).Results.Single();
        Assert.Equal((false, 87.0, V1.CredibilityTargetStatus.Met), (recorded.AwaitingSurvey, recorded.Score, recorded.TargetStatus));
    }

    private static CredibilityResultPlan Plan(int year, decimal score, int rank) =>
        new(County, year, new CredibilityFigures(score, rank, 17, Dimensions.All.Reverse().Select((d, i) => new DimensionScore(d.Code, 80m + i)).ToList(),
            "全省选人用人工作满意度调查", "内部备注"));

    private Task<CredibilityResultRow> RecordAsync(CredibilityResultPlan plan, int expectedRevision, string reason, string by = "officer") =>
        _db.InTransactionAsync(t => _surveys.RecordAsync(t, plan, expectedRevision, reason, by, CancellationToken.None));

    private async Task<CredibilityResultRow?> TryCorrectAsync(decimal score)
    {
        try
        {
            await using var connection = await _db.NewDataSource().OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            var corrected = await _surveys.RecordAsync(transaction, Plan(2025, score, 12), 1, "更正", "officer", CancellationToken.None);
            await transaction.CommitAsync();
            return corrected;
        }
        catch (DomainRuleException)
        {
            return null;
        }
    }
}
