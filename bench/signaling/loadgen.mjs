// Signaling load generator: R rooms x 2 peers over WebSockets, everyone joins, then each peer sends M
// offer/candidate-shaped messages of S bytes to the other peer. One generator, several client libraries:
//   --target parley         ws 8 on Parley's /ws/signaling: {"id":n,"call":"Join","args":[room, username]},
//                           {"call":"Relay","args":[payload, to]} (or Data with an id with --parley-call invoke)
//   --target baseline       socket.io-client 4 (websocket transport): emit('join'), emit('data') -> 'ready', 'data'
//   --target raw            ws 8 on /ws, the floor protocol of floor/: {"type":"join",...}, {"type":"data","data":...}
// All send the same payload strings, so the comparison measures the servers, not the clients.
//
// Modes: paced      one message in flight per peer (the next is sent when the previous arrived) -> latency
//        saturating a window of --window messages in flight per peer                           -> capacity
//
// The server process is only observed: its CPU seconds (utime+stime of /proc/<pid>/stat) and RSS
// (VmRSS/VmHWM of /proc/<pid>/status) are read at each phase boundary.
// Prints one JSON object on stdout (the last line); progress goes to stderr. Exit code 0 only when every
// room formed, every message sent arrived exactly once, intact and at the right peer, and no call failed.
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';
import { io } from 'socket.io-client';
import WebSocket from 'ws';
import { readProcess, sampleRss } from './procstat.mjs';

// ---------------------------------------------------------------- options
const argv = process.argv.slice(2);
function opt(name, fallback) {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : fallback;
}
const o = {
  target: opt('target', 'parley'),
  url: opt('url', 'http://127.0.0.1:5000'),
  rooms: Number(opt('rooms', '100')),
  messages: Number(opt('messages', '100')),
  size: Number(opt('size', '1000')),
  mode: opt('mode', 'paced'),
  window: Number(opt('window', '20')),
  timeoutSec: Number(opt('timeout', '180')),
  serverPid: Number(opt('server-pid', '0')),
  connectConcurrency: Number(opt('connect-concurrency', '200')),
  joinConcurrency: Number(opt('join-concurrency', '500')),
  warmupRooms: Number(opt('warmup-rooms', '20')),
  warmupMessages: Number(opt('warmup-messages', '50')),
  // the Parley targets: relay: Relay sent without an answer, refusals come as Refused events (what Parley's
  // web client does); invoke: Data invoked, one answer per message
  parleyCall: opt('parley-call', 'relay'),
  label: opt('label', ''),
  join: opt('join', 'sequential'), // sequential: the second peer joins after the first's Join completed | concurrent
  formTimeoutSec: Number(opt('form-timeout', '20')),
  // seconds to keep every connection open after the run, to inspect the server meanwhile (heap dump, smaps)
  holdSec: Number(opt('hold', '0')),
  // bind the client sockets round-robin to 127.0.0.2 .. 127.0.0.(N+1): each source address has its own ephemeral
  // ports (about 28,000 on Linux), so 100,000 connections to one server port need several
  localAddresses: Number(opt('local-addresses', '0')),
  // run the phases when told (bench.mjs drives several generators as one): print {"phase":"ready"} and wait for a
  // line "go" on stdin before connecting; after joining, print {"phase":"joined"} and wait for "release"
  sync: argv.includes('--sync'),
};
if (!['parley', 'baseline', 'raw'].includes(o.target)) throw new Error(`unknown --target ${o.target}`);
if (!['paced', 'saturating'].includes(o.mode)) throw new Error(`unknown --mode ${o.mode}`);
if (!['relay', 'invoke'].includes(o.parleyCall)) throw new Error(`unknown --parley-call ${o.parleyCall}`);
for (const k of ['rooms', 'size', 'window', 'timeoutSec', 'connectConcurrency', 'joinConcurrency']) {
  if (!Number.isInteger(o[k]) || o[k] <= 0) throw new Error(`--${k} must be a positive integer`);
}
// --messages 0: connect and join only, for the memory an idle, joined connection costs
if (!Number.isInteger(o.messages) || o.messages < 0) throw new Error('--messages must be a non-negative integer');
if (!(o.holdSec >= 0 && o.holdSec <= 600)) throw new Error('--hold must be 0 to 600 seconds');
if (!Number.isInteger(o.localAddresses) || o.localAddresses < 0 || o.localAddresses > 250) throw new Error('--local-addresses must be 0 to 250');
if (o.sync && o.messages !== 0) throw new Error('--sync is for idle runs (--messages 0)');
if (o.size < 120) throw new Error('--size must be at least 120 bytes (the message header)');

const started = performance.now();
const deadline = started + o.timeoutSec * 1000;
const log = (msg) => process.stderr.write(`[loadgen ${o.label || o.target} ${((performance.now() - started) / 1000).toFixed(1)}s] ${msg}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// room names of their own per run: a server that outlives one generator run still holds the last run's seats
const runId = Math.random().toString(36).slice(2, 8);
const remaining = () => Math.max(0, deadline - performance.now());

class Timeout extends Error {}
function withDeadline(promise, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Timeout(`timed out: ${what}`)), remaining());
    }),
  ]).finally(() => clearTimeout(timer));
}

// ---------------------------------------------------------------- server observation (/proc)
const readServer = () => readProcess(o.serverPid);
const rssSampler = sampleRss(o.serverPid);

// ---------------------------------------------------------------- payloads
// {"src":7,"seq":3,"ts":123.456,"type":"candidate","candidate":{...},"pad":"xxx"} padded to exactly `size` chars.
const CANDIDATE = ',"type":"candidate","candidate":{"candidate":"candidate:842163049 1 udp 1677729535 192.0.2.10 54321 typ srflx raddr 0.0.0.0 rport 0 generation 0 ufrag sXgB network-cost 999","sdpMid":"0","sdpMLineIndex":0,"usernameFragment":"sXgB"}';
const OFFER = ',"type":"offer","sdp":"v=0\\r\\no=- 4611731400430051336 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\nt=0 0\\r\\na=group:BUNDLE 0 1\\r\\na=extmap-allow-mixed\\r\\na=msid-semantic: WMS\\r\\nm=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126\\r\\nc=IN IP4 0.0.0.0\\r\\na=rtcp:9 IN IP4 0.0.0.0\\r\\na=ice-ufrag:sXgB\\r\\na=ice-pwd:Jv0G0nXbqHNhHqrsu2mGk4Fe\\r\\na=fingerprint:sha-256 7B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35:DC:B8:5F:64:1A:24:C2:43:F0:A1:58:D0:A1:2C:19:08\\r\\na=setup:actpass\\r\\na=mid:0\\r\\n';
const PAD_CHUNK = 'a=x-pad:0123456789abcdefghijklmnopqrstuvwxyz\\r\\n'.repeat(1 + Math.ceil(65536 / 40));
function makePayload(src, seq) {
  const head = `{"src":${src},"seq":${seq},"ts":${performance.now().toFixed(3)}`;
  if (seq % 10 === 0) {
    // offer-shaped: the sdp string grows to fill the size
    let body = head + OFFER;
    const need = o.size - body.length - 2; // closing `"}`
    if (need > 0) {
      body += PAD_CHUNK.slice(0, need);
      if (body.endsWith('\\')) body = body.slice(0, -1) + 'r';
    }
    body += '"}';
    return body.length > o.size ? candidate(head) : body;
  }
  return candidate(head);
}
function candidate(head) {
  const body = head + CANDIDATE;
  const need = o.size - body.length - ',"pad":""}'.length;
  return `${body},"pad":"${need > 0 ? 'p'.repeat(need) : ''}"}`;
}
// Read src, seq and ts without a full JSON.parse (the generator is the tighter loop here, and equally so
// for both targets); the length check proves the payload arrived whole.
function parseHead(payload) {
  const a = payload.indexOf(',"seq":');
  const b = payload.indexOf(',"ts":', a);
  const c = payload.indexOf(',"type":', b);
  return { src: Number(payload.slice(7, a)), seq: Number(payload.slice(a + 7, b)), ts: Number(payload.slice(b + 6, c)) };
}

// ---------------------------------------------------------------- counters
const counters = { errors: 0, errorKinds: {}, misrouted: 0, corrupt: 0, duplicates: 0, unexpectedClose: 0 };
function error(kind, detail) {
  counters.errors++;
  counters.errorKinds[kind] = (counters.errorKinds[kind] ?? 0) + 1;
  if (counters.errorKinds[kind] <= 3) log(`error ${kind}${detail ? `: ${detail}` : ''}`);
}

// ---------------------------------------------------------------- clients
let phase = 'setup';
let pendingCalls = 0;
let pendingDrained = null;
function callSettled() {
  pendingCalls--;
  if (pendingCalls === 0 && pendingDrained) pendingDrained();
}

// The source address of peer `index` (--local-addresses), or undefined: the system's choice.
function localAddressFor(index) {
  return o.localAddresses ? `127.0.0.${2 + (index % o.localAddresses)}` : undefined;
}

// One WebSocket of the `ws` package carrying one JSON object per text frame (the floors and Parley's socket
// endpoint): resolves once open; every frame goes to onMessage parsed, a close to onClose.
function openWebSocket(path, index, onMessage, onClose) {
  const url = new URL(path, o.url);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url.href, { perMessageDeflate: false, localAddress: localAddressFor(index) });
    ws.once('open', () => {
      ws.on('error', (e) => error('socket-error', e?.message));
      resolve(ws);
    });
    ws.once('error', reject);
    ws.on('message', (data, isBinary) => {
      if (isBinary) { error('unexpected-message', 'binary frame'); return; }
      let m;
      try { m = JSON.parse(data); } catch { error('unexpected-message', 'not JSON'); return; }
      onMessage(m);
    });
    ws.on('close', (code, reason) => onClose(`${code} ${reason}`));
  });
}

// Parley's signaling socket (docs/signaling.md): {"id","call","args"} calls answered by {"id","result"} (or a
// top-level "error" for a call the server could not read), events as {"event","arg"}. Relay carries no id and gets
// no answer; a refusal comes back as a Refused event.
class ParleyPeer {
  constructor(index) {
    this.index = index;
    this.otherId = null;
    this.nextId = 1;
    this.pending = new Map();
  }
  connect() {
    return openWebSocket('/ws/signaling', this.index, (m) => this.message(m), (detail) => {
      for (const { reject } of this.pending.values()) reject(new Error(`socket closed: ${detail}`));
      this.pending.clear();
      if (phase !== 'done') { counters.unexpectedClose++; error('closed', detail); }
    }).then((ws) => { this.ws = ws; });
  }
  message(m) {
    if (m.id !== undefined) {
      const p = this.pending.get(m.id);
      if (!p) { error('unexpected-answer', `id ${m.id}`); return; }
      this.pending.delete(m.id);
      if (m.error) p.reject(new Error(`${m.error.code}: ${m.error.message}`));
      else p.resolve(m.result);
      return;
    }
    switch (m.event) {
      case 'Data': this.onData(m.arg.payload, m.arg.from); break;
      case 'Ready': this.otherId ??= m.arg.peerId; this.onReady?.(); break;
      // a peer's socket closed: held for its return (PeerReconnecting) or gone (PeerLeft)
      case 'PeerReconnecting':
      case 'PeerLeft': if (phase !== 'done') error('peer-left'); break;
      case 'Refused': error(`data-${m.arg?.error?.code}`); break;
      default: error('unexpected-message', m.event);
    }
  }
  call(method, ...args) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.ws.send(JSON.stringify({ id, call: method, args }));
    });
  }
  async join(room, username) {
    const r = await this.call('Join', room, username);
    if (r?.error) { error(`join-${r.error.code}`); throw new Error(`Join refused: ${r.error.code}`); }
    this.peerId = r.peerId;
    if (r.peers?.length) this.otherId ??= r.peers[0].peerId;
  }
  get formed() { return this.otherId !== null; }
  send(payload) {
    if (o.parleyCall === 'relay') { this.ws.send(JSON.stringify({ call: 'Relay', args: [payload, this.otherId] })); return; }
    pendingCalls++;
    this.call('Data', payload, this.otherId).then(
      (r) => { if (r?.error) error(`data-${r.error.code}`); callSettled(); },
      (e) => { error('data-failed', e?.message); callSettled(); });
  }
  close() { this.ws.close(); return Promise.resolve(); }
}

class BaselinePeer {
  constructor(index) {
    this.index = index;
    this.readySeen = false;
    this.socket = io(o.url, {
      transports: ['websocket'],
      forceNew: true, // one WebSocket per peer, never multiplexed
      reconnection: false,
      autoConnect: false,
      timeout: 120_000,
      localAddress: localAddressFor(index),
    });
    this.socket.on('ready', () => { this.readySeen = true; this.onReady?.(); });
    this.socket.on('data', (payload) => this.onData(payload, null));
    this.socket.on('disconnect', (reason) => { if (phase !== 'done') { counters.unexpectedClose++; error('closed', reason); } });
  }
  connect() {
    return new Promise((resolve, reject) => {
      this.socket.once('connect', resolve);
      this.socket.once('connect_error', reject);
      this.socket.connect();
    });
  }
  async join(room, username) {
    this.room = room;
    this.username = username;
    this.socket.emit('join', { username, room });
  }
  send(payload) {
    this.socket.emit('data', { username: this.username, room: this.room, data: payload });
  }
  close() { this.socket.close(); return Promise.resolve(); }
}
// The floor relays (floor/dotnet-ws, floor/node-ws): one JSON object per text frame, relayed byte for byte.
class RawPeer {
  constructor(index) {
    this.index = index;
    this.readySeen = false;
  }
  connect() {
    return openWebSocket('/ws', this.index, (m) => {
      if (m.type === 'data') this.onData(m.data, null);
      else if (m.type === 'ready') { this.readySeen = true; this.onReady?.(); }
      else error('unexpected-message', m.type);
    }, (detail) => { if (phase !== 'done') { counters.unexpectedClose++; error('closed', detail); } })
      .then((ws) => { this.ws = ws; });
  }
  async join(room, username) {
    this.ws.send(JSON.stringify({ type: 'join', room, username }));
  }
  send(payload) {
    this.ws.send(JSON.stringify({ type: 'data', data: payload }));
  }
  close() { this.ws.close(); return Promise.resolve(); }
}
const Peer = { parley: ParleyPeer, baseline: BaselinePeer, raw: RawPeer }[o.target];

// A room is formed when each side can address the other: for Parley both know the other's peer id (from
// the Join result or the Ready event); for the tutorial design and the floors the second joiner's `ready`
// reached the first.
function roomFormed(a, b) {
  return a instanceof ParleyPeer ? a.formed && b.formed : a.readySeen || b.readySeen;
}

async function pool(items, concurrency, fn) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      if (performance.now() > deadline) throw new Timeout('timed out');
      const item = items[next++];
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

// ---------------------------------------------------------------- one scenario
async function scenario(rooms, messages, prefix, measured) {
  const peers = [];
  for (let i = 0; i < rooms * 2; i++) peers.push(new Peer(i));
  const total = rooms * 2 * messages;
  const lat = measured ? new Float64Array(total) : null;
  let received = 0;
  let sentTotal = 0;
  const sent = new Int32Array(peers.length);
  const got = new Int32Array(peers.length); // messages from peer i that arrived at its partner
  let allDone;
  const done = new Promise((r) => { allDone = r; });
  if (total === 0) allDone();
  const windowSize = o.mode === 'paced' ? 1 : o.window;

  const sendNext = (p) => {
    const seq = sent[p.index]++;
    sentTotal++;
    p.send(makePayload(p.index, seq));
  };
  for (const p of peers) {
    const partner = peers[p.index ^ 1];
    p.onData = (payload, from) => {
      const now = performance.now();
      if (typeof payload !== 'string' || payload.length !== o.size) { counters.corrupt++; error('corrupt'); return; }
      const h = parseHead(payload);
      if (h.src !== partner.index || (from !== null && from !== p.otherId)) { counters.misrouted++; error('misrouted'); return; }
      if (got[h.src] >= sent[h.src]) { counters.duplicates++; error('duplicate'); return; }
      got[h.src]++;
      if (lat) lat[received] = now - h.ts;
      received++;
      // the partner's previous message arrived: keep its window full
      if (sent[partner.index] < messages) sendNext(partner);
      if (received === total) allDone();
    };
  }

  // connect
  const tConnect0 = performance.now();
  await withDeadline(pool(peers, o.connectConcurrency, async (p) => {
    try { await p.connect(); } catch (e) { error('connect-failed', e?.message); throw e; }
  }), `connect ${peers.length}`);
  const tConnect1 = performance.now();
  const afterConnect = readServer();

  // join: both peers of a room at once; the room is formed when they can address each other
  let notFormed = 0;
  const roomIdx = Array.from({ length: rooms }, (_, i) => i);
  await withDeadline(pool(roomIdx, o.joinConcurrency, async (r) => {
    const a = peers[2 * r], b = peers[2 * r + 1];
    const room = `${prefix}-${runId}-${r}`;
    const formed = new Promise((resolve) => {
      const check = () => { if (roomFormed(a, b)) resolve(); };
      a.onReady = check; b.onReady = check;
      a.checkFormed = check;
    });
    if (o.join === 'concurrent') {
      await Promise.all([a.join(room, `alice${r}`), b.join(room, `bob${r}`)]);
    } else {
      // the first person is in the room before the second clicks Join, as in a real call
      await a.join(room, `alice${r}`);
      await b.join(room, `bob${r}`);
    }
    a.checkFormed();
    let timer;
    await Promise.race([formed, new Promise((_, reject) => {
      timer = setTimeout(() => {
        error('room-not-formed', `${room}: a ${a.otherId ?? a.readySeen ?? '-'}, b ${b.otherId ?? b.readySeen ?? '-'}`);
        reject(new Error(`room ${room} not formed within ${o.formTimeoutSec} s (a Ready was lost)`));
      }, o.formTimeoutSec * 1000);
    })]).catch(() => { notFormed++; }).finally(() => clearTimeout(timer));
  }), `join ${rooms} rooms`);
  if (notFormed) throw new Error(`${notFormed} of ${rooms} rooms not formed within ${o.formTimeoutSec} s: a Ready was lost`);
  const tJoin1 = performance.now();
  const afterJoin = readServer();

  // messages
  phase = 'messages';
  const genCpu0 = process.cpuUsage();
  const tMsg0 = performance.now();
  for (const p of peers) for (let k = 0; k < Math.min(windowSize, messages); k++) sendNext(p);
  let timedOut = false;
  try {
    await withDeadline(done, `messages (${received}/${total} arrived)`);
  } catch (e) {
    if (!(e instanceof Timeout)) throw e;
    timedOut = true;
    log(e.message);
  }
  const tMsg1 = performance.now();
  const genCpu = process.cpuUsage(genCpu0);
  const afterMessages = readServer();
  // let the last invocation results come back so a refused call is counted
  if (pendingCalls > 0 && !timedOut) {
    await withDeadline(new Promise((r) => { pendingDrained = r; }), 'pending calls').catch(() => {});
  }

  return {
    peers, total, received, sentTotal, lat, timedOut,
    connectSec: (tConnect1 - tConnect0) / 1000,
    joinSec: (tJoin1 - tConnect1) / 1000,
    messagesSec: (tMsg1 - tMsg0) / 1000,
    genCpuSec: (genCpu.user + genCpu.system) / 1e6,
    afterConnect, afterJoin, afterMessages,
  };
}

function pct(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

// ---------------------------------------------------------------- phases driven by bench.mjs (--sync)
const stdinLines = o.sync ? createInterface({ input: process.stdin })[Symbol.asyncIterator]() : null;
async function barrier(phase, word) {
  if (!o.sync) return;
  process.stdout.write(`${JSON.stringify({ phase })}\n`);
  const { value, done } = await withDeadline(stdinLines.next(), `waiting for "${word}"`);
  if (done || value.trim() !== word) throw new Error(`expected "${word}" on stdin, got ${done ? 'its end' : JSON.stringify(value)}`);
}

// ---------------------------------------------------------------- main
let result = { ok: false, target: o.target, label: o.label, mode: o.mode, rooms: o.rooms, messages: o.messages, size: o.size, window: o.mode === 'paced' ? 1 : o.window };
try {
  const idle = readServer();
  if (o.warmupRooms > 0) {
    // warm-up on a few rooms of its own: both runtimes get their hot paths compiled/optimised before measuring
    phase = 'warmup';
    const w = await scenario(o.warmupRooms, o.warmupMessages, 'warm', false);
    phase = 'done';
    await Promise.all(w.peers.map((p) => p.close().catch(() => {})));
    if (w.received !== w.total) throw new Error(`warm-up lost messages: ${w.received}/${w.total}`);
    await sleep(1500);
    phase = 'setup';
    counters.errors = 0; counters.errorKinds = {};
  }
  await barrier('ready', 'go');
  const before = readServer();
  const s = await scenario(o.rooms, o.messages, 'room', true);
  await barrier('joined', 'release');
  if (o.holdSec > 0) {
    log(`holding ${s.peers.length} connections for ${o.holdSec} s`);
    await sleep(o.holdSec * 1000);
  }
  phase = 'done';
  const lat = Array.from(s.lat.subarray(0, s.received)).sort((x, y) => x - y);
  const conns = o.rooms * 2;
  const lost = s.sentTotal - s.received;
  const expected = o.rooms * 2 * o.messages;
  const server = before && s.afterMessages ? {
    cpuSecConnectJoin: s.afterJoin.cpuSec - before.cpuSec,
    cpuSecMessages: s.afterMessages.cpuSec - s.afterJoin.cpuSec,
    cpuUsPerMsg: ((s.afterMessages.cpuSec - s.afterJoin.cpuSec) * 1e6) / Math.max(1, s.received),
    cpuUsPerConnJoin: ((s.afterJoin.cpuSec - before.cpuSec) * 1e6) / conns,
    rssIdleMiB: idle.rssKiB / 1024,
    rssBeforeMiB: before.rssKiB / 1024,
    rssAfterJoinMiB: s.afterJoin.rssKiB / 1024,
    rssAfterMessagesMiB: s.afterMessages.rssKiB / 1024,
    peakRssMiB: Math.max(rssSampler.peakKiB(), s.afterMessages.hwmKiB) / 1024,
    rssPerConnKiB: (s.afterJoin.rssKiB - before.rssKiB) / conns,
    peakRssPerConnKiB: Math.max(rssSampler.peakKiB(), s.afterMessages.hwmKiB) / conns,
    threads: s.afterMessages.threads,
  } : null;
  result = {
    ...result,
    connections: conns,
    connectSec: s.connectSec,
    joinSec: s.joinSec,
    connectJoinSec: s.connectSec + s.joinSec,
    messagesSec: s.messagesSec,
    expected,
    sent: s.sentTotal,
    received: s.received,
    lost,
    msgsPerSec: s.received / s.messagesSec,
    latencyMs: { p50: pct(lat, 50), p95: pct(lat, 95), p99: pct(lat, 99), max: lat.at(-1) ?? null },
    errors: counters.errors,
    errorKinds: counters.errorKinds,
    generatorCpuSec: s.genCpuSec,
    generatorCpuPct: (100 * s.genCpuSec) / s.messagesSec,
    generatorCpuUsPerMsg: s.received ? (s.genCpuSec * 1e6) / s.received : null,
    server,
  };
  const failures = [];
  if (s.timedOut) failures.push('timed out before every message arrived');
  if (lost !== 0 || s.sentTotal !== expected) failures.push(`LOST MESSAGES: sent ${s.sentTotal} of ${expected}, received ${s.received}`);
  if (counters.errors) failures.push(`${counters.errors} errors: ${JSON.stringify(counters.errorKinds)}`);
  result.ok = failures.length === 0;
  result.failures = failures;
} catch (e) {
  result.failures = [`${e?.message ?? e}`];
  result.errors = counters.errors;
  result.errorKinds = counters.errorKinds;
}
if (!result.ok) log(`FAILED: ${result.failures.join('; ')}`);
process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(result.ok ? 0 : 1));
