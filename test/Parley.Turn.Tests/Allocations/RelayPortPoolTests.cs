using System.Net;
using System.Net.Sockets;
using Parley.Turn.Allocations;

namespace Parley.Turn.Tests.Allocations;

public class RelayPortPoolTests
{
    // Below the ephemeral range (32768 up), where no test's socket lands by chance; a random base each run.
    private const int RangeSize = 1000;

    [Fact]
    public void NearlyFullRange_StillHandsOutItsLastFreePorts_AndOnlyThenRefuses()
    {
        var min = Random.Shared.Next(10_000, 30_000);
        var pool = new RelayPortPool(min, min + RangeSize - 1);
        var sockets = new List<Socket>();
        try
        {
            for (var i = 0; i < RangeSize; i++)
            {
                var socket = pool.TryBind(IPAddress.Loopback, evenPort: false);
                Assert.True(socket is not null, $"the pool refused port {i + 1} of {RangeSize} ({min}-{min + RangeSize - 1}) though {RangeSize - i} were free");
                sockets.Add(socket);
            }

            Assert.Equal(RangeSize, sockets.Select(s => ((IPEndPoint)s.LocalEndPoint!).Port).Distinct().Count());
            Assert.Null(pool.TryBind(IPAddress.Loopback, evenPort: false));

            var freed = (IPEndPoint)sockets[RangeSize / 2].LocalEndPoint!;
            sockets[RangeSize / 2].Dispose();
            pool.Release(AddressFamily.InterNetwork, freed.Port);
            using var again = pool.TryBind(IPAddress.Loopback, evenPort: false);
            Assert.Equal(freed.Port, ((IPEndPoint?)again?.LocalEndPoint)?.Port);
        }
        finally
        {
            sockets.ForEach(s => s.Dispose());
        }
    }

    [Fact]
    public void EvenPorts_AreHandedOutUntilEveryEvenPortOfTheRangeIsTaken()
    {
        var min = Random.Shared.Next(5_000, 15_000) * 2;
        var pool = new RelayPortPool(min, min + RangeSize - 1);
        var sockets = new List<Socket>();
        try
        {
            for (var i = 0; i < RangeSize / 2; i++)
            {
                var socket = pool.TryBind(IPAddress.Loopback, evenPort: true);
                Assert.True(socket is not null, $"the pool refused even port {i + 1} of {RangeSize / 2} ({min}-{min + RangeSize - 1})");
                Assert.Equal(0, ((IPEndPoint)socket.LocalEndPoint!).Port % 2);
                sockets.Add(socket);
            }

            Assert.Null(pool.TryBind(IPAddress.Loopback, evenPort: true));
            using var odd = pool.TryBind(IPAddress.Loopback, evenPort: false);
            Assert.NotNull(odd);
        }
        finally
        {
            sockets.ForEach(s => s.Dispose());
        }
    }
}
