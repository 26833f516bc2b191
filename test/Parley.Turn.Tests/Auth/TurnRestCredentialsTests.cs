using Microsoft.Extensions.Time.Testing;
using Parley.Turn.Auth;

namespace Parley.Turn.Tests.Auth;

public class TurnRestCredentialsTests
{
    [Fact]
    public void ComputePassword_MatchesCoturnUseAuthSecret()
    {
        // base64(HMAC-SHA1("north.gov-secret", "1700000000:bob")), computed independently (Python hmac).
        Assert.Equal("4D2rhMLni1rzyljmu0dk5wDrJMI=", TurnRestCredentials.ComputePassword("north.gov-secret", "1700000000:bob"));
    }

    [Fact]
    public void Create_PutsExpiryFirst_AndPasswordIsHmacOfUsername()
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));

        TurnRestCredential credential = TurnRestCredentials.Create("north.gov-secret", "bob", TimeSpan.FromHours(1), time);

        Assert.Equal("1700003600:bob", credential.Username);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_700_003_600), credential.ExpiresAt);
        Assert.Equal(TurnRestCredentials.ComputePassword("north.gov-secret", "1700003600:bob"), credential.Credential);
    }

    [Theory]
    [InlineData("1700000000:bob", true)]
    [InlineData("1700000000", true)]
    [InlineData("bob:1700000000", false)]
    [InlineData("", false)]
    [InlineData("-5:bob", false)]
    public void TryGetExpiry_ReadsLeadingTimestamp(string username, bool valid)
    {
        Assert.Equal(valid, TurnRestCredentials.TryGetExpiry(username, out DateTimeOffset expiry));
        if (valid)
        {
            Assert.Equal(1_700_000_000, expiry.ToUnixTimeSeconds());
        }
    }

    [Fact]
    public void Create_RejectsSeparatorInUserId()
    {
        Assert.Throws<ArgumentException>(() => TurnRestCredentials.Create("secret", "a:b", TimeSpan.FromHours(1)));
    }
}
