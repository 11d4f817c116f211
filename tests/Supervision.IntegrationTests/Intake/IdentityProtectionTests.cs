using Grpc.Core;
using StackExchange.Redis;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.IntegrationTests.Routing;
using Supervision.Intake.V1;
using Supervision.ServiceDefaults.Auth;
using Supervision.Platform;
using Supervision.Contracts.Events.Intake;
using Supervision.Contracts.Events.Routing;

namespace Supervision.IntegrationTests.Intake;

public sealed class IdentityProtectionTests(PlatformFixture platform)
{
    [Fact]
    public async Task Should_keep_the_reporters_identity_out_of_the_database_logs_and_broker()
    {
        // Distinctive values that appear nowhere else.
        const string name = "欧阳保密";
        const string phone = "13655558888";
        const string idNumber = "370883199003072819";
        const string address = "邹城市钢山街道保密巷9号";
        var request = Reports.RealName(Channel.Hotline, name: name, phone: phone);
        request.Reporter.IdNumber = idNumber;
        request.Reporter.Address = address;

        var report = await platform.Public.SubmitReportAsync(request, PlatformFixture.StaffHeaders("370883", Roles.IntakeClerk));
        await platform.Probe.WaitUntilHandledAsync([Guid.Parse(report.ReportId)], TimeSpan.FromSeconds(60));
        await platform.RevealWithApprovalAsync(report.ReportId, "370883", "测试：揭示后日志中也不得出现身份");

        string[] secrets = [name, phone, idNumber, address];
        var database = await DatabaseDump.AllRowsAsync(platform.IntakeDatabase);
        Assert.Contains(report.TrackingNumber, database);
        // The reveal's own log line is the last thing written about the report: once it is here, the rest is too.
        var logs = await Eventually.ReachedAsync(() => Task.FromResult(string.Join("\n", platform.Logs)),
            text => text.Contains($"Reporter identity of report {report.ReportId} revealed"), "the reveal's log line");
        var bodies = string.Join("\n", platform.Probe.Recorder.RawBodies);
        Assert.Contains(report.ReportId, bodies);

        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, database);
            Assert.DoesNotContain(secret, logs);
            Assert.DoesNotContain(secret, bodies);
        }
    }

    [Fact]
    public async Task Should_keep_an_anonymous_callers_address_out_of_both_databases_the_logs_the_broker_and_the_cache()
    {
        // From the documentation range (RFC 5737): nothing else in the platform carries it.
        var ip = $"203.0.113.{Random.Shared.Next(100, 255)}";
        var caller = PlatformFixture.PublicCaller(ip);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(platform.Cache);
        var keysBefore = (await CacheAsync(redis)).Keys.ToHashSet();

        var request = Reports.Anonymous(Channel.Online, "370883");
        request.Category = Category.Discipline;
        request.Subjects.Clear();
        request.Subjects.Add(new Subject { CadreId = "c-0363" });
        var submitted = await platform.Public.SubmitReportAsync(request, caller);
        // The reporter comes back from the same address: a supplement, a look at the status, a mistyped code.
        await platform.Public.AddSupplementAsync(new AddSupplementRequest { ReceiptCode = submitted.ReceiptCode, Text = "补充：该副局长多次在工作日午间饮酒。" }, caller);
        await platform.Public.GetReportStatusAsync(new GetReportStatusRequest { ReceiptCode = submitted.ReceiptCode }, caller);
        var mistyped = await Assert.ThrowsAsync<RpcException>(() => platform.Public.GetReportStatusAsync(
            new GetReportStatusRequest { ReceiptCode = "AAAAA-BBBBB-CCCCC-DDDDD" }, caller).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, mistyped.StatusCode);

        // Wait until what is searched below holds this report: routing's case and its events, and the services' log lines.
        var routed = await RoutingScenarioTests.WaitForCaseAsync(platform, submitted.ReportId);
        await Eventually.ReachedAsync(() => Task.FromResult(platform.Probe.Recorder.EventBodies.ToList()),
            events => platform.Probe.Recorder.RawBodies.Any(b => b.Contains(submitted.ReportId))
                      && events.Any(e => e.Type == typeof(ReportSupplemented) && e.Body.Contains(submitted.ReportId))
                      && events.Any(e => e.Type == typeof(CaseAssigned) && e.Body.Contains(routed.CaseId)),
            "the report's events on the broker");
        await Eventually.ReachedAsync(() => Task.FromResult(string.Join("\n", platform.Logs)),
            logs => logs.Contains(submitted.ReportId) && logs.Contains(routed.CaseId), "the services' log lines about the report and its case");
        // The probe records every event there is, so "not on the broker" covers them all (parts of events, like a subject, are not events).
        var contracts = typeof(ReportReceived).Assembly.GetTypes().Where(t => t.Namespace == typeof(ReportReceived).Namespace && t is { IsClass: true, IsPublic: true }).ToList();
        var parts = contracts.SelectMany(t => t.GetProperties()).Select(p => p.PropertyType)
            .SelectMany(t => t.IsGenericType ? t.GetGenericArguments() : [t]).ToHashSet();
        Assert.Empty(contracts.Where(t => !parts.Contains(t)).Except(BrokerEventRecorder.RecordedTypes).Except([typeof(ReportReceived)]));

        var cache = await CacheAsync(redis);
        // The limiter did count this caller (a new counter appeared), so the search below is not of an empty cache.
        Assert.Contains(cache.Keys, key => !keysBefore.Contains(key) && key.Contains(":rate:submit:"));
        var places = new Dictionary<string, string>
        {
            ["the intake database"] = await DatabaseDump.AllRowsAsync(platform.IntakeDatabase),
            ["the routing database"] = await DatabaseDump.AllRowsAsync(platform.RoutingDatabase),
            ["the services' and servers' logs"] = string.Join("\n", platform.Logs),
            ["the events on the broker"] = BrokerBodies(),
            ["the cache (keys and values)"] = string.Join("\n", cache.Select(entry => entry.Key + " = " + entry.Value)),
        };
        Assert.Contains(submitted.TrackingNumber, places["the intake database"]);
        Assert.Contains(routed.CaseId, places["the routing database"]);
        foreach (var (place, text) in places)
        {
            Assert.False(text.Contains(ip, StringComparison.Ordinal), $"The caller's address {ip} is in {place}.");
            Assert.False(text.Contains(DatabaseDump.AsBytea(ip), StringComparison.Ordinal), $"The caller's address {ip} is in {place}, as bytes.");
        }
    }

    private string BrokerBodies() =>
        string.Join("\n", platform.Probe.Recorder.RawBodies.Concat(platform.Probe.Recorder.EventBodies.Select(e => e.Body)));

    /// <summary>Every key of the cache with its value, whatever the key's type.</summary>
    private static async Task<Dictionary<string, string>> CacheAsync(ConnectionMultiplexer redis)
    {
        var database = redis.GetDatabase();
        var entries = new Dictionary<string, string>();
        foreach (var endpoint in redis.GetEndPoints())
        {
            await foreach (var key in redis.GetServer(endpoint).KeysAsync(pattern: "*", pageSize: 500))
            {
                var type = await database.KeyTypeAsync(key);
                entries[key.ToString()] = type switch
                {
                    RedisType.String => (await database.StringGetAsync(key)).ToString(),
                    RedisType.Hash => string.Join(";", (await database.HashGetAllAsync(key)).Select(e => $"{e.Name}={e.Value}")),
                    RedisType.List => string.Join(";", await database.ListRangeAsync(key)),
                    RedisType.Set => string.Join(";", await database.SetMembersAsync(key)),
                    RedisType.SortedSet => string.Join(";", (await database.SortedSetRangeByRankWithScoresAsync(key)).Select(e => $"{e.Element}@{e.Score}")),
                    RedisType.Stream => string.Join(";", (await database.StreamRangeAsync(key)).SelectMany(e => e.Values).Select(v => $"{v.Name}={v.Value}")),
                    _ => $"({type})",
                };
            }
        }
        return entries;
    }
}
