using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.Platform;
using Supervision.Reporting.V1;
using static Supervision.IntegrationTests.Reporting.ReportingCalls;

namespace Supervision.IntegrationTests.Reporting;

/// <summary>
/// The head's two-way interviews through the real API of the two reporting instances: scheduled once per key, recorded
/// once with the outcome and follow-up, read within the jurisdiction, and every bad field named.
/// </summary>
public sealed class InterviewTests(PlatformFixture platform)
{
    private static readonly Metadata ZouchengOfficer = PlatformFixture.StaffHeaders("370883", Roles.OversightOfficer);

    [Fact]
    public async Task Should_schedule_an_interview_record_its_outcome_once_and_read_it_within_the_jurisdiction()
    {
        var key = "interview-" + Guid.NewGuid().ToString("N");
        // Far enough ahead that the retry below still asks for a future time on a busy machine.
        var at = DateTimeOffset.UtcNow.AddSeconds(10);
        var request = new ScheduleInterviewRequest
        {
            Initiative = InterviewInitiative.Requested, CadreId = "c-0351", Topic = "换届风气座谈",
            ScheduledAt = Timestamp.FromDateTimeOffset(at), IdempotencyKey = key,
        };
        var scheduled = await platform.Interviews.ScheduleInterviewAsync(request, ZouchengOfficer);
        Assert.Equal((InterviewStatus.Scheduled, "370883", "Requested interview"), (scheduled.Status, scheduled.DivisionCode, scheduled.InitiativeName));
        Assert.StartsWith("贾凯俊 (", scheduled.IntervieweeName);
        Assert.Equal(scheduled.InterviewId, (await platform.Interviews.ScheduleInterviewAsync(request, ZouchengOfficer)).InterviewId);
        var reused = request.Clone();
        reused.Topic = "另一事由";
        Assert.Equal("this idempotency key was used for a different interview", Reports.Violations(await Assert.ThrowsAsync<RpcException>(() =>
            platform.Interviews.ScheduleInterviewAsync(reused, ZouchengOfficer).ResponseAsync))["idempotency_key"]);

        var outcome = new RecordInterviewOutcomeRequest
        {
            InterviewId = scheduled.InterviewId, Outcome = InterviewStatus.Held, Notes = "听取意见三条", FollowUp = "核查来信反映的问题",
            FollowUpUnitId = "u-370883-discipline", FollowUpBy = DateTime.UtcNow.AddDays(10).ToString("yyyy-MM-dd"),
        };
        // An interview is held, at the earliest, at its time.
        var wait = at.AddSeconds(0.5) - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, TestContext.Current.CancellationToken);
        }
        var held = await platform.Interviews.RecordInterviewOutcomeAsync(outcome, ZouchengOfficer);
        Assert.Equal((InterviewStatus.Held, "核查来信反映的问题", "u-370883-discipline"), (held.Status, held.FollowUp, held.FollowUpUnitId));
        Assert.Equal("Zoucheng City Commission for Discipline Inspection and Supervisory Commission", held.FollowUpUnitName);
        // A retry that arrives after the interview's time is answered with the interview it scheduled, not refused.
        Assert.Equal((scheduled.InterviewId, InterviewStatus.Held),
            (await platform.Interviews.ScheduleInterviewAsync(request, ZouchengOfficer)) is var retried ? (retried.InterviewId, retried.Status) : default);
        var twice = await Assert.ThrowsAsync<RpcException>(() => platform.Interviews.RecordInterviewOutcomeAsync(outcome,
            Chinese(PlatformFixture.StaffHeaders("370883", Roles.OversightOfficer))).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, twice.StatusCode);
        Assert.Contains("记录为“已谈”，不能再次记录", twice.Status.Detail);

        var read = await platform.Interviews.GetInterviewAsync(new GetInterviewRequest { InterviewId = scheduled.InterviewId },
            PlatformFixture.StaffHeaders("370800", Roles.Auditor));
        Assert.Equal(held, read);
        await RefusedAsync(StatusCode.PermissionDenied, platform.Interviews.GetInterviewAsync(new GetInterviewRequest { InterviewId = scheduled.InterviewId },
            PlatformFixture.StaffHeaders("370811", Roles.OversightOfficer)).ResponseAsync);
        await RefusedAsync(StatusCode.NotFound, platform.Interviews.GetInterviewAsync(new GetInterviewRequest { InterviewId = Guid.NewGuid().ToString() },
            ZouchengOfficer).ResponseAsync);

        // Listed for 邹城市 and the city, page by page; not for 任城区.
        var seen = new List<string>();
        var page = new ListInterviewsRequest { PageSize = 1 };
        do
        {
            var answer = await platform.Interviews.ListInterviewsAsync(page, ZouchengOfficer);
            Assert.True(answer.Interviews.Count <= 1);
            seen.AddRange(answer.Interviews.Select(i => i.InterviewId));
            page.PageToken = answer.NextPageToken;
        } while (page.PageToken.Length > 0);
        Assert.Contains(scheduled.InterviewId, seen);
        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.DoesNotContain((await platform.Interviews.ListInterviewsAsync(new ListInterviewsRequest { PageSize = 100 },
            PlatformFixture.StaffHeaders("370811", Roles.Auditor))).Interviews, i => i.InterviewId == scheduled.InterviewId);
    }

    [Fact]
    public async Task Should_refuse_callers_without_a_token_the_role_or_the_jurisdiction()
    {
        var request = new ScheduleInterviewRequest
        {
            Initiative = InterviewInitiative.Head, UnitId = "u-370811-discipline", Topic = "整改进度",
            ScheduledAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(1)), IdempotencyKey = "refused-" + Guid.NewGuid().ToString("N"),
        };
        await RefusedAsync(StatusCode.Unauthenticated, platform.Interviews.ScheduleInterviewAsync(request).ResponseAsync);
        await RefusedAsync(StatusCode.Unauthenticated, platform.Interviews.ListInterviewsAsync(new ListInterviewsRequest()).ResponseAsync);
        await RefusedAsync(StatusCode.PermissionDenied, platform.Interviews.ScheduleInterviewAsync(request, ZouchengOfficer).ResponseAsync);
        foreach (var role in Roles.All.Where(r => r != Roles.OversightOfficer))
        {
            await RefusedAsync(StatusCode.PermissionDenied,
                platform.Interviews.ScheduleInterviewAsync(request, PlatformFixture.StaffHeaders("370800", role)).ResponseAsync);
        }
        foreach (var role in Roles.All.Where(r => r is not (Roles.OversightOfficer or Roles.Auditor)))
        {
            await RefusedAsync(StatusCode.PermissionDenied,
                platform.Interviews.ListInterviewsAsync(new ListInterviewsRequest(), PlatformFixture.StaffHeaders("370800", role)).ResponseAsync);
        }
    }

    [Fact]
    public async Task Should_name_every_bad_field_and_rule()
    {
        async Task<IReadOnlyDictionary<string, string>> ViolationsAsync(Func<Task> call) =>
            Reports.Violations(await Assert.ThrowsAsync<RpcException>(call));

        var empty = await ViolationsAsync(() => platform.Interviews.ScheduleInterviewAsync(new ScheduleInterviewRequest(), ZouchengOfficer).ResponseAsync);
        Assert.Equal("one of INTERVIEW_INITIATIVE_HEAD, INTERVIEW_INITIATIVE_REQUESTED", empty["initiative"]);
        Assert.Equal("exactly one of cadre_id and unit_id", empty["cadre_id"]);
        Assert.Equal("exactly one of cadre_id and unit_id", empty["unit_id"]);
        Assert.Equal("required", empty["scheduled_at"]);
        Assert.Equal("required", empty["topic"]);
        Assert.Equal("16-100 of A-Z, a-z, 0-9, _ and -", empty["idempotency_key"]);

        var wrong = await ViolationsAsync(() => platform.Interviews.ScheduleInterviewAsync(new ScheduleInterviewRequest
        {
            Initiative = (InterviewInitiative)7, CadreId = "c-9999999", ScheduledAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(-1)),
            Topic = new string('话', 501), IdempotencyKey = "short",
        }, ZouchengOfficer).ResponseAsync);
        Assert.Equal("unknown cadre 'c-9999999'", wrong["cadre_id"]);
        Assert.Equal("must be in the future, at most 366 days ahead", wrong["scheduled_at"]);
        Assert.Equal("at most 500 characters (got 501)", wrong["topic"]);
        Assert.Contains("initiative", wrong.Keys);
        Assert.Contains("idempotency_key", wrong.Keys);
        var tooFar = await ViolationsAsync(() => platform.Interviews.ScheduleInterviewAsync(new ScheduleInterviewRequest
        {
            Initiative = InterviewInitiative.Head, UnitId = "u-nowhere", ScheduledAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(400)),
            Topic = "x", IdempotencyKey = "far-" + Guid.NewGuid().ToString("N"),
        }, ZouchengOfficer).ResponseAsync);
        Assert.Equal(["scheduled_at", "unit_id"], tooFar.Keys.Order());
        // A new request for a past time is refused even when nothing else is wrong (only a retry is answered).
        var past = await ViolationsAsync(() => platform.Interviews.ScheduleInterviewAsync(new ScheduleInterviewRequest
        {
            Initiative = InterviewInitiative.Head, UnitId = "u-370883-discipline", ScheduledAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(-5)),
            Topic = "x", IdempotencyKey = "past-" + Guid.NewGuid().ToString("N"),
        }, ZouchengOfficer).ResponseAsync);
        Assert.Equal(["scheduled_at"], past.Keys);

        var record = await ViolationsAsync(() => platform.Interviews.RecordInterviewOutcomeAsync(new RecordInterviewOutcomeRequest
        {
            InterviewId = "not-a-uuid", FollowUp = "跟进", FollowUpBy = "2026-02-30",
        }, ZouchengOfficer).ResponseAsync);
        Assert.Equal("an interview id (a UUID)", record["interview_id"]);
        Assert.Equal("one of INTERVIEW_STATUS_HELD, INTERVIEW_STATUS_NOT_HELD", record["outcome"]);
        Assert.Equal("required", record["notes"]);
        Assert.Equal("required with a follow-up", record["follow_up_unit_id"]);
        Assert.Equal("a date as yyyy-MM-dd", record["follow_up_by"]);
        var notHeld = await ViolationsAsync(() => platform.Interviews.RecordInterviewOutcomeAsync(new RecordInterviewOutcomeRequest
        {
            InterviewId = Guid.NewGuid().ToString(), Outcome = InterviewStatus.NotHeld, Notes = new string('记', 2001), FollowUp = "跟进",
            FollowUpUnitId = "u-370883-discipline",
        }, ZouchengOfficer).ResponseAsync);
        Assert.Equal("only for an interview that was held", notHeld["follow_up"]);
        Assert.Equal("only for an interview that was held", notHeld["follow_up_unit_id"]);
        Assert.Equal("at most 2000 characters (got 2001)", notHeld["notes"]);
        var held = await ViolationsAsync(() => platform.Interviews.RecordInterviewOutcomeAsync(new RecordInterviewOutcomeRequest
        {
            InterviewId = Guid.NewGuid().ToString(), Outcome = InterviewStatus.Held, Notes = "记录", FollowUp = "跟进", FollowUpUnitId = "u-nowhere",
            FollowUpBy = "2020-01-01",
        }, ZouchengOfficer).ResponseAsync);
        Assert.Equal("unknown unit 'u-nowhere'", held["follow_up_unit_id"]);
        Assert.Equal("not before today", held["follow_up_by"]);
        var orphan = await ViolationsAsync(() => platform.Interviews.RecordInterviewOutcomeAsync(new RecordInterviewOutcomeRequest
        {
            InterviewId = Guid.NewGuid().ToString(), Outcome = InterviewStatus.Held, Notes = "记录", FollowUpBy = "2030-01-01",
        }, ZouchengOfficer).ResponseAsync);
        Assert.Equal("only with a follow-up", orphan["follow_up_by"]);
        Assert.Equal("an interview id (a UUID)", (await ViolationsAsync(() => platform.Interviews.GetInterviewAsync(
            new GetInterviewRequest { InterviewId = "" }, ZouchengOfficer).ResponseAsync))["interview_id"]);
        Assert.Contains("page_size", (await ViolationsAsync(() => platform.Interviews.ListInterviewsAsync(
            new ListInterviewsRequest { PageSize = 101 }, ZouchengOfficer).ResponseAsync)).Keys);

        var chinese = await ViolationsAsync(() => platform.Interviews.ScheduleInterviewAsync(new ScheduleInterviewRequest(),
            Chinese(PlatformFixture.StaffHeaders("370883", Roles.OversightOfficer))).ResponseAsync);
        Assert.Equal("须且只能填写 cadre_id 与 unit_id 之一", chinese["unit_id"]);
    }
}
