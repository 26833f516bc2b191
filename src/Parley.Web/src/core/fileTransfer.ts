import type { DataChannelLike } from './peerSession';

/** Files larger than this are refused by both sides. */
export const MAX_FILE_BYTES = 100 * 1024 * 1024;
/** 16 KiB: a size every browser's SCTP stack delivers in one message. */
export const CHUNK_BYTES = 16 * 1024;
/** The sender stops queueing above this much buffered data... */
export const HIGH_WATER_BYTES = 1024 * 1024;
/** ...and goes on when the buffer drains below this (`bufferedAmountLowThreshold`). */
export const LOW_WATER_BYTES = 256 * 1024;

export interface OutgoingFile {
  readonly name: string;
  readonly type: string;
  readonly bytes: ArrayBuffer;
}

/** What the sender announces before the chunks. */
export interface FileOffer {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly size: number;
  /** Lowercase hex SHA-256 of the whole file. */
  readonly sha256: string;
}

export type Digest = (bytes: ArrayBuffer) => Promise<ArrayBuffer>;

export const sha256: Digest = (bytes) => crypto.subtle.digest('SHA-256', bytes);

export function toHex(bytes: ArrayBuffer): string {
  return Array.from(new Uint8Array(bytes), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Why a file of this size is refused, by the side that sends it or the side that receives it. */
export type FileSizeProblem =
  | { readonly code: 'file-empty' }
  | { readonly code: 'file-too-large'; readonly size: number; readonly limit: number };

/** Why a transfer failed; the components put it into words. */
export type TransferFailure =
  | FileSizeProblem
  /** The channel closed while the file was being sent. */
  | { readonly code: 'channel-closed' }
  /** The connection to the peer ended before the file was complete (either direction). */
  | { readonly code: 'connection-ended' }
  | { readonly code: 'incomplete'; readonly receivedBytes: number; readonly size: number }
  /** The bytes do not match the SHA-256 the sender announced. */
  | { readonly code: 'damaged' }
  | { readonly code: 'larger-than-announced' }
  /** Anything else; `detail` is the error's own message, if it had one. */
  | { readonly code: 'send-failed'; readonly detail: string | null };

/** What {@link sendFile} rejects with when the file cannot go. */
export class FileTransferError extends Error {
  override readonly name = 'FileTransferError';
  readonly failure: TransferFailure;

  constructor(failure: TransferFailure) {
    super(`The file transfer failed: ${failure.code}`);
    this.failure = failure;
  }
}

/** Why a file cannot be sent or received, or `null` if it can. */
export function checkFileSize(size: number, limit = MAX_FILE_BYTES): FileSizeProblem | null {
  if (size <= 0) {
    return { code: 'file-empty' };
  }
  if (size > limit) {
    return { code: 'file-too-large', size, limit };
  }
  return null;
}

function channelClosed(): FileTransferError {
  return new FileTransferError({ code: 'channel-closed' });
}

/** Resolves once the channel's buffer drains below its threshold; rejects if the channel closes. */
function drained(channel: DataChannelLike): Promise<void> {
  return new Promise((resolve, reject) => {
    const onLow = (): void => {
      cleanup();
      resolve();
    };
    const onClose = (): void => {
      cleanup();
      reject(channelClosed());
    };
    const cleanup = (): void => {
      channel.removeEventListener('bufferedamountlow', onLow);
      channel.removeEventListener('close', onClose);
    };
    channel.addEventListener('bufferedamountlow', onLow);
    channel.addEventListener('close', onClose);
  });
}

/**
 * Sends one file: an `offer` (name, size, SHA-256), the bytes in {@link CHUNK_BYTES} chunks, and
 * an `end`. Waits for `bufferedamountlow` whenever more than {@link HIGH_WATER_BYTES} are queued,
 * so a large file never floods the browser's buffer. `onProgress` gets the bytes queued so far.
 */
export async function sendFile(
  channel: DataChannelLike,
  file: OutgoingFile,
  id: string,
  onProgress: (sentBytes: number) => void,
  digest: Digest = sha256,
): Promise<FileOffer> {
  const problem = checkFileSize(file.bytes.byteLength);
  if (problem !== null) {
    throw new FileTransferError(problem);
  }
  const offer: FileOffer = {
    id,
    name: file.name,
    type: file.type,
    size: file.bytes.byteLength,
    sha256: toHex(await digest(file.bytes)),
  };
  if (channel.readyState !== 'open') {
    throw channelClosed();
  }
  channel.bufferedAmountLowThreshold = LOW_WATER_BYTES;
  channel.send(
    JSON.stringify({ type: 'file-offer', id, name: offer.name, mime: offer.type, size: offer.size, sha256: offer.sha256 }),
  );
  for (let offset = 0; offset < file.bytes.byteLength; offset += CHUNK_BYTES) {
    if (channel.bufferedAmount > HIGH_WATER_BYTES) {
      await drained(channel);
    }
    if (channel.readyState !== 'open') {
      throw channelClosed();
    }
    const end = Math.min(offset + CHUNK_BYTES, file.bytes.byteLength);
    channel.send(file.bytes.slice(offset, end));
    onProgress(end);
  }
  channel.send(JSON.stringify({ type: 'file-end', id }));
  return offer;
}

export type ReceiverEvent =
  | { kind: 'offer'; offer: FileOffer }
  | { kind: 'progress'; id: string; receivedBytes: number }
  | { kind: 'received'; offer: FileOffer; bytes: ArrayBuffer }
  | { kind: 'failed'; id: string; name: string; failure: TransferFailure };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseControl(data: string): { type: 'offer'; offer: FileOffer } | { type: 'end'; id: string } | null {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (!isRecord(value) || typeof value.id !== 'string') {
    return null;
  }
  if (value.type === 'file-end') {
    return { type: 'end', id: value.id };
  }
  if (
    value.type !== 'file-offer' ||
    typeof value.name !== 'string' ||
    typeof value.size !== 'number' ||
    !Number.isSafeInteger(value.size) ||
    typeof value.sha256 !== 'string' ||
    !/^[0-9a-f]{64}$/.test(value.sha256)
  ) {
    return null;
  }
  const mime = typeof value.mime === 'string' ? value.mime : '';
  return {
    type: 'offer',
    offer: { id: value.id, name: value.name.slice(0, 255), type: mime, size: value.size, sha256: value.sha256 },
  };
}

/**
 * The receiving end of the `file` channel: collects the chunks of one file at a time and checks
 * the size and SHA-256 the sender announced before handing the bytes over.
 */
export class FileReceiver {
  private current: { offer: FileOffer; chunks: ArrayBuffer[]; received: number; failed: boolean } | null = null;
  private readonly limit: number;
  private readonly digest: Digest;

  constructor(options: { limit?: number; digest?: Digest } = {}) {
    this.limit = options.limit ?? MAX_FILE_BYTES;
    this.digest = options.digest ?? sha256;
  }

  /** Handles one message of the channel; resolves to what the UI should show, if anything. */
  async handle(data: unknown): Promise<ReceiverEvent | null> {
    if (data instanceof ArrayBuffer) {
      return this.handleChunk(data);
    }
    if (typeof data !== 'string') {
      return null;
    }
    const control = parseControl(data);
    if (control === null) {
      return null;
    }
    if (control.type === 'offer') {
      const { offer } = control;
      // A new offer drops a file the sender gave up on without an end.
      const problem = checkFileSize(offer.size, this.limit);
      if (problem !== null) {
        this.current = { offer, chunks: [], received: 0, failed: true };
        return this.fail(offer, problem);
      }
      this.current = { offer, chunks: [], received: 0, failed: false };
      return { kind: 'offer', offer };
    }
    const current = this.current;
    if (current === null || current.offer.id !== control.id) {
      return null;
    }
    this.current = null;
    if (current.failed) {
      return null;
    }
    if (current.received !== current.offer.size) {
      return this.fail(current.offer, { code: 'incomplete', receivedBytes: current.received, size: current.offer.size });
    }
    const bytes = concat(current.chunks, current.received);
    const hash = toHex(await this.digest(bytes));
    if (hash !== current.offer.sha256) {
      return this.fail(current.offer, { code: 'damaged' });
    }
    return { kind: 'received', offer: current.offer, bytes };
  }

  private handleChunk(chunk: ArrayBuffer): ReceiverEvent | null {
    const current = this.current;
    if (current === null || current.failed) {
      return null;
    }
    current.received += chunk.byteLength;
    if (current.received > current.offer.size) {
      current.failed = true;
      current.chunks = [];
      return this.fail(current.offer, { code: 'larger-than-announced' });
    }
    current.chunks.push(chunk);
    return { kind: 'progress', id: current.offer.id, receivedBytes: current.received };
  }

  private fail(offer: FileOffer, failure: TransferFailure): ReceiverEvent {
    return { kind: 'failed', id: offer.id, name: offer.name, failure };
  }
}

function concat(chunks: readonly ArrayBuffer[], total: number): ArrayBuffer {
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(new Uint8Array(chunk), offset);
    offset += chunk.byteLength;
  }
  return bytes.buffer;
}
