using Parley.Turn.Abuse;

namespace Parley.Turn.Tests.Abuse;

public class BandwidthLimiterTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void OneSecondsWorth_PassesAtOnce_ThenTheRateHolds()
    {
        var limiter = new BandwidthLimiter(1000);

        int passed = Enumerable.Range(0, 20).Count(_ => limiter.TryConsume(100, Start));

        Assert.Equal(10, passed);
        Assert.False(limiter.TryConsume(100, Start.AddMilliseconds(50)));
        Assert.True(limiter.TryConsume(100, Start.AddMilliseconds(100)));
    }

    [Fact]
    public void DatagramLargerThanASecondsBudget_PassesWhenTheBudgetIsFull_AndIsRepaidBeforeMore()
    {
        var limiter = new BandwidthLimiter(1000);

        Assert.True(limiter.TryConsume(1500, Start), "a datagram over the per-second cap should pass once when nothing was sent");
        Assert.False(limiter.TryConsume(10, Start.AddMilliseconds(400)));
        Assert.True(limiter.TryConsume(10, Start.AddMilliseconds(600)));
    }
}
