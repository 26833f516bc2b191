// Measurement anchor for bench/signaling (variant floor-node), not product code: the tutorial's semantics on
// the plain `ws` package, written as lean as Node allows. The floor protocol, one JSON object per text frame:
//   {"type":"join","room":"r","username":"u"} -> {"type":"ready","username":"u"} to the others in the room
//   {"type":"data","data":"..."}              -> the same frame, byte for byte, to the others in the room
// FLOOR_VALIDATE=0 checks only the "type" prefix of a data frame instead of parsing it.
// Usage: node floor/node-ws/server.mjs --port 9000 [--host 127.0.0.1]
import { WebSocketServer } from 'ws';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const port = Number(opt('port', '9000'));
const host = opt('host', '127.0.0.1');
const validate = process.env.FLOOR_VALIDATE !== '0';
const MAX_ROOM = 128;
const DATA_PREFIX = Buffer.from('{"type":"data",');

const rooms = new Map(); // name -> array of sockets, replaced on join and leave

function leave(ws) {
  const name = ws.room;
  if (name === undefined) return;
  ws.room = undefined;
  const members = (rooms.get(name) ?? []).filter((m) => m !== ws);
  if (members.length) rooms.set(name, members); else rooms.delete(name);
}

function parse(data) {
  if (!validate && data.length > DATA_PREFIX.length && data.compare(DATA_PREFIX, 0, DATA_PREFIX.length, 0, DATA_PREFIX.length) === 0) {
    return { type: 'data', data: '' };
  }
  try { return JSON.parse(data); } catch { return null; }
}

const wss = new WebSocketServer({ host, port, path: '/ws', perMessageDeflate: false, clientTracking: false, maxPayload: 64 * 1024 });
wss.on('connection', (ws) => {
  ws.on('error', () => {}); // a reset peer: its close event cleans up
  ws.on('close', () => leave(ws));
  ws.on('message', (data, isBinary) => {
    if (isBinary) { ws.close(1003, 'text frames only'); return; }
    const msg = parse(data);
    if (msg === null || typeof msg !== 'object') { ws.close(1007, 'not a JSON object'); return; }
    if (msg.type === 'data') {
      if (typeof msg.data !== 'string') { ws.close(1007, 'a data message needs a string "data"'); return; }
      if (ws.room === undefined) { ws.close(1007, 'join a room before sending data'); return; }
      for (const m of rooms.get(ws.room)) if (m !== ws) m.send(data, { binary: false });
      return;
    }
    if (msg.type === 'join') {
      if (typeof msg.room !== 'string' || msg.room.length === 0 || msg.room.length > MAX_ROOM) {
        ws.close(1007, `a join needs a "room" of 1 to ${MAX_ROOM} characters`);
        return;
      }
      leave(ws);
      const others = rooms.get(msg.room) ?? [];
      rooms.set(msg.room, [...others, ws]);
      ws.room = msg.room;
      const ready = JSON.stringify({ type: 'ready', username: typeof msg.username === 'string' ? msg.username : '' });
      for (const m of others) m.send(ready);
      return;
    }
    ws.close(1007, '"type" must be "join" or "data"');
  });
});
wss.on('listening', () => process.stdout.write(`floor relay (ws) listening on ws://${host}:${port}/ws\n`));

// the open connections would keep a graceful close waiting: the bench only needs the process gone
const stop = () => process.exit(0);
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
