namespace Supervision.IntegrationTests.Infrastructure;

/// <summary>Polling for what other services do in their own time (events, timers), with one timeout instead of sleeps.</summary>
public static class Eventually
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>Reads until the value satisfies <paramref name="reached"/>; fails with the last value read when time is up.</summary>
    public static async Task<T> ReachedAsync<T>(Func<Task<T>> read, Func<T, bool> reached, string what, TimeSpan? timeout = null)
    {
        var patience = timeout ?? Patience;
        var deadline = DateTime.UtcNow + patience;
        while (true)
        {
            var value = await read();
            if (reached(value))
            {
                return value;
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"{what}: not reached within {patience}; last read: {value}");
            }
            await Task.Delay(200);
        }
    }
}
