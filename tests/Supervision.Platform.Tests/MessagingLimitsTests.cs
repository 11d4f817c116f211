using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Supervision.ServiceDefaults.Messaging;

namespace Supervision.Platform.Tests;

public sealed class MessagingLimitsTests
{
    private static MessagingOptions Bound(params (string Key, string Value)[] settings)
    {
        var options = new MessagingOptions();
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>("Messaging:" + s.Key, s.Value)))
            .Build().GetSection("Messaging").Bind(options);
        return options;
    }

    [Fact]
    public void Should_give_a_queue_its_own_limits_and_the_others_the_service_s()
    {
        var options = Bound(("PrefetchCount", "6"), ("ConcurrentMessageLimit", "3"),
            ("Queues:routing-report-received:PrefetchCount", "16"), ("Queues:routing-report-received:ConcurrentMessageLimit", "8"),
            ("Queues:routing-report-supplemented:ConcurrentMessageLimit", "2"));

        Assert.Equal((16, 8), Limits(options.For("routing-report-received")));
        Assert.Equal((6, 2), Limits(options.For("routing-report-supplemented")));
        Assert.Equal((6, 3), Limits(options.For("routing-election-period-set")));
    }

    [Fact]
    public void Should_prefetch_at_least_what_a_queue_handles_at_once()
    {
        var options = Bound(("PrefetchCount", "2"), ("Queues:q:ConcurrentMessageLimit", "10"));

        Assert.Equal((10, 10), Limits(options.For("q")));
    }

    [Theory]
    [InlineData("PrefetchCount", "0")]
    [InlineData("ConcurrentMessageLimit", "0")]
    [InlineData("MaxConcurrentHandlers", "0")]
    [InlineData("Queues:q:ConcurrentMessageLimit", "-1")]
    public void Should_refuse_a_limit_below_one(string key, string value)
    {
        Assert.True(new MessagingOptions().Valid);
        Assert.False(Bound((key, value)).Valid);
    }

    [Fact]
    public async Task Should_let_no_more_handlers_work_at_once_than_the_instance_allows()
    {
        var turns = new HandlerTurns(Options.Create(new MessagingOptions { MaxConcurrentHandlers = 2 }));
        var first = await turns.TakeAsync(CancellationToken.None);
        var second = await turns.TakeAsync(CancellationToken.None);

        var third = turns.TakeAsync(CancellationToken.None);
        await Task.Delay(100, TestContext.Current.CancellationToken);
        Assert.False(third.IsCompleted);

        first.Dispose();
        first.Dispose(); // a turn given back twice frees one place only
        using var got = await third.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        var fourth = turns.TakeAsync(CancellationToken.None);
        await Task.Delay(100, TestContext.Current.CancellationToken);
        Assert.False(fourth.IsCompleted);
        second.Dispose();
        (await fourth.WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken)).Dispose();
    }

    private static (int Prefetch, int Concurrency) Limits(QueueLimits limits) => (limits.PrefetchCount!.Value, limits.ConcurrentMessageLimit!.Value);
}
