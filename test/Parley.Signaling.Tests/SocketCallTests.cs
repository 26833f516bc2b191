using System.Text;
using Parley.Signaling.Sockets;

namespace Parley.Signaling.Tests;

public sealed class SocketCallTests
{
    [Fact]
    public void AJoin_IsReadWithItsIdAndArguments()
    {
        var call = Read("""{"id":7,"call":"Join","args":["room-1","Alice"]}""");

        Assert.Null(call.Problem);
        Assert.Equal((7, "Join", "room-1", "Alice"), (call.Id, call.Call, call.Arg0, call.Arg1));
    }

    [Fact]
    public void ARelay_NeedsNoId_AndTakesANullTarget()
    {
        var call = Read("""{"call":"Relay","args":["{\"sdp\":\"v=0\"}",null]}""");

        Assert.Null(call.Problem);
        Assert.Equal((null, "Relay", "{\"sdp\":\"v=0\"}", null), (call.Id, call.Call, call.Arg0, call.Arg1));
    }

    [Fact]
    public void PropertiesInAnyOrder_AreRead()
    {
        var call = Read("""{"args":[],"call":"Leave","id":2147483647}""");

        Assert.Null(call.Problem);
        Assert.Equal((int.MaxValue, "Leave"), (call.Id, call.Call));
    }

    [Theory]
    [InlineData("not json", null, "not valid JSON")]
    [InlineData("[1,2]", null, "one JSON object")]
    [InlineData("""{"id":1,"call":"Join","args":["a","b"]} {}""", 1, "not valid JSON")]
    [InlineData("""{"id":0,"call":"Leave","args":[]}""", null, "\"id\" is one integer")]
    [InlineData("""{"id":1.5,"call":"Leave","args":[]}""", null, "\"id\" is one integer")]
    [InlineData("""{"id":"1","call":"Leave","args":[]}""", null, "\"id\" is one integer")]
    [InlineData("""{"id":1,"id":2,"call":"Leave","args":[]}""", null, "\"id\" is one integer")]
    [InlineData("""{"id":3,"call":"Explode","args":[]}""", 3, "\"call\" names one of")]
    [InlineData("""{"id":3,"call":"join","args":["a","b"]}""", 3, "\"call\" names one of")]
    [InlineData("""{"id":4,"call":"Join","args":["a"]}""", 4, "Join takes 2 arguments")]
    [InlineData("""{"id":4,"call":"Join"}""", 4, "Join takes 2 arguments")]
    [InlineData("""{"id":5,"call":"Join","args":["a",5]}""", 5, "\"args\" is one array")]
    [InlineData("""{"id":5,"call":"Join","args":["a",["b"]]}""", 5, "\"args\" is one array")]
    [InlineData("""{"id":5,"call":"Rejoin","args":["a","b","c","d"]}""", 5, "\"args\" is one array")]
    [InlineData("""{"id":6,"call":"Leave","args":[],"extra":1}""", 6, "only \"id\", \"call\" and \"args\"")]
    [InlineData("""{"call":"Join","args":["a","b"]}""", null, "Join needs an \"id\"")]
    [InlineData("""{"id":8,"args":[]}""", 8, "needs \"call\"")]
    public void AMessageThatIsNoCall_SaysWhatIsWrong_AndKeepsAReadableId(string message, int? id, string problem)
    {
        var call = Read(message);

        Assert.True(call.Problem is not null, $"'{message}' was accepted as a call");
        Assert.Contains(problem, call.Problem, StringComparison.Ordinal);
        Assert.Equal(id, call.Id);
    }

    [Fact]
    public void DeeplyNestedJson_IsRefused_WithoutThrowing()
    {
        var call = Read("""{"id":1,"call":"Join","args":[""" + new string('[', 100) + new string(']', 100) + "]}");

        Assert.NotNull(call.Problem);
    }

    private static SocketCall Read(string message) => SocketCall.Read(Encoding.UTF8.GetBytes(message));
}
