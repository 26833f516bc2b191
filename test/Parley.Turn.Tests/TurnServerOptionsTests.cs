using Parley.Turn.Tests.TestUtils;

namespace Parley.Turn.Tests;

public class TurnServerOptionsTests
{
    [Fact]
    public void Defaults_WithRelayAddress_AreValid()
    {
        var options = new TurnServerOptions { RelayAddress = "203.0.113.7" };

        Assert.Empty(options.Validate());
        Assert.Equal(3478, options.UdpPort);
        Assert.Null(options.Software);
    }

    [Fact]
    public void Defaults_CapBandwidthPerAllocation_AndAllocationsPerGrantAndPerAddress()
    {
        var options = new TurnServerOptions();

        Assert.Equal(1_250_000, options.MaxAllocationBandwidth);
        Assert.Equal(48, options.MaxAllocationsPerUser);
        Assert.Equal(144, options.MaxAllocationsPerClientAddress);
    }

    [Fact]
    public void Validate_NoAllocationsPerClientAddress_NamesTheSetting()
    {
        var options = new TurnServerOptions { RelayAddress = "203.0.113.7", MaxAllocationsPerClientAddress = 0 };

        string error = Assert.Single(options.Validate());
        Assert.Contains("MaxAllocationsPerClientAddress", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_WithoutRelayAddress_NameTheMissingSetting()
    {
        string error = Assert.Single(new TurnServerOptions().Validate());
        Assert.Contains("RelayAddress", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ListsEveryProblem()
    {
        var options = new TurnServerOptions
        {
            RelayAddress = "not an address",
            UdpPort = 70000,
            RelayPortMin = 60000,
            RelayPortMax = 50000,
            Realm = "",
            MaxAllocations = 0,
            MaxTcpConnectionsPerAddress = 0,
            MaxIdleTcpConnectionsPerAddress = 0,
            TcpAllocationTimeout = TimeSpan.Zero,
            AllowedPeerAddresses = ["10.0.0.0/33"],
        };

        IReadOnlyList<string> errors = options.Validate();

        Assert.Contains(errors, e => e.Contains("RelayAddress", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("UdpPort", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("RelayPortMin", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Realm", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("MaxAllocations", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("MaxTcpConnectionsPerAddress", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("MaxIdleTcpConnectionsPerAddress", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("TcpAllocationTimeout", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("10.0.0.0/33", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_NamesItsOwnProperties_NotAHostsConfigurationSection()
    {
        var options = new TurnServerOptions
        {
            ListenAddresses = ["nowhere"],
            UdpPort = -1,
            RelayAddress = "0.0.0.0",
            RelayIPv6Address = "127.0.0.1",
            RelayPortMin = 1,
            NonceLifetime = TimeSpan.Zero,
            Realm = " ",
            SharedSecrets = [""],
            MaxTcpConnections = 0,
            UdpListenerThreads = -1,
            UdpReceiveBufferBytes = 0,
            RelayReceiveBufferBytes = 1,
            UnauthenticatedResponseBurst = 0,
            MaxAllocationBandwidth = -1,
            DeniedPeerAddresses = ["10/8"],
            Software = new string('x', 200),
        };
        string[] properties = [.. typeof(TurnServerOptions).GetProperties().Select(p => p.Name)];

        IReadOnlyList<string> errors = options.Validate();

        Assert.True(errors.Count >= 15, $"expected a problem per bad setting, got: {string.Join(" | ", errors)}");
        Assert.All(errors, e => Assert.True(properties.Any(p => e.StartsWith(p, StringComparison.Ordinal)), $"'{e}' does not start with the property it is about"));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(TurnServerOptions.MaxUdpListenerThreads + 1)]
    public void Validate_UdpListenerThreadsOutOfRange_NamesTheSetting(int threads)
    {
        var options = new TurnServerOptions { RelayAddress = "203.0.113.7", UdpListenerThreads = threads };

        string error = Assert.Single(options.Validate());
        Assert.Contains("UdpListenerThreads", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(TurnServerOptions.MaxUdpListenerThreads)]
    public void Validate_UdpListenerThreads_FromZeroToTheMaximum_AreValid(int threads)
    {
        var options = new TurnServerOptions { RelayAddress = "203.0.113.7", UdpListenerThreads = threads };

        Assert.Empty(options.Validate());
    }

    [Fact]
    public void Validate_UdpReceiveBufferBelow64KiB_NamesTheSetting()
    {
        var options = new TurnServerOptions { RelayAddress = "203.0.113.7", UdpReceiveBufferBytes = TurnServerOptions.MinUdpReceiveBufferBytes - 1 };

        string error = Assert.Single(options.Validate());
        Assert.Contains("UdpReceiveBufferBytes", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(TurnServerOptions.MinUdpReceiveBufferBytes - 1)]
    [InlineData(-1)]
    public void Validate_RelayReceiveBufferBelow64KiB_NamesTheSetting(int bytes)
    {
        var options = new TurnServerOptions { RelayAddress = "203.0.113.7", RelayReceiveBufferBytes = bytes };

        string error = Assert.Single(options.Validate());
        Assert.Contains("RelayReceiveBufferBytes", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_RelayReceiveBufferZero_KeepsTheSystemDefault_AndIsValid()
    {
        var options = new TurnServerOptions { RelayAddress = "203.0.113.7", RelayReceiveBufferBytes = 0 };

        Assert.Empty(options.Validate());
    }

    [Fact]
    public void Defaults_OneListenerThreadPerCore_FourMiBListenerBuffers_OneMiBRelayBuffers()
    {
        var options = new TurnServerOptions();

        Assert.Equal(0, options.UdpListenerThreads);
        Assert.Equal(Environment.ProcessorCount, options.ResolveUdpListenerThreads());
        Assert.Equal(4 * 1024 * 1024, options.UdpReceiveBufferBytes);
        Assert.Equal(1024 * 1024, options.RelayReceiveBufferBytes);
    }

    [Fact]
    public void TurnServer_WithInvalidOptions_ThrowsWithTheProblems()
    {
        var exception = Assert.Throws<ArgumentException>(() => new TurnServer(new TurnServerOptions { Realm = "" }));
        Assert.Contains("Realm", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TurnServer_StartedTwice_Throws_AndStopsCleanly()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.Server.StartAsync());
        await fixture.Server.StopAsync();
        await fixture.Server.StopAsync();
    }
}
