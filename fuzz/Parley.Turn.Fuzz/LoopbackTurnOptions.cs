namespace Parley.Turn.Fuzz;

/// <summary>
/// The options of a TURN server that stays on this machine: it listens on 127.0.0.1 (ephemeral ports), relays from
/// 127.0.0.1 and to 127.0.0.1 peers only, with one static user. The router target and the TURN tests'
/// server fixture (test/Parley.Turn.Tests, which references this project) both start from here.
/// </summary>
public static class LoopbackTurnOptions
{
    public static TurnServerOptions Create(string user, string password) => new()
    {
        ListenAddresses = ["127.0.0.1"],
        UdpPort = 0,
        TcpPort = 0,
        RelayAddress = "127.0.0.1",
        RelayPortMin = 0,
        RelayPortMax = 0,
        StaticUsers = { [user] = password },
        AllowedPeerAddresses = ["127.0.0.1"],
    };
}
