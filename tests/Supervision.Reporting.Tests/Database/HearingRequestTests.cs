using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Supervision.Reference;
using Supervision.Reporting.Data;
using Supervision.Reporting.Dispatch;
using Supervision.Reporting.Domain;
using Supervision.Reporting.Grpc;
using Supervision.ServiceDefaults.Auth;
using Supervision.ServiceDefaults.Messaging;
using Supervision.ServiceDefaults.Security;
using Supervision.ServiceDefaults.Timers;
using Supervision.Testing;
using static Supervision.Reporting.Tests.Database.CaseEvents;

namespace Supervision.Reporting.Tests.Database;

/// <summary>
/// Requests to be heard on a real database and an injected clock: the contact sealed at rest, a retry answered with the
/// same receipt, the check code the only way in, one decision with two instances, every reveal audited, and the follow-up
/// of the interview a request became in the next daily dispatch.
/// </summary>
public sealed class HearingRequestTests(TestServers servers) : IAsyncLifetime
{
    private static readonly HearingContact Requester = new("王秀兰", "13905371234", null);

    private readonly FakeTimeProvider _clock = new(At(11, 25, 9));
    private readonly HearingSealer _sealer = new(new HearingOptions { SealingKeys = new() { ["1"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) } });
    private ReportingDatabase _db = null!;
    private TwoWayInterviews _interviews = null!;
    private RequestsToBeHeard _hearings = null!;

    public async ValueTask InitializeAsync()
    {
        _db = await ReportingDatabase.CreateAsync(await servers.PostgresAsync());
        _interviews = new TwoWayInterviews(Schedule, _clock);
        _hearings = new RequestsToBeHeard(_sealer, _interviews, _clock);
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();

    private static DispatchSchedule Schedule => new(TestData.Calendar, TestData.Dispatch);

    [Fact]
    public async Task Should_seal_the_contact_and_answer_a_retry_with_the_same_receipt()
    {
        var plea = new HearingPlea(RequestsToBeHeard.Online, "370826", "反映村干部选任中的问题", Requester, null);
        var receipt = (await ReceiveAsync(plea, "hearing-key-000000001", [1]))!;
        Assert.Matches("^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$", receipt.CheckCode);
        Assert.Equal(receipt, await ReceiveAsync(plea, "hearing-key-000000001", [1]));
        // The same key for another topic, or for the same topic from someone else, is a different request.
        Assert.Null(await ReceiveAsync(plea, "hearing-key-000000001", [2]));
        Assert.Null(await ReceiveAsync(plea with { Contact = Requester with { Phone = "13905370000" } }, "hearing-key-000000001", [1]));
        Assert.Equal(1, await _db.ScalarAsync<int>("select count(*)::int from hearing_requests"));

        // Nothing readable at rest: neither the name, the phone nor the check code.
        var stored = await _db.ScalarAsync<byte[]>("select sealed_contact || sealed_check_code || check_hash from hearing_requests");
        foreach (var secret in new[] { Requester.Name, Requester.Phone, receipt.CheckCode, ReceiptCode.Normalize(receipt.CheckCode)! })
        {
            Assert.Equal(-1, stored.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)));
        }
        // The code opens the request; a wrong code and an unknown id are alike.
        var found = await _db.InTransactionAsync(t => RequestsToBeHeard.CheckAsync(t, receipt.RequestId, ReceiptCode.Normalize(receipt.CheckCode)!, default));
        Assert.Equal(("received", "370826"), (found!.Status, found.DivisionCode));
        Assert.Null(await _db.InTransactionAsync(t => RequestsToBeHeard.CheckAsync(t, receipt.RequestId, ReceiptCode.Normalize(ReceiptCode.New())!, default)));
        Assert.Null(await _db.InTransactionAsync(t =>
            RequestsToBeHeard.CheckAsync(t, Guid.NewGuid(), ReceiptCode.Normalize(receipt.CheckCode)!, default)));
        // Sealed data moved onto another request does not open.
        var other = (await ReceiveAsync(plea with { Contact = Requester with { Name = "李明" } }, "hearing-key-000000002", [1]))!;
        var otherSealed = await _db.ScalarAsync<byte[]>("select sealed_contact from hearing_requests where request_id = @id", new { id = other.RequestId });
        Assert.ThrowsAny<CryptographicException>(() => _sealer.Open(otherSealed, receipt.RequestId));
    }

    [Fact]
    public async Task Should_decide_once_with_two_instances_and_audit_every_reveal()
    {
        var receipt = (await ReceiveAsync(new HearingPlea(RequestsToBeHeard.Letter, "370826", "来信要求面谈", Requester, "clerk-1"), "hearing-key-000000003", [3]))!;
        var at = At(11, 27, 15);
        var attempts = await Task.WhenAll(TryAsync(t => _hearings.ScheduleAsync(t, receipt.RequestId, at, "officer-1", default)),
            TryAsync(t => _hearings.DeclineAsync(t, receipt.RequestId, "不属于约谈范围", "officer-2", default)));
        var decided = Assert.Single(attempts, a => a is not null)!;
        var again = await Assert.ThrowsAsync<DomainRuleException>(() =>
            _db.InTransactionAsync(t => _hearings.DeclineAsync(t, receipt.RequestId, "再次处理", "officer-3", default)));
        Assert.StartsWith("The request was already decided (", again.Message);
        Assert.Equal(decided.Status == RequestsToBeHeard.Scheduled ? 1 : 0, await _db.ScalarAsync<int>(
            "select count(*)::int from head_interviews where hearing_request_id = @id", new { id = receipt.RequestId }));
        Assert.Null(await _db.InTransactionAsync(t => _hearings.ScheduleAsync(t, Guid.NewGuid(), at, "officer-1", default)));

        var row = (await _db.InTransactionAsync(t => HearingRequestStore.FindAsync(t, receipt.RequestId, forUpdate: false, default)))!;
        Assert.Equal(Requester, await _db.InTransactionAsync(t => _hearings.RevealAsync(t, row, "officer-1", "电话通知约谈时间", default)));
        _clock.Advance(TimeSpan.FromMinutes(5));
        await _db.InTransactionAsync(t => _hearings.RevealAsync(t, row, "officer-2", "核实来信人身份", default));
        var reveals = await _db.InTransactionAsync(t => HearingRequestStore.RevealsAsync(t, receipt.RequestId, default));
        Assert.Equal([("officer-1", "电话通知约谈时间"), ("officer-2", "核实来信人身份")], reveals.Select(r => (r.RevealedTo, r.Reason)));
    }

    [Fact]
    public async Task Should_read_the_state_as_the_interview_moves_and_list_its_follow_up_in_the_next_dispatch()
    {
        var receipt = (await ReceiveAsync(new HearingPlea(RequestsToBeHeard.Visit, "370826", "反映社区换届问题", Requester, "clerk-1"), "hearing-key-000000004", [4]))!;
        var reading = new HearingReading(Schedule);
        Assert.Equal(V1.HearingRequestStatus.Received, reading.ForRequester((await CheckAsync(receipt))!).Status);

        var scheduled = (await _db.InTransactionAsync(t => _hearings.ScheduleAsync(t, receipt.RequestId, At(11, 25, 14), "officer-1", default)))!;
        var state = reading.ForRequester(scheduled);
        Assert.Equal((V1.HearingRequestStatus.Scheduled, "Your request of 2026-11-25 09:00 to be heard is scheduled: the head receives you at 2026-11-25 14:00 (Beijing time)."),
            (state.Status, InEnglish(() => reading.ForRequester(scheduled).Text)));
        var interview = (await _db.InTransactionAsync(t => InterviewStore.FindAsync(t, scheduled.InterviewId!.Value, forUpdate: false, default)))!;
        Assert.Equal((TwoWayInterviews.Requested, (string?)null, (string?)null, "370826", receipt.RequestId),
            (interview.Initiative, interview.CadreId, interview.UnitId, interview.DivisionCode, interview.HearingRequestId));

        _clock.Advance(TimeSpan.FromHours(6));
        await _db.InTransactionAsync(t => _interviews.RecordAsync(t, interview.InterviewId,
            new InterviewOutcome(TwoWayInterviews.Held, "听取意见，已交县委组织部核实", "核实社区换届中反映的问题", "u-370826-org", new DateOnly(2026, 12, 4)), "officer-1", default));
        var heard = reading.ForRequester((await CheckAsync(receipt))!);
        Assert.Equal((V1.HearingRequestStatus.Heard, "听取意见，已交县委组织部核实"), (heard.Status, heard.Outcome));

        // Thursday's dispatch names the requester by the request, never by name.
        _clock.SetUtcNow(At(11, 26, 8));
        var dispatches = new DailyDispatches(Schedule, TestData.Directory, _clock);
        var source = _db.NewDataSource();
        await new DailyDispatchStarter(source, dispatches).StartAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(30));
        await new DurableTimerWorker(source, [new DailyDispatchTimer(dispatches, NullLogger<DailyDispatchTimer>.Instance)], new Outbox(new OutboxSignal()),
            _clock, Options.Create(new DurableTimerOptions()), NullLogger<DurableTimerWorker>.Instance).FireDueAsync(CancellationToken.None);
        var stored = (await _db.InTransactionAsync(t => DispatchStore.FindAsync(t, new DateOnly(2026, 11, 26), CancellationToken.None)))!;
        var county = new DispatchReading(new Figures(TestData.Directory), TestData.Directory, Schedule)
            .Read(stored, new StaffCaller("test", new HashSet<string>(), "370826"));
        var item = Assert.Single(county.InterviewFollowUps);
        Assert.Equal(("核实社区换届中反映的问题", "2026-12-04"), (item.FollowUp, item.FollowUpBy));
        Assert.Contains(receipt.RequestId.ToString(), item.IntervieweeName);
        Assert.DoesNotContain(Requester.Name, item.Text);
    }

    private Task<HearingReceipt?> ReceiveAsync(HearingPlea plea, string key, byte[] hash) =>
        _db.InTransactionAsync(t => _hearings.ReceiveAsync(t, plea, key, hash, CancellationToken.None));

    private Task<HearingRequestRow?> CheckAsync(HearingReceipt receipt) =>
        _db.InTransactionAsync(t => RequestsToBeHeard.CheckAsync(t, receipt.RequestId, ReceiptCode.Normalize(receipt.CheckCode)!, default));

    private static string InEnglish(Func<string> words)
    {
        var previous = System.Globalization.CultureInfo.CurrentUICulture;
        System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo("en");
        try
        {
            return words();
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = previous;
        }
    }

    /// <summary>One decision in its own connection, as a second instance makes it; null when it was refused.</summary>
    private async Task<HearingRequestRow?> TryAsync(Func<Npgsql.NpgsqlTransaction, Task<HearingRequestRow?>> decide)
    {
        await using var connection = await _db.NewDataSource().OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        try
        {
            var row = await decide(transaction);
            await transaction.CommitAsync();
            return row;
        }
        catch (DomainRuleException)
        {
            return null;
        }
    }
}
