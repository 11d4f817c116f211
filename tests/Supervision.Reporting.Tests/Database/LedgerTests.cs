using Supervision.Contracts;
using Supervision.Contracts.Events.Evaluation;
using Supervision.Contracts.Events.Inspection;
using Supervision.Contracts.Events.Intake;
using Supervision.Reporting.Data;
using Supervision.Reporting.Domain;
using Supervision.Testing;

namespace Supervision.Reporting.Tests.Database;

/// <summary>
/// The supervision ledger of a cadre and a unit of 曲阜市 from every source, as a projection of the log: in any order,
/// unchanged by redelivery and by a rebuild.
/// </summary>
public sealed class LedgerTests(TestServers servers) : IAsyncLifetime
{
    private const string Cadre = "c-0326";
    private const string Unit = "u-370881-gov";
    private const string OtherCadre = "c-0325";
    private ReportingDatabase _db = null!;
    private readonly CaseEvents _case = new("u-370881-discipline");
    private readonly Guid _findingId = Guid.NewGuid();
    private readonly Guid _itemId = Guid.NewGuid();

    public async ValueTask InitializeAsync() => _db = await ReportingDatabase.CreateAsync(await servers.PostgresAsync());

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task Should_gather_every_source_in_the_cadres_and_the_units_ledger_whatever_the_order()
    {
        // The conclusion arrives before the report it concludes: the ledger joins them when read.
        await _db.RecordAllAsync([_case.Concluded(CaseEvents.At(11, 12, 10), "partly substantiated") with { OutcomeKey = "outcome.partly-substantiated" }]);
        await _db.RecordAllAsync(Events());
        await _db.InTransactionAsync(t => EventLog.RecordAsync(t, Guid.NewGuid(), Consequence(), CancellationToken.None, CaseEvents.At(11, 20, 9)));

        var cadre = await ListAsync(new LedgerQuery(LedgerEntry.Cadre, Cadre, [], null, null));
        Assert.Equal(["finding", "case-concluded", "case-opened", "report-received"], cadre.Select(e => e.Kind));
        Assert.Equal([LedgerSource.Inspection, LedgerSource.Case, LedgerSource.Case, LedgerSource.Report], cadre.Select(e => e.Source));
        Assert.Equal(["370881-2026-000001", ((int)ReportChannel.Letter).ToString()], cadre[^1].Args);
        Assert.Equal(["u-370881-discipline", "outcome.partly-substantiated", "partly substantiated", "经核查。"], cadre[1].Args);

        var unit = await ListAsync(new LedgerQuery(LedgerEntry.Unit, Unit, [], null, null));
        Assert.Equal(["consequence", "visit-score-secret", "rectification-moved", "rectification-opened", "finding", "case-concluded", "case-opened",
            "report-received"], unit.Select(e => e.Kind));
        Assert.Equal(["key-supervision-target", "12", "12", "61.5", "2027-02-18"], unit[0].Args);
        Assert.Equal(["58.3", "6"], unit[1].Args);

        Assert.Empty(await ListAsync(new LedgerQuery(LedgerEntry.Cadre, OtherCadre, [], null, null)));
    }

    [Fact]
    public async Task Should_filter_by_source_and_period_and_page_newest_first()
    {
        await _db.RecordAllAsync(Events());
        await _db.RecordAllAsync([_case.Concluded(CaseEvents.At(11, 12, 10), "substantiated")]);

        var inspection = await ListAsync(new LedgerQuery(LedgerEntry.Unit, Unit, [LedgerSource.Inspection, LedgerSource.Rectification], null, null));
        Assert.Equal(["rectification-moved", "rectification-opened", "finding"], inspection.Select(e => e.Kind));
        var november12 = await ListAsync(new LedgerQuery(LedgerEntry.Unit, Unit, [],
            new DateTimeOffset(2026, 11, 12, 0, 0, 0, CaseEvents.Beijing), new DateTimeOffset(2026, 11, 13, 0, 0, 0, CaseEvents.Beijing)));
        Assert.Equal(["case-concluded"], november12.Select(e => e.Kind));

        var all = await ListAsync(new LedgerQuery(LedgerEntry.Unit, Unit, [], null, null));
        var query = new LedgerQuery(LedgerEntry.Unit, Unit, [], null, null);
        var first = await _db.InTransactionAsync(t => LedgerStore.ListAsync(t, query, null, 3, CancellationToken.None));
        var rest = await _db.InTransactionAsync(t => LedgerStore.ListAsync(t, query,
            (first[^1].OccurredAt, first[^1].EntryId), 100, CancellationToken.None));
        Assert.Equal(all.Select(e => e.EntryId), first.Concat(rest).Select(r => r.EntryId));
    }

    [Fact]
    public async Task Should_keep_the_same_entries_after_a_redelivery_and_a_rebuild()
    {
        var messageId = Guid.NewGuid();
        var finding = Finding();
        await _db.RecordAllAsync(Events());
        Assert.True(await _db.RecordAsync(finding, messageId));
        Assert.False(await _db.RecordAsync(finding, messageId));
        var before = await ListAsync(new LedgerQuery(LedgerEntry.Unit, Unit, [], null, null));

        await _db.InTransactionAsync(t => EventLog.RebuildAsync(t, CancellationToken.None));

        var after = await ListAsync(new LedgerQuery(LedgerEntry.Unit, Unit, [], null, null));
        Assert.Equal(before.Select(e => (e.EntryId, e.Kind, e.OccurredAt, string.Join('|', e.Args))),
            after.Select(e => (e.EntryId, e.Kind, e.OccurredAt, string.Join('|', e.Args))));
        Assert.Equal(1, before.Count(e => e.Kind == "finding"));
    }

    private IEnumerable<object> Events() =>
    [
        _case.Received(CaseEvents.At(11, 10, 9), ReportChannel.Letter, "370881") with
        {
            Subjects = [new ReportSubject { CadreId = Cadre, UnitId = Unit }],
        },
        _case.Opened(CaseEvents.At(11, 10, 10)),
        Finding(),
        new RectificationItemChanged
        {
            ItemId = _itemId, TourId = Guid.NewGuid(), FindingId = _findingId, ResponsibleUnitId = Unit, FromState = "", ToState = "open",
            Deadline = new DateOnly(2027, 1, 31), At = CaseEvents.At(11, 14, 9),
        },
        new RectificationItemChanged
        {
            ItemId = _itemId, TourId = Guid.NewGuid(), FindingId = _findingId, ResponsibleUnitId = Unit, FromState = "open", ToState = "in-progress",
            Deadline = new DateOnly(2027, 1, 31), At = CaseEvents.At(11, 15, 9),
        },
        new VisitCompleted
        {
            PlanId = Guid.NewGuid(), Secret = true, Units = [new VisitedUnitScore { UnitId = Unit, Records = 6, MeanScore = 58.333 }],
            CompletedAt = CaseEvents.At(11, 18, 16),
        },
    ];

    private FindingRecorded Finding() => new()
    {
        FindingId = _findingId, TourId = Guid.NewGuid(), Category = "形式主义、官僚主义", Severity = "serious", CadreIds = [Cadre], UnitIds = [Unit],
        At = CaseEvents.At(11, 13, 15),
    };

    private static ConsequenceApplied Consequence() => new()
    {
        ConsequenceId = Guid.NewGuid(), SessionId = Guid.NewGuid(), UnitId = Unit, Consequence = "key-supervision-target", Rank = 12, RankedUnits = 12,
        Score = 61.5, DueAt = CaseEvents.At(2, 18, 9).AddYears(1),
    };

    private async Task<IReadOnlyList<LedgerEntry>> ListAsync(LedgerQuery query) =>
        (await _db.InTransactionAsync(t => LedgerStore.ListAsync(t, query, null, 100, CancellationToken.None))).Select(r => r.ToEntry()).ToList();
}
