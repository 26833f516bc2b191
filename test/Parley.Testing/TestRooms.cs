namespace Parley.Testing;

public static class TestRooms
{
    /// <summary>A fresh room per test, so tests sharing one server never meet.</summary>
    public static string Unique() => "room-" + Guid.NewGuid().ToString("N");
}
