using Google.Protobuf.WellKnownTypes;
using Supervision.Contracts;
using Supervision.Intake.Data;
using Supervision.Intake.Domain;
using Supervision.Intake.V1;
using Supervision.Contracts.Events.Intake;
using Supervision.Reference;

namespace Supervision.Intake.Grpc;

/// <summary>Between the wire (proto), the stored rows and the event contracts.</summary>
internal static class ProtoMapping
{
    public static ReportChannel ToContract(this Channel channel) => (ReportChannel)(int)channel;

    public static ReportCategory ToContract(this Category category) => (ReportCategory)(int)category;

    public static Timestamp ToTimestamp(this DateTime utc) => Timestamp.FromDateTime(DateTime.SpecifyKind(utc, DateTimeKind.Utc));

    public static string SubjectsToJson(IEnumerable<Subject> subjects) => StoredSubjects.ToJson(subjects.Select(ToContract).ToList());

    public static IReadOnlyList<ReportSubject> SubjectsFromJson(string json) => StoredSubjects.FromJson(json);

    public static ReportSubject ToContract(this Subject subject) => new()
    {
        CadreId = NullIfEmpty(subject.CadreId),
        UnitId = NullIfEmpty(subject.UnitId),
        Name = NullIfEmpty(subject.Name.Trim()),
        Post = NullIfEmpty(subject.Post.Trim()),
        UnitName = NullIfEmpty(subject.UnitName.Trim()),
        DivisionCode = NullIfEmpty(subject.DivisionCode),
    };

    public static Subject ToProto(this ReportSubject subject) => new()
    {
        CadreId = subject.CadreId ?? "",
        UnitId = subject.UnitId ?? "",
        Name = subject.Name ?? "",
        Post = subject.Post ?? "",
        UnitName = subject.UnitName ?? "",
        DivisionCode = subject.DivisionCode ?? "",
    };

    public static ReportSummary ToSummary(this ReportRecord report)
    {
        var summary = new ReportSummary
        {
            ReportId = report.Id.ToString(),
            TrackingNumber = report.TrackingNumber,
            Channel = (Channel)report.Channel,
            Category = (Category)report.Category,
            State = (ReportState)report.State,
            RealName = report.RealName,
            ElectionRelated = report.ElectionRelated,
            ElectionPeriod = report.ElectionPeriod,
            ReceivingDivisionCode = report.ReceivingDivisionCode,
            ReceivedAt = report.ReceivedAt.ToTimestamp(),
        };
        summary.Subjects.AddRange(SubjectsFromJson(report.Subjects).Select(ToProto));
        return summary;
    }

    /// <summary>The entry in the caller's language.</summary>
    public static TimelineEntry ToProto(this TimelineRecord entry, CityDirectory directory) =>
        new() { At = entry.At.ToTimestamp(), Kind = entry.Kind, Description = PublicProgress.Read(entry, directory) };

    public static ReporterMessage ToProto(this MessageRecord message) => new()
    {
        MessageId = message.Id.ToString(),
        At = message.At.ToTimestamp(),
        FromReporter = message.FromReporter,
        AuthorRole = message.AuthorRole,
        Body = message.Body,
    };

    public static V1.ElectionPeriod ToProto(this ElectionPeriodRecord period) => new()
    {
        ElectionPeriodId = period.Id.ToString(),
        DivisionCode = period.DivisionCode,
        StartsAt = period.StartsAt.ToTimestamp(),
        EndsAt = period.EndsAt.ToTimestamp(),
        Description = period.Description,
    };

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
