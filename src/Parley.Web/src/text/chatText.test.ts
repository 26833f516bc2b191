import { describe, expect, it } from 'vitest';
import type { FileTransferView } from '../core/callData';
import { chatProblemText, fileProblemText, formatBytes, transferFailureText } from './chatText';

const RECEIVED: FileTransferView = {
  id: 'in-1',
  direction: 'in',
  peerName: 'Ada',
  name: 'plan.pdf',
  size: 10,
  doneBytes: 4,
  state: 'failed',
};

describe('chat and file texts', () => {
  it('formats sizes in B, KiB and MiB', () => {
    expect([formatBytes(512), formatBytes(1536), formatBytes(100 * 1024 * 1024)]).toEqual(['512 B', '1.5 KiB', '100.0 MiB']);
  });

  it('says what to do about a message or a file that was not sent', () => {
    expect(chatProblemText({ code: 'empty' })).toBe('Type a message first.');
    expect(chatProblemText({ code: 'too-long', length: 4001, max: 4000 })).toMatch(/at most 4000 characters; this one has 4001/);
    expect(fileProblemText({ code: 'file-too-large', size: 200 * 1024 * 1024, limit: 100 * 1024 * 1024 })).toMatch(
      /200.0 MiB; files can be at most 100.0 MiB/,
    );
    expect(fileProblemText({ code: 'not-connected' })).toMatch(/once someone else is connected/);
  });

  it('names the file in what went wrong with a received one', () => {
    expect(transferFailureText(RECEIVED, { code: 'incomplete', receivedBytes: 4, size: 10 })).toBe(
      'plan.pdf arrived incomplete (4 of 10 bytes). Ask for it again.',
    );
    expect(transferFailureText(RECEIVED, { code: 'file-too-large', size: 51, limit: 50 })).toMatch(/over the 50 B limit/);
    expect(transferFailureText(RECEIVED, { code: 'damaged' })).toMatch(/plan\.pdf arrived damaged/);
  });
});
