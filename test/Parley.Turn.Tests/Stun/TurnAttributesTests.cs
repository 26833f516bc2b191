using System.Net;
using Parley.Turn.Stun;
using Parley.Turn.Stun.Attributes;
using Parley.Turn.Tests.TestUtils;

namespace Parley.Turn.Tests.Stun;

/// <summary>The TURN attributes of RFC 8656 §18 survive a write and a read.</summary>
public class TurnAttributesTests
{
    [Fact]
    public void TurnAttributes_RoundTrip()
    {
        var peer = TransportAddress.FromIPEndPoint(IPEndPoint.Parse("[2001:4860::8888]:3480"));
        var box = new StunMessageWriterBox(new byte[512], new StunMessageType(StunMethod.Allocate, StunClass.Request));
        box.Append(new LifetimeAttribute(1234));
        box.Append(new RequestedTransportAttribute(RequestedTransportAttribute.Udp));
        box.Append(new ChannelNumberAttribute(0x4ABC));
        box.Append(new EvenPortAttribute(true));
        box.Append(new ReservationTokenAttribute(0x0102030405060708));
        box.Append(new DontFragmentAttribute());
        box.Append(new RequestedAddressFamilyAttribute(XorAddressCodec.FamilyIPv6));
        box.Append(new XorPeerAddressAttribute(peer));
        box.Append(new ErrorCodeAttribute(StunErrorCode.AllocationQuotaReached));

        Assert.True(StunMessageReader.TryParse(box.ToArray(), out StunMessageReader reader, out _));
        Assert.True(reader.TryGet(out LifetimeAttribute lifetime) && lifetime.Seconds == 1234);
        Assert.True(reader.TryGet(out RequestedTransportAttribute transport) && transport.Protocol == 17);
        Assert.True(reader.TryGet(out ChannelNumberAttribute channel) && channel.Number == 0x4ABC && channel.IsInRange(ChannelData.MaximumChannel));
        Assert.True(reader.TryGet(out EvenPortAttribute evenPort) && evenPort.ReserveNextPort);
        Assert.True(reader.TryGet(out ReservationTokenAttribute token) && token.Token == 0x0102030405060708);
        Assert.True(reader.TryGet(out DontFragmentAttribute _));
        Assert.True(reader.TryGet(out RequestedAddressFamilyAttribute family) && family.Family == XorAddressCodec.FamilyIPv6);
        Assert.True(reader.TryGet(out XorPeerAddressAttribute peerAddress) && peerAddress.Address == peer);
        Assert.True(reader.TryGet(out ErrorCodeAttribute error));
        Assert.Equal(StunErrorCode.AllocationQuotaReached, error.Code);
        Assert.Equal("Allocation Quota Reached", error.Reason);
    }

    [Fact]
    public void ChannelData_ParsesPaddedFrames_AndRejectsReservedNumbersAndOverruns()
    {
        Assert.True(ChannelData.TryRead([0x40, 0x01, 0x00, 0x02, 7, 8, 0, 0], ChannelData.MaximumChannel, out ChannelData padded));
        Assert.Equal(new byte[] { 7, 8 }, padded.Payload.ToArray());
        Assert.False(ChannelData.TryRead([0x50, 0x00, 0x00, 0x00], ChannelData.MaximumChannel, out _));
        Assert.False(ChannelData.TryRead([0x40, 0x00, 0x00, 0x05, 1, 2], ChannelData.MaximumChannel, out _));
        Assert.Equal(12, ChannelData.GetFramedLength(5, stream: true));
        Assert.Equal(9, ChannelData.GetFramedLength(5, stream: false));
    }
}
