using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Supervision.Intake.V1;
using Supervision.ServiceDefaults.Grpc;
using Supervision.ServiceDefaults.Localization;

namespace Supervision.Platform.Tests;

public sealed class RequestTextRulesTests
{
    private static SubmitReportRequest Valid() => new()
    {
        Channel = Channel.Online,
        Reporter = new Reporter { Anonymous = true },
        Subjects = { new Subject { Name = "张三", Post = "局长", UnitName = "某局" } },
        Account = "该干部在干部推荐过程中打招呼、说情。\n第二段：时间地点。\t附件见后。",
        OccurredPlace = "邹城市 🏛 政务中心",
        OccurredAt = Timestamp.FromDateTime(new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc)),
        ReceivingDivisionCode = "370883",
    };

    /// <summary>A rule's words in the language of the test (the violations are worded in the caller's language).</summary>
    private static string Words(string rule) => PlatformTexts.Words[rule];

    private static IReadOnlyList<(string Field, string Rule)> Violations(SubmitReportRequest request)
    {
        var violations = new FieldViolations();
        RequestTextRules.Check(request, violations);
        if (!violations.Any)
        {
            return [];
        }
        var status = violations.ToException().GetRpcStatus()!;
        var badRequest = status.Details.Single().Unpack<Google.Rpc.BadRequest>();
        return badRequest.FieldViolations.Select(v => (v.Field, v.Description)).ToList();
    }

    [Fact]
    public void Should_accept_chinese_text_with_line_breaks_tabs_and_emoji() => Assert.Empty(Violations(Valid()));

    [Theory]
    [InlineData("\u0000")]
    [InlineData("a\u0000b")]
    [InlineData("\u001b[31m")]
    [InlineData("bell\u0007")]
    [InlineData("\u007f")]
    [InlineData("\u0085next line")]
    public void Should_refuse_control_characters_in_any_field_at_any_depth(string text)
    {
        var request = Valid();
        request.Subjects[0].Post = text;
        request.OccurredPlace = text;
        Assert.Equal([("subjects[0].post", Words(RequestTextRules.ControlCharacterRule)), ("occurred_place", Words(RequestTextRules.ControlCharacterRule))],
            Violations(request).OrderByDescending(v => v.Field.Length));
    }

    [Theory]
    [InlineData("\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b\u200b")]
    [InlineData("   ")]
    [InlineData("\u3000\u3000")]
    [InlineData("\ufeff")]
    [InlineData("\u3164\u3164")]
    [InlineData("\n\t\r")]
    public void Should_refuse_text_made_only_of_invisible_characters(string text)
    {
        var request = Valid();
        request.Account = text;
        Assert.Equal([("account", Words(RequestTextRules.InvisibleTextRule))], Violations(request));
    }

    [Theory]
    [InlineData(253402300800L, 0)]
    [InlineData(-62135596801L, 0)]
    [InlineData(long.MaxValue, 0)]
    [InlineData(0L, -1)]
    [InlineData(0L, 1_000_000_000)]
    public void Should_refuse_timestamps_out_of_range(long seconds, int nanos)
    {
        var request = Valid();
        request.OccurredAt = new Timestamp { Seconds = seconds, Nanos = nanos };
        Assert.Equal([("occurred_at", Words(RequestTextRules.TimestampRule))], Violations(request));
    }

    [Fact]
    public void Should_accept_the_first_and_last_representable_instants()
    {
        var request = Valid();
        request.OccurredAt = new Timestamp { Seconds = 253402300799L, Nanos = 999_999_999 };
        Assert.Empty(Violations(request));
        request.OccurredAt = new Timestamp { Seconds = -62135596800L };
        Assert.Empty(Violations(request));
    }

    [Fact]
    public void Should_name_every_broken_field_at_once()
    {
        var request = Valid();
        request.Reporter = new Reporter { Name = "李\0四", Phone = "\u200b" };
        request.Subjects.Add(new Subject { UnitName = "x\u0007" });
        var fields = Violations(request).Select(v => v.Field).ToList();
        Assert.Equal(["reporter.name", "reporter.phone", "subjects[1].unit_name"], fields);
    }
}
