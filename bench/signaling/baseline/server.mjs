// The tutorial's signaling server (Flask-SocketIO, "Build your first WebRTC app with Python and React")
// rebuilt as a minimal Node socket.io 4 server, so Parley is compared with the design users start from:
//   join -> the caller enters `room`; `ready` goes to everyone else in the room;
//   data -> `data` (the message's `data` field) is relayed to everyone else in the room.
// No validation, no room capacity, no logging: exactly the tutorial's semantics, nothing more.
// Usage: node baseline/server.mjs --port 9000 [--host 127.0.0.1]
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const port = Number(opt('port', '9000'));
const host = opt('host', '127.0.0.1');

const http = createServer();
const io = new Server(http, { cors: { origin: '*' } });

io.on('connection', (socket) => {
  socket.on('join', (message) => {
    const { username, room } = message ?? {};
    if (typeof room !== 'string') return;
    socket.join(room);
    // Flask-SocketIO: emit('ready', {username: username}, to=room, skip_sid=request.sid)
    socket.to(room).emit('ready', { username });
  });

  socket.on('data', (message) => {
    const { room, data } = message ?? {};
    if (typeof room !== 'string') return;
    // Flask-SocketIO: emit('data', data, to=room, skip_sid=request.sid)
    socket.to(room).emit('data', data);
  });
});

http.listen(port, host, () => {
  process.stdout.write(`baseline listening on http://${host}:${port}\n`);
});

const stop = () => io.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
