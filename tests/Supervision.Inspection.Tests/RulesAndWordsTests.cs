using System.Globalization;
using System.Text.RegularExpressions;
using Supervision.Inspection.Domain;
using Supervision.Inspection.Localization;
using static Supervision.Inspection.Tests.TestData;

namespace Supervision.Inspection.Tests;

public sealed partial class RulesAndWordsTests
{
    [Fact]
    public void Should_load_the_rules_and_refuse_numbers_outside_their_bounds()
    {
        Assert.Empty(Rules.Problems());
        Assert.Equal(5, Rules.Recusal.WorkedWithinYears);
        var broken = Rules with
        {
            Recusal = Rules.Recusal with { WorkedWithinYears = 0, RelativeKinds = ["friend"] },
            Tours = Rules.Tours with { DefaultLengthDays = 500 },
        };
        Assert.Equal(3, broken.Problems().Count);
    }

    [Fact]
    public void Should_have_every_word_in_both_languages_with_the_same_placeholders()
    {
        Assert.Empty(InspectionTexts.Words.Problems([CultureInfo.GetCultureInfo("zh-Hans"), CultureInfo.GetCultureInfo("en")]));
    }

    [Fact]
    public void Should_find_every_key_the_code_names_in_the_resource_file()
    {
        var folder = Path.GetDirectoryName(FindFile("services/inspection/Supervision.Inspection.csproj"))!;
        var named = System.IO.Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => KeyPattern().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .Distinct().ToList();
        Assert.NotEmpty(named);
        Assert.All(named, key => Assert.True(InspectionTexts.Words.Has(key), $"'{key}' is not in InspectionTexts.resx"));
        // Keys built from data: every relative kind of the law has its words.
        Assert.All(InspectionRules.LawRelativeKinds, kind => Assert.True(InspectionTexts.Words.Has("relative." + kind)));
        Assert.All(new[] { RectificationStates.Open, RectificationStates.InProgress, RectificationStates.Submitted, RectificationStates.Verified },
            state => Assert.True(InspectionTexts.Words.Has("rectification-state." + state)));
    }

    [Fact]
    public void Should_word_every_kind_grade_and_state_the_rules_name_and_refuse_rules_that_do_not_hold_together()
    {
        Assert.All(Rules.WorkRecords.Kinds, kind => Assert.True(InspectionTexts.Words.Has("work-record-kind." + kind), kind));
        Assert.All(Rules.Assessments.Grades, grade => Assert.True(InspectionTexts.Words.Has("grade." + grade), grade));
        Assert.All(Rules.Recommendations.Kinds, kind => Assert.True(InspectionTexts.Words.Has("recommendation-kind." + kind.Kind), kind.Kind));
        Assert.All(RecommendationStates.FollowUps.Append(RecommendationStates.Proposed),
            state => Assert.True(InspectionTexts.Words.Has("recommendation-state." + state), state));

        var broken = Rules with
        {
            WorkRecords = Rules.WorkRecords with { IntervieweeKinds = ["street-survey"] },
            Assessments = Rules.Assessments with { Grades = [] },
            Recommendations = Rules.Recommendations with { AdjustsLeadershipTeam = "remind-cadre" },
        };
        Assert.Equal(3, broken.Problems().Count);
    }

    [GeneratedRegex("""InspectionTexts\.Words\["([a-z0-9.\-]+)"[,\]]""")]
    private static partial Regex KeyPattern();
}
