using Microsoft.Extensions.Options;
using Supervision.Intake.Domain;

namespace Supervision.Intake.Tests;

public sealed class SubmissionAdmissionTests
{
    private static SubmissionAdmission Admission(int working, int queued, TimeSpan queueTimeout) => new(Options.Create(new IntakeOptions
    {
        Admission = new AdmissionOptions { MaxConcurrentSubmissions = working, MaxQueuedSubmissions = queued, QueueTimeout = queueTimeout },
    }));

    [Fact]
    public async Task Should_refuse_at_once_when_every_turn_and_every_queue_place_is_taken()
    {
        using var admission = Admission(working: 1, queued: 1, TimeSpan.FromMinutes(5));
        using var first = await admission.EnterAsync(CancellationToken.None);
        Assert.NotNull(first);
        var waiting = admission.EnterAsync(CancellationToken.None).AsTask();
        Assert.False(waiting.IsCompleted);

        // The queue is full: refused without waiting for the queue timeout.
        var refused = admission.EnterAsync(CancellationToken.None).AsTask();
        Assert.True(refused.IsCompleted);
        Assert.Null(await refused);

        // The turn passes to the one that waited.
        first!.Dispose();
        using var second = await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.NotNull(second);
    }

    [Fact]
    public async Task Should_refuse_a_submission_that_waited_past_the_queue_timeout_and_free_its_place()
    {
        using var admission = Admission(working: 1, queued: 1, TimeSpan.FromMilliseconds(50));
        using var first = await admission.EnterAsync(CancellationToken.None);

        for (var i = 0; i < 2; i++)
        {
            // Each waits out the timeout in the queue place the one before freed, rather than being refused at once.
            var clock = System.Diagnostics.Stopwatch.StartNew();
            Assert.Null(await admission.EnterAsync(CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(40), $"refused after {clock.Elapsed.TotalMilliseconds} ms");
        }
    }

    [Fact]
    public async Task Should_give_every_submission_a_turn_below_the_limit()
    {
        using var admission = Admission(working: 3, queued: 0, TimeSpan.FromSeconds(1));
        var turns = new List<IDisposable?>();
        for (var i = 0; i < 3; i++)
        {
            turns.Add(await admission.EnterAsync(CancellationToken.None));
        }
        Assert.All(turns, Assert.NotNull);
        Assert.Null(await admission.EnterAsync(CancellationToken.None));
        turns[0]!.Dispose();
        Assert.NotNull(await admission.EnterAsync(CancellationToken.None));
    }
}
