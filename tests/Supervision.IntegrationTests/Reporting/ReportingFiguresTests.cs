using Dapper;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Npgsql;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.IntegrationTests.Routing;
using Supervision.Intake.V1;
using Supervision.Platform;
using Supervision.Reporting.V1;
using static Supervision.IntegrationTests.Reporting.ReportingCalls;

namespace Supervision.IntegrationTests.Reporting;

/// <summary>
/// The reporting service under the AppHost: it logs intake's and routing's events, counts them per unit and county,
/// gives the same numbers after a rebuild from its log, keeps one daily-dispatch timer for its two instances and
/// refuses callers and inputs as the other services do.
/// </summary>
public sealed class ReportingFiguresTests(PlatformFixture platform)
{
    private static readonly Metadata CityOfficer = PlatformFixture.StaffHeaders("370800", Roles.OversightOfficer);

    [Fact]
    public async Task Should_count_a_report_for_its_unit_and_channel_and_give_the_same_numbers_after_a_rebuild()
    {
        var start = DateTimeOffset.UtcNow.AddSeconds(-1);
        var request = Reports.Anonymous(Channel.Hotline, "370883");
        request.Subjects.Clear();
        request.Subjects.Add(new Subject { CadreId = "c-0001" });
        var submitted = await platform.Public.SubmitReportAsync(request, PlatformFixture.StaffHeaders("370883", Roles.IntakeClerk));
        var routed = await RoutingScenarioTests.WaitForCaseAsync(platform, submitted.ReportId);

        var window = new GetIndicatorsRequest
        {
            DivisionCode = "370800", From = Timestamp.FromDateTimeOffset(start), To = Timestamp.FromDateTimeOffset(start.AddDays(1)),
        };
        // Other test classes submit reports at the same time (many about the same cadre), so the city's figures
        // count this report among theirs: exact counts are proven by the component tests on a hand-counted week.
        var figures = await Eventually.ReachedAsync(() => platform.Figures.GetIndicatorsAsync(window, CityOfficer).ResponseAsync,
            f => f.Units.Any(u => u.Id == routed.LeadUnitId && u.ReportsReceived >= 1 && u.CasesOpened >= 1), "the report counted for its lead unit");
        Assert.True(Assert.Single(figures.ReceivedByChannel, c => c.Channel == "CHANNEL_HOTLINE").Reports >= 1);
        Assert.Equal("hotline", figures.ReceivedByChannel.Single(c => c.Channel == "CHANNEL_HOTLINE").ChannelName);
        Assert.True(Assert.Single(figures.ReceivedByLevel, l => l.Level == "county").Reports >= 1);
        Assert.True(figures.Total.CasesOpened >= 1);
        Assert.True(figures.Counties.Sum(c => c.CasesOpened) >= 1);

        // The year's figures, before and after a rebuild from the log, read while no other event came in between.
        var year = new GetIndicatorsRequest
        {
            DivisionCode = "370800", From = Timestamp.FromDateTimeOffset(start.AddDays(-300)), To = Timestamp.FromDateTimeOffset(start.AddDays(1)),
        };
        for (var attempt = 0; ; attempt++)
        {
            // Both readings judge the year as it stood at one moment. Judged "as of now", an event stamped a few seconds
            // ahead of this clock (other classes publish routing's events with moments of their own) falls due between the
            // two readings, and the figures differ with no event in between and nothing wrong in the projections.
            year.To = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow);
            var before = await platform.Figures.GetIndicatorsAsync(year, CityOfficer);
            var rebuilt = await platform.ReportingOperations.RebuildProjectionsAsync(new RebuildProjectionsRequest(), CityOfficer);
            var after = await platform.Figures.GetIndicatorsAsync(year, CityOfficer);
            if (before.Events != after.Events && attempt < 5)
            {
                continue;
            }
            Assert.Equal(before.Events, rebuilt.Events);
            Assert.True(rebuilt.Rows > 0);
            Assert.Equal(before, after);
            break;
        }
    }

    [Fact]
    public async Task Should_keep_one_daily_dispatch_timer_for_two_instances_and_read_the_calendar()
    {
        Assert.Equal(2, platform.InstancesOf(ResourceNames.Reporting).Count);
        await using var connection = new NpgsqlConnection(platform.ReportingDatabase);
        var pending = (await connection.QueryAsync<(string Subject, DateTime DueAt)>(
            "select subject, due_at from durable_timers where kind = 'daily-dispatch' and fired_at is null and cancelled_at is null")).ToList();
        var (subject, dueAt) = Assert.Single(pending);

        var day = await platform.Figures.GetWorkingDayAsync(new GetWorkingDayRequest { Date = subject }, CityOfficer);
        Assert.True(day.WorkingDay_);
        Assert.Equal(new TimeOnly(0, 30), TimeOnly.FromDateTime(dueAt));
        var notYet = await Assert.ThrowsAsync<RpcException>(() =>
            platform.Figures.GetDailyDispatchAsync(new GetDailyDispatchRequest { Date = subject }, CityOfficer).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, notYet.StatusCode);

        var nationalDay = await platform.Figures.GetWorkingDayAsync(new GetWorkingDayRequest { Date = "2026-10-01" }, CityOfficer);
        Assert.False(nationalDay.WorkingDay_);
        Assert.Equal("National Day", nationalDay.Holiday);
        Assert.Equal("2026-10-08", nationalDay.NextWorkingDay);
        var madeUp = await platform.Figures.GetWorkingDayAsync(new GetWorkingDayRequest { Date = "2026-10-10" },
            Chinese(PlatformFixture.StaffHeaders("370800", Roles.Auditor)));
        Assert.True(madeUp.WorkingDay_ && madeUp.MakeUpWorkingDay && madeUp.Confirmed);
        Assert.Equal("国庆节", madeUp.Holiday);
        var holiday = await Assert.ThrowsAsync<RpcException>(() =>
            platform.Figures.GetDailyDispatchAsync(new GetDailyDispatchRequest { Date = "2026-10-01" }, CityOfficer).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, holiday.StatusCode);
        Assert.Contains("not a working day", holiday.Status.Detail);
    }

    [Fact]
    public async Task Should_refuse_callers_without_a_token_the_role_or_the_jurisdiction()
    {
        var year = new GetIndicatorsRequest
        {
            DivisionCode = "370811", From = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(-30)), To = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
        };
        await RefusedAsync(StatusCode.Unauthenticated, platform.Figures.GetIndicatorsAsync(year).ResponseAsync);
        await RefusedAsync(StatusCode.Unauthenticated, platform.ReportingOperations.RebuildProjectionsAsync(new RebuildProjectionsRequest()).ResponseAsync);
        await RefusedAsync(StatusCode.Unauthenticated, platform.Figures.ListDailyDispatchesAsync(new ListDailyDispatchesRequest()).ResponseAsync);
        var zoucheng = PlatformFixture.StaffHeaders("370883", Roles.OversightOfficer);
        await RefusedAsync(StatusCode.PermissionDenied, platform.Figures.GetIndicatorsAsync(year, zoucheng).ResponseAsync);
        // A rebuild touches every county's figures: only the city's oversight officers run it.
        await RefusedAsync(StatusCode.PermissionDenied, platform.ReportingOperations.RebuildProjectionsAsync(new RebuildProjectionsRequest(), zoucheng).ResponseAsync);
        await RefusedAsync(StatusCode.PermissionDenied, platform.ReportingOperations.RebuildProjectionsAsync(new RebuildProjectionsRequest(),
            PlatformFixture.StaffHeaders("370800", Roles.Handler, Roles.Dispatcher, Roles.IntakeClerk, Roles.Auditor)).ResponseAsync);

        // Every staff role reads figures within its jurisdiction; a county reads its own.
        foreach (var role in Roles.All)
        {
            var own = await platform.Figures.GetIndicatorsAsync(year, PlatformFixture.StaffHeaders("370811", role));
            Assert.Equal("370811", own.DivisionCode);
            Assert.All(own.Counties, c => Assert.Equal("370811", c.Id));
        }
        var mine = year.Clone();
        mine.DivisionCode = "";
        var defaulted = await platform.Figures.GetIndicatorsAsync(mine, zoucheng);
        Assert.Equal("370883", defaulted.DivisionCode);
    }

    [Fact]
    public async Task Should_name_every_bad_field_and_rule()
    {
        var now = DateTimeOffset.UtcNow;
        async Task<IReadOnlyDictionary<string, string>> ViolationsAsync(Func<Task> call) =>
            Reports.Violations(await Assert.ThrowsAsync<RpcException>(call));

        var missing = await ViolationsAsync(() => platform.Figures.GetIndicatorsAsync(new GetIndicatorsRequest(), CityOfficer).ResponseAsync);
        Assert.Equal("required", missing["from"]);
        Assert.Equal("required", missing["to"]);
        var backwards = await ViolationsAsync(() => platform.Figures.GetIndicatorsAsync(new GetIndicatorsRequest
        {
            From = Timestamp.FromDateTimeOffset(now), To = Timestamp.FromDateTimeOffset(now.AddDays(-1)),
        }, CityOfficer).ResponseAsync);
        Assert.Equal("must be after from", backwards["to"]);
        var tooLong = await ViolationsAsync(() => platform.Figures.GetIndicatorsAsync(new GetIndicatorsRequest
        {
            DivisionCode = "999999", From = Timestamp.FromDateTimeOffset(now.AddDays(-400)), To = Timestamp.FromDateTimeOffset(now),
        }, CityOfficer).ResponseAsync);
        Assert.Equal("at most 366 days", tooLong["to"]);
        Assert.Equal("unknown division '999999'", tooLong["division_code"]);
        foreach (var date in new[] { "", "2026-13-01", "2026-02-30", "26-11-26", "2026/11/26", "2026-11-26T08:30" })
        {
            Assert.Equal("a date as yyyy-MM-dd", (await ViolationsAsync(() =>
                platform.Figures.GetDailyDispatchAsync(new GetDailyDispatchRequest { Date = date }, CityOfficer).ResponseAsync))["date"]);
            Assert.Contains("date", (await ViolationsAsync(() =>
                platform.Figures.GetWorkingDayAsync(new GetWorkingDayRequest { Date = date }, CityOfficer).ResponseAsync)).Keys);
        }
        var paging = await ViolationsAsync(() => platform.Figures.ListDailyDispatchesAsync(
            new ListDailyDispatchesRequest { PageSize = 101, PageToken = "not-a-token" }, CityOfficer).ResponseAsync);
        Assert.Equal(["page_size", "page_token"], paging.Keys.Order());
        var negative = await ViolationsAsync(() => platform.Figures.ListDailyDispatchesAsync(
            new ListDailyDispatchesRequest { PageSize = -1 }, CityOfficer).ResponseAsync);
        Assert.Contains("page_size", negative.Keys);

        // The rules in the caller's language: Chinese unless English is asked for.
        var chinese = Reports.Violations(await Assert.ThrowsAsync<RpcException>(() => platform.Figures.GetDailyDispatchAsync(
            new GetDailyDispatchRequest { Date = "x" }, Chinese(PlatformFixture.StaffHeaders("370800", Roles.OversightOfficer))).ResponseAsync));
        Assert.Equal("须为 yyyy-MM-dd 格式的日期", chinese["date"]);
    }
}
