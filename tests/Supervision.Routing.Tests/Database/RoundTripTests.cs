using System.Collections;
using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;
using Supervision.Contracts;
using Supervision.Contracts.Events.Intake;
using Supervision.Contracts.Events.Routing;
using Supervision.ServiceDefaults.Data;
using Supervision.Testing;

namespace Supervision.Routing.Tests.Database;

/// <summary>
/// What opening a case costs the database, counted from Npgsql's own command log on a connection of its own:
/// round trips (a command or a batch) and statements (each was a round trip before writes were held back).
/// </summary>
public sealed class RoundTripTests(TestServers servers, ITestOutputHelper output) : DatabaseTest(servers)
{
    [Fact]
    public async Task Should_open_a_case_with_a_lead_and_a_co_unit_in_five_round_trips()
    {
        var report = OrdinaryReport(ReportCategory.ElectionConduct, CountyCadres(1)[0]);

        var (roundTrips, statements) = await CountAsync(t => Db.Opening.OpenAsync(t, report, Opened, CancellationToken.None));

        output.WriteLine($"new case, lead and co-unit: {roundTrips} round trips, {statements} statements");
        // Holds-report, election periods, subject lock with the open-case lookup, who is on duty, then every write at once.
        Assert.Equal(5, roundTrips);
        Assert.True(statements >= 20, $"{statements} statements");
        var caseId = await Db.CaseOfAsync(report);
        Assert.Equal(2, await Db.ScalarAsync<int>("select count(*)::int from case_tasks where case_id = @caseId", new { caseId }));
        Assert.Equal(2, await Db.OutboxCountAsync<CaseAssigned>(caseId));
        // Every notice (to the units, the duty officer's phone calls, and up the levels where nobody is on duty) has its event.
        var notices = await Db.ScalarAsync<int>("select count(*)::int from notifications where case_id = @caseId", new { caseId });
        Assert.True(notices >= 4, $"{notices} notices");
        Assert.Equal(notices, await Db.OutboxCountAsync<CaseNotified>(caseId));
        // The lead is the intake centre itself; only the co-unit is phoned.
        Assert.Equal(1, await Db.ScalarAsync<int>("select count(*)::int from phone_notices where case_id = @caseId", new { caseId }));
        Assert.Equal(1, await Db.OutboxCountAsync<CaseOpened>(caseId));
        Assert.Equal([report.ReportId.ToString()], await Db.QueryAsync<string>(
            "select distinct jsonb_array_elements_text(payload->'reportIds') from outbox_messages where message_type = @type and payload->>'caseId' = @caseId",
            new { type = typeof(CaseAssigned).FullName, caseId = caseId.ToString() }));
        Assert.Equal(["assigned", "assigned", "opened"], await Db.QueryAsync<string>(
            "select kind from case_timeline where case_id = @caseId order by kind", new { caseId }));
    }

    [Fact]
    public async Task Should_attach_a_report_to_an_open_case_in_six_round_trips()
    {
        var cadre = CountyCadres(1)[0];
        await Db.OpenAsync(OrdinaryReport(ReportCategory.Discipline, cadre), Opened);
        var second = OrdinaryReport(ReportCategory.Discipline, cadre);

        var (roundTrips, statements) = await CountAsync(t => Db.Opening.OpenAsync(t, second, Opened.AddMinutes(5), CancellationToken.None));

        output.WriteLine($"report joining an open case: {roundTrips} round trips, {statements} statements");
        // As above, then the attachment's writes go out with the case's row lock, and its events at the end.
        Assert.Equal(6, roundTrips);
        var caseId = await Db.CaseOfAsync(second);
        Assert.Equal(2, await Db.ScalarAsync<int>("select count(*)::int from case_reports where case_id = @caseId", new { caseId }));
        Assert.Equal(1, await Db.ScalarAsync<int>("select count(*)::int from case_timeline where case_id = @caseId and kind = 'report-attached'", new { caseId }));
    }

    [Fact]
    public async Task Should_let_a_read_see_the_writes_held_back_before_it()
    {
        await using var connection = await Db.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        using (var writes = WriteBehind.Begin(transaction))
        {
            await transaction.WriteAsync("create temporary table held (n int)", null, CancellationToken.None);
            await transaction.WriteAsync("insert into held values (@n)", new { n = 1 }, CancellationToken.None);

            Assert.Equal(1, await transaction.ScalarAsync<int>("select count(*)::int from held", null, CancellationToken.None));

            await transaction.WriteAsync("insert into held values (@n), (@m)", new { n = 2, m = (int?)null, unused = "not a parameter" }, CancellationToken.None);
            await writes.EndAsync(CancellationToken.None);
        }
        // Ended: what follows runs at once.
        await transaction.WriteAsync("insert into held values (@n)", new { n = 3 }, CancellationToken.None);
        Assert.Equal([1, 2, 3], (await connection.QueryAsync<int>("select n from held where n is not null order by n", transaction: transaction)).ToList());
        Assert.Equal(1, await connection.ExecuteScalarAsync<int>("select count(*)::int from held where n is null", transaction: transaction));
    }

    [Fact]
    public async Task Should_send_nothing_of_a_scope_dropped_without_ending()
    {
        await using var connection = await Db.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await connection.ExecuteAsync("create temporary table dropped (n int)", transaction: transaction);
        using (WriteBehind.Begin(transaction))
        {
            await transaction.WriteAsync("insert into dropped values (@n)", new { n = 1 }, CancellationToken.None);
        }
        await transaction.WriteAsync("insert into dropped values (@n)", new { n = 2 }, CancellationToken.None);
        Assert.Equal([2], (await connection.QueryAsync<int>("select n from dropped", transaction: transaction)).ToList());
    }

    /// <summary>Runs <paramref name="work"/> in a transaction of a data source whose commands are counted (the commit not included).</summary>
    private async Task<(int RoundTrips, int Statements)> CountAsync(Func<NpgsqlTransaction, Task> work)
    {
        var counter = new CommandCounter();
        using var loggers = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(counter));
        await using var dataSource = new NpgsqlDataSourceBuilder(Db.ConnectionString).UseLoggerFactory(loggers).Build();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        counter.Reset();
        await work(transaction);
        var counted = (counter.RoundTrips, counter.Statements);
        await transaction.CommitAsync();
        return counted;
    }

    /// <summary>Counts Npgsql's "Executing command" and "Executing batch" events, and the statements a batch carries.</summary>
    private sealed class CommandCounter : ILoggerProvider, ILogger
    {
        private int _roundTrips;
        private int _statements;

        public int RoundTrips => Volatile.Read(ref _roundTrips);

        public int Statements => Volatile.Read(ref _statements);

        public void Reset()
        {
            Volatile.Write(ref _roundTrips, 0);
            Volatile.Write(ref _statements, 0);
        }

        public ILogger CreateLogger(string categoryName) => this;

        public void Dispose()
        {
        }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = formatter(state, exception);
            if (text.StartsWith("Executing command", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _roundTrips);
                Interlocked.Increment(ref _statements);
            }
            else if (text.StartsWith("Executing batch", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _roundTrips);
                var commands = (state as IEnumerable<KeyValuePair<string, object?>>)?.FirstOrDefault(p => p.Key == "BatchCommands").Value;
                Interlocked.Add(ref _statements, commands is IEnumerable list and not string ? list.Cast<object>().Count() : 1);
            }
        }
    }
}
