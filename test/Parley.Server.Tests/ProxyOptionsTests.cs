using Microsoft.Extensions.Options;

namespace Parley.Server.Tests;

/// <summary>The <c>Proxy</c> settings are checked when the host is built, each bad entry named.</summary>
public sealed class ProxyOptionsTests
{
    [Theory]
    [InlineData("proxy.example.org")]
    [InlineData("10.0.0.1/8")]
    [InlineData("10.0.0.0/33")]
    public void ATrustedNetworkThatIsNoAddressOrRange_StopsStart_NamingIt(string entry)
    {
        var error = Assert.Throws<OptionsValidationException>(() => ParleyApplication.Create(
            ["--urls", "http://127.0.0.1:0", "--Proxy:TrustedNetworks:0", entry, "--Logging:LogLevel:Default", "None"]));

        Assert.Contains($"Proxy:TrustedNetworks:0 '{entry}'", error.Message, StringComparison.Ordinal);
    }
}
