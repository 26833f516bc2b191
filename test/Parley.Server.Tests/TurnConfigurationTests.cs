using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Parley.Server.Turn;
using Parley.Turn;

namespace Parley.Server.Tests;

/// <summary>The TURN library names its own option properties; the host reports them as settings of its <c>Turn</c> section.</summary>
public class TurnConfigurationTests
{
    [Fact]
    public void InvalidTurnSetting_IsReportedAsASettingOfTheTurnSection()
    {
        IConfiguration configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Turn:RelayPortMin"] = "70000" })
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddEmbeddedTurn(configuration);
        using ServiceProvider provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<TurnServerOptions>>().Value);

        string failure = Assert.Single(error.Failures);
        Assert.StartsWith("Turn:RelayPortMin/RelayPortMax must be a range within 1024-65535", failure, StringComparison.Ordinal);
    }
}
