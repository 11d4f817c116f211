using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.Platform;
using Supervision.Reporting.V1;
using static Supervision.IntegrationTests.Reporting.ReportingCalls;

namespace Supervision.IntegrationTests.Reporting;

/// <summary>
/// Requests to be heard through the real API of the two reporting instances: sent without a token, followed with the
/// check code, listed, scheduled as the head's interview or declined once, the contact opened only with a reason and
/// every reveal shown; every staff method against no token, a wrong role, a wrong division and the right caller.
/// </summary>
public sealed class HearingRequestTests(PlatformFixture platform)
{
    private const string Division = "370826";
    private static readonly Metadata Officer = PlatformFixture.StaffHeadersAs("officer-hearings-370826", Division, Roles.OversightOfficer);
    private static readonly Metadata Auditor = PlatformFixture.StaffHeaders(Division, Roles.Auditor);
    private static readonly Metadata Clerk = PlatformFixture.StaffHeaders(Division, Roles.IntakeClerk);
    private static readonly Metadata Handler = PlatformFixture.StaffHeaders(Division, Roles.Handler);
    private static readonly Metadata OtherCounty = PlatformFixture.StaffHeaders("370811", Roles.OversightOfficer, Roles.Auditor, Roles.IntakeClerk);

    private static RequestHearingRequest Online(string topic) => new()
    {
        DivisionCode = Division, Topic = topic, IdempotencyKey = "hearing-" + Guid.NewGuid().ToString("N"),
        Contact = new HearingContact { Name = "王秀兰", Phone = "13905371234", IdNumber = "370826198003150029" },
    };

    private static EnterHearingRequestRequest Letter(string topic) => new()
    {
        Channel = HearingChannel.Letter, DivisionCode = Division, Topic = topic, IdempotencyKey = "letter-" + Guid.NewGuid().ToString("N"),
        Contact = new HearingContact { Name = "李建国", Phone = "0537-2345678" },
    };

    [Fact]
    public async Task Should_take_a_request_without_a_token_schedule_it_as_an_interview_and_show_the_requester_each_state()
    {
        var citizen = PlatformFixture.PublicCaller();
        var request = Online("反映社区换届中的拉票问题，要求当面反映");
        var receipt = await platform.PublicHearings.RequestHearingAsync(request, citizen);
        Assert.Equal(receipt, await platform.PublicHearings.RequestHearingAsync(request, citizen));
        var check = new CheckHearingRequestRequest { RequestId = receipt.RequestId, CheckCode = receipt.CheckCode.ToLowerInvariant() };
        var received = await platform.PublicHearings.CheckHearingRequestAsync(check, citizen);
        Assert.Equal((HearingRequestStatus.Received, "Received"), (received.Status, received.StatusName));
        await RefusedAsync(StatusCode.NotFound, platform.PublicHearings.CheckHearingRequestAsync(
            new CheckHearingRequestRequest { RequestId = receipt.RequestId, CheckCode = "00000-00000-00000-00000" }, citizen).ResponseAsync);

        // Staff see it in the county's queue, never the contact.
        var listed = await AllAsync(new ListHearingRequestsRequest { DivisionCode = Division, Status = HearingRequestStatus.Received, PageSize = 2 }, Auditor);
        var staffView = Assert.Single(listed, r => r.RequestId == receipt.RequestId);
        Assert.Equal((HearingChannel.Online, "反映社区换届中的拉票问题，要求当面反映", ""), (staffView.Channel, staffView.Topic, staffView.EnteredBy));
        Assert.DoesNotContain("王秀兰", staffView.ToString());
        Assert.DoesNotContain((await AllAsync(new ListHearingRequestsRequest { PageSize = 100 }, PlatformFixture.StaffHeaders("370811", Roles.Auditor))),
            r => r.RequestId == receipt.RequestId);

        var at = DateTimeOffset.UtcNow.AddSeconds(8);
        var scheduled = await platform.HearingRequests.ScheduleHearingAsync(
            new ScheduleHearingRequest { RequestId = receipt.RequestId, ScheduledAt = Timestamp.FromDateTimeOffset(at) }, Officer);
        Assert.Equal(HearingRequestStatus.Scheduled, scheduled.Status);
        var interview = await platform.Interviews.GetInterviewAsync(new GetInterviewRequest { InterviewId = scheduled.InterviewId }, Auditor);
        Assert.Equal((InterviewInitiative.Requested, receipt.RequestId, Division, ""), (interview.Initiative, interview.HearingRequestId, interview.DivisionCode,
            interview.CadreId));
        Assert.Equal($"the requester of hearing request {receipt.RequestId}", interview.IntervieweeName);
        var told = await platform.PublicHearings.CheckHearingRequestAsync(check, PlatformFixture.PublicCaller(language: "zh-CN"));
        Assert.Equal(HearingRequestStatus.Scheduled, told.Status);
        Assert.Contains("已安排：部长于", told.Text);
        var twice = await Assert.ThrowsAsync<RpcException>(() => platform.HearingRequests.DeclineHearingRequestAsync(
            new DeclineHearingRequestRequest { RequestId = receipt.RequestId, Reason = "重复" }, Officer).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, twice.StatusCode);
        Assert.Equal("The request was already decided (Interview scheduled); it cannot be decided again", twice.Status.Detail);

        // The contact opens for an oversight officer with a reason, and the reveal is on the record.
        var requester = await platform.HearingRequests.RevealHearingRequesterAsync(
            new RevealHearingRequesterRequest { RequestId = receipt.RequestId, Reason = "电话通知约谈时间" }, Officer);
        Assert.Equal(("王秀兰", "13905371234", "370826198003150029"), (requester.Contact.Name, requester.Contact.Phone, requester.Contact.IdNumber));
        var read = await platform.HearingRequests.GetHearingRequestAsync(new GetHearingRequestRequest { RequestId = receipt.RequestId }, Auditor);
        var reveal = Assert.Single(read.Reveals);
        Assert.Equal(("officer-hearings-370826", "电话通知约谈时间"), (reveal.RevealedTo, reveal.Reason));

        var wait = at.AddSeconds(0.5) - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, TestContext.Current.CancellationToken);
        }
        await platform.Interviews.RecordInterviewOutcomeAsync(new RecordInterviewOutcomeRequest
        {
            InterviewId = scheduled.InterviewId, Outcome = InterviewStatus.Held, Notes = "听取反映，交县委组织部核实", FollowUp = "核实社区换届拉票问题",
            FollowUpUnitId = "u-370826-org", FollowUpBy = DateTime.UtcNow.AddDays(7).ToString("yyyy-MM-dd"),
        }, Officer);
        var heard = await platform.PublicHearings.CheckHearingRequestAsync(check, citizen);
        Assert.Equal((HearingRequestStatus.Heard, "听取反映，交县委组织部核实"), (heard.Status, heard.Outcome));
    }

    [Fact]
    public async Task Should_decline_an_entered_letter_once_with_the_reason_the_requester_reads()
    {
        var receipt = await platform.HearingRequests.EnterHearingRequestAsync(Letter("来信要求面谈干部任用问题"), Clerk);
        var declined = await platform.HearingRequests.DeclineHearingRequestAsync(
            new DeclineHearingRequestRequest { RequestId = receipt.RequestId, Reason = "所反映问题已按信访件转交处理" }, Officer);
        Assert.Equal((HearingRequestStatus.Declined, HearingChannel.Letter, "所反映问题已按信访件转交处理"), (declined.Status, declined.Channel, declined.DeclineReason));
        Assert.Equal("officer-hearings-370826", declined.DecidedBy);
        var state = await platform.PublicHearings.CheckHearingRequestAsync(
            new CheckHearingRequestRequest { RequestId = receipt.RequestId, CheckCode = receipt.CheckCode }, PlatformFixture.PublicCaller());
        Assert.Equal((HearingRequestStatus.Declined, "所反映问题已按信访件转交处理"), (state.Status, state.DeclineReason));
        Assert.EndsWith("was declined: 所反映问题已按信访件转交处理", state.Text);
        var again = await Assert.ThrowsAsync<RpcException>(() => platform.HearingRequests.ScheduleHearingAsync(new ScheduleHearingRequest
        {
            RequestId = receipt.RequestId, ScheduledAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(2)),
        }, Chinese(PlatformFixture.StaffHeaders(Division, Roles.OversightOfficer))).ResponseAsync);
        Assert.Equal((StatusCode.FailedPrecondition, "该约谈申请已处理（不予安排），不能再次处理"), (again.StatusCode, again.Status.Detail));
    }

    [Fact]
    public async Task Should_let_only_the_right_caller_act_on_each_staff_method()
    {
        var first = await platform.HearingRequests.EnterHearingRequestAsync(Letter("来访要求约谈"), Officer);
        var second = await platform.HearingRequests.EnterHearingRequestAsync(Letter("来访要求约谈二"), Officer);
        var methods = new (string Name, Func<Metadata, Task> Call, Metadata Right, Metadata WrongRole)[]
        {
            ("EnterHearingRequest", h => platform.HearingRequests.EnterHearingRequestAsync(Letter("来访"), h).ResponseAsync, Clerk, Auditor),
            ("ListHearingRequests", h => platform.HearingRequests.ListHearingRequestsAsync(
                new ListHearingRequestsRequest { DivisionCode = Division }, h).ResponseAsync, Auditor, Clerk),
            ("GetHearingRequest", h => platform.HearingRequests.GetHearingRequestAsync(
                new GetHearingRequestRequest { RequestId = first.RequestId }, h).ResponseAsync, Auditor, Clerk),
            ("RevealHearingRequester", h => platform.HearingRequests.RevealHearingRequesterAsync(
                new RevealHearingRequesterRequest { RequestId = first.RequestId, Reason = "核实来访人" }, h).ResponseAsync, Officer, Auditor),
            ("ScheduleHearing", h => platform.HearingRequests.ScheduleHearingAsync(new ScheduleHearingRequest
            {
                RequestId = first.RequestId, ScheduledAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(3)),
            }, h).ResponseAsync, Officer, Auditor),
            ("DeclineHearingRequest", h => platform.HearingRequests.DeclineHearingRequestAsync(
                new DeclineHearingRequestRequest { RequestId = second.RequestId, Reason = "不属于约谈范围" }, h).ResponseAsync, Officer, Clerk),
        };
        foreach (var (name, call, right, wrongRole) in methods)
        {
            Assert.Equal((name, StatusCode.Unauthenticated), (name, await StatusOfAsync(call([]))));
            Assert.Equal((name, StatusCode.PermissionDenied), (name, await StatusOfAsync(call(Handler))));
            Assert.Equal((name, StatusCode.PermissionDenied), (name, await StatusOfAsync(call(wrongRole))));
            Assert.Equal((name, StatusCode.PermissionDenied), (name, await StatusOfAsync(call(OtherCounty))));
            Assert.Equal((name, StatusCode.OK), (name, await StatusOfAsync(call(right))));
        }
        // The audit shows the officer's reveal and no refused one.
        var read = await platform.HearingRequests.GetHearingRequestAsync(new GetHearingRequestRequest { RequestId = first.RequestId }, Auditor);
        Assert.Equal(["核实来访人"], read.Reveals.Select(r => r.Reason));
    }

    [Fact]
    public async Task Should_name_every_bad_field_and_rule()
    {
        async Task<IReadOnlyDictionary<string, string>> ViolationsAsync(Func<Task> call) =>
            Reports.Violations(await Assert.ThrowsAsync<RpcException>(call));

        var empty = await ViolationsAsync(() => platform.PublicHearings.RequestHearingAsync(new RequestHearingRequest(), PlatformFixture.PublicCaller()).ResponseAsync);
        Assert.Equal(["contact", "division_code", "idempotency_key", "topic"], empty.Keys.Order());
        var wrong = await ViolationsAsync(() => platform.PublicHearings.RequestHearingAsync(new RequestHearingRequest
        {
            DivisionCode = "999999", Topic = new string('话', 501), IdempotencyKey = "short",
            Contact = new HearingContact { Name = "", Phone = "12345", IdNumber = "370826198003150022" },
        }, PlatformFixture.PublicCaller()).ResponseAsync);
        Assert.Equal("unknown division '999999'", wrong["division_code"]);
        Assert.Equal("at most 500 characters (got 501)", wrong["topic"]);
        Assert.Equal("required", wrong["contact.name"]);
        Assert.Equal("a mainland mobile (11 digits) or landline (0537-2345678)", wrong["contact.phone"]);
        Assert.Equal("an 18-character resident identity number with a valid check digit", wrong["contact.id_number"]);
        var check = await ViolationsAsync(() => platform.PublicHearings.CheckHearingRequestAsync(
            new CheckHearingRequestRequest { RequestId = "x", CheckCode = "ABC" }, PlatformFixture.PublicCaller()).ResponseAsync);
        Assert.Equal(("an id (a UUID)", "a check code of 20 characters (0-9, A-Z)"), (check["request_id"], check["check_code"]));

        var entered = await ViolationsAsync(() => platform.HearingRequests.EnterHearingRequestAsync(new EnterHearingRequestRequest
        {
            Channel = HearingChannel.Online, DivisionCode = Division, Topic = "x", IdempotencyKey = "entered-" + Guid.NewGuid().ToString("N"),
            Contact = new HearingContact { Name = "李", Phone = "13905371234" },
        }, Clerk).ResponseAsync);
        Assert.Equal(["channel"], entered.Keys);
        Assert.Equal("one of HEARING_CHANNEL_LETTER, HEARING_CHANNEL_VISIT", entered["channel"]);
        var listed = await ViolationsAsync(() => platform.HearingRequests.ListHearingRequestsAsync(
            new ListHearingRequestsRequest { DivisionCode = "000000", Status = HearingRequestStatus.Heard, PageSize = 101 }, Auditor).ResponseAsync);
        Assert.Equal(["division_code", "page_size", "status"], listed.Keys.Order());
        var schedule = await ViolationsAsync(() => platform.HearingRequests.ScheduleHearingAsync(new ScheduleHearingRequest
        {
            RequestId = Guid.NewGuid().ToString(), ScheduledAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(-1)),
        }, Officer).ResponseAsync);
        Assert.Equal("must be in the future, at most 366 days ahead", schedule["scheduled_at"]);
        Assert.Equal("required", (await ViolationsAsync(() => platform.HearingRequests.ScheduleHearingAsync(
            new ScheduleHearingRequest { RequestId = Guid.NewGuid().ToString() }, Officer).ResponseAsync))["scheduled_at"]);
        var decline = await ViolationsAsync(() => platform.HearingRequests.DeclineHearingRequestAsync(
            new DeclineHearingRequestRequest { RequestId = "", Reason = new string('理', 1001) }, Officer).ResponseAsync);
        Assert.Equal(("an id (a UUID)", "at most 1000 characters (got 1001)"), (decline["request_id"], decline["reason"]));
        Assert.Equal("required", (await ViolationsAsync(() => platform.HearingRequests.RevealHearingRequesterAsync(
            new RevealHearingRequesterRequest { RequestId = Guid.NewGuid().ToString() }, Officer).ResponseAsync))["reason"]);
        await RefusedAsync(StatusCode.NotFound, platform.HearingRequests.RevealHearingRequesterAsync(
            new RevealHearingRequesterRequest { RequestId = Guid.NewGuid().ToString(), Reason = "核实" }, Officer).ResponseAsync);

        // The same key for a different request is refused; the words are Chinese unless the caller asks for English.
        var request = Online("同一键");
        await platform.PublicHearings.RequestHearingAsync(request, PlatformFixture.PublicCaller());
        request.Topic = "另一事由";
        var reused = await ViolationsAsync(() => platform.PublicHearings.RequestHearingAsync(request, PlatformFixture.PublicCaller(language: "zh-CN")).ResponseAsync);
        Assert.Equal("该幂等键已用于另一约谈申请", reused["idempotency_key"]);
    }

    private async Task<List<HearingRequest>> AllAsync(ListHearingRequestsRequest page, Metadata headers)
    {
        var seen = new List<HearingRequest>();
        do
        {
            var answer = await platform.HearingRequests.ListHearingRequestsAsync(page, headers);
            Assert.True(answer.Requests.Count <= Math.Max(page.PageSize, 1));
            seen.AddRange(answer.Requests);
            page.PageToken = answer.NextPageToken;
        } while (page.PageToken.Length > 0);
        Assert.Equal(seen.Count, seen.Select(r => r.RequestId).Distinct().Count());
        return seen;
    }
}
