using Parley.Turn.Stun;

namespace Parley.Turn.Allocations;

/// <summary>
/// Exceptions to the peer filter, each for exactly one user name and one peer address and port, held only while
/// the server's self-test runs (<see cref="TurnSelfTest"/>). The user name is minted by the server with its own
/// secret, so no client can claim an exemption, and nothing else the filter denies becomes reachable.
/// </summary>
internal sealed class PeerExemptions
{
    private readonly Lock _gate = new();
    private readonly List<(string Username, TransportAddress Peer)> _exemptions = [];

    /// <summary>Allows <paramref name="username"/> to reach <paramref name="peer"/> until the result is disposed.</summary>
    public IDisposable Add(string username, TransportAddress peer)
    {
        lock (_gate)
        {
            _exemptions.Add((username, peer));
        }

        return new Removal(this, username, peer);
    }

    public bool Covers(string username, TransportAddress peer)
    {
        lock (_gate)
        {
            foreach ((string user, TransportAddress exempt) in _exemptions)
            {
                if (user == username && exempt == peer)
                {
                    return true;
                }
            }

            return false;
        }
    }

    private void Remove(string username, TransportAddress peer)
    {
        lock (_gate)
        {
            _exemptions.Remove((username, peer));
        }
    }

    private sealed class Removal(PeerExemptions owner, string username, TransportAddress peer) : IDisposable
    {
        public void Dispose() => owner.Remove(username, peer);
    }
}
