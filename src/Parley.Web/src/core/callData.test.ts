import { describe, expect, it, vi } from 'vitest';
import { CHAT_CHANNEL, CallData, FILE_CHANNEL, RECEIVED_FILE_TYPE } from './callData';
import { CHUNK_BYTES, sha256, toHex } from './fileTransfer';
import { FakeDataChannel } from './testing/fakeDataChannel';
import { FakePeerConnection, settle } from './testing/fakePeerConnection';

function side(username: string) {
  const saved: Blob[] = [];
  let changes = 0;
  const data = new CallData({
    username,
    onChange: () => {
      changes += 1;
    },
    saveReceived: (file) => {
      saved.push(file);
      return `blob:${saved.length}`;
    },
    now: () => 1000,
  });
  const pc = new FakePeerConnection(username);
  return { data, pc, saved, changes: () => changes };
}

/** Waits until every transfer the side knows of has arrived: hashing a large file takes a while on a busy machine. */
function receivedAll({ data }: ReturnType<typeof side>): Promise<void> {
  return vi.waitFor(
    () => {
      expect(data.state.transfers.map((t) => t.state)).not.toContain('receiving');
      expect(data.state.transfers).not.toHaveLength(0);
    },
    { timeout: 10_000, interval: 5 },
  );
}

function connect() {
  const ada = side('Ada');
  const bob = side('Bob');
  ada.data.attach('peer-bob', ada.pc, 'Bob');
  bob.data.attach('peer-ada', bob.pc, 'Ada');
  for (const index of [0, 1]) {
    const [a, b] = [ada.pc.dataChannels[index], bob.pc.dataChannels[index]];
    if (a === undefined || b === undefined) {
      throw new Error('CallData did not create both channels');
    }
    FakeDataChannel.pair(a, b);
  }
  return { ada, bob };
}

describe('CallData', () => {
  it('creates the chat and file channels negotiated with fixed ids, so both sides match without a datachannel event', () => {
    const { pc, data } = side('Ada');
    data.attach('peer-bob', pc, 'Bob');
    expect(pc.dataChannels.map((c) => [c.label, c.id])).toEqual([
      [CHAT_CHANNEL.label, CHAT_CHANNEL.id],
      [FILE_CHANNEL.label, FILE_CHANNEL.id],
    ]);
    expect(pc.dataChannels[1]?.binaryType).toBe('arraybuffer');
    expect(data.state.open).toBe(false);
  });

  it('carries a chat message both ways and counts the unread ones', async () => {
    const { ada, bob } = connect();
    expect(ada.data.state.open).toBe(true);

    expect(ada.data.sendChat('  hi Bob ')).toBeNull();
    await settle();
    expect(bob.data.state.chat).toEqual([{ id: 1, fromMe: false, author: 'Ada', text: 'hi Bob', at: 1000 }]);
    expect(bob.data.state.unreadChat).toBe(1);
    expect(ada.data.state.chat.map((m) => [m.fromMe, m.author, m.text])).toEqual([[true, 'Ada', 'hi Bob']]);

    bob.data.setChatOpen(true);
    expect(bob.data.state.unreadChat).toBe(0);
  });

  it('says why chat cannot be sent: nobody connected yet, or nothing typed', () => {
    const { pc, data } = side('Ada');
    expect(data.sendChat('hello')).toEqual({ code: 'not-connected' });
    expect(data.sendFile({ name: 'a.txt', type: '', bytes: new ArrayBuffer(1) })).toEqual({ code: 'not-connected' });
    data.attach('peer-bob', pc, 'Bob');
    expect(data.sendChat('  ')).toEqual({ code: 'empty' });
  });

  it('sends a file that arrives with the same hash and becomes downloadable', async () => {
    const { ada, bob } = connect();
    const bytes = new Uint8Array(CHUNK_BYTES * 2 + 5).map((_, i) => i % 251).buffer;

    expect(ada.data.sendFile({ name: 'photo.jpg', type: 'image/jpeg', bytes })).toBeNull();
    await ada.data.idle();
    await receivedAll(bob);

    const expected = toHex(await sha256(bytes));
    expect(ada.data.state.transfers).toEqual([
      expect.objectContaining({ direction: 'out', name: 'photo.jpg', state: 'done', doneBytes: bytes.byteLength, sha256: expected }),
    ]);
    expect(bob.data.state.transfers).toEqual([
      expect.objectContaining({ direction: 'in', name: 'photo.jpg', state: 'done', url: 'blob:1', sha256: expected }),
    ]);
    expect(toHex(await sha256(await (bob.saved[0] ?? new Blob()).arrayBuffer()))).toBe(expected);
  });

  it.each(['text/html', 'image/svg+xml', 'application/xhtml+xml', 'text/javascript', 'image/png'])(
    'offers a received file the sender called %s as a download (application/octet-stream), never as a page',
    async (claimed) => {
      const { ada, bob } = connect();
      const page = new TextEncoder().encode('<svg onload="alert(document.domain)"/>');

      expect(ada.data.sendFile({ name: 'invoice.html', type: claimed, bytes: page.buffer })).toBeNull();
      await ada.data.idle();
      await receivedAll(bob);

      expect(bob.data.state.transfers).toEqual([expect.objectContaining({ state: 'done', url: 'blob:1' })]);
      expect(bob.saved.map((file) => file.type)).toEqual([RECEIVED_FILE_TYPE]);
      expect(RECEIVED_FILE_TYPE).toBe('application/octet-stream');
      expect(new Uint8Array(await (bob.saved[0] ?? new Blob()).arrayBuffer())).toEqual(page);
    },
  );

  it('reports progress in steps of at least 1 %, not once per chunk', async () => {
    const { ada, bob } = connect();
    const bytes = new ArrayBuffer(CHUNK_BYTES * 400);
    expect(ada.data.sendFile({ name: 'big.bin', type: '', bytes })).toBeNull();
    const before = ada.changes();
    await ada.data.idle();
    await receivedAll(bob);
    expect(ada.changes() - before).toBeLessThanOrEqual(102);
    expect(bob.data.state.transfers[0]).toMatchObject({ state: 'done', doneBytes: bytes.byteLength });
  });

  it('marks unfinished transfers failed when the connection goes away', async () => {
    const { ada } = connect();
    const fileChannel = ada.pc.dataChannels[1];
    if (fileChannel !== undefined) {
      fileChannel.autoFlush = false;
    }
    ada.data.sendFile({ name: 'big.bin', type: '', bytes: new ArrayBuffer(4 * 1024 * 1024) });
    await settle();
    ada.data.detach('peer-bob');
    await settle();
    expect(ada.data.state.transfers[0]).toMatchObject({ state: 'failed', failure: { code: 'connection-ended' } });
  });
});
