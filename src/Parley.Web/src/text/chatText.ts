import type { ChatSendProblem, FileSendProblem, FileTransferView } from '../core/callData';
import type { TransferFailure } from '../core/fileTransfer';

/** A size as people read it: bytes, KiB or MiB with one decimal. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) {
    return `${bytes} B`;
  }
  if (bytes < 1024 * 1024) {
    return `${(bytes / 1024).toFixed(1)} KiB`;
  }
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

/** Why a chat message was not sent, and what to do. */
export function chatProblemText(problem: ChatSendProblem): string {
  switch (problem.code) {
    case 'empty':
      return 'Type a message first.';
    case 'too-long':
      return `Messages can be at most ${problem.max} characters; this one has ${problem.length}.`;
    case 'not-connected':
      return 'Chat works once someone else is connected. Wait for them, then send again.';
    case 'send-failed':
      return problem.detail === null ? 'The message was not sent.' : `The message was not sent: ${problem.detail}`;
  }
}

/** Why a file was not sent, and what to do. */
export function fileProblemText(problem: FileSendProblem): string {
  switch (problem.code) {
    case 'file-empty':
      return 'This file is empty: choose another one.';
    case 'file-too-large':
      return `This file is ${formatBytes(problem.size)}; files can be at most ${formatBytes(problem.limit)}. Send a smaller file, or share it another way.`;
    case 'not-connected':
      return 'Files can be sent once someone else is connected. Wait for them, then try again.';
  }
}

/** Why a transfer in the list failed, and what to do. */
export function transferFailureText({ name, direction }: FileTransferView, failure: TransferFailure): string {
  switch (failure.code) {
    case 'file-empty':
      return direction === 'in' ? `${name} is empty, so it was refused.` : 'This file is empty: choose another one.';
    case 'file-too-large':
      return direction === 'in'
        ? `${name} is ${formatBytes(failure.size)}, over the ${formatBytes(failure.limit)} limit, so it was refused.`
        : `${name} is ${formatBytes(failure.size)}; files can be at most ${formatBytes(failure.limit)}.`;
    case 'channel-closed':
      return 'The connection closed before the file was sent. Try again once the call is connected.';
    case 'connection-ended':
      return 'The connection ended before the file was complete. Send it again once you are reconnected.';
    case 'incomplete':
      return `${name} arrived incomplete (${failure.receivedBytes} of ${failure.size} bytes). Ask for it again.`;
    case 'damaged':
      return `${name} arrived damaged (its SHA-256 does not match). Ask for it again.`;
    case 'larger-than-announced':
      return `${name} is larger than announced, so it was refused.`;
    case 'send-failed':
      return failure.detail === null ? `${name} could not be sent.` : `${name} could not be sent: ${failure.detail}`;
  }
}

/** A file chosen for sending that could not be read from the disk. */
export function unreadableFileText(name: string): string {
  return `${name} could not be read. Choose it again.`;
}
