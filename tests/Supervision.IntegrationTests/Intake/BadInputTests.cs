using Dapper;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Npgsql;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.Intake.V1;
using Supervision.ServiceDefaults.Auth;
using Supervision.Platform;

namespace Supervision.IntegrationTests.Intake;

public sealed class BadInputTests(PlatformFixture platform)
{
    public static TheoryData<string, string> Cases => new(BadRequests.Keys.Select(k => (k, BadRequests[k].Field)).ToArray());

    private static readonly Dictionary<string, (Action<SubmitReportRequest> Break, string Field)> BadRequests = new()
    {
        ["missing account"] = (r => r.Account = "", "account"),
        ["account over the limit"] = (r => r.Account = new string('举', 5001), "account"),
        ["account too short"] = (r => r.Account = "太短", "account"),
        ["account with control characters"] = (r => r.Account = Reports.Account + "\u0000", "account"),
        ["unknown division"] = (r => r.ReceivingDivisionCode = "110101", "receiving_division_code"),
        ["missing division"] = (r => r.ReceivingDivisionCode = "", "receiving_division_code"),
        ["phone malformed"] = (r => r.Reporter.Phone = "12345", "reporter.phone"),
        ["real name without a name"] = (r => r.Reporter.Name = "", "reporter.name"),
        ["name too long"] = (r => r.Reporter.Name = new string('张', 51), "reporter.name"),
        ["identity number with a wrong check digit"] = (r => r.Reporter.IdNumber = "110105194912310021", "reporter.id_number"),
        ["anonymous report carrying identity"] = (r => r.Reporter.Anonymous = true, "reporter.name"),
        ["anonymous report asking for phone feedback"] = (r => { r.Reporter = new Reporter { Anonymous = true, PreferredFeedbackChannel = FeedbackChannel.Phone }; }, "reporter.preferred_feedback_channel"),
        ["missing reporter"] = (r => r.Reporter = null, "reporter"),
        ["unknown channel"] = (r => r.Channel = (Channel)42, "channel"),
        ["missing channel"] = (r => r.Channel = Channel.Unspecified, "channel"),
        ["unknown category"] = (r => r.Category = (Category)99, "category"),
        ["missing category"] = (r => r.Category = Category.Unspecified, "category"),
        ["no subject"] = (r => r.Subjects.Clear(), "subjects"),
        ["unknown cadre"] = (r => r.Subjects[0].CadreId = "c-9999", "subjects[0].cadre_id"),
        ["subject without any name"] = (r => r.Subjects[0] = new Subject { Post = "局长" }, "subjects[0]"),
        ["occurred in the future"] = (r => r.OccurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(2)), "occurred_at"),
        ["place too long"] = (r => r.OccurredPlace = new string('地', 201), "occurred_place"),
        ["malformed idempotency key"] = (r => r.IdempotencyKey = "short", "idempotency_key"),
        ["unknown feedback channel"] = (r => r.Reporter.PreferredFeedbackChannel = (FeedbackChannel)17, "reporter.preferred_feedback_channel"),
        ["inspection team report without its tour"] = (r => r.Channel = Channel.InspectionTeam, "tour_id"),
        ["tour id that is no id"] = (r => { r.Channel = Channel.InspectionTeam; r.TourId = "tour-7"; }, "tour_id"),
        ["tour id on another channel"] = (r => r.TourId = Guid.NewGuid().ToString(), "tour_id"),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Should_refuse_bad_input_naming_the_field_and_store_nothing(string @case, string field)
    {
        var request = Reports.RealName(Channel.Hotline);
        request.Account += " " + Guid.NewGuid();
        BadRequests[@case].Break(request);
        var before = await CountReportsAsync();

        var ex = await Assert.ThrowsAsync<RpcException>(() =>
            platform.Public.SubmitReportAsync(request, PlatformFixture.StaffHeaders("370800", Roles.IntakeClerk)).ResponseAsync);

        var violations = Reports.Violations(ex);
        Assert.True(violations.ContainsKey(field), $"{@case}: expected a violation of {field}, got {string.Join(", ", violations.Keys)}");
        Assert.False(string.IsNullOrWhiteSpace(violations[field]));
        Assert.Equal(before, await CountReportsAsync());
    }

    [Fact]
    public async Task Should_report_every_violation_at_once()
    {
        var request = Reports.RealName();
        request.Account = "";
        request.Reporter.Phone = "abc";
        request.ReceivingDivisionCode = "999999";

        var ex = await Assert.ThrowsAsync<RpcException>(() => platform.Public.SubmitReportAsync(request, PlatformFixture.PublicCaller()).ResponseAsync);

        Assert.Equal(["account", "receiving_division_code", "reporter.phone"], Reports.Violations(ex).Keys.Order());
    }

    private async Task<long> CountReportsAsync()
    {
        await using var connection = new NpgsqlConnection(platform.IntakeDatabase);
        return await connection.ExecuteScalarAsync<long>("select count(*) from reports");
    }
}
