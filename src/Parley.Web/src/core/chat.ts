/** Text chat over the call's `chat` DataChannel: the wire format and the log both sides keep. */

import { parseJsonObject } from './signalMessage';

/** Longest message a client sends or accepts, in UTF-16 code units. */
export const MAX_CHAT_LENGTH = 4000;

export interface ChatMessage {
  /** Unique within this tab. */
  readonly id: number;
  readonly fromMe: boolean;
  readonly author: string;
  readonly text: string;
  /** Milliseconds since the epoch, by the receiving clock. */
  readonly at: number;
}

/** Why a chat text cannot be sent as it is. */
export type ChatTextProblem =
  | { readonly code: 'empty' }
  | { readonly code: 'too-long'; readonly length: number; readonly max: number };

/** Encodes a text for the wire, or returns why it cannot be sent. */
export function encodeChatText(text: string): { payload: string } | { problem: ChatTextProblem } {
  const trimmed = text.trim();
  if (trimmed === '') {
    return { problem: { code: 'empty' } };
  }
  if (trimmed.length > MAX_CHAT_LENGTH) {
    return { problem: { code: 'too-long', length: trimmed.length, max: MAX_CHAT_LENGTH } };
  }
  return { payload: JSON.stringify({ type: 'chat', text: trimmed }) };
}

/** Reads a chat payload; anything but a well-formed, non-empty, not-too-long text gives `null`. */
export function parseChatPayload(data: unknown): string | null {
  const value = parseJsonObject(data);
  if (value === null) {
    return null;
  }
  const { type, text } = value;
  if (type !== 'chat' || typeof text !== 'string') {
    return null;
  }
  const trimmed = text.trim();
  return trimmed === '' || trimmed.length > MAX_CHAT_LENGTH ? null : trimmed;
}

/**
 * The messages of one call and how many the user has not seen: a message from the other person
 * counts as unread unless the chat panel is open.
 */
export class ChatLog {
  private nextId = 1;
  private messagesValue: readonly ChatMessage[] = [];
  private unreadValue = 0;
  private open = false;

  get messages(): readonly ChatMessage[] {
    return this.messagesValue;
  }

  get unread(): number {
    return this.unreadValue;
  }

  add(message: Omit<ChatMessage, 'id'>): ChatMessage {
    const added: ChatMessage = { ...message, id: this.nextId++ };
    this.messagesValue = [...this.messagesValue, added];
    if (!message.fromMe && !this.open) {
      this.unreadValue += 1;
    }
    return added;
  }

  /** The panel opened (everything is read) or closed (new messages count again). */
  setOpen(open: boolean): void {
    this.open = open;
    if (open) {
      this.unreadValue = 0;
    }
  }
}
