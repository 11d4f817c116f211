extern alias reporting;
using System.Globalization;
using System.Text.RegularExpressions;
using Grpc.Core;
using Supervision.ServiceDefaults.Grpc;
using Supervision.Intake.Localization;
using Supervision.Intake.V1;
using Supervision.ServiceDefaults.Localization;
using IntakeService = Supervision.Intake.Extensions.Extensions;
using ReportingService = reporting::Supervision.Reporting.Extensions.Extensions;
using RoutingService = Supervision.Routing.Extensions.Extensions;

namespace Supervision.Platform.Tests;

/// <summary>Words for people come from resource files, in the caller's language; every word exists in both.</summary>
public sealed partial class LanguageTests
{
    private static readonly IReadOnlyList<CultureInfo> Supported = RequestLanguage.Cultures(new LanguageOptions());

    public static readonly TheoryData<string?, string> AcceptLanguages = new()
    {
        { null, "zh-Hans" },
        { "", "zh-Hans" },
        { "zh-CN,zh;q=0.9,en;q=0.8", "zh-Hans" },
        { "zh-CN", "zh-Hans" },
        { "zh", "zh-Hans" },
        { "zh-TW", "zh-Hans" },
        { "en", "en" },
        { "en-US", "en" },
        { "en-GB,en;q=0.9", "en" },
        { "EN-us", "en" },
        { "fr-FR,en;q=0.5", "en" },
        { "en;q=0.5,zh-CN;q=0.9", "zh-Hans" },
        { "de-DE", "zh-Hans" },
        { "*", "zh-Hans" },
        { "garbage", "zh-Hans" },
        { ";;;q=x,,==", "zh-Hans" },
        { "en;q=0", "zh-Hans" },
        { "\u4e2d\u6587", "zh-Hans" },
    };

    [Theory]
    [MemberData(nameof(AcceptLanguages))]
    public void Should_choose_the_language_from_accept_language(string? header, string expected) =>
        Assert.Equal(expected, RequestLanguage.Choose(header, Supported).Name);

    [Fact]
    public void Should_default_to_simplified_chinese_and_offer_english() =>
        Assert.Equal(["zh-Hans", "en"], Supported.Select(c => c.Name));

    [Fact]
    public void Should_answer_only_in_configured_languages() =>
        Assert.Equal("zh-Hans", RequestLanguage.Choose("en", RequestLanguage.Cultures(new LanguageOptions { SupportedCultures = ["zh-Hans"] })).Name);

    public static readonly TheoryData<string> ResourceFiles = new() { "platform", "intake", "routing", "reporting" };

    private static Wording Of(string file) => file switch
    {
        "intake" => IntakeService.Service.Words!,
        "routing" => RoutingService.Service.Words!,
        "reporting" => ReportingService.Service.Words!,
        _ => PlatformTexts.Words,
    };

    [Theory]
    [MemberData(nameof(ResourceFiles))]
    public void Should_have_every_word_in_both_languages_with_the_same_placeholders(string file) =>
        Assert.Empty(Of(file).Problems(Supported));

    [Theory]
    [MemberData(nameof(ResourceFiles))]
    public void Should_read_chinese_by_default_and_english_when_asked(string file)
    {
        var words = Of(file);
        var key = words.Keys.First();
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", words.In(RequestLanguage.Neutral, key, "x", "y", "z"));
        Assert.DoesNotMatch(@"\p{IsCJKUnifiedIdeographs}", words.In(CultureInfo.GetCultureInfo("en"), key, "x", "y", "z"));
    }

    /// <summary>A key the code names but no resource file has would be INTERNAL at the caller instead of words.</summary>
    [Fact]
    public void Should_have_every_key_the_code_names()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "Supervision.sln")))
        {
            root = root.Parent!;
        }
        var named = Directory.EnumerateFiles(Path.Combine(root.FullName, "ServiceDefaults"), "*.cs", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(root.FullName, "services"), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .SelectMany(f => KeyUse().Matches(File.ReadAllText(f)).Select(m => (File: Path.GetFileName(f), Texts: m.Groups[1].Value, Key: m.Groups[2].Value)))
            .ToList();
        Assert.NotEmpty(named);
        Assert.All(named, use => Assert.True(Of(use.Texts switch { "PlatformTexts" => "platform", "IntakeTexts" => "intake", "ReportingTexts" => "reporting", _ => "routing" }).Has(use.Key),
            $"{use.File}: {use.Texts} has no '{use.Key}'"));
    }

    [Fact]
    public void Should_word_every_report_state_channel_and_reveal_state_intake_names()
    {
        Assert.All(Enum.GetValues<ReportState>(), s => Assert.True(IntakeTexts.Words.Has("report-state." + s), s.ToString()));
        Assert.All(Enum.GetValues<Channel>(), c => Assert.True(IntakeTexts.Words.Has("channel." + c), c.ToString()));
        Assert.All(Enum.GetValues<IdentityRevealState>(), s => Assert.True(IntakeTexts.Words.Has("reveal-state." + s), s.ToString()));
    }

    [Fact]
    public void Should_word_every_channel_level_and_deadline_reporting_names()
    {
        var words = ReportingService.Service.Words!;
        Assert.All(Enum.GetValues<Supervision.Contracts.ReportChannel>(), c => Assert.True(words.Has("channel." + c), c.ToString()));
        Assert.All(new[] { "city", "county", "township", "unknown" }, l => Assert.True(words.Has("level." + l), l));
        Assert.All(new[] { "acknowledge", "close", "feedback" }, d => Assert.True(words.Has("deadline." + d), d));
        Assert.All(new[] { "awaiting-dispatch", "assigned", "acknowledged", "concluded", "feedback-given" }, s => Assert.True(words.Has("state." + s), s));
    }

    [Fact]
    public void Should_find_a_missing_translation_and_mismatched_placeholders()
    {
        var problems = new Wording(typeof(BrokenTexts)).Problems(Supported);
        Assert.Contains(problems, p => p.Contains("'only.chinese' has no en wording"));
        Assert.Contains(problems, p => p.Contains("'placeholders'") && p.Contains("{0,1}"));
        Assert.Contains(problems, p => p.Contains("'bad.format' is not a valid format string"));
    }

    [Fact]
    public void Should_word_field_violations_in_the_callers_language()
    {
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = RequestLanguage.Neutral;
            var chinese = Assert.Single(Descriptions(PageViolation()));
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
            var english = Assert.Single(Descriptions(PageViolation()));
            Assert.Equal("须在 1 至 200 之间（0 表示 50）", chinese);
            Assert.Equal("between 1 and 200 (0 means 50)", english);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    /// <summary>
    /// Words read at once (<c>Texts.Words["key", ...]</c>), refusals (<c>Texts.Words.Refusal("key", ...)</c>) and routing's stored
    /// phrases (<c>RoutingTexts.Phrase("key", ...)</c>).
    /// </summary>
    [GeneratedRegex(@"\b(PlatformTexts|IntakeTexts|RoutingTexts|ReportingTexts)(?:\.Words\[|\.Words\.Refusal\(|\.Phrase\()\s*""([^""]+)""\s*[,\]\)]")]
    private static partial Regex KeyUse();

    private static RpcException PageViolation()
    {
        var violations = new FieldViolations();
        PageToken.Read("", 999, 50, 200, violations);
        return violations.ToException();
    }

    private static IEnumerable<string> Descriptions(RpcException exception) =>
        exception.GetRpcStatus()!.Details.Single().Unpack<Google.Rpc.BadRequest>().FieldViolations.Select(v => v.Description);
}

/// <summary>Anchors BrokenTexts.resx: resource files with the mistakes the check must find.</summary>
public static class BrokenTexts
{
}
