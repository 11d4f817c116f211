using System.Text.Json;
using Supervision.Contracts;
using Supervision.Contracts.Events.Intake;
using Supervision.Contracts.Events.Routing;
using Supervision.Reporting.Data;
using Supervision.Reporting.Domain;
using Supervision.Reporting.Grpc;
using Supervision.Testing;

namespace Supervision.Reporting.Tests.Database;

/// <summary>
/// Routing's accountability measures in the ledger of the cadre each holds to account and of the cadre's unit (cadres c-0100
/// and c-0101 of 370812, used by no other ledger test); an event of the first version, without measures, still reads.
/// </summary>
public sealed class AccountabilityLedgerTests(TestServers servers) : IAsyncLifetime
{
    private const string Cadre = "c-0100";
    private const string Unit = "u-370812-market";
    private const string OtherCadre = "c-0101";
    private const string OtherUnit = "u-370812-civil-affairs";
    private ReportingDatabase _db = null!;
    private readonly CaseEvents _case = new("u-370812-discipline");

    public async ValueTask InitializeAsync() => _db = await ReportingDatabase.CreateAsync(await servers.PostgresAsync());

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task Should_put_each_measure_in_the_cadres_and_the_units_ledger_and_word_it()
    {
        await _db.RecordAllAsync([Report(), _case.Opened(CaseEvents.At(11, 10, 10)), Concluded()]);

        var cadre = await ListAsync(LedgerEntry.Cadre, Cadre);
        // The measure and the conclusion share their moment: the ledger's order between them is the entries' ids.
        Assert.Equal(["accountability-measure", "case-concluded", "case-opened", "report-received"], cadre.Select(e => e.Kind).Order());
        var measure = cadre.Single(e => e.Kind == "accountability-measure");
        Assert.Equal(["admonishment-talk", "诫勉谈话", Cadre, Unit, "2026-11-11"], measure.Args);
        Assert.Equal(LedgerSource.Case, measure.Source);
        var unit = await ListAsync(LedgerEntry.Unit, Unit);
        Assert.Equal(["accountability-measure"], unit.Select(e => e.Kind));
        // The second measure holds a cadre the report did not name: it reaches that cadre's and unit's ledgers, and only the measure.
        var other = await ListAsync(LedgerEntry.Cadre, OtherCadre);
        Assert.Equal(["accountability-measure"], other.Select(e => e.Kind));
        Assert.Equal(["circulated-criticism", "通报批评", OtherCadre, OtherUnit, "2026-11-12"], other[0].Args);
        Assert.Single(await ListAsync(LedgerEntry.Unit, OtherUnit));

        var reading = new LedgerReading(TestData.Directory);
        Assert.Equal("问责措施：诫勉谈话（余春，兖州区市场监督管理局），2026-11-11 决定", Languages.In("zh-Hans", () => reading.Text(measure)));
        Assert.StartsWith("Accountability measure: circulated criticism (", Languages.In("en", () => reading.Text(other[0])));
        Assert.EndsWith("), decided on 2026-11-12", Languages.In("en", () => reading.Text(other[0])));
    }

    [Fact]
    public async Task Should_read_a_conclusion_of_the_first_version_without_measures()
    {
        var json = JsonSerializer.Serialize(_case.Concluded(CaseEvents.At(11, 12, 10), "substantiated"), EventProjections.Json);
        Assert.Contains("\"measures\":null", json);
        var firstVersion = json.Replace(",\"measures\":null", "", StringComparison.Ordinal);
        Assert.DoesNotContain("measures", firstVersion);

        await _db.RecordAllAsync([Report(), _case.Opened(CaseEvents.At(11, 10, 10))]);
        await _db.InTransactionAsync(async t =>
        {
            await EventProjections.ApplyAsync(t, EventProjections.EventTypeOf(typeof(CaseConcluded)), firstVersion, CaseEvents.At(11, 12, 10),
                CancellationToken.None);
            return true;
        });

        Assert.Equal(["case-concluded", "case-opened", "report-received"], (await ListAsync(LedgerEntry.Cadre, Cadre)).Select(e => e.Kind));
        Assert.Empty(await ListAsync(LedgerEntry.Unit, Unit));
    }

    [Fact]
    public async Task Should_keep_the_same_measures_after_a_redelivery_and_a_rebuild()
    {
        var messageId = Guid.NewGuid();
        await _db.RecordAllAsync([Report()]);
        Assert.True(await _db.RecordAsync(Concluded(), messageId));
        Assert.False(await _db.RecordAsync(Concluded(), messageId));
        var before = await ListAsync(LedgerEntry.Unit, Unit);
        var beforeCadre = await ListAsync(LedgerEntry.Cadre, OtherCadre);

        await _db.InTransactionAsync(t => EventLog.RebuildAsync(t, CancellationToken.None));

        Assert.Equal(Rows(before), Rows(await ListAsync(LedgerEntry.Unit, Unit)));
        Assert.Equal(Rows(beforeCadre), Rows(await ListAsync(LedgerEntry.Cadre, OtherCadre)));
        Assert.Single(before);
    }

    private ReportReceived Report() => _case.Received(CaseEvents.At(11, 10, 9), ReportChannel.Hotline, "370812") with
    {
        Subjects = [new ReportSubject { CadreId = Cadre }],
    };

    private CaseConcluded Concluded() => _case.Concluded(CaseEvents.At(11, 12, 10), "partly substantiated") with
    {
        OutcomeKey = "outcome.partly-substantiated",
        Measures =
        [
            new CaseAccountabilityMeasure { Kind = "admonishment-talk", CadreId = Cadre, UnitId = Unit, Words = "诫勉谈话", DecidedOn = new DateOnly(2026, 11, 11) },
            new CaseAccountabilityMeasure
            {
                Kind = "circulated-criticism", CadreId = OtherCadre, UnitId = OtherUnit, Words = "通报批评", DecidedOn = new DateOnly(2026, 11, 12),
            },
        ],
    };

    private static IEnumerable<(Guid, string, DateTimeOffset, string)> Rows(IEnumerable<LedgerEntry> entries) =>
        entries.Select(e => (e.EntryId, e.Kind, e.OccurredAt, string.Join('|', e.Args))).ToList();


    private async Task<IReadOnlyList<LedgerEntry>> ListAsync(string kind, string id) =>
        (await _db.InTransactionAsync(t => LedgerStore.ListAsync(t, new LedgerQuery(kind, id, [], null, null), null, 100, CancellationToken.None)))
        .Select(r => r.ToEntry()).ToList();
}
