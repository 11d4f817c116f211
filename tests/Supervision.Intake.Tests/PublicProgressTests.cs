using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Supervision.Contracts.Events.Routing;
using Supervision.Intake.Consumers;
using Supervision.Intake.Data;
using System.Globalization;
using Supervision.Intake.Domain;
using Supervision.Intake.Localization;
using Supervision.Intake.V1;
using Supervision.Reference;
using Supervision.ServiceDefaults.Localization;
using Supervision.ServiceDefaults.Messaging;
using IntakeService = Supervision.Intake.Extensions.Extensions;

namespace Supervision.Intake.Tests;

/// <summary>The one table of what routing's case events show a reporter and how they move the report.</summary>
public sealed class PublicProgressTests
{
    private const string OrgUnitId = "u-370883-org";
    private static readonly DateTimeOffset At = new(2026, 3, 2, 8, 0, 0, TimeSpan.Zero);
    private static readonly Guid CaseId = Guid.NewGuid();
    private static readonly Guid[] Reports = [Guid.NewGuid(), Guid.NewGuid()];

    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en");

    private static CityDirectory Jining => JiningDirectory.Instance;

    /// <summary>The states each step moves reports to, as each event's own consumer moved them before the table.</summary>
    public static readonly TheoryData<string, ReportState?, ReportState[]?> States = new()
    {
        { "case.attached", null, null },
        { "case.awaiting-dispatch", null, null },
        { "case.assigned", ReportState.Assigned, null },
        { "case.assigned.co-unit", null, null },
        { "case.acknowledged", ReportState.UnderInvestigation, null },
        { "case.transferred", null, null },
        { "case.concluded", ReportState.Concluded, null },
        { "case.outcome-notice", null, null },
        { "case.feedback", ReportState.FeedbackGiven, null },
        { "case.feedback.to-leadership", null, null },
        { "case.dispute-received", ReportState.Disputed, null },
        { "case.reopened", ReportState.UnderInvestigation, [ReportState.FeedbackGiven, ReportState.Disputed] },
        { "case.closed", ReportState.Closed, null },
    };

    private static IEnumerable<CaseProgressStep> AllSteps => PublicProgress.CaseEvents.SelectMany(e => e.Steps);

    [Fact]
    public void Should_have_an_entry_for_every_case_event_intake_consumes_and_a_consumer_for_every_entry()
    {
        var consumers = RegisteredConsumers();
        var tabled = consumers.Where(t => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(CaseProgressConsumer<>))
            .Select(t => t.GetGenericArguments()[0]).ToHashSet();
        Assert.Equal(PublicProgress.CaseEvents.Select(e => e.Event).ToHashSet(), tabled);

        // Every routing event intake consumes is a table entry, except the question, which is a message to the reporter.
        var routingEvents = consumers.SelectMany(MessageTypes).Where(t => t.Namespace == typeof(CaseOpened).Namespace);
        Assert.All(routingEvents.Where(t => t != typeof(ReporterQuestionAsked)), t => Assert.Contains(t, tabled));
    }

    [Fact]
    public void Should_word_every_step_with_a_stable_id_and_a_kind()
    {
        Assert.All(AllSteps, s =>
        {
            Assert.StartsWith("case.", s.Step.Id);
            Assert.False(string.IsNullOrWhiteSpace(s.Step.Kind));
            Assert.True(IntakeTexts.Words.Has(s.Step.Id), s.Step.Id);
        });
        var ids = AllSteps.Select(s => s.Step.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(ids.Order(StringComparer.Ordinal), States.Select(row => row.Data.Item1).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(States))]
    public void Should_move_reports_as_before(string id, ReportState? to, ReportState[]? from)
    {
        var step = Assert.Single(AllSteps, s => s.Step.Id == id);
        Assert.Equal(to, step.State?.To);
        Assert.Equal(from, step.State?.From?.ToArray());
    }

    [Fact]
    public void Should_word_intake_own_steps()
    {
        TimelineStep[] own = [PublicProgress.Received, PublicProgress.ReceivedOnElectionClock, PublicProgress.Supplemented,
            PublicProgress.Accepted, PublicProgress.Disputed, PublicProgress.StaffMessage];
        Assert.All(own, s => Assert.True(IntakeTexts.Words.Has(s.Id), s.Id));
        var ids = own.Select(s => s.Id).Concat(AllSteps.Select(s => s.Step.Id)).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(PublicProgress.ReceivedOnElectionClock, PublicProgress.ReceivedStep(electionClock: true));
        Assert.Equal(new PublicStep("received", "举报已由受理中心受理", "report.received", "[]"), PublicProgress.ReceivedStep(false).Describe());
        Assert.Equal("Report received by the intake centre", Read(PublicProgress.ReceivedStep(false).Describe(), English));
    }

    [Fact]
    public void Should_move_to_assigned_only_for_the_lead_unit()
    {
        var lead = Recorded(new CaseAssigned
        {
            CaseId = CaseId, ReportIds = Reports, UnitId = OrgUnitId, UnitName = "中共邹城市委组织部", Lead = true,
            Reason = "被反映干部 …", CloseBy = At.AddDays(30), At = At,
        });
        var (reports, progress) = Assert.Single(lead);
        Assert.Equal(Reports, reports);
        Assert.Equal("assigned", progress.Step.Kind);
        Assert.Equal("case.assigned", progress.Step.WordingKey);
        Assert.Equal("已交中共邹城市委组织部办理", progress.Step.Description);
        Assert.Equal("已交中共邹城市委组织部办理", Read(progress.Step, RequestLanguage.Neutral));
        Assert.Equal($"Assigned to {Jining.FindUnit(OrgUnitId)!.NameEn} for handling", Read(progress.Step, English));
        Assert.Equal(ReportState.Assigned, progress.State?.To);
        Assert.Equal(At, progress.At);

        var coUnit = Assert.Single(Recorded(new CaseAssigned
        {
            CaseId = CaseId, ReportIds = Reports, UnitId = OrgUnitId, UnitName = "中共邹城市委组织部", Lead = false,
            Reason = "", CloseBy = At.AddDays(30), At = At,
        }));
        Assert.Equal("中共邹城市委组织部作为协办单位参与办理", coUnit.Progress.Step.Description);
        Assert.Null(coUnit.Progress.State);
    }

    [Fact]
    public void Should_tell_only_a_report_that_joined_an_open_case()
    {
        Assert.Empty(Recorded(new CaseOpened { CaseId = CaseId, ReportId = Reports[0], AttachedToExistingCase = false, ElectionClock = false, At = At }));
        var attached = Assert.Single(Recorded(new CaseOpened { CaseId = CaseId, ReportId = Reports[0], AttachedToExistingCase = true, ElectionClock = false, At = At }));
        Assert.Equal([Reports[0]], attached.Reports);
        Assert.Equal("attached", attached.Progress.Step.Kind);
    }

    [Fact]
    public void Should_name_units_from_the_directory_and_by_their_part_when_unknown()
    {
        var known = Assert.Single(Recorded(new CaseAcknowledged { CaseId = CaseId, ReportIds = Reports, UnitId = OrgUnitId, At = At }));
        Assert.StartsWith(Jining.FindUnit(OrgUnitId)!.Name, known.Progress.Step.Description);
        var unknown = Assert.Single(Recorded(new CaseAcknowledged { CaseId = CaseId, ReportIds = Reports, UnitId = "u-nowhere", At = At }));
        Assert.Equal("承办单位已签收，正在调查核实", unknown.Progress.Step.Description);
        Assert.Equal("The handling unit acknowledged the report and is investigating", Read(unknown.Progress.Step, English));

        var transferred = Assert.Single(Recorded(new CaseTransferred
        {
            CaseId = CaseId, ReportIds = Reports, FromUnitId = OrgUnitId, ToUnitId = "u-nowhere", Reason = "张某某", At = At,
        }));
        Assert.Equal("Transferred to another unit for handling", Read(transferred.Progress.Step, English));

        var concluded = Assert.Single(Recorded(new CaseConcluded
        {
            CaseId = CaseId, ReportIds = Reports, UnitId = "u-nowhere", Outcome = "warning", PublicSummary = "  问题属实，已处理。 ", At = At,
        }));
        Assert.Equal("Concluded by the handling unit: 问题属实，已处理。", Read(concluded.Progress.Step, English));
        Assert.Equal("承办单位已办结：问题属实，已处理。", Read(concluded.Progress.Step, RequestLanguage.Neutral));
    }

    [Fact]
    public void Should_show_reporters_a_public_outcome_notice_and_no_other()
    {
        CaseConcluded Concluded(string scope) => new()
        {
            CaseId = CaseId, ReportIds = Reports, UnitId = "u-nowhere", Outcome = "substantiated", PublicSummary = "属实。", NoticeScope = scope,
            NoticeText = "关于某某问题的通报", At = At,
        };

        var steps = Recorded(Concluded("public"));
        var notice = Assert.Single(steps, s => s.Progress.Step.Kind == "outcome-notice");
        Assert.Equal(Reports, notice.Reports);
        Assert.Equal("Outcome notice of the handling unit: 关于某某问题的通报", Read(notice.Progress.Step, English));
        Assert.Equal("承办单位发布查处结果通报：关于某某问题的通报", Read(notice.Progress.Step, RequestLanguage.Neutral));
        Assert.DoesNotContain(Recorded(Concluded("unit")), s => s.Progress.Step.Kind == "outcome-notice");
        Assert.DoesNotContain(Recorded(Concluded("division")), s => s.Progress.Step.Kind == "outcome-notice");
    }

    [Fact]
    public void Should_give_the_result_to_real_name_reporters_and_tell_anonymous_ones_where_it_went()
    {
        Guid realName = Guid.NewGuid(), anonymous = Guid.NewGuid();
        var steps = Recorded(new FeedbackGiven
        {
            CaseId = CaseId, RealNameReportIds = [realName], AnonymousReportIds = [anonymous], LeadershipUnitIds = [OrgUnitId, "u-370881-approval"],
            Outcome = "党内警告", Result = " 属实 ", At = At,
        });
        Assert.Collection(steps,
            s =>
            {
                Assert.Equal([realName], s.Reports);
                Assert.Equal("feedback", s.Progress.Step.Kind);
                Assert.Equal("Result (党内警告): 属实 — accept it or dispute it here", Read(s.Progress.Step, English));
                Assert.Equal("办理结果（党内警告）：属实。请在此确认或提出异议", Read(s.Progress.Step, RequestLanguage.Neutral));
                Assert.Equal(ReportState.FeedbackGiven, s.Progress.State?.To);
            },
            s =>
            {
                Assert.Equal([anonymous], s.Reports);
                Assert.Equal("feedback-to-leadership", s.Progress.Step.Kind);
                Assert.DoesNotContain("属实", s.Progress.Step.Description);
                Assert.Contains("each accused unit, collectively (2 unit(s))", Read(s.Progress.Step, English));
                Assert.Contains("共 2 个单位", Read(s.Progress.Step, RequestLanguage.Neutral));
                Assert.Null(s.Progress.State);
            });
    }

    [Fact]
    public void Should_fill_placeholders_without_reading_braces_in_the_arguments()
    {
        var step = new TimelineStep("case.concluded", "concluded").Describe(StepArgument.AsWritten("A"), StepArgument.AsWritten("{0} stays"));
        Assert.Equal("Concluded by A: {0} stays", Read(step, English));
    }

    [Fact]
    public void Should_word_outcomes_and_closing_reasons_from_the_keys_routing_sends()
    {
        var feedback = Assert.Single(Recorded(new FeedbackGiven
        {
            CaseId = CaseId, RealNameReportIds = [Reports[0]], AnonymousReportIds = [], OutcomeKey = "outcome.partly-substantiated",
            Outcome = "partly substantiated", Result = "已整改", At = At,
        }));
        Assert.Equal("办理结果（部分属实）：已整改。请在此确认或提出异议", Read(feedback.Progress.Step, RequestLanguage.Neutral));
        Assert.Equal("Result (partly substantiated): 已整改 — accept it or dispute it here", Read(feedback.Progress.Step, English));

        Assert.Equal("本件已结案：举报人认可办理结果", Read(Closed(CaseClosingReasons.Accepted), RequestLanguage.Neutral));
        Assert.Equal("本件已结案：办理结果已向被反映单位领导班子反馈", Read(Closed(CaseClosingReasons.ToLeadership), RequestLanguage.Neutral));
        Assert.Equal("The case is closed: the dispute was answered with an explanation: 经复核，原结论正确",
            Read(Closed(CaseClosingReasons.Explained, "经复核，原结论正确"), English));
        Assert.Equal("本件已结案：已就异议作出解释说明：经复核，原结论正确",
            Read(Closed(CaseClosingReasons.Explained, "经复核，原结论正确"), RequestLanguage.Neutral));
    }

    [Fact]
    public void Should_read_an_event_without_a_key_as_routing_wrote_it()
    {
        var feedback = Assert.Single(Recorded(new FeedbackGiven
        {
            CaseId = CaseId, RealNameReportIds = [Reports[0]], AnonymousReportIds = [], Outcome = "党内警告", Result = "已整改", At = At,
        }));
        Assert.Equal("办理结果（党内警告）：已整改。请在此确认或提出异议", Read(feedback.Progress.Step, RequestLanguage.Neutral));
        var closed = Assert.Single(Recorded(new CaseClosed { CaseId = CaseId, ReportIds = [Reports[0]], Reason = "其他原因", At = At })).Progress.Step;
        Assert.Equal("本件已结案：其他原因", Read(closed, RequestLanguage.Neutral));
    }

    [Fact]
    public void Should_read_entries_stored_before_their_key_as_they_were_stored()
    {
        var old = new TimelineRecord(At.UtcDateTime, "received", "Report received by the intake centre", null, null);
        Assert.Equal("Report received by the intake centre", PublicProgress.Read(old, Jining, RequestLanguage.Neutral));
        var unknownKey = old with { WordingKey = "report.retired-step", WordingArgs = "[]" };
        Assert.Equal("Report received by the intake centre", PublicProgress.Read(unknownKey, Jining, RequestLanguage.Neutral));
    }

    private static PublicStep Closed(string reasonKey, params string[] reasonArgs) =>
        Assert.Single(Recorded(new CaseClosed
        {
            CaseId = CaseId, ReportIds = [Reports[0]], ReasonKey = reasonKey, ReasonArgs = reasonArgs, Reason = "(English words of the first version)", At = At,
        })).Progress.Step;

    /// <summary>A step as a reader in <paramref name="culture"/> reads it after it was stored.</summary>
    private static string Read(PublicStep step, CultureInfo culture) =>
        PublicProgress.Read(new TimelineRecord(At.UtcDateTime, step.Kind, step.Description, step.WordingKey, step.WordingArgs), Jining, culture);

    /// <summary>What the consumer records for <paramref name="message"/>: each step with the reports it names.</summary>
    private static List<(IReadOnlyList<Guid> Reports, CaseProgress Progress)> Recorded<TEvent>(TEvent message) where TEvent : class
    {
        var entry = PublicProgress.For<TEvent>();
        return entry.Rows.Select(row => (Reports: row.Reports(message), Row: row)).Where(r => r.Reports.Count > 0)
            .Select(r => (r.Reports, entry.Describe(r.Row, message, Jining))).ToList();
    }

    private static IReadOnlyList<Type> RegisteredConsumers()
    {
        IReadOnlyList<Type> types = [];
        var services = new ServiceCollection();
        services.AddMassTransit(bus =>
        {
            var consumers = new ServiceConsumers(bus);
            IntakeService.Service.Consumers!(consumers);
            types = consumers.Types;
        });
        return types;
    }

    private static IEnumerable<Type> MessageTypes(Type consumer) =>
        consumer.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IConsumer<>)).Select(i => i.GetGenericArguments()[0]);
}
