using Supervision.Intake.V1;

namespace Supervision.Benchmarks;

/// <summary>Valid, varied submissions: the mix an intake centre sees, so no single path or index is favoured.</summary>
public static class SampleReports
{
    // Cadres c-0001..c-0300 are in data/demo-city/jining.json; the receiving divisions are the city and three of its counties.
    public const int CadreCount = 300;
    public static readonly string[] ReceivingDivisions = ["370800", "370811", "370883", "370881"];
    private static readonly Channel[] Channels = [Channel.Hotline, Channel.Letter, Channel.Visit, Channel.Online];
    private static readonly Category[] Categories =
    [
        Category.WorkStyle, Category.Discipline, Category.CadreSelectionAndAppointment,
        Category.ConductOutsideWorkingHours, Category.ElectionConduct, Category.Other,
    ];
    private static readonly FeedbackChannel[] RealNameFeedback =
        [FeedbackChannel.Phone, FeedbackChannel.Sms, FeedbackChannel.Letter, FeedbackChannel.InPerson, FeedbackChannel.Online];

    // About 300 characters: the size of a typical hotline or letter account.
    private const string Account =
        "本人反映：某局工作人员在办理群众事项过程中存在作风问题。今年三月以来，该同志多次以材料不全为由拒绝受理，" +
        "却不一次性告知需要补充的材料，导致群众往返奔波五六次仍未办结。其间有群众被暗示可以通过熟人“帮忙加快”，" +
        "并被要求到单位附近的饭店吃饭。另据了解，该同志经常在工作时间离岗，办公室长期无人，电话无人接听，窗口排队的群众只能空等。" +
        "上述情况在周边群众中反映较大，已经影响到政府部门的形象。我们希望纪检监察机关认真核实有关情况，依规依纪依法严肃处理，" +
        "同时督促该单位整改窗口服务作风，公开办事流程和所需材料，设立意见箱和监督电话，切实方便群众办事，维护群众的合法权益。" +
        "以上情况属实，本人愿意配合调查核实。";

    // Channel, division and category each take their own digit of the sequence so every combination occurs.
    public static SubmitReportRequest Create(int sequence)
    {
        var request = new SubmitReportRequest
        {
            Channel = Channels[sequence % Channels.Length],
            Category = Categories[sequence / (Channels.Length * ReceivingDivisions.Length) % Categories.Length],
            Reporter = Reporter(sequence),
            Account = $"{Account}（编号{sequence}）",
            ReceivingDivisionCode = ReceivingDivisions[sequence / Channels.Length % ReceivingDivisions.Length],
            IdempotencyKey = Guid.NewGuid().ToString("N"),
        };
        request.Subjects.Add(new Subject { CadreId = $"c-{sequence % CadreCount + 1:D4}" });
        return request;
    }

    // Every third report is anonymous; the others carry a real name and an 11-digit mobile number.
    private static Reporter Reporter(int sequence) => sequence % 3 == 0
        ? new Reporter { Anonymous = true, PreferredFeedbackChannel = FeedbackChannel.Online }
        : new Reporter
        {
            Name = "测试举报人",
            Phone = $"138{sequence % 100_000_000:D8}",
            PreferredFeedbackChannel = RealNameFeedback[sequence % RealNameFeedback.Length],
        };
}
