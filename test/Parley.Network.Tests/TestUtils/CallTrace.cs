using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace Parley.Network.Tests.TestUtils;

/// <summary>
/// Wall-clock marks of a person's call setup, taken in the page by an init script that wraps RTCPeerConnection and
/// watches the call's status, without a line of Parley's client knowing: the page's navigation, the Join click, the
/// camera and microphone request and grant, the signaling socket's start, open and first message, each first local
/// candidate of a type, each first remote candidate of a type handed to ICE, every ICE and connection state, and what
/// the screen says. Only the first time of each mark is kept. Pages of every browser share the
/// machine's clock, so one person's marks can be measured from another's.
/// </summary>
public static class CallTrace
{
    /// <summary>The person's click on Join.</summary>
    public const string Click = "join.click";

    /// <summary>The prefix of the marks of what the call's status shows (its <c>data-state</c>).</summary>
    public const string Screen = "screen.";

    public const string InitScript = """
        (() => {
          const marks = {};
          window.__labTrace = marks;
          const mark = name => { if (!(name in marks)) marks[name] = performance.timeOrigin + performance.now(); };
          marks['page.navigation'] = performance.timeOrigin;
          const typeOf = candidate => / typ ([a-z]+)/.exec(candidate?.candidate ?? '')?.[1] ?? 'end';

          document.addEventListener('click', e => {
            if (e.target instanceof Element && e.target.closest('button')?.textContent?.trim() === 'Join') mark('join.click');
          }, true);
          new MutationObserver(() => {
            const state = document.querySelector('[role=status][data-state]')?.getAttribute('data-state');
            if (state) mark('screen.' + state);
          }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });

          const media = navigator.mediaDevices;
          if (media) {
            const getUserMedia = media.getUserMedia.bind(media);
            media.getUserMedia = constraints => {
              mark('media.requested');
              return getUserMedia(constraints).then(stream => { mark('media.granted'); return stream; });
            };
          }
          const NativeSocket = window.WebSocket;
          window.WebSocket = class extends NativeSocket {
            constructor(...args) {
              super(...args);
              mark('socket.new');
              this.addEventListener('open', () => mark('socket.open'));
              this.addEventListener('message', () => mark('socket.first-message'));
            }
          };

          const Native = window.RTCPeerConnection;
          window.RTCPeerConnection = class extends Native {
            constructor(...args) {
              super(...args);
              mark('pc.new');
              this.addEventListener('icecandidate', e => mark('local.' + typeOf(e.candidate)));
              this.addEventListener('icegatheringstatechange', () => mark('gathering.' + this.iceGatheringState));
              this.addEventListener('iceconnectionstatechange', () => mark('ice.' + this.iceConnectionState));
              this.addEventListener('connectionstatechange', () => mark('connection.' + this.connectionState));
            }
            async setRemoteDescription(description) {
              await super.setRemoteDescription(description);
              mark('remote.' + description?.type);
            }
            async addIceCandidate(candidate) {
              await super.addIceCandidate(candidate);
              mark('remote.' + typeOf(candidate));
            }
          };
        })();
        """;

    /// <summary>The page's marks in Unix milliseconds.</summary>
    public static async Task<IReadOnlyDictionary<string, double>> ReadAsync(IPage page)
    {
        var json = await page.EvaluateAsync<string>("() => JSON.stringify(window.__labTrace ?? {})");
        return JsonSerializer.Deserialize<Dictionary<string, double>>(json)!;
    }

    /// <summary>The marks in the order they happened, in seconds from <paramref name="origin"/>.</summary>
    public static string Describe(IReadOnlyDictionary<string, double> marks, double origin) =>
        string.Join(", ", marks
            .OrderBy(m => m.Value)
            .Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Key} {(m.Value - origin) / 1000:0.00}")));
}
