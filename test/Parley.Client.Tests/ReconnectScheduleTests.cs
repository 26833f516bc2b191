namespace Parley.Client.Tests;

/// <summary>The web app's schedule (src/Parley.Web/src/core/reconnectSchedule.ts), attempt by attempt.</summary>
public sealed class ReconnectScheduleTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 3)]
    [InlineData(4, 3)]
    [InlineData(40, 3)]
    public void TheNextAttempt_ComesAtOnceThenAfterOneTwoAndThreeSeconds_ThenEveryThree(int previousAttempts, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), ReconnectSchedule.NextDelay(previousAttempts, TimeSpan.FromSeconds(10)));

    [Fact]
    public void After120Seconds_TheClientGivesUp()
    {
        Assert.NotNull(ReconnectSchedule.NextDelay(10, TimeSpan.FromSeconds(119.9)));
        Assert.Null(ReconnectSchedule.NextDelay(10, TimeSpan.FromSeconds(120)));
        Assert.Equal(TimeSpan.FromSeconds(120), ReconnectSchedule.GiveUpAfter);
    }
}
