using Parley.Turn.Stun;
using Parley.Turn.Tests.TestUtils;

namespace Parley.Turn.Tests.Server;

public class BindingTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Binding_WithoutCredentials_ReturnsXorMappedAddress(bool tcp)
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync();
        await using TurnTestClient client = await fixture.ConnectAsync(tcp);

        StunTestMessage response = await client.RequestAsync(TurnTestClient.Build(StunMethod.Binding, StunClass.Request));

        Assert.Equal(new StunMessageType(StunMethod.Binding, StunClass.SuccessResponse), response.Type);
        Assert.Equal(client.LocalEndPoint, response.GetXorAddress(StunAttributeType.XorMappedAddress));
        Assert.False(response.Has(StunAttributeType.Software));
    }

    [Fact]
    public async Task Binding_WithFingerprint_ResponseCarriesValidFingerprintAndSoftwareWhenConfigured()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync(o => o.Software = "Parley test");
        await using TurnTestClient client = await fixture.ConnectAsync();

        StunTestMessage response = await client.RequestAsync(TurnTestClient.Build(StunMethod.Binding, StunClass.Request, b => b.AppendFingerprint()));

        Assert.True(StunMessageReader.TryParse(response.Raw, out StunMessageReader reader, out _));
        Assert.True(reader.VerifyFingerprint());
        Assert.Equal("Parley test", response.GetString(StunAttributeType.Software));
    }

    [Fact]
    public async Task Binding_WithUnknownComprehensionRequiredAttribute_Returns420WithUnknownAttributes()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync();
        await using TurnTestClient client = await fixture.ConnectAsync();

        StunTestMessage response = await client.RequestAsync(TurnTestClient.Build(StunMethod.Binding, StunClass.Request, b =>
        {
            b.Append((StunAttributeType)0x7ABC, [1, 2, 3, 4]);
            b.Append((StunAttributeType)0xC0DE, [1, 2, 3, 4]); // comprehension-optional: ignored
        }));

        Assert.Equal(420, response.ErrorCode);
        Assert.Equal(new byte[] { 0x7A, 0xBC }, response.Get(StunAttributeType.UnknownAttributes));
    }

    [Fact]
    public async Task UnknownMethod_Returns400()
    {
        await using TurnServerFixture fixture = await TurnServerFixture.StartAsync();
        await using TurnTestClient client = await fixture.ConnectAsync();

        StunTestMessage response = await client.RequestAsync(TurnTestClient.Build((StunMethod)0x0FF, StunClass.Request));

        Assert.Equal(StunClass.ErrorResponse, response.Type.Class);
        Assert.Equal(400, response.ErrorCode);
    }
}
