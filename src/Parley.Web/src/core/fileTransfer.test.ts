import { describe, expect, it } from 'vitest';
import {
  CHUNK_BYTES,
  FileReceiver,
  HIGH_WATER_BYTES,
  MAX_FILE_BYTES,
  checkFileSize,
  sendFile,
  sha256,
  toHex,
} from './fileTransfer';
import type { ReceiverEvent } from './fileTransfer';
import { FakeDataChannel } from './testing/fakeDataChannel';

function bytesOf(length: number): ArrayBuffer {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i += 1) {
    bytes[i] = (i * 31 + 7) & 0xff;
  }
  return bytes.buffer;
}

function linkedChannels() {
  const sender = new FakeDataChannel('file', 1);
  const receiver = new FakeDataChannel('file', 1);
  FakeDataChannel.pair(sender, receiver);
  const fileReceiver = new FileReceiver();
  const events: ReceiverEvent[] = [];
  const pending: Array<Promise<void>> = [];
  receiver.addEventListener('message', ({ data }) => {
    pending.push(
      fileReceiver.handle(data).then((event) => {
        if (event !== null) {
          events.push(event);
        }
      }),
    );
  });
  const settled = async (): Promise<void> => {
    for (let i = 0; i < 3; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      await Promise.all(pending);
    }
  };
  return { sender, receiver, events, settled };
}

describe('file transfer', () => {
  it('delivers a file in chunks with the same SHA-256, reporting progress on both sides', async () => {
    const { sender, events, settled } = linkedChannels();
    const bytes = bytesOf(CHUNK_BYTES * 3 + 123);
    const progress: number[] = [];

    const offer = await sendFile(sender, { name: 'notes.txt', type: 'text/plain', bytes }, 'f1', (n) => progress.push(n));
    await settled();

    expect(offer.sha256).toBe(toHex(await sha256(bytes)));
    expect(progress).toEqual([CHUNK_BYTES, CHUNK_BYTES * 2, CHUNK_BYTES * 3, bytes.byteLength]);
    expect(events.map((e) => e.kind)).toEqual(['offer', 'progress', 'progress', 'progress', 'progress', 'received']);
    const received = events.at(-1);
    expect(received?.kind === 'received' && received.offer).toMatchObject({ name: 'notes.txt', type: 'text/plain' });
    expect(received?.kind === 'received' && toHex(await sha256(received.bytes))).toBe(offer.sha256);
  });

  it('waits for bufferedamountlow instead of queueing more than the high-water mark', async () => {
    const { sender, events, settled } = linkedChannels();
    const bytes = bytesOf(HIGH_WATER_BYTES * 3);

    await sendFile(sender, { name: 'big.bin', type: '', bytes }, 'f2', () => {});
    await settled();

    expect(sender.bufferedAmountLowThreshold).toBeGreaterThan(0);
    expect(sender.peakBufferedAmount).toBeLessThanOrEqual(HIGH_WATER_BYTES + CHUNK_BYTES + 1024);
    expect(events.at(-1)?.kind).toBe('received');
  });

  it('fails the send with an explanation when the channel closes while waiting to drain', async () => {
    const { sender } = linkedChannels();
    sender.autoFlush = false;
    const sending = sendFile(sender, { name: 'big.bin', type: '', bytes: bytesOf(HIGH_WATER_BYTES * 2) }, 'f3', () => {});
    await new Promise((resolve) => setTimeout(resolve, 5));
    sender.close();
    await expect(sending).rejects.toMatchObject({ failure: { code: 'channel-closed' } });
  });

  it('refuses to send an empty or an oversized file', async () => {
    expect(checkFileSize(0)).toEqual({ code: 'file-empty' });
    expect(checkFileSize(MAX_FILE_BYTES + 1)).toEqual({ code: 'file-too-large', size: MAX_FILE_BYTES + 1, limit: MAX_FILE_BYTES });
    expect(checkFileSize(MAX_FILE_BYTES)).toBeNull();
    const { sender } = linkedChannels();
    await expect(
      sendFile(sender, { name: 'e', type: '', bytes: new ArrayBuffer(0) }, 'f4', () => {}),
    ).rejects.toMatchObject({ failure: { code: 'file-empty' } });
  });

  it('rejects a file whose bytes do not match the announced SHA-256', async () => {
    const receiver = new FileReceiver();
    const bytes = bytesOf(100);
    const wrongHash = toHex(await sha256(bytesOf(99)));
    await receiver.handle(JSON.stringify({ type: 'file-offer', id: 'x', name: 'a.bin', mime: '', size: 100, sha256: wrongHash }));
    await receiver.handle(bytes);
    const result = await receiver.handle(JSON.stringify({ type: 'file-end', id: 'x' }));
    expect(result).toEqual({ kind: 'failed', id: 'x', name: 'a.bin', failure: { code: 'damaged' } });
  });

  it('rejects an offer over the limit and a file larger or smaller than announced', async () => {
    const hash = toHex(await sha256(bytesOf(10)));
    const small = new FileReceiver({ limit: 50 });
    const over = await small.handle(JSON.stringify({ type: 'file-offer', id: 'a', name: 'a', size: 51, sha256: hash }));
    expect(over).toMatchObject({ kind: 'failed', failure: { code: 'file-too-large', size: 51, limit: 50 } });
    expect(await small.handle(bytesOf(10))).toBeNull();

    const receiver = new FileReceiver();
    await receiver.handle(JSON.stringify({ type: 'file-offer', id: 'b', name: 'b', size: 10, sha256: hash }));
    expect(await receiver.handle(bytesOf(11))).toMatchObject({ kind: 'failed', failure: { code: 'larger-than-announced' } });

    await receiver.handle(JSON.stringify({ type: 'file-offer', id: 'c', name: 'c', size: 10, sha256: hash }));
    await receiver.handle(bytesOf(4));
    expect(await receiver.handle(JSON.stringify({ type: 'file-end', id: 'c' }))).toMatchObject({
      kind: 'failed',
      failure: { code: 'incomplete', receivedBytes: 4, size: 10 },
    });
  });

  it('ignores malformed control messages and chunks outside a transfer', async () => {
    const receiver = new FileReceiver();
    expect(await receiver.handle('not json')).toBeNull();
    expect(await receiver.handle(JSON.stringify({ type: 'file-offer', id: 'a', name: 'a', size: 1, sha256: 'zz' }))).toBeNull();
    expect(await receiver.handle(bytesOf(3))).toBeNull();
    expect(await receiver.handle(JSON.stringify({ type: 'file-end', id: 'nothing' }))).toBeNull();
  });
});
