#!/usr/bin/env python3
"""Writes the seed corpora of fuzz/corpus/<target>/: the RFC 5769 and RFC 8489 test vectors, and messages shaped
like what browsers send to a TURN server (ICE Binding checks, the Allocate/401/Allocate exchange,
CreatePermission, ChannelBind, Send, ChannelData, Refresh). Re-run after changing it; the files are committed."""
import hashlib, hmac, os, struct, zlib

HERE = os.path.dirname(os.path.abspath(__file__))
COOKIE = 0x2112A442


def attr(kind, value):
    return struct.pack('!HH', kind, len(value)) + value + b'\0' * (-len(value) % 4)


def message(mtype, attrs, tid=b'\x11' * 12, key=None, fingerprint=False):
    body = b''.join(attrs)

    def header(extra):
        return struct.pack('!HHI', mtype, len(body) + extra, COOKIE) + tid

    if key is not None:
        mac = hmac.new(key, header(24) + body, hashlib.sha1).digest()
        body += attr(0x0008, mac)
    if fingerprint:
        crc = (zlib.crc32(header(8) + body) ^ 0x5354554E) & 0xFFFFFFFF
        body += attr(0x8028, struct.pack('!I', crc))
    return header(0) + body


def xor_address(ip, port):
    a = bytes(int(x) for x in ip.split('.'))
    xa = bytes(b ^ c for b, c in zip(a, struct.pack('!I', COOKIE)))
    return struct.pack('!BBH', 0, 1, port ^ (COOKIE >> 16)) + xa


def channel_data(channel, payload, stream):
    frame = struct.pack('!HH', channel, len(payload)) + payload
    return frame + (b'\0' * (-len(frame) % 4) if stream else b'')


rfc = {
    'rfc5769-request': '000100582112a442b7e7a701bc34d686fa87dfae802200105354554e207465737420636c69656e74002400046e0001ff80290008932ff9b151263b36000600096576746a3a68367659202020000800149aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a280280004e57a3bcf',
    'rfc5769-ipv4-response': '0101003c2112a442b7e7a701bc34d686fa87dfae8022000b7465737420766563746f7220002000080001a147e112a643000800142b91f599fd9e90c38c7489f92af9ba53f06be7d780280004c07d4c96',
    'rfc5769-ipv6-response': '010100482112a442b7e7a701bc34d686fa87dfae8022000b7465737420766563746f7220002000140002a1470113a9faa5d3f179bc25f4b5bed2b9d900080014a382954e4be67bf11784c97c8292c275bfe3ed4180280004c8fb0b4c',
    'rfc5769-long-term-request': '000100602112a44278ad3433c6ad72c029da412e00060012e3839ee38388e383aae38383e382afe382b900000015001c662f2f3439396b393534'
                                 '64364f4c33346f4c394653547679363473410014000b6578616d706c652e6f72670000080014f67024656dd64a3e02b8e0712e85c9a28ca89666',
    'rfc8489-sha256-request': '000100902112a44278ad3433c6ad72c029da412e001e00204a3cf38fef6992bda952c6780417da0f24819415569e60b205c46e41407f1704'
                              '001500296f624d61744a6f733241414143662f2f3439396b39353464364f4c33346f4c394653547679363473410000000014000b6578616d'
                              '706c652e6f726700001d000400020000001c0020b5c7bf005b6c52a21c51c5e892f81924136296cb927c43149309278cc6518e65',
}

key = hashlib.md5(b'fuzz:parley:fuzz-password').digest()
nonce = b'obMatJos2AAACAAAAAAAAAAAAAAAAAAAAAAAA'
cred = [attr(0x0006, b'fuzz'), attr(0x0014, b'parley'), attr(0x0015, nonce)]
tcp = attr(0x0019, b'\x06\0\0\0')
udp = attr(0x0019, b'\x11\0\0\0')
browser = {
    'chrome-ice-binding': message(0x0001, [attr(0x0006, b'a1b2:c3d4'), attr(0xC057, b'\0\x01\0\x0a'),
                                           attr(0x802A, b'\x12' * 8), attr(0x0025, b''), attr(0x0024, b'\x6e\x7f\x1e\xff')],
                                  key=b'ice-password-of-22chars', fingerprint=True),
    'binding-bare': message(0x0001, []),
    'allocate-unauthenticated': message(0x0003, [udp], fingerprint=True),
    'allocate-authenticated': message(0x0003, [udp, attr(0x000D, struct.pack('!I', 3600)), attr(0x001A, b'')] + cred, key=key, fingerprint=True),
    'allocate-tcp-transport': message(0x0003, [tcp] + cred, key=key),
    'create-permission': message(0x0008, [attr(0x0012, xor_address('127.0.0.1', 5000))] + cred, key=key, fingerprint=True),
    'channel-bind': message(0x0009, [attr(0x000C, b'\x40\0\0\0'), attr(0x0012, xor_address('127.0.0.1', 5000))] + cred, key=key, fingerprint=True),
    'refresh-delete': message(0x0004, [attr(0x000D, b'\0\0\0\0')] + cred, key=key),
    'send-indication': message(0x0016, [attr(0x0012, xor_address('127.0.0.1', 5000)), attr(0x0013, b'hello peer')]),
}

# Router inputs: a control byte (bits 0-1 client, bit 2 TCP, bit 3 wrap as authenticated, bit 4 FINGERPRINT),
# then a raw packet, or for wrapped requests the message type and type(2) length(1) value attributes.
def wrapped(mtype, attrs):
    return struct.pack('!H', mtype) + b''.join(struct.pack('!HB', k, len(v)) + v for k, v in attrs)


router = {
    'raw-binding': b'\x00' + browser['binding-bare'],
    'raw-allocate-401': b'\x01' + browser['allocate-unauthenticated'],
    'raw-channel-data': b'\x00' + channel_data(0x4000, b'\x80' * 40, stream=False),
    'raw-send-indication': b'\x00' + browser['send-indication'],
    'auth-allocate': b'\x18' + wrapped(0x0003, [(0x0019, b'\x11\0\0\0'), (0x000D, struct.pack('!I', 600))]),
    'auth-allocate-tcp-client': b'\x0c' + wrapped(0x0003, [(0x0019, b'\x11\0\0\0'), (0x8000, b'\x02\0\0\0')]),
    'auth-create-permission': b'\x08' + wrapped(0x0008, [(0x0012, xor_address('127.0.0.1', 5000))]),
    'auth-channel-bind': b'\x08' + wrapped(0x0009, [(0x000C, b'\x40\0\0\0'), (0x0012, xor_address('127.0.0.1', 5000))]),
    'auth-refresh-delete': b'\x08' + wrapped(0x0004, [(0x000D, b'\0\0\0\0')]),
    'auth-even-port': b'\x09' + wrapped(0x0003, [(0x0019, b'\x11\0\0\0'), (0x0018, b'\x80')]),
}

framing = {
    'stun-then-channel-data': browser['allocate-authenticated'] + channel_data(0x4000, b'\x80' * 13, stream=True),
    'channel-data-run': b''.join(channel_data(0x4000 + i, bytes([i]) * i, stream=True) for i in range(6)),
    'binding-request': browser['chrome-ice-binding'],
    'truncated-frame': channel_data(0x4001, b'\x01' * 100, stream=True)[:60],
}

stun = {name: bytes.fromhex(h) for name, h in rfc.items()}
stun.update(browser)

for target, seeds in (('stun', stun), ('framing', framing), ('router', router)):
    folder = os.path.join(HERE, 'corpus', target)
    os.makedirs(folder, exist_ok=True)
    for name, data in seeds.items():
        with open(os.path.join(folder, name), 'wb') as f:
            f.write(data)
