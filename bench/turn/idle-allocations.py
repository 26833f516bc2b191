#!/usr/bin/env python3
"""Holds idle TURN allocations on a server and reads its RSS as they add up.

Allocates over UDP with TURN REST credentials (one user per allocation, so no per-user quota is touched), from
ADDRESSES loopback source addresses (127.0.0.2, 127.0.0.3, ...) with PER_ADDRESS sockets each, so no address
holds more than a handful and the ephemeral port range is never the limit. After WARMUP allocations (the
server's code paths run once, JIT-compiled in a JIT build) it reads the server's VmRSS as the base, then reads it
again each time the count reaches a checkpoint. It never refreshes: every allocation is held idle, for less than
its 600 s lifetime, and closed when the run ends. The run stops by itself at --deadline seconds.

Prints one line per checkpoint: "allocations=N rss_kib=R added_kib=A per_allocation_kib=P".
Usage: idle-allocations.py --port P --pid PID --secret S --realm R --checkpoints 1000,10000 [--deadline 300]
"""
import argparse
import base64
import hashlib
import hmac
import os
import resource
import select
import socket
import struct
import sys
import time

MAGIC = 0x2112A442
ALLOCATE = 0x0003
ALLOCATE_SUCCESS = 0x0103
ALLOCATE_ERROR = 0x0113
USERNAME, MESSAGE_INTEGRITY, ERROR_CODE, REALM, NONCE, REQUESTED_TRANSPORT = 0x0006, 0x0008, 0x0009, 0x0014, 0x0015, 0x0019


def attribute(kind, value):
    padding = (4 - len(value) % 4) % 4
    return struct.pack("!HH", kind, len(value)) + value + b"\0" * padding


def message(kind, txid, attributes, key=None):
    body = b"".join(attributes)
    if key is None:
        return struct.pack("!HHI", kind, len(body), MAGIC) + txid + body
    # RFC 8489 §14.5: the HMAC covers the header with a length that already counts MESSAGE-INTEGRITY (24 bytes).
    header = struct.pack("!HHI", kind, len(body) + 24, MAGIC) + txid
    mac = hmac.new(key, header + body, hashlib.sha1).digest()
    return header + body + attribute(MESSAGE_INTEGRITY, mac)


def parse(data):
    if len(data) < 20:
        return None, None, {}
    kind, length, magic = struct.unpack("!HHI", data[:8])
    if magic != MAGIC:
        return None, None, {}
    attributes, offset = {}, 20
    while offset + 4 <= 20 + length and offset + 4 <= len(data):
        a_kind, a_length = struct.unpack("!HH", data[offset:offset + 4])
        attributes[a_kind] = data[offset + 4:offset + 4 + a_length]
        offset += 4 + a_length + (4 - a_length % 4) % 4
    return kind, data[8:20], attributes


class Client:
    def __init__(self, source, server, secret, realm, index):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((source, 0))
        self.sock.setblocking(False)
        self.server = server
        # TURN REST (draft-uberti-behave-turn-rest): user "expiry:id", password base64(HMAC-SHA1(secret, user)).
        self.user = f"{int(time.time()) + 3600}:idle{index}".encode()
        password = base64.b64encode(hmac.new(secret, self.user, hashlib.sha1).digest())
        self.key = hashlib.md5(self.user + b":" + realm + b":" + password).digest()
        self.realm = realm
        self.nonce = None
        self.done = False
        self.txid = None

    def send(self, retransmit=False):
        # A retransmission keeps its transaction id (RFC 8489 §6.2.1): a server that allocated already answers again.
        if not retransmit:
            self.txid = os.urandom(12)
        transport = attribute(REQUESTED_TRANSPORT, bytes([17, 0, 0, 0]))
        if self.nonce is None:
            packet = message(ALLOCATE, self.txid, [transport])
        else:
            packet = message(ALLOCATE, self.txid, [attribute(USERNAME, self.user), attribute(REALM, self.realm),
                                                   attribute(NONCE, self.nonce), transport], self.key)
        self.sock.sendto(packet, self.server)

    def receive(self):
        """True when this answer moved the client on (a nonce, or the allocation)."""
        try:
            data = self.sock.recv(2048)
        except BlockingIOError:
            return False
        kind, txid, attributes = parse(data)
        if txid != self.txid:
            return False
        if kind == ALLOCATE_SUCCESS:
            self.done = True
            return True
        if kind == ALLOCATE_ERROR and NONCE in attributes and self.nonce != attributes[NONCE]:
            code = attributes.get(ERROR_CODE, b"\0\0\0\0")
            if code[2] * 100 + code[3] in (401, 438):
                self.nonce = attributes[NONCE]
                self.send()
                return True
        raise SystemExit(f"error: allocation refused: {data[20:].hex()}")


def allocate(clients, deadline):
    """Allocates for every client (two round trips each), retransmitting after 1 s; exits past the deadline."""
    for client in clients:
        client.send()
    pending = {c.sock.fileno(): c for c in clients}
    last_send = time.monotonic()
    while pending:
        if time.monotonic() > deadline:
            raise SystemExit(f"error: deadline reached with {len(pending)} allocations unanswered")
        poller = select.poll()
        for fd in pending:
            poller.register(fd, select.POLLIN)
        for fd, _ in poller.poll(200):
            client = pending[fd]
            if client.receive() and client.done:
                del pending[fd]
        if time.monotonic() - last_send > 1:
            for client in pending.values():
                client.send(retransmit=True)
            last_send = time.monotonic()


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--pid", type=int, required=True)
    parser.add_argument("--secret", required=True)
    parser.add_argument("--realm", required=True)
    parser.add_argument("--checkpoints", default="1000,10000")
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--per-address", type=int, default=100)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--settle", type=float, default=2.0, help="seconds between the last allocation and a reading")
    parser.add_argument("--deadline", type=float, default=300)
    args = parser.parse_args()

    checkpoints = sorted(int(c) for c in args.checkpoints.split(","))
    total = args.warmup + checkpoints[-1]
    if total > 250 * args.per_address:
        raise SystemExit("error: more allocations than 127.0.0.2-127.0.0.251 hold at --per-address")
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard < total + 64:
        raise SystemExit(f"error: {total} sockets need a higher open-file limit than {hard}")
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))

    deadline = time.monotonic() + args.deadline
    server = (args.host, args.port)
    secret, realm = args.secret.encode(), args.realm.encode()
    clients = []

    def grow(to):
        while len(clients) < to:
            batch = []
            for _ in range(min(args.batch, to - len(clients))):
                index = len(clients) + len(batch)
                source = f"127.0.0.{2 + index // args.per_address}"
                batch.append(Client(source, server, secret, realm, index))
            allocate(batch, deadline)
            clients.extend(batch)

    grow(args.warmup)
    time.sleep(args.settle)
    base = rss_kib(args.pid)
    print(f"allocations=0 rss_kib={base} (after {args.warmup} warm-up allocations)", flush=True)
    for checkpoint in checkpoints:
        grow(args.warmup + checkpoint)
        time.sleep(args.settle)
        rss = rss_kib(args.pid)
        print(f"allocations={checkpoint} rss_kib={rss} added_kib={rss - base} "
              f"per_allocation_kib={(rss - base) / checkpoint:.2f}", flush=True)
    for client in clients:
        client.sock.close()


if __name__ == "__main__":
    sys.exit(main())
