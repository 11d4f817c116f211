using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Supervision.Intake.V1;

namespace Supervision.IntegrationTests.Infrastructure;

/// <summary>Requests that pass every rule, for tests to start from and break one thing at a time.</summary>
public static class Reports
{
    public const string Account = "2026年11月，该干部在干部选拔推荐过程中打招呼、说情，要求下属单位推荐其亲属，群众反映强烈。";

    public static SubmitReportRequest RealName(Channel channel = Channel.Online, string division = "370883", string? name = null, string? phone = null) => new()
    {
        Channel = channel,
        Reporter = new Reporter
        {
            Name = name ?? "王建国",
            Phone = phone ?? "13912345678",
            IdNumber = "11010519491231002X",
            Address = "邹城市千泉街道某小区",
            PreferredFeedbackChannel = FeedbackChannel.Phone,
        },
        Subjects = { new Subject { CadreId = "c-0001" } },
        Category = Category.CadreSelectionAndAppointment,
        OccurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(-3)),
        OccurredPlace = "邹城市",
        Account = Account,
        ReceivingDivisionCode = division,
        // A team on tour receives reports for its tour; intake checks the id's shape, inspection links it.
        TourId = channel == Channel.InspectionTeam ? Guid.NewGuid().ToString() : "",
    };

    public static SubmitReportRequest Anonymous(Channel channel = Channel.Online, string division = "370883") => new()
    {
        Channel = channel,
        Reporter = new Reporter { Anonymous = true },
        Subjects = { new Subject { Name = "李某", Post = "副局长", UnitName = "某县人社局", DivisionCode = division } },
        Category = Category.WorkStyle,
        Account = Account,
        ReceivingDivisionCode = division,
        // A team on tour receives reports for its tour; intake checks the id's shape, inspection links it.
        TourId = channel == Channel.InspectionTeam ? Guid.NewGuid().ToString() : "",
    };

    /// <summary>The field violations of an INVALID_ARGUMENT, as field → rule.</summary>
    public static IReadOnlyDictionary<string, string> Violations(RpcException ex)
    {
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        var badRequest = ex.GetRpcStatus()?.GetDetail<BadRequest>();
        Assert.NotNull(badRequest);
        return badRequest.FieldViolations.GroupBy(v => v.Field).ToDictionary(g => g.Key, g => string.Join("; ", g.Select(v => v.Description)));
    }
}
