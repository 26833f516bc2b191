// Runs the signaling benchmark A/B: for each configuration and mode, Parley and the socket.io baseline
// alternately, each on a fresh server process that this script starts (and observes through /proc), each
// driven by loadgen.mjs in its own Node process. Prints a table with both results and the ratios.
// Usage: node bench.mjs [--quick | --idle] [--repeat N] [--modes paced,saturating]
//                       [--variants parley,baseline] [--configs "R,M,S;R,M,S"] [--run-timeout SEC] [--out FILE]
//                       [--parley-aot PATH] [--per-generator CONNECTIONS]
// Idle runs (M=0) may need more connections than one process may open: they spread the clients over several
// generator processes, bound round-robin to loopback source addresses 127.0.0.2 and up, and hold what the
// server's descriptor limit allows, saying so when that is fewer than asked.
// Variants: parley (Parley's signaling socket /ws/signaling), parley-aot (the same server as eng/publish-aot.sh's
// native executable, --parley-aot PATH, default artifacts/aot/parley), baseline, parley-wks (Parley with DOTNET_gcServer=0),
// parley-invoke (the generator invokes Data, one answer per message, instead of sending Relay as the web client
// does),
// parley@NAME=VALUE[@NAME=VALUE...] (Parley with runtime environment variables, e.g. parley@DOTNET_gcServer=0;
// parley@PARLEY_BUILD=DIR runs DIR/parley.dll, another build, so that two commits are compared in one run),
// and the floors of floor/ (measurement anchors, not product code; the generator speaks their raw protocol over `ws`):
// floor-dotnet (floor/dotnet-ws: Kestrel WebSocket relay, no SignalR), floor-node (floor/node-ws: the `ws` package),
// each also with @NAME=VALUE switches, e.g. floor-dotnet@FLOOR_SEND=coalesce@FLOOR_INLINE=1 (see floor/README.md).
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { createServer, connect } from 'node:net';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpus, totalmem, loadavg } from 'node:os';
import { readProcess, sampleRss } from './procstat.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : fallback;
};
const quick = argv.includes('--quick');
// --idle: connect and join only, no messages: memory per idle connection and how many one node holds
const idle = argv.includes('--idle');
const repeat = Number(opt('repeat', '1'));
const modes = opt('modes', idle ? 'paced' : 'paced,saturating').split(',');
const variants = opt('variants', 'parley,baseline').split(',');
const runTimeoutSec = Number(opt('run-timeout', quick ? '60' : '180'));
const parleyDll = opt('parley-dll', join(here, '../../src/Parley.Server/bin/Release/net10.0/parley.dll'));
const parleyAot = opt('parley-aot', join(here, '../../artifacts/aot/parley'));
const floorDll = opt('floor-dll', join(here, 'floor/dotnet-ws/bin/Release/net10.0/Parley.Bench.FloorWs.dll'));
// the variant's server without its @NAME=VALUE switches
const kindOf = (variant) => variant.split('@')[0];
// every parley* variant runs the same Parley server and drives its /ws/signaling
function generatorTarget(variant) {
  const kind = kindOf(variant);
  if (kind.startsWith('parley')) return 'parley';
  return kind.startsWith('floor') ? 'raw' : 'baseline';
}
const configsArg = opt('configs', '');
const outFile = opt('out', join(here, 'results', `signaling-${new Date().toISOString().replace(/[:.]/g, '-')}.json`));

const CONFIGS = idle
  ? [{ rooms: 5000, messages: 0, size: 500 }, { rooms: 50000, messages: 0, size: 500 }]
  : quick
  ? [{ rooms: 50, messages: 40, size: 1000 }]
  : [
      { rooms: 100, messages: 100, size: 1000 },
      { rooms: 1000, messages: 20, size: 1000 },
      { rooms: 5000, messages: 5, size: 500 },
    ];
const configs = configsArg
  ? configsArg.split(';').map((c) => { const [rooms, messages, size] = c.split(',').map(Number); return { rooms, messages, size }; })
  : CONFIGS;

const PARLEY_ARGS = [
  '--Turn:Enabled=false',
  // every bench client comes from 127.0.0.1: raise the per-address abuse limits out of the way
  // and Kestrel's and the connection guard's limits, which the descriptor budget sets below the idle runs' counts
  '--Connections:MaxPerAddress=1000000',
  '--Connections:MaxIdlePerAddress=1000000',
  '--Connections:MaxConnections=1000000',
  '--Connections:MaxUpgradedConnections=1000000',
  // a generator opening thousands of connections on a busy machine may write a request late: no deadline cuts it off
  '--Connections:FirstBytesTimeout=00:05:00',
  '--Signaling:Abuse:MaxConnectionsPerAddress=1000000',
  '--Signaling:Abuse:MaxConnections=1000000',
  '--Signaling:Abuse:JoinsPerAddress:Burst=1000000',
  '--Signaling:Abuse:JoinsPerAddress:PerSecond=1000000',
  '--Signaling:Abuse:DataPerAddress:Burst=1000000',
  '--Signaling:Abuse:DataPerAddress:PerSecond=1000000',
  '--Signaling:Abuse:DataPerConnection:Burst=1000000',
  '--Signaling:Abuse:DataPerConnection:PerSecond=1000000',
  '--Logging:LogLevel:Default=Warning',
];

const log = (m) => process.stderr.write(`[bench] ${m}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

async function waitForPort(port, child, timeoutMs) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before listening`);
    const ok = await new Promise((resolve) => {
      const c = connect({ port, host: '127.0.0.1' }, () => { c.destroy(); resolve(true); });
      c.once('error', () => resolve(false));
    });
    if (ok) return;
    await sleep(100);
  }
  throw new Error(`server did not listen on ${port} within ${timeoutMs} ms`);
}

async function startServer(variant) {
  const port = await freePort();
  let child;
  const env = { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1' };
  // NAME@NAME=VALUE@NAME=VALUE: the server with runtime settings or switches from environment variables
  for (const kv of variant.split('@').slice(1)) {
    const i = kv.indexOf('=');
    env[kv.slice(0, i)] = kv.slice(i + 1);
  }
  const kind = kindOf(variant);
  if (kind === 'parley-aot') {
    if (!existsSync(parleyAot)) throw new Error(`no native executable at ${parleyAot}: run eng/publish-aot.sh (run.sh does for parley-aot)`);
    child = spawn(parleyAot, ['--urls', `http://127.0.0.1:${port}`, ...PARLEY_ARGS], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  } else if (kind.startsWith('parley')) {
    if (variant === 'parley-wks') env.DOTNET_gcServer = '0';
    const dll = env.PARLEY_BUILD ? join(env.PARLEY_BUILD, 'parley.dll') : parleyDll;
    delete env.PARLEY_BUILD;
    child = spawn('dotnet', [dll, '--urls', `http://127.0.0.1:${port}`, ...PARLEY_ARGS], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  } else if (kind === 'floor-dotnet') {
    child = spawn('dotnet', [floorDll, '--port', String(port)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  } else if (kind === 'floor-node') {
    child = spawn(process.execPath, [join(here, 'floor/node-ws/server.mjs'), '--port', String(port)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  } else if (kind === 'baseline') {
    child = spawn(process.execPath, [join(here, 'baseline/server.mjs'), '--port', String(port)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  } else {
    throw new Error(`unknown variant ${variant}`);
  }
  let output = '';
  const keep = (d) => { output = (output + d).slice(-4000); };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  try {
    await waitForPort(port, child, 60_000);
  } catch (e) {
    child.kill('SIGKILL');
    throw new Error(`${e.message}\n${output}`);
  }
  return { child, port, url: `http://127.0.0.1:${port}`, output: () => output };
}

async function stopServer(server) {
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(t);
}

function generatorArgs(variant, server, cfg, mode) {
  const args = [
    join(here, 'loadgen.mjs'),
    '--target', generatorTarget(variant), '--label', variant, '--url', server.url,
    '--rooms', String(cfg.rooms), '--messages', String(cfg.messages), '--size', String(cfg.size),
    '--mode', mode, '--timeout', String(runTimeoutSec),
  ];
  if (kindOf(variant).endsWith('-invoke')) args.push('--parley-call', 'invoke');
  return args;
}

// One loadgen.mjs process: `result` settles with its last stdout line (its result) when it exits; each earlier line,
// a phase it announces with --sync, goes to onLine; send(word) writes a line to its stdin.
function spawnGenerator(label, args, onLine = () => {}) {
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  let seen = 0;
  child.stdout.on('data', (d) => {
    out += d;
    const lines = out.split('\n');
    for (; seen < lines.length - 1; seen++) onLine(lines[seen]);
  });
  child.stdin.on('error', () => {}); // a generator that already ended cannot be told anything
  // the generator has its own deadline; this one only catches a generator that hangs anyway
  const hard = setTimeout(() => { log(`generator ${label} hung: killing it`); child.kill('SIGKILL'); }, (runTimeoutSec + 30) * 1000);
  const result = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      clearTimeout(hard);
      const line = out.trim().split('\n').at(-1);
      let r;
      try { r = JSON.parse(line); } catch { r = { ok: false, failures: [`generator ${label} exited ${code ?? signal} without a result`] }; }
      if (r.phase) r = { ok: false, failures: [`generator ${label} exited ${code ?? signal} in phase ${r.phase}`] };
      resolve(r);
    });
  });
  return { result, send: (word) => child.stdin.write(`${word}\n`) };
}

function runGenerator(variant, server, cfg, mode) {
  return spawnGenerator(variant, [...generatorArgs(variant, server, cfg, mode), '--server-pid', String(server.child.pid)]).result;
}

// ---------------------------------------------------------------- idle runs: as many connections as the machine allows
// Every process here (server and generators) may open this many files: run.sh raised the soft limit to the hard one.
function descriptorLimit() {
  const line = readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith('Max open files'));
  const soft = line?.slice('Max open files'.length).trim().split(/\s+/)[0];
  return soft === 'unlimited' ? Infinity : Number(soft);
}
// Descriptors a process keeps for everything but the connections (listeners, pollers, logs, libraries).
const SPARE_DESCRIPTORS = 2000;
// Connections one generator opens at most: one Node event loop (one core) connects and holds them all.
const perGenerator = Number(opt('per-generator', '25000'));
// The client ports one source address can take towards one server address and port.
function portsPerAddress() {
  const [lo, hi] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
  return Math.floor((hi - lo + 1) * 0.8);
}

// How an idle configuration is run here: the rooms the server can hold (fewer than asked when its descriptor limit
// says so, with the reason), generator processes and source addresses.
function idlePlan(cfg) {
  const limit = descriptorLimit();
  const perProcess = 2 * Math.floor((limit - SPARE_DESCRIPTORS) / 2);
  let rooms = cfg.rooms;
  let note = null;
  if (2 * rooms > perProcess) {
    rooms = perProcess / 2;
    note = `${(2 * cfg.rooms).toLocaleString('en-US')} connections asked; this machine lets a process open ${limit.toLocaleString('en-US')} files `
      + `(ulimit -Hn; raising it needs CAP_SYS_RESOURCE), so the server holds at most ${(2 * rooms).toLocaleString('en-US')}`;
  }
  const generators = Math.ceil((2 * rooms) / Math.min(perProcess, perGenerator));
  const addresses = Math.ceil((2 * rooms) / portsPerAddress());
  return { rooms, note, generators, addresses };
}

async function runIdle(variant, server, cfg, plan) {
  const pid = server.child.pid;
  const phases = [];
  const gens = [];
  for (let g = 0; g < plan.generators; g++) {
    const rooms = Math.floor(plan.rooms / plan.generators) + (g < plan.rooms % plan.generators ? 1 : 0);
    const args = [...generatorArgs(variant, server, { ...cfg, rooms }, 'paced'), '--sync', '--local-addresses', String(plan.addresses)];
    // one warm-up for the server, by the first generator, before anyone connects
    if (g > 0) args.push('--warmup-rooms', '0');
    const waiting = new Map();
    const gen = spawnGenerator(`${variant}#${g}`, args, (line) => {
      let m;
      try { m = JSON.parse(line); } catch { return; }
      waiting.get(m.phase)?.();
    });
    const phase = (name) => new Promise((resolve) => waiting.set(name, resolve));
    gens.push({ ...gen, ready: phase('ready'), joined: phase('joined') });
  }
  // a generator that fails ends without announcing the next phase: its result ends the wait
  const all = (name) => Promise.race([
    Promise.all(gens.map((g) => g[name])),
    Promise.all(gens.map((g) => g.result)).then(() => { throw new Error(`a generator ended before "${name}"`); }),
    ...gens.map((g) => g.result.then((r) => { if (!r.ok) throw new Error(r.failures?.join('; ')); })),
  ]);
  const finish = async (extra) => {
    for (const g of gens) g.send('release');
    const results = await Promise.all(gens.map((g) => g.result));
    const failures = results.flatMap((r) => r.failures ?? []);
    return {
      ...extra, ok: failures.length === 0 && results.every((r) => r.ok), failures,
      errors: results.reduce((a, r) => a + (r.errors ?? 0), 0), lost: 0, generators: plan.generators, addresses: plan.addresses,
    };
  };
  try {
    await all('ready');
    const before = readProcess(pid);
    const rss = sampleRss(pid);
    const t0 = performance.now();
    for (const g of gens) g.send('go');
    await all('joined');
    const connectJoinSec = (performance.now() - t0) / 1000;
    const after = readProcess(pid);
    rss.stop();
    const connections = 2 * plan.rooms;
    return finish({
      connections, connectJoinSec, msgsPerSec: 0, latencyMs: {},
      server: {
        cpuSecConnectJoin: after.cpuSec - before.cpuSec, cpuUsPerConnJoin: ((after.cpuSec - before.cpuSec) * 1e6) / connections,
        rssBeforeMiB: before.rssKiB / 1024, rssAfterJoinMiB: after.rssKiB / 1024,
        peakRssMiB: Math.max(rss.peakKiB(), after.rssKiB) / 1024, rssPerConnKiB: (after.rssKiB - before.rssKiB) / connections,
        threads: after.threads,
      },
    });
  } catch (e) {
    const r = await finish({});
    return { ...r, ok: false, failures: [e.message, ...r.failures] };
  }
}

// ---------------------------------------------------------------- run
const machine = {
  date: new Date().toISOString(),
  cpus: `${cpus().length} x ${cpus()[0]?.model ?? '?'}`,
  memGiB: +(totalmem() / 2 ** 30).toFixed(1),
  loadavgAtStart: loadavg().map((x) => +x.toFixed(2)),
  node: process.version,
};
log(`machine: ${JSON.stringify(machine)}`);
const results = [];
let order = 0;
for (const cfg of configs) {
  for (const mode of modes) {
    for (let rep = 0; rep < repeat; rep++) {
      // alternate who goes first, so neither side always runs on the quieter (or noisier) half
      const seq = order++ % 2 === 0 ? variants : [...variants].reverse();
      for (const variant of seq) {
        const tag = `${variant} R=${cfg.rooms} M=${cfg.messages} S=${cfg.size} ${mode} #${rep + 1}`;
        log(`run ${tag}`);
        let server;
        let r;
        try {
          server = await startServer(variant);
          await sleep(500);
          r = cfg.messages === 0 ? await runIdle(variant, server, cfg, idlePlan(cfg)) : await runGenerator(variant, server, cfg, mode);
        } catch (e) {
          r = { ok: false, failures: [e.message] };
        } finally {
          if (server && !r?.ok) log(`server output (last lines):\n${server.output().split('\n').slice(-15).join('\n')}`);
          if (server) await stopServer(server);
        }
        r = { ...r, variant, mode, rep, cfg, loadavg: loadavg()[0] };
        if (r.connections && r.connections < 2 * cfg.rooms) r.note = idlePlan(cfg).note;
        if (r.note) log(`NOTE: ${r.note}`);
        results.push(r);
        const detail = cfg.messages === 0
          ? `${r.connections} connections joined in ${r.connectJoinSec?.toFixed(1)} s, ${r.server?.rssPerConnKiB.toFixed(1)} KiB RSS each`
          : `${Math.round(r.msgsPerSec)} msgs/s, p99 ${r.latencyMs?.p99?.toFixed(1)} ms, server ${r.server?.cpuUsPerMsg.toFixed(1)} µs/msg`;
        log(`${r.ok ? 'ok' : 'FAILED'} ${tag}: ${r.ok ? detail : r.failures?.join('; ')}`);
        await sleep(1000);
      }
    }
  }
}

// ---------------------------------------------------------------- table
const f = (x, d = 0) => (x === null || x === undefined || Number.isNaN(x) ? '–' : Number(x).toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }));
const ratio = (a, b, d = 2) => (a == null || b == null || !b ? '–' : `${f(a / b, d)}×`);
const median = (xs) => { const s = xs.filter((x) => x != null && !Number.isNaN(x)).sort((a, b) => a - b); return s.length ? s[Math.floor((s.length - 1) / 2)] : null; };
const lines = [];
lines.push(`Signaling load, ${machine.date.slice(0, 16).replace('T', ' ')} UTC, ${machine.cpus}, ${machine.memGiB} GiB, load average at start ${machine.loadavgAtStart.join(' ')}, at the end ${loadavg().map((x) => x.toFixed(2)).join(' ')}; ${repeat} run(s) per cell${repeat > 1 ? ' (medians)' : ''}.`);
lines.push('');
lines.push('| Config | Mode | Server | Connect+join s | Relayed msgs/s | p50 ms | p95 ms | p99 ms | Errors | Lost | Server CPU s (msgs) | CPU µs/msg | Peak RSS MiB | RSS KiB/conn | Generator CPU % | Generator µs/msg |');
lines.push('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
const summary = [];
const allIdle = configs.every((c) => c.messages === 0);
if (allIdle) {
  lines.length = 2;
  lines.push('| Connections asked | Held | Server | Generators × source addresses | Connect+join s | Server CPU s (connect+join) | Peak RSS MiB | RSS KiB/conn | Errors |');
  lines.push('|---|---|---|---|---|---|---|---|---|');
}
for (const cfg of configs) {
  for (const mode of modes) {
    const cell = {};
    for (const variant of variants) {
      const rs = results.filter((r) => r.variant === variant && r.mode === mode && r.cfg === cfg);
      const okRuns = rs.filter((r) => r.ok);
      const m = (get) => median(okRuns.map(get));
      cell[variant] = {
        runs: rs.length, ok: okRuns.length,
        connectJoinSec: m((r) => r.connectJoinSec), msgsPerSec: m((r) => r.msgsPerSec),
        p50: m((r) => r.latencyMs.p50), p95: m((r) => r.latencyMs.p95), p99: m((r) => r.latencyMs.p99),
        errors: rs.reduce((a, r) => a + (r.errors ?? 0), 0), lost: rs.reduce((a, r) => a + (r.lost ?? 0), 0),
        cpuSec: m((r) => r.server?.cpuSecMessages), cpuUsPerMsg: m((r) => r.server?.cpuUsPerMsg),
        peakRssMiB: m((r) => r.server?.peakRssMiB), rssPerConnKiB: m((r) => r.server?.rssPerConnKiB),
        genCpuPct: m((r) => r.generatorCpuPct), genUsPerMsg: m((r) => r.generatorCpuUsPerMsg),
        failures: rs.filter((r) => !r.ok).flatMap((r) => r.failures ?? []),
      };
      const c = cell[variant];
      const name = `${variant}${c.ok < c.runs ? ` (**${c.runs - c.ok} of ${c.runs} FAILED**)` : ''}`;
      if (allIdle) {
        const last = rs.at(-1) ?? {};
        Object.assign(c, { held: m((r) => r.connections), cpuSec: m((r) => r.server?.cpuSecConnectJoin) });
        lines.push(`| ${f(2 * cfg.rooms)} | ${f(c.held)} | ${name} | ${last.generators ?? '–'} × ${last.addresses ?? '–'} | ${f(c.connectJoinSec, 2)} | ${f(c.cpuSec, 2)} | ${f(c.peakRssMiB, 0)} | ${f(c.rssPerConnKiB, 1)} | ${c.errors} |`);
        continue;
      }
      lines.push(`| R=${cfg.rooms} M=${cfg.messages} S=${cfg.size} | ${mode} | ${name} | ${f(c.connectJoinSec, 2)} | ${f(c.msgsPerSec)} | ${f(c.p50, 1)} | ${f(c.p95, 1)} | ${f(c.p99, 1)} | ${c.errors} | ${c.lost} | ${f(c.cpuSec, 2)} | ${f(c.cpuUsPerMsg, 1)} | ${f(c.peakRssMiB, 0)} | ${f(c.rssPerConnKiB, 1)} | ${f(c.genCpuPct, 0)} | ${f(c.genUsPerMsg, 1)} |`);
    }
    summary.push({ cfg, mode, cell });
  }
}
lines.push('');
for (const note of new Set(results.map((r) => r.note).filter(Boolean))) lines.push(`Note: ${note}.`, '');
if (variants.includes('baseline') && variants.length > 1) {
  lines.push('Ratios to the baseline in the same run (msgs/s: higher is better; CPU µs/msg, RSS/conn, p99: lower is better):');
  lines.push('');
  lines.push('| Config | Mode | Server | msgs/s | CPU µs/msg | RSS KiB/conn | Peak RSS | p99 | Connect+join time |');
  lines.push('|---|---|---|---|---|---|---|---|---|');
  for (const { cfg, mode, cell } of summary) {
    const b = cell.baseline;
    for (const variant of variants.filter((v) => v !== 'baseline')) {
      const p = cell[variant];
      lines.push(`| R=${cfg.rooms} M=${cfg.messages} S=${cfg.size} | ${mode} | ${variant} | ${ratio(p.msgsPerSec, b.msgsPerSec)} | ${ratio(p.cpuUsPerMsg, b.cpuUsPerMsg)} | ${ratio(p.rssPerConnKiB, b.rssPerConnKiB)} | ${ratio(p.peakRssMiB, b.peakRssMiB)} | ${ratio(p.p99, b.p99)} | ${ratio(p.connectJoinSec, b.connectJoinSec)} |`);
    }
  }
  lines.push('');
}
const failed = results.filter((r) => !r.ok);
if (failed.length) {
  lines.push(`FAILED RUNS (${failed.length}):`);
  for (const r of failed) lines.push(`- ${r.variant} R=${r.cfg.rooms} M=${r.cfg.messages} S=${r.cfg.size} ${r.mode} #${r.rep + 1}: ${(r.failures ?? []).join('; ')}`);
  lines.push('');
}
const table = lines.join('\n');
process.stdout.write(`\n${table}\n`);
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, JSON.stringify({ machine, configs, modes, variants, repeat, results, table }, null, 2));
log(`results written to ${outFile}`);
process.exit(failed.length ? 1 : 0);
