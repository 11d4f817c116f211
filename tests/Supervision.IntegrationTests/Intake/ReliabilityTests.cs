using Aspire.Hosting.ApplicationModel;
using Dapper;
using Grpc.Core;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.Intake.V1;
using Supervision.ServiceDefaults;
using Supervision.ServiceDefaults.Auth;
using Supervision.Contracts.Events.Intake;
using Supervision.Contracts.Events.Routing;
using Supervision.Platform;

namespace Supervision.IntegrationTests.Intake;

public sealed class ReliabilityTests(PlatformFixture platform)
{
    [Fact]
    public async Task Should_accept_reports_while_the_broker_is_down_and_deliver_each_once_when_it_is_back()
    {
        var clerk = PlatformFixture.StaffHeaders("370800", Roles.IntakeClerk);
        var before = await SubmitAsync(5, clerk);

        await platform.ExecuteOnEachInstanceAsync(ResourceNames.Messaging, KnownResourceCommands.StopCommand);
        var during = await SubmitAsync(20, clerk);
        Assert.True(await PendingEventsAsync(during) > 0, "with the broker down, events wait in the outbox");

        await platform.ExecuteOnEachInstanceAsync(ResourceNames.Messaging, KnownResourceCommands.StartCommand);
        var after = await SubmitAsync(5, clerk);

        var all = before.Concat(during).Concat(after).ToList();
        await platform.Probe.WaitUntilHandledAsync(all, TimeSpan.FromMinutes(3));
        // A consumer can see an event before the relay marks its row sent, and a publish whose confirm was lost while
        // the broker came back is sent again after the relay's back-off: every row is marked sent soon after, and
        // the copies sent again are handled by no one a second time.
        await Eventually.ReachedAsync(() => PendingEventsAsync(all), pending => pending == 0,
            "every event of these reports marked sent", TimeSpan.FromMinutes(1));
        foreach (var reportId in all)
        {
            Assert.Equal(1, platform.Probe.Recorder.Handled[reportId]);
            Assert.Equal(1, await platform.Probe.HandledRowsAsync(reportId));
        }
    }

    [Fact]
    public async Task Should_lose_nothing_when_intake_restarts_mid_flight()
    {
        var clerk = PlatformFixture.StaffHeaders("370800", Roles.IntakeClerk);
        var submitted = new List<(Guid ReportId, string Receipt)>();

        // The broker is down first, so every event of these reports is still in the outbox when intake stops:
        // only the restarted instances can deliver them.
        await platform.ExecuteOnEachInstanceAsync(ResourceNames.Messaging, KnownResourceCommands.StopCommand);
        bool brokerDown = true, intakeDown = false;
        try
        {
            for (var i = 0; i < 10; i++)
            {
                var response = await platform.Public.SubmitReportAsync(Reports.RealName(Channel.Letter, "370800"), clerk,
                    deadline: DateTime.UtcNow.AddSeconds(30));
                submitted.Add((Guid.Parse(response.ReportId), response.ReceiptCode));
            }
            var reportIds = submitted.Select(s => s.ReportId).ToList();
            Assert.Equal(10, await PendingEventsAsync(reportIds));

            intakeDown = true;
            await platform.ExecuteOnEachInstanceAsync(ResourceNames.Intake, KnownResourceCommands.StopCommand);
            await platform.ExecuteOnEachInstanceAsync(ResourceNames.Messaging, KnownResourceCommands.StartCommand);
            brokerDown = false;
            await platform.App.ResourceNotifications.WaitForResourceHealthyAsync(ResourceNames.Messaging).WaitAsync(TimeSpan.FromMinutes(2));
            Assert.Equal(10, await PendingEventsAsync(reportIds));
        }
        finally
        {
            // Whatever failed above, later tests need the broker and intake back.
            if (brokerDown)
            {
                await platform.ExecuteOnEachInstanceAsync(ResourceNames.Messaging, KnownResourceCommands.StartCommand);
            }
            if (intakeDown)
            {
                await platform.ExecuteOnEachInstanceAsync(ResourceNames.Intake, KnownResourceCommands.StartCommand);
            }
        }
        await platform.App.ResourceNotifications.WaitForResourceHealthyAsync(ResourceNames.Intake).WaitAsync(TimeSpan.FromMinutes(2));

        await platform.Probe.WaitUntilHandledAsync(submitted.Select(s => s.ReportId), TimeSpan.FromMinutes(2));
        foreach (var (reportId, receipt) in submitted)
        {
            var status = await platform.Public.GetReportStatusAsync(new GetReportStatusRequest { ReceiptCode = receipt }, PlatformFixture.PublicCaller());
            Assert.Equal("received", status.Timeline[0].Kind);
            Assert.Equal(1, platform.Probe.Recorder.Handled[reportId]);
            Assert.Equal(1, await platform.Probe.HandledRowsAsync(reportId));
        }
        Assert.Equal(0, await PendingEventsAsync(submitted.Select(s => s.ReportId).ToList()));
    }

    [Fact]
    public async Task Should_handle_a_redelivered_event_once_even_when_two_copies_arrive_together()
    {
        var report = await platform.Public.SubmitReportAsync(Reports.Anonymous(), PlatformFixture.PublicCaller());
        var reportId = Guid.Parse(report.ReportId);
        await platform.Probe.WaitUntilHandledAsync([reportId], TimeSpan.FromSeconds(60));
        Guid messageId;
        await using (var connection = new NpgsqlConnection(platform.IntakeDatabase))
        {
            messageId = await connection.ExecuteScalarAsync<Guid>(
                "select id from outbox_messages where payload->>'reportId' = @id", new { id = report.ReportId });
        }

        // What a relay crash between the broker's confirm and marking the row would cause: the same event again.
        var bus = platform.Probe.Services.GetRequiredService<IBus>();
        var copy = new ReportReceived
        {
            ReportId = reportId, TrackingNumber = report.TrackingNumber, Channel = Contracts.ReportChannel.Online,
            Category = Contracts.ReportCategory.WorkStyle, ReceivingDivisionCode = "370883", RealName = false,
            ElectionRelated = false, ElectionPeriod = false, Subjects = [], ReceivedAt = DateTimeOffset.UtcNow,
        };
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => bus.Publish(copy, c => c.MessageId = messageId)));

        // Every copy reached the probe and routing (the original and three more), and each handled it once.
        await platform.Probe.WaitUntilDeliveredAsync(reportId, 4, TimeSpan.FromSeconds(60));
        Assert.Equal(1, platform.Probe.Recorder.Handled[reportId]);
        Assert.Equal(1, await platform.Probe.HandledRowsAsync(reportId));

        await platform.WaitUntilConsumedAsync("routing-report-received", messageId, 4, TimeSpan.FromSeconds(60));
        var routed = await Routing.RoutingScenarioTests.WaitForCaseAsync(platform, report.ReportId);
        Assert.Equal([report.ReportId], routed.ReportIds);
        Assert.Single(routed.Timeline, e => e.Kind == "opened");
        await using var routing = new NpgsqlConnection(platform.RoutingDatabase);
        Assert.Equal(1, await routing.ExecuteScalarAsync<long>(
            "select count(*) from case_timeline where kind = 'opened' and description like @opened", new { opened = $"%{report.TrackingNumber}%" }));
        Assert.Equal(1, await routing.ExecuteScalarAsync<long>(
            "select count(*) from outbox_messages where message_type = @type and payload->>'reportId' = @id",
            new { type = typeof(CaseOpened).FullName, id = report.ReportId }));
    }

    [Fact]
    public async Task Should_refuse_a_submission_while_the_database_is_down_and_make_one_report_of_its_retries()
    {
        var clerk = PlatformFixture.StaffHeaders("370800", Roles.IntakeClerk);
        var request = Reports.RealName(Channel.Hotline, "370800");
        request.Account += " " + Guid.NewGuid(); // this report's rows, if any were written, can be found by its account
        request.IdempotencyKey = Guid.NewGuid().ToString("N");
        var before = await CountAsync();

        await platform.ExecuteOnEachInstanceAsync(ResourceNames.Postgres, KnownResourceCommands.StopCommand);
        var databaseDown = true;
        try
        {
            var refused = await Assert.ThrowsAsync<RpcException>(() =>
                platform.Public.SubmitReportAsync(request, clerk, deadline: DateTime.UtcNow.AddSeconds(30)).ResponseAsync);
            Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
            await platform.ExecuteOnEachInstanceAsync(ResourceNames.Postgres, KnownResourceCommands.StartCommand);
            databaseDown = false;
        }
        finally
        {
            if (databaseDown)
            {
                await platform.ExecuteOnEachInstanceAsync(ResourceNames.Postgres, KnownResourceCommands.StartCommand);
            }
            await DatabaseAnswersAsync();
        }

        // Nothing of the refused attempt was written: no report, no timeline entry, no event waiting to be sent.
        Assert.Equal(before, await CountAsync());
        await using (var connection = new NpgsqlConnection(platform.IntakeDatabase))
        {
            Assert.Equal(0, await connection.ExecuteScalarAsync<long>("select count(*) from reports where account = @Account", new { request.Account }));
        }

        // The caller retries with the same key until the service answers (its pooled connections die with the server).
        var accepted = await Eventually.ReachedAsync<SubmitReportResponse?>(async () =>
        {
            try
            {
                return await platform.Public.SubmitReportAsync(request, clerk, deadline: DateTime.UtcNow.AddSeconds(30));
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Unavailable)
            {
                return null;
            }
        }, response => response is not null, "a retried submission accepted", TimeSpan.FromMinutes(1));
        var again = await platform.Public.SubmitReportAsync(request, clerk);
        Assert.Equal((accepted!.ReportId, accepted.TrackingNumber, accepted.ReceiptCode), (again.ReportId, again.TrackingNumber, again.ReceiptCode));

        await using (var connection = new NpgsqlConnection(platform.IntakeDatabase))
        {
            Assert.Equal([Guid.Parse(accepted.ReportId)], await connection.QueryAsync<Guid>("select id from reports where account = @Account", new { request.Account }));
            Assert.Equal(1, await connection.ExecuteScalarAsync<long>(
                "select count(*) from outbox_messages where payload->>'reportId' = @id", new { id = accepted.ReportId }));
            Assert.Equal(1, await connection.ExecuteScalarAsync<long>(
                "select count(*) from report_timeline where report_id = @id and kind = 'received'", new { id = Guid.Parse(accepted.ReportId) }));
        }
        await platform.Probe.WaitUntilHandledAsync([Guid.Parse(accepted.ReportId)], TimeSpan.FromSeconds(60));
        Assert.Equal(1, platform.Probe.Recorder.Handled[Guid.Parse(accepted.ReportId)]);
    }

    /// <summary>
    /// Waits out the restarted server's crash recovery (its port answers before it accepts queries), then lets the
    /// services use up the pooled connections that died with it, so later tests meet a platform that answers.
    /// </summary>
    private async Task DatabaseAnswersAsync()
    {
        var fresh = new NpgsqlConnectionStringBuilder(platform.IntakeDatabase) { Pooling = false }.ConnectionString;
        await Eventually.ReachedAsync(async () =>
        {
            try
            {
                await using var connection = new NpgsqlConnection(fresh);
                await connection.OpenAsync();
                return await connection.ExecuteScalarAsync<int>("select 1") == 1;
            }
            catch (NpgsqlException)
            {
                return false;
            }
        }, answered => answered, "PostgreSQL accepting queries again", TimeSpan.FromMinutes(2));
        NpgsqlConnection.ClearAllPools();
        platform.Probe.DataSource.Clear();

        var staff = PlatformFixture.StaffHeaders("370800", Roles.IntakeClerk, Roles.Handler);
        var inARow = 0;
        await Eventually.ReachedAsync(async () =>
        {
            try
            {
                await platform.Staff.ListReportsAsync(new ListReportsRequest { PageSize = 1 }, staff);
                await platform.Cases.ListCasesAsync(new Supervision.Routing.V1.ListCasesRequest { PageSize = 1 }, staff);
                return ++inARow;
            }
            catch (RpcException ex) when (ex.StatusCode is StatusCode.Unavailable or StatusCode.Internal)
            {
                return inARow = 0;
            }
        }, n => n >= 30, "intake and routing answering from the database again", TimeSpan.FromMinutes(1));
    }

    private async Task<List<Guid>> SubmitAsync(int count, Grpc.Core.Metadata headers)
    {
        var ids = new List<Guid>();
        for (var i = 0; i < count; i++)
        {
            var response = await platform.Public.SubmitReportAsync(Reports.RealName(Channel.Hotline, "370800"), headers,
                deadline: DateTime.UtcNow.AddSeconds(30));
            ids.Add(Guid.Parse(response.ReportId));
        }
        return ids;
    }

    /// <summary>Events of these reports that wait in intake's outbox: committed, not yet confirmed by the broker.</summary>
    private async Task<long> PendingEventsAsync(IReadOnlyList<Guid> reportIds)
    {
        await using var connection = new NpgsqlConnection(platform.IntakeDatabase);
        return await connection.ExecuteScalarAsync<long>(
            "select count(*) from outbox_messages where sent_at is null and (payload->>'reportId')::uuid = any(@reportIds)",
            new { reportIds = reportIds.ToArray() });
    }

    private async Task<(long Reports, long Timeline, long Events)> CountAsync()
    {
        await using var connection = new NpgsqlConnection(platform.IntakeDatabase);
        return await connection.QuerySingleAsync<(long, long, long)>(
            "select (select count(*) from reports), (select count(*) from report_timeline where kind = 'received'), (select count(*) from outbox_messages)");
    }
}
