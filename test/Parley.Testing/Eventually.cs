using System.Diagnostics;

namespace Parley.Testing;

/// <summary>Waits for a condition with a deadline, for what a server does after it has answered (a disconnect, a timer, a retry).</summary>
public static class Eventually
{
    /// <summary>How long a condition is waited for unless a test says otherwise.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    /// <summary>Waits until <paramref name="condition"/> holds; fails naming <paramref name="what"/> after the timeout.</summary>
    public static Task HoldsAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        HoldsAsync(() => Task.FromResult(condition()), () => what, timeout);

    /// <summary>Waits until <paramref name="condition"/> holds; fails with <paramref name="failure"/>'s text after the timeout.</summary>
    public static Task HoldsAsync(Func<bool> condition, Func<string> failure, TimeSpan? timeout = null) =>
        HoldsAsync(() => Task.FromResult(condition()), failure, timeout);

    /// <summary>Waits until <paramref name="condition"/> holds; fails naming <paramref name="what"/> after the timeout.</summary>
    public static Task HoldsAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null) =>
        HoldsAsync(condition, () => what, timeout);

    /// <summary>Waits until <paramref name="condition"/> holds; fails with <paramref name="failure"/>'s text after the timeout.</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, Func<string> failure, TimeSpan? timeout = null)
    {
        var limit = timeout ?? Timeout;
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            if (waited.Elapsed >= limit)
            {
                Assert.Fail($"{failure()}: not within {limit.TotalSeconds} s");
            }

            await Task.Delay(Poll);
        }
    }

    /// <summary>Calls <paramref name="call"/> until it no longer throws what <paramref name="retry"/> accepts, within the timeout.</summary>
    public static async Task<T> SucceedsAsync<T>(Func<Task<T>> call, Func<Exception, bool> retry, TimeSpan? timeout = null)
    {
        var limit = timeout ?? Timeout;
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception e) when (retry(e) && waited.Elapsed < limit)
            {
                await Task.Delay(Poll);
            }
        }
    }
}
