using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Parley.Signaling.Tests;

/// <summary><c>Signaling:RoomCapacity</c>: four people by default, two to eight accepted.</summary>
public sealed class RoomCapacityOptionsTests
{
    [Fact]
    public void RoomCapacity_DefaultsToFour()
    {
        Assert.Equal(4, Options(null).RoomCapacity);
    }

    [Theory]
    [InlineData("2")]
    [InlineData("8")]
    public void RoomCapacity_FromTwoToEight_IsAccepted(string capacity)
    {
        Assert.Equal(int.Parse(capacity, System.Globalization.CultureInfo.InvariantCulture), Options(capacity).RoomCapacity);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("9")]
    [InlineData("16")]
    public void RoomCapacity_OutsideTwoToEight_IsRejectedNamingTheSetting(string capacity)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Options(capacity));

        Assert.Contains("RoomCapacity", error.Message, StringComparison.Ordinal);
        Assert.Contains("between 2 and 8", error.Message, StringComparison.Ordinal);
    }

    private static SignalingOptions Options(string? capacity)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(capacity is null ? [] : [KeyValuePair.Create("Signaling:RoomCapacity", (string?)capacity)])
            .Build();
        using var services = new ServiceCollection().AddParleySignaling(configuration).BuildServiceProvider();
        return services.GetRequiredService<IOptions<SignalingOptions>>().Value;
    }
}
