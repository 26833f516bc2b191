using Parley.Signaling.Contracts;

namespace Parley.Signaling.Tests;

public sealed class SignalingInputTests
{
    // Built in code: theory data would pass through serialization that repairs lone surrogates.
    [Fact]
    public void UsernameWithAnUnpairedSurrogate_IsRefused()
    {
        foreach (var username in new[] { "lone " + '\uD800' + " high", "lone " + '\uDC00' + " low", "swapped " + '\uDC00' + '\uD800' })
        {
            Assert.False(SignalingInput.TryNormalizeUsername(username, out _), $"'{username}' was accepted");
        }
    }

    [Theory]
    [InlineData("private \uE000 use")]
    [InlineData("zero\u200Bwidth")]
    public void UsernameWithUnprintableText_IsRefused(string username) =>
        Assert.False(SignalingInput.TryNormalizeUsername(username, out _), $"'{username}' was accepted");

    [Theory]
    [InlineData("Zoë", "Zoë")]
    [InlineData("  Ana María ", "Ana María")]
    [InlineData("\U0001F600 smiles", "\U0001F600 smiles")]
    public void PrintableUsername_IsAcceptedTrimmed(string username, string expected)
    {
        Assert.True(SignalingInput.TryNormalizeUsername(username, out var normalized), $"'{username}' was refused");
        Assert.Equal(expected, normalized);
    }

    [Fact]
    public void PayloadOfMultiByteCharacters_IsMeasuredInUtf8Bytes()
    {
        var fits = new string('\u20AC', SignalingLimits.MaxPayloadBytes / 3);
        var overflows = fits + "\u20AC";

        Assert.Null(SignalingInput.CheckPayload(fits));
        Assert.Equal(SignalingErrors.PayloadTooLarge, SignalingInput.CheckPayload(overflows));
    }
}
