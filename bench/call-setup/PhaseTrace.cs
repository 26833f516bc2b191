using System.Globalization;
using System.Text;

/// <summary>
/// Where the call-setup time goes, as each page sees it: the page script is wrapped (getUserMedia, the signaling
/// socket, RTCPeerConnection) so that every step leaves a wall-clock mark in <c>window.__bench.trace</c>, without a
/// line of Parley's client knowing. Each phase is reported as the first mark at or after Bob's Join click.
/// </summary>
internal static class PhaseTrace
{
    /// <summary>The marks, in the order a call goes through them, and how the table names them.</summary>
    public static readonly (string Mark, string Phase)[] Phases =
    [
        ("gum.call", "getUserMedia called"),
        ("gum.done", "getUserMedia resolved"),
        ("ws.open", "signaling socket open"),
        ("sig.send.Join", "Join sent"),
        ("sig.result.Join", "Join result received"),
        ("pc.new", "RTCPeerConnection created"),
        ("sig.recv.Ready", "Ready received"),
        ("pc.negotiationneeded", "negotiationneeded fired"),
        ("pc.sld.offer", "offer set locally"),
        ("sig.send.offer", "offer sent"),
        ("sig.recv.offer", "offer received"),
        ("pc.srd.offer", "offer set remotely"),
        ("pc.sld.answer", "answer set locally"),
        ("sig.send.answer", "answer sent"),
        ("sig.recv.answer", "answer received"),
        ("pc.srd.answer", "answer set remotely"),
        ("pc.candidate", "first local candidate"),
        ("sig.recv.candidate", "first remote candidate received"),
        ("pc.gathering.complete", "gathering complete"),
        ("pc.track", "remote track"),
        ("pc.ice.checking", "ICE checking"),
        ("pc.ice.connected", "ICE connected"),
        ("pc.dtls.connected", "DTLS connected"),
        ("pc.connection.connected", "connection connected"),
        ("out.encoded", "first own video frame encoded"),
        ("out.sent", "first own video packet sent"),
        ("in.packet", "first remote video packet received"),
        ("in.frame", "first remote video frame assembled"),
        ("video.firstFrame", "first frame decoded (getStats)"),
        ("video.presented", "first frame presented (requestVideoFrameCallback)"),
    ];

    /// <summary>Wraps the page's WebRTC, media and WebSocket entry points; runs before any page script.</summary>
    public const string InitScript = """
        (() => {
          const trace = window.__bench.trace = [];
          window.__bench.facts = {};
          const now = () => performance.timeOrigin + performance.now();
          const mark = name => trace.push({ name, t: now() });

          const md = navigator.mediaDevices;
          if (md) {
            const gum = md.getUserMedia.bind(md);
            md.getUserMedia = c => { mark('gum.call'); return gum(c).then(s => { mark('gum.done'); return s; }); };
          }

          const kindOf = text => {
            try {
              const m = typeof text === 'string' ? JSON.parse(text) : text;
              if (m && m.description) return m.description.type;
              if (m && 'candidate' in m) return 'candidate';
              if (m && typeof m.payload === 'string') return kindOf(m.payload);
            } catch { }
            return null;
          };
          const NativeWebSocket = window.WebSocket;
          window.WebSocket = class extends NativeWebSocket {
            constructor(...args) {
              super(...args);
              const calls = new Map();
              this.addEventListener('open', () => mark('ws.open'));
              this.addEventListener('message', e => {
                if (typeof e.data !== 'string') return;
                const m = JSON.parse(e.data);
                if (typeof m.event === 'string') {
                  mark('sig.recv.' + m.event);
                  const kind = m.event === 'Data' && kindOf(m.arg);
                  if (kind) mark('sig.recv.' + kind);
                } else if (calls.has(m.id)) {
                  mark('sig.result.' + calls.get(m.id));
                }
              });
              const send = this.send.bind(this);
              this.send = data => {
                if (typeof data === 'string') {
                  const m = JSON.parse(data);
                  if (typeof m.id === 'number') calls.set(m.id, m.call);
                  mark('sig.send.' + m.call);
                  const kind = (m.call === 'Relay' || m.call === 'Data') && kindOf(m.args[0]);
                  if (kind) mark('sig.send.' + kind);
                }
                return send(data);
              };
            }
          };

          // Each connection's marks carry its number: a page may make a connection ahead of the call (a spare), and
          // only the call's own connection counts, before the click too.
          let connections = 0;
          const NativePeerConnection = window.RTCPeerConnection;
          window.RTCPeerConnection = class extends NativePeerConnection {
            constructor(...args) {
              super(...args);
              const id = this.__benchId = ++connections;
              const pcMark = name => trace.push({ name, t: now(), pc: id });
              this.__benchMark = pcMark;
              pcMark('pc.new');
              this.addEventListener('negotiationneeded', () => pcMark('pc.negotiationneeded'));
              this.addEventListener('icecandidate', e => pcMark(e.candidate ? 'pc.candidate' : 'pc.gathering.complete'));
              this.addEventListener('iceconnectionstatechange', () => pcMark('pc.ice.' + this.iceConnectionState));
              this.addEventListener('connectionstatechange', () => pcMark('pc.connection.' + this.connectionState));
              this.addEventListener('track', e => {
                pcMark('pc.track');
                const transport = e.receiver.transport;
                if (transport) transport.addEventListener('statechange', () => pcMark('pc.dtls.' + transport.state));
              });
            }
            async setLocalDescription(...args) {
              await super.setLocalDescription(...args);
              if (this.localDescription) this.__benchMark('pc.sld.' + this.localDescription.type);
            }
            async setRemoteDescription(description) {
              await super.setRemoteDescription(description);
              this.__benchMark('pc.srd.' + description.type);
            }
          };

          // The media's own first steps, from the same getStats polls that find the first decoded frame.
          const firstStats = new Set();
          const statsMark = name => { if (!firstStats.has(name)) { firstStats.add(name); mark(name); } };
          window.__bench.observeStats = stats => {
            for (const r of stats.values()) {
              if (r.kind !== 'video') continue;
              if (r.type === 'outbound-rtp' && r.framesEncoded > 0) statsMark('out.encoded');
              if (r.type === 'outbound-rtp' && r.packetsSent > 0) statsMark('out.sent');
              if (r.type === 'inbound-rtp' && r.packetsReceived > 0) statsMark('in.packet');
              if (r.type === 'inbound-rtp' && r.framesReceived > 0) statsMark('in.frame');
              const facts = window.__bench.facts;
              if (r.type === 'outbound-rtp' && r.framesEncoded > 0 && facts.sentWidth === undefined) {
                facts.sentWidth = r.frameWidth;
                facts.sentFrames = r.framesEncoded;
                facts.sentKilobytes = r.bytesSent / 1000;
                facts.targetKbps = r.targetBitrate / 1000;
                facts.resolutionChanges = r.qualityLimitationResolutionChanges;
                const source = r.mediaSourceId && stats.get(r.mediaSourceId);
                if (source) facts.sourceFps = source.framesPerSecond;
              }
              if (r.type === 'inbound-rtp' && r.framesDecoded > 0 && facts.receivedWidth === undefined) {
                facts.receivedWidth = r.frameWidth;
                facts.receivedKilobytes = r.bytesReceived / 1000;
                facts.assemblyMs = (r.totalAssemblyTime || 0) * 1000;
              }
            }
          };

          // When the remote <video> first shows a frame: whichever video element gets a stream with a remote track.
          const watchPresented = () => {
            for (const video of document.querySelectorAll('video[aria-label^="Video of "]')) {
              if (video.srcObject && !video.__benchWatched && 'requestVideoFrameCallback' in video) {
                video.__benchWatched = true;
                video.requestVideoFrameCallback(() => mark('video.presented'));
              }
            }
            setTimeout(watchPresented, 5);
          };
          document.addEventListener('DOMContentLoaded', watchPresented);
        })();
        """;

    /// <summary>A step at wall-clock time <paramref name="T"/>; <paramref name="Pc"/> numbers the connection it is of.</summary>
    public sealed record Mark(string Name, double T, int? Pc = null);

    /// <summary>
    /// For each phase, the time from the click to its first mark at or after it; a step of the call's own connection
    /// (<paramref name="callPc"/>) counts before the click too (a negative time: done ahead), one of another not at all.
    /// </summary>
    public static Dictionary<string, double> Offsets(IEnumerable<Mark> marks, double clicked, int? callPc)
    {
        var offsets = new Dictionary<string, double>();
        foreach (var mark in marks.Where(m => m.Pc is { } pc ? pc == callPc : m.T >= clicked).OrderBy(m => m.T))
        {
            offsets.TryAdd(mark.Name, mark.T - clicked);
        }
        return offsets;
    }

    /// <summary>What the first video frames were like, named as in <c>window.__bench.facts</c>.</summary>
    public static readonly (string Fact, string Meaning)[] Facts =
    [
        ("sentWidth", "width of the first frames it encoded (px)"),
        ("sentFrames", "frames it had encoded when first seen"),
        ("sentKilobytes", "kB it had sent by then"),
        ("targetKbps", "encoder target bitrate then (kbit/s)"),
        ("resolutionChanges", "times its encoder had lowered or raised the resolution by then"),
        ("sourceFps", "frame rate of its camera (fake device)"),
        ("receivedWidth", "width of the first remote frame decoded (px)"),
        ("receivedKilobytes", "kB of video received by then"),
        ("assemblyMs", "first packet to last packet of the first remote frame (ms)"),
    ];

    /// <summary>A Markdown table of the first frames' medians, at Bob and at Alice.</summary>
    public static string FactTable(List<Dictionary<string, double>> bob, List<Dictionary<string, double>> alice)
    {
        var text = new StringBuilder();
        text.AppendLine("| First video frames (median) | at Bob | at Alice |");
        text.AppendLine("|---|---|---|");
        foreach (var (fact, meaning) in Facts)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {meaning} | {MedianOf(bob, fact)} | {MedianOf(alice, fact)} |");
        }
        return text.ToString();
    }

    /// <summary>A Markdown table of each phase's median time after the click, at Bob and at Alice.</summary>
    public static string Table(List<Dictionary<string, double>> bob, List<Dictionary<string, double>> alice)
    {
        var text = new StringBuilder();
        text.AppendLine("| Phase (ms after Bob's Join click, median) | at Bob | at Alice |");
        text.AppendLine("|---|---|---|");
        foreach (var (mark, phase) in Phases)
        {
            string bobMedian = MedianOf(bob, mark);
            string aliceMedian = MedianOf(alice, mark);
            if (bobMedian != "—" || aliceMedian != "—")
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| {phase} | {bobMedian} | {aliceMedian} |");
            }
        }
        return text.ToString();
    }

    private static string MedianOf(List<Dictionary<string, double>> rounds, string mark)
    {
        var values = rounds.Where(r => r.ContainsKey(mark)).Select(r => r[mark]).Order().ToList();
        // A phase seen in fewer than half the rounds is not part of the usual path.
        if (values.Count * 2 < rounds.Count || values.Count == 0)
        {
            return "—";
        }
        double median = values.Count % 2 == 1 ? values[values.Count / 2] : (values[(values.Count / 2) - 1] + values[values.Count / 2]) / 2;
        return median.ToString("F0", CultureInfo.InvariantCulture);
    }
}
