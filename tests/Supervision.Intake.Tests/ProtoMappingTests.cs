using Supervision.Contracts;
using Supervision.Intake.Grpc;
using Supervision.Intake.V1;
using Supervision.Contracts.Events.Intake;

namespace Supervision.Intake.Tests;

public sealed class ProtoMappingTests
{
    [Fact]
    public void Should_round_trip_subjects_through_json()
    {
        Subject[] subjects =
        [
            new() { CadreId = "c-0001", UnitId = "u-370800-party", DivisionCode = "370800" },
            new() { Name = "李四", Post = "镇长", UnitName = "长沟镇人民政府", DivisionCode = "370811101" },
            new() { UnitName = "某局 \"综合科\" <b>" },
        ];

        var back = ProtoMapping.SubjectsFromJson(ProtoMapping.SubjectsToJson(subjects)).Select(s => s.ToProto());

        Assert.Equal(subjects, back);
    }

    [Fact]
    public void Should_store_empty_fields_as_absent_and_read_them_back_empty()
    {
        var json = ProtoMapping.SubjectsToJson([new Subject { Name = "李四" }]);
        var stored = Assert.Single(ProtoMapping.SubjectsFromJson(json));

        Assert.Equal(new ReportSubject { Name = "李四" }, stored);
        Assert.Equal(new Subject { Name = "李四" }, stored.ToProto());
    }

    [Fact]
    public void Should_trim_free_text_but_not_ids()
    {
        var contract = new Subject { CadreId = "c-0001", Name = "  李四 ", Post = "\t镇长\n", UnitName = "   " }.ToContract();

        Assert.Equal("c-0001", contract.CadreId);
        Assert.Equal("李四", contract.Name);
        Assert.Equal("镇长", contract.Post);
        Assert.Null(contract.UnitName);
        Assert.Null(contract.UnitId);
        Assert.Null(contract.DivisionCode);
    }

    [Fact]
    public void Should_write_camel_case_json()
    {
        var json = ProtoMapping.SubjectsToJson([new Subject { CadreId = "c-0001", UnitName = "某局" }]);
        Assert.Contains("\"cadreId\":\"c-0001\"", json, StringComparison.Ordinal);
        Assert.Contains("\"unitName\":", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("null")]
    public void Should_read_no_subjects_from_empty_json(string json) =>
        Assert.Empty(ProtoMapping.SubjectsFromJson(json));

    [Fact]
    public void Should_map_every_channel_to_the_contract_channel_of_the_same_name()
    {
        foreach (var channel in Enum.GetValues<Channel>().Where(c => c != Channel.Unspecified))
        {
            var contract = channel.ToContract();
            Assert.True(Enum.IsDefined(contract));
            Assert.Equal(channel.ToString(), contract.ToString());
        }
        Assert.Equal(Enum.GetValues<ReportChannel>().Length, Enum.GetValues<Channel>().Length - 1);
    }

    [Fact]
    public void Should_map_every_category_to_the_contract_category_of_the_same_name()
    {
        foreach (var category in Enum.GetValues<Category>().Where(c => c != Category.Unspecified))
        {
            var contract = category.ToContract();
            Assert.True(Enum.IsDefined(contract));
            Assert.Equal(category.ToString(), contract.ToString());
        }
        Assert.Equal(Enum.GetValues<ReportCategory>().Length, Enum.GetValues<Category>().Length - 1);
    }

    [Fact]
    public void Should_treat_stored_times_as_utc()
    {
        var stored = new DateTime(2026, 3, 2, 8, 0, 0, DateTimeKind.Unspecified);
        Assert.Equal(new DateTime(2026, 3, 2, 8, 0, 0, DateTimeKind.Utc), stored.ToTimestamp().ToDateTime());
    }
}
