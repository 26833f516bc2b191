namespace Parley.Turn.Tests.TestUtils;

/// <summary>Waits for something the test cannot be told about (a closed connection's cleanup, an expiry timer), with a deadline.</summary>
internal static class Condition
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>Returns once <paramref name="condition"/> holds; fails with <paramref name="failure"/> when it still does not after the default timeout.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, Func<string> failure)
    {
        DateTime deadline = DateTime.UtcNow + TaskTimeoutExtensions.Timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure());
            await Task.Delay(PollInterval);
        }
    }
}
