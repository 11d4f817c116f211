using System.Diagnostics;
using System.Text.Json;
using Supervision.Evaluation.Domain;
using Supervision.Evaluation.Domain.Draws;

namespace Supervision.Evaluation.Tests;

/// <summary>The stratified draw: the quota in every draw, fairness over many, and the same result from the standalone verifier.</summary>
public sealed class DrawTests
{
    private const int Seats = 30;
    private const int Substitutes = 6;

    private static readonly IReadOnlyList<RosterEntry> DemoRoster = DemoPanel.Generate(TestData.Rules, TestData.Directory)
        .Select(m => new RosterEntry(m.Member.PanelNumber, m.Member.Grassroots, PanelComposition.CountyOf(TestData.Directory, m.Member.DivisionCode)))
        .ToList();

    [Fact]
    public void Should_give_every_member_a_near_uniform_chance_over_10000_draws_and_keep_the_quota_in_each()
    {
        var (min, max, chiSquare) = SelectionRates(DemoRoster, 10_000, out var leastGrassroots);
        TestContext.Current.TestOutputHelper!.WriteLine(
            $"10,000 draws of {Seats} from {DemoRoster.Count}: selection rate / uniform min {min:0.000}, max {max:0.000}, chi-square {chiSquare:0} on {DemoRoster.Count - 1} degrees of freedom");
        Assert.True(leastGrassroots >= 24, $"a draw seated only {leastGrassroots} grassroots members");
        // Each member's exact chance is k/N; with 300 expected selections per member, sampling noise stays well within ±25%.
        Assert.InRange(min, 0.75, 1.0);
        Assert.InRange(max, 1.0, 1.25);
        // Chi-square against uniform: mean N-1, standard deviation sqrt(2(N-1)); five deviations is far beyond chance.
        Assert.True(chiSquare < DemoRoster.Count - 1 + 5 * Math.Sqrt(2.0 * (DemoRoster.Count - 1)), $"chi-square {chiSquare}");
    }

    [Fact]
    public void Should_lift_grassroots_members_to_the_quota_when_the_roster_falls_short_and_measure_what_it_costs()
    {
        // Drop grassroots members until the roster is 70% grassroots: the quota's floor (24 of 30) now binds.
        var others = DemoRoster.Where(e => !e.Grassroots).ToList();
        var roster = DemoRoster.Where(e => e.Grassroots).Take(others.Count * 7 / 3).Concat(others).ToList();
        var counts = Count(roster, 4_000, out var leastGrassroots);
        var uniform = 4_000.0 * Seats / roster.Count;
        var grassrootsRate = roster.Where(e => e.Grassroots).Average(e => counts[e.PanelNumber]) / uniform;
        var otherRate = others.Average(e => counts[e.PanelNumber]) / uniform;
        TestContext.Current.TestOutputHelper!.WriteLine($"70% grassroots roster: grassroots rate {grassrootsRate:0.000}, others {otherRate:0.000} of uniform");
        Assert.True(leastGrassroots >= 24);
        Assert.InRange(grassrootsRate, 24.0 / 30 / 0.7 * 0.95, 24.0 / 30 / 0.7 * 1.05);
        Assert.InRange(otherRate, 6.0 / 30 / 0.3 * 0.9, 6.0 / 30 / 0.3 * 1.1);
    }

    [Fact]
    public void Should_give_each_county_its_proportional_seats_rounded_either_way_and_name_substitutes_outside_the_seats()
    {
        for (var i = 0; i < 200; i++)
        {
            var outcome = Draw(DemoRoster, "round-" + i);
            Assert.Equal(Seats, outcome.Selected.Distinct().Count());
            Assert.Equal(Substitutes, outcome.GrassrootsSubstitutes.Count + outcome.OtherSubstitutes.Count);
            Assert.Empty(outcome.Selected.Intersect(outcome.GrassrootsSubstitutes.Concat(outcome.OtherSubstitutes)));
            var selected = outcome.Selected.ToHashSet();
            var grassrootsSeats = DemoRoster.Count(e => e.Grassroots && selected.Contains(e.PanelNumber));
            foreach (var stratum in DemoRoster.GroupBy(e => (e.Grassroots, e.County)))
            {
                var groupSize = DemoRoster.Count(e => e.Grassroots == stratum.Key.Grassroots);
                var groupSeats = stratum.Key.Grassroots ? grassrootsSeats : Seats - grassrootsSeats;
                var fair = (double)groupSeats * stratum.Count() / groupSize;
                Assert.InRange(stratum.Count(e => selected.Contains(e.PanelNumber)), Math.Floor(fair), Math.Ceiling(fair));
            }
        }
    }

    [Fact]
    public void Should_draw_the_same_list_from_the_same_seed_and_another_with_other_public_entropy()
    {
        Assert.Equal(Draw(DemoRoster, "a").Selected, Draw(DemoRoster, "a").Selected);
        Assert.NotEqual(Draw(DemoRoster, "a").Selected, Draw(DemoRoster, "b").Selected);
    }

    [Fact]
    public async Task Should_be_reproduced_by_the_standalone_verifier_and_a_tampered_result_refused()
    {
        var seed = Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray();
        var roster = DemoRoster.Where(e => e.PanelNumber % 3 != 0).ToList();
        var outcome = TargetedDraws.Run(roster, seed, "2026-11-26 福利彩票 03 11 17 25 28 31", Seats, Substitutes, 0.8);
        var published = new Dictionary<string, object>
        {
            ["algorithm"] = StratifiedDraw.Algorithm,
            ["seats"] = Seats,
            ["substitutes"] = Substitutes,
            ["grassrootsShareMinimum"] = 0.8,
            ["roster"] = roster.Select(e => e.Line).ToArray(),
            ["rosterHash"] = Convert.ToHexStringLower(DrawRoster.Hash(roster)),
            ["commitment"] = Convert.ToHexStringLower(DrawRoster.Commitment(seed)),
            ["seed"] = Convert.ToHexStringLower(seed),
            ["publicEntropy"] = "2026-11-26 福利彩票 03 11 17 25 28 31",
            ["selected"] = outcome.Selected,
            ["grassrootsSubstitutes"] = outcome.GrassrootsSubstitutes,
            ["otherSubstitutes"] = outcome.OtherSubstitutes,
        };
        Assert.Equal(0, await VerifyAsync(published));
        published["selected"] = outcome.Selected.Skip(1).Prepend(roster.Select(e => e.PanelNumber).Except(outcome.Selected).First()).ToArray();
        Assert.Equal(1, await VerifyAsync(published));
    }

    private static DrawOutcome Draw(IReadOnlyList<RosterEntry> roster, string entropy) =>
        TargetedDraws.Run(roster, new byte[32], entropy, Seats, Substitutes, TestData.Rules.GrassrootsShareMinimum);

    private static Dictionary<int, int> Count(IReadOnlyList<RosterEntry> roster, int draws, out int leastGrassroots)
    {
        var counts = roster.ToDictionary(e => e.PanelNumber, _ => 0);
        var grassroots = roster.Where(e => e.Grassroots).Select(e => e.PanelNumber).ToHashSet();
        leastGrassroots = int.MaxValue;
        for (var i = 0; i < draws; i++)
        {
            var outcome = Draw(roster, "simulated-" + i);
            foreach (var number in outcome.Selected)
            {
                counts[number]++;
            }
            leastGrassroots = Math.Min(leastGrassroots, outcome.Selected.Count(grassroots.Contains));
        }
        return counts;
    }

    private static (double Min, double Max, double ChiSquare) SelectionRates(IReadOnlyList<RosterEntry> roster, int draws, out int leastGrassroots)
    {
        var counts = Count(roster, draws, out leastGrassroots);
        var expected = (double)draws * Seats / roster.Count;
        return (counts.Values.Min() / expected, counts.Values.Max() / expected, counts.Values.Sum(c => (c - expected) * (c - expected) / expected));
    }

    private static async Task<int> VerifyAsync(Dictionary<string, object> published)
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, JsonSerializer.Serialize(published));
            using var python = Process.Start(new ProcessStartInfo("python3", [TestData.FindFile("tools/draw-verifier/verify_draw.py"), file])
            {
                RedirectStandardOutput = true,
            })!;
            var output = await python.StandardOutput.ReadToEndAsync();
            await python.WaitForExitAsync();
            TestContext.Current.TestOutputHelper!.WriteLine(output);
            return python.ExitCode;
        }
        finally
        {
            File.Delete(file);
        }
    }
}
