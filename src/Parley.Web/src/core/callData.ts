import { ChatLog, encodeChatText, parseChatPayload } from './chat';
import type { ChatMessage, ChatTextProblem } from './chat';
import { FileReceiver, FileTransferError, checkFileSize, sendFile } from './fileTransfer';
import type { Digest, FileSizeProblem, OutgoingFile, TransferFailure } from './fileTransfer';
import { errorDetail } from './errorDetail';
import type { DataChannelLike, PeerConnectionLike, StreamLike } from './peerSession';

/**
 * The two DataChannels of a call. Both are `negotiated` with a fixed id, so each side creates
 * them on its own the same way and no extra offer/answer or `datachannel` event is needed.
 */
export const CHAT_CHANNEL = { label: 'chat', id: 0 } as const;
export const FILE_CHANNEL = { label: 'file', id: 1 } as const;

/**
 * The type of every received file, whatever the sender claimed: a download, never a page. An object URL of type
 * `text/html` or `image/svg+xml` would render, scripts and all, in Parley's origin once opened.
 */
export const RECEIVED_FILE_TYPE = 'application/octet-stream';

export interface FileTransferView {
  readonly id: string;
  readonly direction: 'out' | 'in';
  readonly name: string;
  readonly size: number;
  readonly doneBytes: number;
  readonly state: 'sending' | 'receiving' | 'done' | 'failed';
  /** For `failed`: what went wrong. */
  readonly failure?: TransferFailure;
  /** For a received file: where to download it from (an object URL). */
  readonly url?: string;
  readonly sha256?: string;
}

/** Chat and files work once the channels to the other person are open. */
export interface NotConnected {
  readonly code: 'not-connected';
}

/** Why a chat message was not sent; `detail` is the channel's own message, if it gave one. */
export type ChatSendProblem =
  | ChatTextProblem
  | NotConnected
  | { readonly code: 'send-failed'; readonly detail: string | null };

/** Why a file was not queued for sending. */
export type FileSendProblem = FileSizeProblem | NotConnected;

export interface CallDataState {
  /** Whether chat and files can be sent now (the channels are open). */
  readonly open: boolean;
  readonly chat: readonly ChatMessage[];
  readonly unreadChat: number;
  readonly transfers: readonly FileTransferView[];
}

export interface CallDataOptions {
  username: string;
  onChange: () => void;
  /** Makes a received file downloadable; the browser's version returns an object URL. */
  saveReceived: (file: Blob) => string;
  digest?: Digest;
  now?: () => number;
}

interface Link {
  chat: DataChannelLike;
  file: DataChannelLike;
  peerName: string;
  receiver: FileReceiver;
}

/**
 * Chat and file transfer of one call. `attach` opens the channels on each new connection to the
 * remote peer; the chat log and the finished transfers outlive a reconnection.
 */
export class CallData {
  private readonly options: CallDataOptions;
  private readonly log = new ChatLog();
  private link: Link | null = null;
  private transfers: FileTransferView[] = [];
  private nextTransfer = 1;
  private sending: Promise<void> = Promise.resolve();
  private stateValue: CallDataState = { open: false, chat: [], unreadChat: 0, transfers: [] };

  constructor(options: CallDataOptions) {
    this.options = options;
  }

  get state(): CallDataState {
    return this.stateValue;
  }

  attach<S extends StreamLike>(pc: PeerConnectionLike<S>, peerName: string): void {
    this.detach();
    const chat = pc.createDataChannel(CHAT_CHANNEL.label, { negotiated: true, id: CHAT_CHANNEL.id, ordered: true });
    const file = pc.createDataChannel(FILE_CHANNEL.label, { negotiated: true, id: FILE_CHANNEL.id, ordered: true });
    file.binaryType = 'arraybuffer';
    const link: Link = { chat, file, peerName, receiver: new FileReceiver({ digest: this.options.digest }) };
    this.link = link;
    const refresh = (): void => {
      if (this.link === link) {
        this.changed();
      }
    };
    for (const channel of [chat, file]) {
      channel.addEventListener('open', refresh);
      channel.addEventListener('close', refresh);
    }
    chat.addEventListener('message', ({ data }) => {
      const text = parseChatPayload(data);
      if (this.link === link && text !== null) {
        this.log.add({ fromMe: false, author: link.peerName, text, at: this.now() });
        this.changed();
      }
    });
    // Chunks must be handled in order even though checking a hash is asynchronous.
    let receiving: Promise<void> = Promise.resolve();
    file.addEventListener('message', ({ data }) => {
      receiving = receiving.then(async () => {
        const event = await link.receiver.handle(data);
        if (this.link !== link || event === null) {
          return;
        }
        switch (event.kind) {
          case 'offer':
            this.putTransfer({
              id: `in-${event.offer.id}`,
              direction: 'in',
              name: event.offer.name,
              size: event.offer.size,
              doneBytes: 0,
              state: 'receiving',
            });
            return;
          case 'progress':
            this.reportProgress(`in-${event.id}`, event.receivedBytes);
            return;
          case 'received':
            this.patchTransfer(`in-${event.offer.id}`, {
              doneBytes: event.offer.size,
              state: 'done',
              url: this.options.saveReceived(new Blob([event.bytes], { type: RECEIVED_FILE_TYPE })),
              sha256: event.offer.sha256,
            });
            return;
          case 'failed':
            if (!this.transfers.some((t) => t.id === `in-${event.id}`)) {
              this.putTransfer({ id: `in-${event.id}`, direction: 'in', name: event.name, size: 0, doneBytes: 0, state: 'failed' });
            }
            this.patchTransfer(`in-${event.id}`, { state: 'failed', failure: event.failure });
            return;
        }
      });
    });
    this.changed();
  }

  /** Forgets the channels of a closed connection (the connection closes them). */
  detach(): void {
    if (this.link === null) {
      return;
    }
    this.link = null;
    for (const transfer of this.transfers) {
      if (transfer.state === 'sending' || transfer.state === 'receiving') {
        this.patchTransfer(transfer.id, { state: 'failed', failure: { code: 'connection-ended' } });
      }
    }
    this.changed();
  }

  /** Sends a chat message; returns why it could not be sent, or `null`. */
  sendChat(text: string): ChatSendProblem | null {
    const encoded = encodeChatText(text);
    if ('problem' in encoded) {
      return encoded.problem;
    }
    const channel = this.link?.chat;
    if (channel === undefined || channel.readyState !== 'open') {
      return { code: 'not-connected' };
    }
    try {
      channel.send(encoded.payload);
    } catch (error) {
      return { code: 'send-failed', detail: errorDetail(error) };
    }
    this.log.add({ fromMe: true, author: this.options.username, text: text.trim(), at: this.now() });
    this.changed();
    return null;
  }

  setChatOpen(open: boolean): void {
    this.log.setOpen(open);
    this.changed();
  }

  /** Queues a file; its progress and outcome show up in {@link state}. Returns a refusal, or `null`. */
  sendFile(file: OutgoingFile): FileSendProblem | null {
    const problem = checkFileSize(file.bytes.byteLength);
    if (problem !== null) {
      return problem;
    }
    const link = this.link;
    if (link === null || link.file.readyState !== 'open') {
      return { code: 'not-connected' };
    }
    const number = this.nextTransfer++;
    const id = `out-${number}`;
    this.putTransfer({ id, direction: 'out', name: file.name, size: file.bytes.byteLength, doneBytes: 0, state: 'sending' });
    this.sending = this.sending.then(async () => {
      try {
        const offer = await sendFile(
          link.file,
          file,
          String(number),
          (sent) => this.reportProgress(id, sent),
          this.options.digest,
        );
        this.patchTransfer(id, { state: 'done', sha256: offer.sha256 });
      } catch (error) {
        const failure: TransferFailure =
          error instanceof FileTransferError ? error.failure : { code: 'send-failed', detail: errorDetail(error) };
        this.patchTransfer(id, { state: 'failed', failure });
      }
    });
    return null;
  }

  /** Resolves when every queued file has been sent or has failed. */
  idle(): Promise<void> {
    return this.sending;
  }

  /** Progress in steps of at least 1 % (a 100 MiB file has 6400 chunks; the UI needs far fewer updates). */
  private reportProgress(id: string, doneBytes: number): void {
    const transfer = this.transfers.find((t) => t.id === id);
    if (transfer === undefined) {
      return;
    }
    if (doneBytes === transfer.size || doneBytes - transfer.doneBytes >= transfer.size / 100) {
      this.patchTransfer(id, { doneBytes });
    }
  }

  private putTransfer(transfer: FileTransferView): void {
    this.transfers = [...this.transfers.filter((t) => t.id !== transfer.id), transfer];
    this.changed();
  }

  private patchTransfer(id: string, change: Partial<FileTransferView>): void {
    this.transfers = this.transfers.map((t) => (t.id === id ? { ...t, ...change } : t));
    this.changed();
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private changed(): void {
    const link = this.link;
    this.stateValue = {
      open: link !== null && link.chat.readyState === 'open' && link.file.readyState === 'open',
      chat: this.log.messages,
      unreadChat: this.log.unread,
      transfers: this.transfers,
    };
    this.options.onChange();
  }
}
