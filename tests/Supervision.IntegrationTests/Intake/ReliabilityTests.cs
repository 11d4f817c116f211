using Aspire.Hosting.ApplicationModel;
using Dapper;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.Intake.V1;
using Supervision.ServiceDefaults;
using Supervision.ServiceDefaults.Auth;
using Supervision.Contracts.Events.Intake;
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
        Assert.True(await PendingEventsAsync() > 0, "with the broker down, events wait in the outbox");

        await platform.ExecuteOnEachInstanceAsync(ResourceNames.Messaging, KnownResourceCommands.StartCommand);
        var after = await SubmitAsync(5, clerk);

        var all = before.Concat(during).Concat(after).ToList();
        await platform.Probe.WaitUntilHandledAsync(all, TimeSpan.FromMinutes(3));
        foreach (var reportId in all)
        {
            Assert.Equal(1, platform.Probe.Recorder.Handled[reportId]);
            Assert.Equal(1, await platform.Probe.HandledRowsAsync(reportId));
        }
        Assert.Equal(0, await PendingEventsAsync());
    }

    [Fact]
    public async Task Should_lose_nothing_when_intake_restarts_mid_flight()
    {
        var clerk = PlatformFixture.StaffHeaders("370800", Roles.IntakeClerk);
        var submitted = new List<(Guid ReportId, string Receipt)>();
        for (var i = 0; i < 10; i++)
        {
            var response = await platform.Public.SubmitReportAsync(Reports.RealName(Channel.Letter, "370800"), clerk);
            submitted.Add((Guid.Parse(response.ReportId), response.ReceiptCode));
        }

        // Straight after the last commit, before the relay necessarily ran: stop every instance, then start them.
        await platform.ExecuteOnEachInstanceAsync(ResourceNames.Intake, KnownResourceCommands.StopCommand);
        await platform.ExecuteOnEachInstanceAsync(ResourceNames.Intake, KnownResourceCommands.StartCommand);
        await platform.App.ResourceNotifications.WaitForResourceHealthyAsync(ResourceNames.Intake).WaitAsync(TimeSpan.FromMinutes(2));

        await platform.Probe.WaitUntilHandledAsync(submitted.Select(s => s.ReportId), TimeSpan.FromMinutes(2));
        foreach (var (reportId, receipt) in submitted)
        {
            var status = await platform.Public.GetReportStatusAsync(new GetReportStatusRequest { ReceiptCode = receipt }, PlatformFixture.PublicCaller());
            Assert.True(status.State >= ReportState.Received, $"state {status.State}");
            Assert.Equal(1, platform.Probe.Recorder.Handled[reportId]);
        }
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
        await Task.Delay(TimeSpan.FromSeconds(3));

        Assert.Equal(1, platform.Probe.Recorder.Handled[reportId]);
        Assert.Equal(1, await platform.Probe.HandledRowsAsync(reportId));
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

    private async Task<long> PendingEventsAsync()
    {
        await using var connection = new NpgsqlConnection(platform.IntakeDatabase);
        return await connection.ExecuteScalarAsync<long>("select count(*) from outbox_messages where sent_at is null");
    }
}
