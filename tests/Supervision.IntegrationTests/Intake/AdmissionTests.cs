using System.Security.Cryptography;
using System.Text;
using Dapper;
using Grpc.Core;
using Npgsql;
using Supervision.IntegrationTests.Infrastructure;
using Supervision.Intake.V1;
using Supervision.Platform;

namespace Supervision.IntegrationTests.Intake;

/// <summary>
/// Admission control on submissions: the platform under test lets each intake instance work on
/// <see cref="PlatformFixture.AdmittedSubmissions"/> submissions and queue as many more; past that a submission is refused
/// at once with RESOURCE_EXHAUSTED and a retry hint, nothing stored, while reads are answered.
/// </summary>
public sealed class AdmissionTests(PlatformFixture platform)
{
    // A township no other test submits to (its tracking-number counter is the lock this test holds), about a cadre of its
    // own that no other test names: every report joins one case at the township, which no other test lists.
    private const string Division = "370832101";
    private const string Cadre = "c-0312";
    private static readonly Metadata Clerk = PlatformFixture.StaffHeaders("370832", Roles.IntakeClerk);

    [Fact]
    public async Task Should_refuse_submissions_past_capacity_with_a_retry_hint_store_nothing_and_keep_answering_reads()
    {
        var earlier = await platform.Public.SubmitReportAsync(Request(Guid.NewGuid().ToString("N")), Clerk);
        var year = earlier.ReceivedAt.ToDateTime().Year;

        // Every submission to the division waits on its tracking-number counter while this transaction holds it: the
        // admitted ones fill both instances' turns and queues, so the capacity is reached without racing the clock.
        await using var holder = new NpgsqlConnection(platform.IntakeDatabase);
        await holder.OpenAsync();
        var hold = await holder.BeginTransactionAsync();
        await holder.ExecuteAsync("select last_number from tracking_number_counters where division_code = @Division and year = @year for update",
            new { Division, year }, hold);

        var capacity = 2 * 2 * PlatformFixture.AdmittedSubmissions; // two instances, each with as many queued as working
        var keys = Enumerable.Range(0, capacity + 4).Select(_ => Guid.NewGuid().ToString("N")).ToList();
        var calls = keys.Select(key => (Key: key, Call: Submit(key))).ToList();

        var first = await Task.WhenAny(calls.Select(c => c.Call)).WaitAsync(TimeSpan.FromMinutes(2));
        var refusal = await Assert.ThrowsAsync<RpcException>(() => first);
        Assert.Equal(StatusCode.ResourceExhausted, refusal.StatusCode);
        Assert.True(int.TryParse(refusal.Trailers.GetValue("retry-after"), out var retryAfter) && retryAfter >= 1,
            "a refusal carries retry-after in whole seconds");
        Assert.Contains("idempotency key", refusal.Status.Detail);

        // Writes are full, reads are not: the reporter of the earlier report still follows it.
        var status = await platform.Public.GetReportStatusAsync(new GetReportStatusRequest { ReceiptCode = earlier.ReceiptCode },
            PlatformFixture.PublicCaller());
        Assert.Equal(earlier.TrackingNumber, status.TrackingNumber);

        await hold.RollbackAsync();
        var refusedKeys = new List<string>();
        var accepted = new List<string>();
        foreach (var (key, call) in calls)
        {
            try
            {
                accepted.Add((await call.WaitAsync(TimeSpan.FromMinutes(2))).ReportId);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
            {
                refusedKeys.Add(key);
            }
        }
        Assert.NotEmpty(refusedKeys);
        Assert.NotEmpty(accepted);
        Assert.Equal(accepted.Count, accepted.Distinct().Count());

        // A refused submission stored nothing; retried with its key once the instance has room, it is accepted once.
        foreach (var key in refusedKeys)
        {
            Assert.Equal(0, await ReportsWithKeyAsync(key));
            var retried = await platform.Public.SubmitReportAsync(Request(key), Clerk);
            Assert.DoesNotContain(retried.ReportId, accepted);
            Assert.Equal(1, await ReportsWithKeyAsync(key));
        }
    }

    private Task<SubmitReportResponse> Submit(string key) =>
        platform.Public.SubmitReportAsync(Request(key), Clerk, DateTime.UtcNow.AddMinutes(3)).ResponseAsync;

    private static SubmitReportRequest Request(string key)
    {
        var request = Reports.Anonymous(Channel.Hotline, Division);
        request.Subjects.Clear();
        request.Subjects.Add(new Subject { CadreId = Cadre });
        request.IdempotencyKey = key;
        return request;
    }

    private async Task<long> ReportsWithKeyAsync(string key)
    {
        await using var connection = new NpgsqlConnection(platform.IntakeDatabase);
        return await connection.ExecuteScalarAsync<long>("select count(*) from reports where idempotency_key_hash = @hash",
            new { hash = SHA256.HashData(Encoding.UTF8.GetBytes(key)) });
    }
}
