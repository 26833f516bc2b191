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
  /** Who the file goes to (`out`) or comes from (`in`): in a group call each recipient has a transfer of its own. */
  readonly peerName: string;
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

/** Chat and files work once the channels to someone else in the room are open. */
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
  readonly peerId: string;
  readonly chat: DataChannelLike;
  readonly file: DataChannelLike;
  readonly peerName: string;
  readonly receiver: FileReceiver;
  /** Files to this peer go one after another; files to different peers go side by side. */
  sending: Promise<void>;
}

/**
 * Chat and file transfer of one call, with everyone else in the room: `attach` opens the channels on each new
 * connection to a peer, a message or a file goes to every peer whose channels are open, and the chat log and the
 * finished transfers outlive the connections.
 */
export class CallData {
  private readonly options: CallDataOptions;
  private readonly log = new ChatLog();
  private readonly links = new Map<string, Link>();
  private transfers: FileTransferView[] = [];
  /** The peer each unfinished transfer is with, to fail it when their connection goes. */
  private readonly transferPeer = new Map<string, string>();
  private nextTransfer = 1;
  private stateValue: CallDataState = { open: false, chat: [], unreadChat: 0, transfers: [] };

  constructor(options: CallDataOptions) {
    this.options = options;
  }

  get state(): CallDataState {
    return this.stateValue;
  }

  /** Opens the chat and file channels on a new connection to `peerId` (replacing those of an earlier one). */
  attach<S extends StreamLike>(peerId: string, pc: PeerConnectionLike<S>, peerName: string): void {
    this.detach(peerId);
    const chat = pc.createDataChannel(CHAT_CHANNEL.label, { negotiated: true, id: CHAT_CHANNEL.id, ordered: true });
    const file = pc.createDataChannel(FILE_CHANNEL.label, { negotiated: true, id: FILE_CHANNEL.id, ordered: true });
    file.binaryType = 'arraybuffer';
    const link: Link = {
      peerId,
      chat,
      file,
      peerName,
      receiver: new FileReceiver({ digest: this.options.digest }),
      sending: Promise.resolve(),
    };
    this.links.set(peerId, link);
    const current = (): boolean => this.links.get(peerId) === link;
    const refresh = (): void => {
      if (current()) {
        this.changed();
      }
    };
    for (const channel of [chat, file]) {
      channel.addEventListener('open', refresh);
      channel.addEventListener('close', refresh);
    }
    chat.addEventListener('message', ({ data }) => {
      const text = parseChatPayload(data);
      if (current() && text !== null) {
        this.log.add({ fromMe: false, author: link.peerName, text, at: this.now() });
        this.changed();
      }
    });
    // Chunks must be handled in order even though checking a hash is asynchronous.
    let receiving: Promise<void> = Promise.resolve();
    file.addEventListener('message', ({ data }) => {
      receiving = receiving.then(async () => {
        const event = await link.receiver.handle(data);
        if (!current() || event === null) {
          return;
        }
        // Each sender numbers its own files: the peer id keeps two senders' file 1 apart.
        const id = (fileId: string): string => `in-${peerId}-${fileId}`;
        switch (event.kind) {
          case 'offer':
            this.putTransfer(peerId, {
              id: id(event.offer.id),
              direction: 'in',
              peerName: link.peerName,
              name: event.offer.name,
              size: event.offer.size,
              doneBytes: 0,
              state: 'receiving',
            });
            return;
          case 'progress':
            this.reportProgress(id(event.id), event.receivedBytes);
            return;
          case 'received':
            this.patchTransfer(id(event.offer.id), {
              doneBytes: event.offer.size,
              state: 'done',
              url: this.options.saveReceived(new Blob([event.bytes], { type: RECEIVED_FILE_TYPE })),
              sha256: event.offer.sha256,
            });
            return;
          case 'failed':
            if (!this.transfers.some((t) => t.id === id(event.id))) {
              this.putTransfer(peerId, {
                id: id(event.id),
                direction: 'in',
                peerName: link.peerName,
                name: event.name,
                size: 0,
                doneBytes: 0,
                state: 'failed',
              });
            }
            this.patchTransfer(id(event.id), { state: 'failed', failure: event.failure });
            return;
        }
      });
    });
    this.changed();
  }

  /** Forgets the channels of a closed connection to `peerId` (the connection closes them). */
  detach(peerId: string): void {
    if (!this.links.delete(peerId)) {
      return;
    }
    for (const transfer of this.transfers) {
      const unfinished = transfer.state === 'sending' || transfer.state === 'receiving';
      if (unfinished && this.transferPeer.get(transfer.id) === peerId) {
        this.patchTransfer(transfer.id, { state: 'failed', failure: { code: 'connection-ended' } });
      }
    }
    this.changed();
  }

  /** Sends a chat message to everyone connected; returns why it reached nobody, or `null`. */
  sendChat(text: string): ChatSendProblem | null {
    const encoded = encodeChatText(text);
    if ('problem' in encoded) {
      return encoded.problem;
    }
    const channels = this.openLinks().map((link) => link.chat);
    if (channels.length === 0) {
      return { code: 'not-connected' };
    }
    let failure: unknown = null;
    let delivered = 0;
    for (const channel of channels) {
      try {
        channel.send(encoded.payload);
        delivered += 1;
      } catch (error) {
        failure = error;
      }
    }
    if (delivered === 0) {
      return { code: 'send-failed', detail: errorDetail(failure) };
    }
    this.log.add({ fromMe: true, author: this.options.username, text: text.trim(), at: this.now() });
    this.changed();
    return null;
  }

  setChatOpen(open: boolean): void {
    this.log.setOpen(open);
    this.changed();
  }

  /**
   * Queues a file for everyone connected, a transfer to each; their progress and outcome show up in {@link state}.
   * Returns a refusal, or `null`.
   */
  sendFile(file: OutgoingFile): FileSendProblem | null {
    const problem = checkFileSize(file.bytes.byteLength);
    if (problem !== null) {
      return problem;
    }
    const links = this.openLinks().filter((link) => link.file.readyState === 'open');
    if (links.length === 0) {
      return { code: 'not-connected' };
    }
    const number = this.nextTransfer++;
    for (const link of links) {
      const id = `out-${number}-${link.peerId}`;
      this.putTransfer(link.peerId, {
        id,
        direction: 'out',
        peerName: link.peerName,
        name: file.name,
        size: file.bytes.byteLength,
        doneBytes: 0,
        state: 'sending',
      });
      link.sending = link.sending.then(async () => {
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
    }
    return null;
  }

  /** Resolves when every queued file has been sent or has failed. */
  async idle(): Promise<void> {
    await Promise.all([...this.links.values()].map((link) => link.sending));
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

  private putTransfer(peerId: string, transfer: FileTransferView): void {
    this.transfers = [...this.transfers.filter((t) => t.id !== transfer.id), transfer];
    this.transferPeer.set(transfer.id, peerId);
    this.changed();
  }

  private patchTransfer(id: string, change: Partial<FileTransferView>): void {
    this.transfers = this.transfers.map((t) => (t.id === id ? { ...t, ...change } : t));
    this.changed();
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** The peers whose chat channel is open. */
  private openLinks(): Link[] {
    return [...this.links.values()].filter((link) => link.chat.readyState === 'open');
  }

  private changed(): void {
    this.stateValue = {
      open: this.openLinks().some((link) => link.file.readyState === 'open'),
      chat: this.log.messages,
      unreadChat: this.log.unread,
      transfers: this.transfers,
    };
    this.options.onChange();
  }
}
