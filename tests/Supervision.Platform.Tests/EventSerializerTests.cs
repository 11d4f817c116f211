using System.Text.Json;
using Supervision.Contracts;
using Supervision.Contracts.Events.Intake;
using Supervision.Contracts.Events.Routing;
using Supervision.ServiceDefaults.Messaging;

namespace Supervision.Platform.Tests;

public sealed class EventSerializerTests
{
    private static readonly ReportReceived Received = new()
    {
        ReportId = Guid.NewGuid(),
        TrackingNumber = "370800-2026-000042",
        Channel = ReportChannel.InspectionTeam,
        Category = ReportCategory.ElectionConduct,
        ReceivingDivisionCode = "370800",
        RealName = true,
        ElectionRelated = true,
        ElectionPeriod = false,
        Subjects =
        [
            new ReportSubject { CadreId = "c-0001", UnitId = "u-370800-party", DivisionCode = "370800" },
            new ReportSubject { Name = "李四", Post = "镇长", UnitName = "长沟镇人民政府", DivisionCode = "370811101" },
        ],
        OccurredAt = new DateTimeOffset(2026, 2, 1, 9, 30, 0, TimeSpan.FromHours(8)),
        ReceivedAt = new DateTimeOffset(2026, 3, 2, 8, 0, 0, 123, TimeSpan.Zero),
    };

    private static object? RoundTrip(object message)
    {
        var typeName = EventSerializer.TypeName(message.GetType());
        var json = JsonSerializer.Serialize(message, message.GetType(), EventSerializer.Options);
        return JsonSerializer.Deserialize(json, EventSerializer.Resolve(typeName), EventSerializer.Options);
    }

    [Fact]
    public void Should_name_an_event_by_its_full_type_name()
    {
        Assert.Equal("Supervision.Contracts.Events.Intake.ReportReceived", EventSerializer.TypeName(typeof(ReportReceived)));
        Assert.Equal("Supervision.Contracts.Events.Intake.ReportSupplemented", EventSerializer.TypeName(typeof(ReportSupplemented)));
        Assert.Equal("Supervision.Contracts.Events.Routing.CaseOpened", EventSerializer.TypeName(typeof(CaseOpened)));
    }

    [Fact]
    public void Should_know_every_event_of_every_publishing_service()
    {
        var contracts = typeof(ReportReceived).Assembly.GetTypes()
            .Where(t => t.IsPublic && t.Namespace?.StartsWith("Supervision.Contracts.Events.", StringComparison.Ordinal) == true)
            .ToList();
        Assert.Contains(contracts, t => t.Namespace == "Supervision.Contracts.Events.Intake");
        Assert.Contains(contracts, t => t.Namespace == "Supervision.Contracts.Events.Routing");
        Assert.All(contracts, t => Assert.Equal(t, EventSerializer.Resolve(EventSerializer.TypeName(t))));
    }

    [Fact]
    public void Should_resolve_the_name_back_to_the_type()
    {
        Assert.Equal(typeof(ReportReceived), EventSerializer.Resolve(EventSerializer.TypeName(typeof(ReportReceived))));
        Assert.Equal(typeof(ReportSupplemented), EventSerializer.Resolve(EventSerializer.TypeName(typeof(ReportSupplemented))));
    }

    [Fact]
    public void Should_round_trip_report_received()
    {
        var back = Assert.IsType<ReportReceived>(RoundTrip(Received));

        Assert.Equal(Received with { Subjects = back.Subjects }, back);
        Assert.Equal(Received.Subjects, back.Subjects);
        Assert.Equal(Received.OccurredAt, back.OccurredAt);
        Assert.Equal(Received.OccurredAt!.Value.Offset, back.OccurredAt!.Value.Offset);
    }

    [Fact]
    public void Should_round_trip_report_received_without_an_occurred_at()
    {
        var message = Received with { OccurredAt = null, Subjects = [] };
        var back = Assert.IsType<ReportReceived>(RoundTrip(message));
        Assert.Null(back.OccurredAt);
        Assert.Empty(back.Subjects);
    }

    [Fact]
    public void Should_round_trip_report_supplemented()
    {
        var message = new ReportSupplemented { ReportId = Guid.NewGuid(), MessageId = Guid.NewGuid(), Length = 1234, At = DateTimeOffset.UnixEpoch };
        Assert.Equal(message, RoundTrip(message));
    }

    [Fact]
    public void Should_write_camel_case_names_and_enum_names()
    {
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(Received, EventSerializer.Options));
        var root = json.RootElement;
        Assert.Equal("InspectionTeam", root.GetProperty("channel").GetString());
        Assert.Equal("ElectionConduct", root.GetProperty("category").GetString());
        Assert.Equal("370800-2026-000042", root.GetProperty("trackingNumber").GetString());
        Assert.Equal("李四", root.GetProperty("subjects")[1].GetProperty("name").GetString());
    }

    [Fact]
    public void Should_read_enums_written_as_names_or_numbers()
    {
        var json = JsonSerializer.Serialize(Received, EventSerializer.Options)
            .Replace("\"InspectionTeam\"", "5", StringComparison.Ordinal);
        var back = JsonSerializer.Deserialize<ReportReceived>(json, EventSerializer.Options);
        Assert.Equal(ReportChannel.InspectionTeam, back!.Channel);
    }

    [Theory]
    [InlineData("System.String")]
    [InlineData("Supervision.Contracts.Events.ReportDeleted")]
    [InlineData("Supervision.Contracts.Events.ReportReceived")]
    [InlineData("Supervision.Contracts.EventsIntake.ReportReceived")]
    [InlineData("supervision.contracts.events.reportreceived")]
    [InlineData("ReportReceived")]
    [InlineData("Supervision.Contracts.ReportChannel")]
    [InlineData("")]
    public void Should_refuse_to_resolve_an_unknown_type(string typeName) =>
        Assert.Throws<InvalidOperationException>(() => EventSerializer.Resolve(typeName));

    [Theory]
    [InlineData(typeof(string))]
    [InlineData(typeof(ReportChannel))]
    [InlineData(typeof(EventSerializerTests))]
    public void Should_refuse_to_name_a_type_that_is_not_an_event_contract(Type type) =>
        Assert.Throws<ArgumentException>(() => EventSerializer.TypeName(type));

    [Fact]
    public void Should_refuse_a_missing_required_property()
    {
        var json = JsonSerializer.Serialize(Received, EventSerializer.Options).Replace("\"trackingNumber\"", "\"tracking\"", StringComparison.Ordinal);
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json, EventSerializer.Resolve(typeof(ReportReceived).FullName!), EventSerializer.Options));
    }
}
