using System.Net.Http.Headers;
using Aspire.Hosting.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;
using Supervision.Contracts;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.Routing.V1;
using Supervision.ServiceDefaults;
using Supervision.ServiceDefaults.Auth;
using Supervision.ServiceDefaults.Messaging;
using Supervision.Contracts.Events.Intake;
using Supervision.Platform;

namespace Supervision.IntegrationTests.Routing;

public sealed class ErrorQueueReplayTests(PlatformFixture platform)
{
    [Fact]
    public async Task Should_park_a_failing_message_in_the_error_queue_and_replay_it_for_an_operator()
    {
        // A supplement for a report routing has not seen fails every retry and is parked.
        var reportId = Guid.CreateVersion7();
        var bus = platform.Probe.Services.GetRequiredService<IBus>();
        await bus.Publish(new ReportSupplemented { ReportId = reportId, MessageId = Guid.NewGuid(), Length = 42, At = DateTimeOffset.UtcNow });
        await WaitForErrorQueueAsync("routing-report-supplemented_error", TimeSpan.FromSeconds(90));

        // The cause goes away: the report arrives. Then the operator replays.
        await bus.Publish(new ReportReceived
        {
            ReportId = reportId, TrackingNumber = "370800-2026-999999", Channel = ReportChannel.Letter, Category = ReportCategory.Other,
            ReceivingDivisionCode = "370800", RealName = false, ElectionRelated = false, ElectionPeriod = false,
            Subjects = [new ReportSubject { CadreId = "c-0002" }], ReceivedAt = DateTimeOffset.UtcNow,
        });
        await RoutingScenarioTests.WaitForCaseAsync(platform, reportId.ToString());

        using var http = new HttpClient { BaseAddress = platform.App.GetEndpoint(ResourceNames.Routing, "http") };
        var unauthorized = await http.PostAsync(OperatorEndpoints.ReplayFailedMessages, null);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            DevelopmentTokens.Mint(PlatformFixture.SigningKey, "operator", [Roles.OversightOfficer], "370800", TimeSpan.FromMinutes(5)));
        var replay = await http.PostAsync(OperatorEndpoints.ReplayFailedMessages, null);
        replay.EnsureSuccessStatusCode();
        Assert.Contains("\"routing-report-supplemented\":1", await replay.Content.ReadAsStringAsync());

        var deadline = DateTime.UtcNow.AddSeconds(30);
        Case handled;
        do
        {
            await Task.Delay(250);
            handled = await RoutingScenarioTests.WaitForCaseAsync(platform, reportId.ToString());
        }
        while (handled.Timeline.All(e => e.Kind != "supplemented") && DateTime.UtcNow < deadline);
        Assert.Contains(handled.Timeline, e => e.Kind == "supplemented");
    }

    private async Task WaitForErrorQueueAsync(string queue, TimeSpan timeout)
    {
        var factory = new ConnectionFactory { Uri = new Uri((await platform.App.GetConnectionStringAsync(ResourceNames.Messaging))!) };
        await using var connection = await factory.CreateConnectionAsync();
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            await using var channel = await connection.CreateChannelAsync();
            try
            {
                if ((await channel.QueueDeclarePassiveAsync(queue)).MessageCount > 0)
                {
                    return;
                }
            }
            catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
            {
                // Not declared until the first fault.
            }
            await Task.Delay(500);
        }
        Assert.Fail($"No message reached {queue} within {timeout}.");
    }
}
