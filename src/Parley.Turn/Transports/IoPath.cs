using Parley.Turn.Native;

namespace Parley.Turn.Transports;

/// <summary>Which socket calls serve the UDP listeners, the relay sockets and plain TCP clients.</summary>
internal enum IoPath
{
    /// <summary>
    /// The batched Linux calls where <see cref="LinuxSocketCalls.IsSupported"/> (several listener sockets on one port,
    /// <c>recvmmsg</c>, <c>sendmmsg</c>, <see cref="RelayPoller"/> threads), else <see cref="Portable"/>.
    /// </summary>
    Batched,

    /// <summary>
    /// .NET's socket calls alone: one listener socket with a blocking receive per datagram, an async loop per relay socket
    /// and per TCP client. What runs where the batched calls cannot; tests choose it to prove it on Linux too.
    /// </summary>
    Portable,
}
