using Supervision.Contracts.Events.Intake;
using Supervision.Contracts;
using Supervision.Reference;
using Supervision.Testing;

namespace Supervision.Routing.Tests.Database;

/// <summary>Each test gets its own database on the shared server, so tests never see each other's cases.</summary>
public abstract class DatabaseTest(TestServers servers) : IAsyncLifetime
{
    /// <summary>Monday 10 March 2025, 09:00 in Beijing: inside a working day.</summary>
    protected static readonly DateTimeOffset Opened = new(2025, 3, 10, 9, 0, 0, TimeSpan.FromHours(8));

    private RoutingDatabase? _database;

    internal RoutingDatabase Db => _database ?? throw new InvalidOperationException("The database is created before each test.");

    public async ValueTask InitializeAsync() => _database = await RoutingDatabase.CreateAsync(await servers.PostgresAsync());

    public async ValueTask DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    protected static IReadOnlyList<Cadre> CountyCadres(int count) => TestData.Cadres("county-managed", "county").Take(count).ToList();

    protected static ReportReceived ElectionReport(ReportCategory category, Cadre cadre) =>
        Reports.About(category, cadre.DivisionCode, Reports.Cadre(cadre.Id)) with { ElectionRelated = true };

    protected static ReportReceived OrdinaryReport(ReportCategory category, Cadre cadre) =>
        Reports.About(category, cadre.DivisionCode, Reports.Cadre(cadre.Id));

    /// <summary>The action breaks a domain rule (FAILED_PRECONDITION at the gRPC edge).</summary>
    protected static Task<DomainRuleException> RefusedAsync(Func<Task> action) => Assert.ThrowsAsync<DomainRuleException>(action);
}
