using Microsoft.Extensions.Options;

namespace Parley.Server.Tests;

/// <summary>The <c>Connections</c> settings are checked when the host is built, each bad value named.</summary>
public sealed class ConnectionLimitsOptionsTests
{
    [Theory]
    [InlineData("TlsHandshakeTimeout", "00:00:00")]
    [InlineData("FirstBytesTimeout", "01:00:00")]
    [InlineData("RequestHeadersTimeout", "00:00:00")]
    [InlineData("MaxPerAddress", "0")]
    [InlineData("MaxIdlePerAddress", "-1")]
    [InlineData("DescriptorLimit", "0")]
    [InlineData("ReservedDescriptors", "100000")]
    public void ABadConnectionsSetting_StopsStart_NamingIt(string key, string value)
    {
        var error = Assert.Throws<OptionsValidationException>(() => ParleyApplication.Create(
            ["--urls", "http://127.0.0.1:0", $"--Connections:{key}", value, "--Logging:LogLevel:Default", "None"]));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }
}
