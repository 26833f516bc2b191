using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Parley.Server.Tests.TestUtils;

/// <summary>
/// Loses every ICE candidate on one page's signaling socket, both ways, inside `Relay` calls and `Data` events and
/// inside the descriptions' SDP, until <paramref name="until"/> goes by: an ICE restart (a description whose ICE
/// username fragment its sender has not used before), or a new peer connection (one whose DTLS fingerprint is new).
/// Until then neither side learns an address of the other, so ICE alone never leaves `new`, as when Chromium's
/// gathering stalls.
/// </summary>
public sealed partial class CandidateLoss(CandidateLoss.Until until = CandidateLoss.Until.IceRestart)
{
    /// <summary>What ends the loss.</summary>
    public enum Until
    {
        IceRestart,
        NewConnection,
    }

    private readonly Lock _gate = new();
    private readonly Dictionary<string, string> _firstMarkBySender = [];
    private int _dropped;
    private bool _restarted;

    /// <summary>How many candidates were lost.</summary>
    public int Dropped
    {
        get
        {
            lock (_gate)
            {
                return _dropped;
            }
        }
    }

    /// <summary>Whether what ends the loss went by.</summary>
    public bool Ended
    {
        get
        {
            lock (_gate)
            {
                return _restarted;
            }
        }
    }

    /// <summary>Puts the loss between <paramref name="page"/> and the server's signaling socket.</summary>
    public Task InstallAsync(IPage page) => page.RouteWebSocketAsync(SignalingPath(), ws =>
    {
        var server = ws.ConnectToServer();
        ws.OnMessage(frame => Forward(frame, "page", server.Send));
        server.OnMessage(frame => Forward(frame, "server", ws.Send));
    });

    private void Forward(IWebSocketFrame frame, string sender, Action<string> send)
    {
        // Signaling is text frames only (a binary frame would close the socket anyway).
        var text = frame.Text ?? string.Empty;
        var message = JsonNode.Parse(text);
        var (payload, replace) = PayloadOf(message);
        if (payload is null || replace is null || JsonNode.Parse(payload) is not JsonObject signal)
        {
            send(text);
            return;
        }

        lock (_gate)
        {
            if (signal["description"]?["sdp"]?.GetValue<string>() is { } sdp)
            {
                NoteDescription(sender, sdp);
                if (!_restarted)
                {
                    signal["description"]!["sdp"] = CandidateLine().Replace(sdp, string.Empty);
                    replace(signal.ToJsonString());
                }
            }
            else if (!_restarted && signal["candidate"] is JsonObject)
            {
                _dropped++;
                return;
            }
        }

        send(message!.ToJsonString());
    }

    private void NoteDescription(string sender, string sdp)
    {
        var mark = (until == Until.IceRestart ? UfragLine() : FingerprintLine()).Match(sdp);
        if (!mark.Success)
        {
            return;
        }

        if (!_firstMarkBySender.TryGetValue(sender, out var first))
        {
            _firstMarkBySender[sender] = mark.Groups[1].Value;
        }
        else if (first != mark.Groups[1].Value)
        {
            _restarted = true;
        }
    }

    /// <summary>The payload of a `Relay` call (its first argument) or of a `Data` event (`arg.payload`).</summary>
    private static (string? Payload, Action<string>? Replace) PayloadOf(JsonNode? message) => message switch
    {
        JsonObject call when call["call"]?.GetValue<string>() == "Relay" && call["args"] is JsonArray args =>
            (args[0]?.GetValue<string>(), value => args[0] = value),
        JsonObject ev when ev["event"]?.GetValue<string>() == "Data" && ev["arg"] is JsonObject arg =>
            (arg["payload"]?.GetValue<string>(), value => arg["payload"] = value),
        _ => (null, null),
    };

    [GeneratedRegex("/ws/signaling$")]
    private static partial Regex SignalingPath();

    [GeneratedRegex(@"^a=(candidate|end-of-candidates).*\r\n", RegexOptions.Multiline)]
    private static partial Regex CandidateLine();

    [GeneratedRegex(@"a=ice-ufrag:(\S+)")]
    private static partial Regex UfragLine();

    [GeneratedRegex(@"a=fingerprint:(\S+ \S+)")]
    private static partial Regex FingerprintLine();
}
