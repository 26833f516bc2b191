import { describe, expect, it } from 'vitest';
import { ChatLog, MAX_CHAT_LENGTH, encodeChatText, parseChatPayload } from './chat';

describe('chat wire format', () => {
  it('round-trips a trimmed message', () => {
    const encoded = encodeChatText('  hello there ');
    expect(encoded).toEqual({ payload: JSON.stringify({ type: 'chat', text: 'hello there' }) });
    expect('payload' in encoded ? parseChatPayload(encoded.payload) : null).toBe('hello there');
  });

  it('refuses empty and overlong messages, saying which and by how much', () => {
    expect(encodeChatText('   ')).toEqual({ problem: { code: 'empty' } });
    expect(encodeChatText('x'.repeat(MAX_CHAT_LENGTH + 1))).toEqual({
      problem: { code: 'too-long', length: MAX_CHAT_LENGTH + 1, max: 4000 },
    });
  });

  it.each([
    ['not json', 'hello'],
    ['binary', new ArrayBuffer(3)],
    ['another type', JSON.stringify({ type: 'file-offer', text: 'x' })],
    ['a non-string text', JSON.stringify({ type: 'chat', text: 5 })],
    ['an empty text', JSON.stringify({ type: 'chat', text: ' ' })],
    ['an overlong text', JSON.stringify({ type: 'chat', text: 'x'.repeat(MAX_CHAT_LENGTH + 1) })],
  ])('ignores %s', (_name, data) => {
    expect(parseChatPayload(data)).toBeNull();
  });
});

describe('ChatLog', () => {
  it('counts messages from the other person as unread while the panel is closed', () => {
    const log = new ChatLog();
    log.add({ fromMe: false, author: 'Ada', text: 'one', at: 1 });
    log.add({ fromMe: true, author: 'Me', text: 'mine', at: 2 });
    log.add({ fromMe: false, author: 'Ada', text: 'two', at: 3 });
    expect(log.unread).toBe(2);
    expect(log.messages.map((m) => m.text)).toEqual(['one', 'mine', 'two']);
    expect(new Set(log.messages.map((m) => m.id)).size).toBe(3);
  });

  it('clears the count when the panel opens and does not count while it stays open', () => {
    const log = new ChatLog();
    log.add({ fromMe: false, author: 'Ada', text: 'one', at: 1 });
    log.setOpen(true);
    expect(log.unread).toBe(0);
    log.add({ fromMe: false, author: 'Ada', text: 'two', at: 2 });
    expect(log.unread).toBe(0);
    log.setOpen(false);
    log.add({ fromMe: false, author: 'Ada', text: 'three', at: 3 });
    expect(log.unread).toBe(1);
  });
});
