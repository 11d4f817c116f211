using Supervision.Inspection.Domain;
using static Supervision.Inspection.Tests.TestData;

namespace Supervision.Inspection.Tests;

/// <summary>Recusal computed from the demo pool's postings, relatives and home divisions, on the rules as data.</summary>
public sealed class RecusalTests
{
    private static readonly DateOnly Today = new(2026, 11, 26);
    private static readonly Recusal Recusal = new(Rules, City);

    private static IReadOnlyList<string> RulesBroken(string inspectorId, TourTarget target, bool openCase = false) =>
        Recusal.ConflictsOf(Inspector(inspectorId), target, Today, openCase).Select(c => c.Rule).ToList();

    [Fact]
    public void Should_recuse_an_inspector_who_worked_at_the_target_within_the_rules_years()
    {
        // i-001 left 邹城市人民政府 on 2023-06-30: within 5 years of 2026-11-26.
        Assert.Equal([RecusalRules.WorkedAtTarget], RulesBroken("i-001", Target(TargetKinds.Division, "370883")));
        Assert.Equal([RecusalRules.WorkedAtTarget], RulesBroken("i-001", Target(TargetKinds.Unit, "u-370883-gov")));
        Assert.Empty(RulesBroken("i-001", Target(TargetKinds.Unit, "u-370883-housing")));
    }

    [Fact]
    public void Should_not_recuse_for_a_posting_that_ended_longer_ago_than_the_rules_years()
    {
        // i-002 left 邹城市住房和城乡建设局 at the end of 2016.
        Assert.Empty(RulesBroken("i-002", Target(TargetKinds.Division, "370883")));
        var stricter = new Recusal(Rules with { Recusal = Rules.Recusal with { WorkedWithinYears = 10 } }, City);
        Assert.Equal([RecusalRules.WorkedAtTarget],
            stricter.ConflictsOf(Inspector("i-002"), Target(TargetKinds.Division, "370883"), Today, false).Select(c => c.Rule));
    }

    [Fact]
    public void Should_recuse_an_inspector_whose_relative_of_a_listed_kind_holds_a_post_at_the_target()
    {
        Assert.Equal([RecusalRules.RelativeAtTarget], RulesBroken("i-003", Target(TargetKinds.Division, "370881")));
        Assert.Equal([RecusalRules.RelativeAtTarget], RulesBroken("i-006", Target(TargetKinds.Department, "u-370800-education")));
        Assert.Empty(RulesBroken("i-006", Target(TargetKinds.Department, "u-370800-market")));
    }

    [Fact]
    public void Should_apply_the_home_division_rule_only_to_the_target_kinds_the_rule_set_names()
    {
        Assert.Equal([RecusalRules.HomeDivision], RulesBroken("i-004", Target(TargetKinds.Division, "370811")));
        // The rule set names divisions only: a unit of the home division is no conflict by itself.
        Assert.Empty(RulesBroken("i-004", Target(TargetKinds.Unit, "u-370811-gov")));
        var everywhere = new Recusal(Rules with
        {
            Recusal = Rules.Recusal with { HomeDivisionTargetKinds = [TargetKinds.Division, TargetKinds.Unit] },
        }, City);
        Assert.Equal([RecusalRules.HomeDivision],
            everywhere.ConflictsOf(Inspector("i-004"), Target(TargetKinds.Unit, "u-370811-gov"), Today, false).Select(c => c.Rule));
    }

    [Fact]
    public void Should_recuse_the_subject_of_an_open_case_while_the_rule_set_says_so()
    {
        Assert.Equal([RecusalRules.OpenCaseSubject], RulesBroken("i-005", Target(TargetKinds.Division, "370827"), openCase: true));
        var off = new Recusal(Rules with { Recusal = Rules.Recusal with { OpenCaseSubject = false } }, City);
        Assert.Empty(off.ConflictsOf(Inspector("i-005"), Target(TargetKinds.Division, "370827"), Today, true));
    }

    [Fact]
    public void Should_ignore_a_relative_whose_kind_the_rule_set_leaves_out()
    {
        var spousesOnly = new Recusal(Rules with { Recusal = Rules.Recusal with { RelativeKinds = ["spouse"] } }, City);
        Assert.Empty(spousesOnly.ConflictsOf(Inspector("i-006"), Target(TargetKinds.Department, "u-370800-education"), Today, false));
        Assert.NotEmpty(spousesOnly.ConflictsOf(Inspector("i-003"), Target(TargetKinds.Division, "370881"), Today, false));
    }

    [Fact]
    public void Should_count_a_township_unit_as_part_of_its_county()
    {
        var township = City.Units.First(u => u.Kind == "township-government" && City.FindDivision(u.DivisionCode)!.ParentCode == "370883");
        var inspector = Inspector("i-010") with { Postings = [new PostingRecord(township.Id, "镇长", new DateOnly(2020, 1, 1), new DateOnly(2024, 1, 1))] };
        Assert.Equal([RecusalRules.WorkedAtTarget],
            Recusal.ConflictsOf(inspector, Target(TargetKinds.Division, "370883"), Today, false).Select(c => c.Rule));
    }
}
