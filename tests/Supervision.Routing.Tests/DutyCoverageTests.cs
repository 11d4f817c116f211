using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Supervision.Routing.Domain;

namespace Supervision.Routing.Tests;

/// <summary>Which units must keep 24-hour duty in an election period, and where their rosters leave it uncovered.</summary>
public sealed class DutyCoverageTests
{
    private static readonly DateTimeOffset Day = new(2025, 3, 10, 0, 0, 0, TimeSpan.FromHours(8));

    private static (DateTimeOffset, DateTimeOffset) Hours(int from, int to) => (Day.AddHours(from), Day.AddHours(to));

    [Fact]
    public void Should_find_the_stretches_no_shift_covers_across_merged_periods()
    {
        var gaps = DutyCoverage.Uncovered([Hours(0, 24), Hours(20, 30), Hours(40, 48)], [Hours(-2, 8), Hours(6, 12), Hours(14, 31), Hours(42, 44)]);

        Assert.Equal([Hours(12, 14), Hours(40, 42), Hours(44, 48)], gaps);
    }

    [Fact]
    public void Should_leave_no_gap_when_shifts_cover_the_period_end_to_end()
    {
        Assert.Empty(DutyCoverage.Uncovered([Hours(0, 48)], [Hours(0, 24), Hours(24, 48)]));
        Assert.Equal([Hours(0, 48)], DutyCoverage.Uncovered([Hours(0, 48)], []));
    }

    [Fact]
    public void Should_hold_the_county_units_that_receive_a_townships_election_reports()
    {
        // A township's cadres are county- or township-managed and its units are at the county level: the county's
        // handling kinds of rules.json (intake centre, discipline inspection) keep the duty; no city unit does.
        Assert.Equal(["u-370826-discipline", "u-370826-intake"], Coverage().UnitsOnDuty("370826101").Select(u => u.Id));
    }

    [Fact]
    public void Should_hold_the_city_units_too_when_a_countys_period_covers_city_managed_cadres()
    {
        // 微山县's party secretary is city-managed: reports about them go to the city's units in the county's period.
        Assert.Contains(TestData.Directory.Cadres, c => c.DivisionCode == "370826" && c.ManagementAuthority == "city-managed");

        Assert.Equal(["u-370800-discipline", "u-370800-intake", "u-370826-discipline", "u-370826-intake"],
            Coverage().UnitsOnDuty("370826").Select(u => u.Id));
    }

    [Fact]
    public void Should_tell_the_dispatching_level_of_a_units_gap_and_the_level_above_of_the_dispatch_units_own()
    {
        var coverage = Coverage();

        Assert.Equal("u-370826-intake", coverage.DispatchingLevel(TestData.Unit("discipline-inspection", "370826"))!.Id);
        Assert.Equal("u-370800-org", coverage.DispatchingLevel(TestData.Unit("intake-centre", "370826"))!.Id);
        Assert.Equal("u-370800-org", coverage.DispatchingLevel(TestData.Unit("intake-centre", "370800"))!.Id);
    }

    [Theory]
    [InlineData(7, 8)]    // before 08:00 in the city: today's run
    [InlineData(8, 32)]   // at 08:00 or after: tomorrow's
    [InlineData(23, 32)]
    public void Should_run_the_daily_check_at_the_configured_time_of_day_in_the_city(int localHour, int expectedHourFromMidnight)
    {
        Assert.Equal(Day.AddHours(expectedHourFromMidnight), Coverage().NextDailyCheck(Day.AddHours(localHour)));
    }

    private static DutyCoverage Coverage()
    {
        var clocks = new ClockPolicy(new ClockOptions());
        return new DutyCoverage(TestData.Engine(), TestData.Directory, TestData.Rules, null!, Options.Create(new DutyOptions()), clocks,
            NullLogger<DutyCoverage>.Instance);
    }
}
