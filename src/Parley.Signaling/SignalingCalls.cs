namespace Parley.Signaling;

/// <summary>The names of the signaling calls, the same on the hub and on the socket.</summary>
public static class SignalingCalls
{
    public const string Unlock = "Unlock";
    public const string Join = "Join";
    public const string Rejoin = "Rejoin";
    public const string Resume = "Resume";
    public const string Data = "Data";
    public const string Relay = "Relay";
    public const string Leave = "Leave";

    internal static bool IsJoin(string call) => call is Join or Rejoin or Resume;

    internal static bool IsRateLimited(string call) => IsJoin(call) || call is Data or Relay;
}
