import { useEffect, useRef, useState } from 'react';
import type { ChangeEvent, FormEvent } from 'react';
import type { CallDataState, ChatSendProblem, FileSendProblem } from '../core/callData';
import { MAX_FILE_BYTES, checkFileSize } from '../core/fileTransfer';
import type { OutgoingFile } from '../core/fileTransfer';
import { chatProblemText, fileProblemText, formatBytes, unreadableFileText } from '../text/chatText';
import { TransferList } from './TransferList';

interface ChatPanelProps {
  data: CallDataState;
  onSend: (text: string) => ChatSendProblem | null;
  onSendFile: (file: OutgoingFile) => FileSendProblem | null;
}

/** Chat messages, a box to write one, and files sent or received over the call. */
export function ChatPanel({ data, onSend, onSendFile }: ChatPanelProps) {
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const logRef = useRef<HTMLOListElement>(null);

  useEffect(() => {
    const log = logRef.current;
    if (log !== null) {
      log.scrollTop = log.scrollHeight;
    }
  }, [data.chat.length]);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const refused = onSend(text);
    setProblem(refused === null ? null : chatProblemText(refused));
    if (refused === null) {
      setText('');
    }
  };

  const pickFile = (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    const file = input.files?.[0];
    input.value = '';
    if (file === undefined) {
      return;
    }
    const tooLarge = checkFileSize(file.size);
    if (tooLarge !== null) {
      setProblem(fileProblemText(tooLarge));
      return;
    }
    file.arrayBuffer().then(
      (bytes) => {
        const refused = onSendFile({ name: file.name, type: file.type, bytes });
        setProblem(refused === null ? null : fileProblemText(refused));
      },
      () => setProblem(unreadableFileText(file.name)),
    );
  };

  return (
    <div className="chat">
      <ol className="chat__log" ref={logRef} aria-label="Chat messages" aria-live="polite">
        {data.chat.length === 0 && <li className="chat__empty">No messages yet.</li>}
        {data.chat.map((message) => (
          <li key={message.id} className={`chat__message ${message.fromMe ? 'chat__message--mine' : ''}`}>
            <span className="chat__author">{message.fromMe ? 'You' : message.author}</span>
            <span className="chat__text">{message.text}</span>
          </li>
        ))}
      </ol>
      <TransferList transfers={data.transfers} />
      <form className="chat__form" onSubmit={submit}>
        <label htmlFor="chat-message" className="visually-hidden">
          Message
        </label>
        <input
          id="chat-message"
          type="text"
          value={text}
          placeholder={data.open ? 'Write a message' : 'Chat opens once you are connected'}
          autoComplete="off"
          onChange={(event) => setText(event.target.value)}
        />
        <button type="submit" className="button button--primary button--small">
          Send
        </button>
      </form>
      <label className="button button--small chat__file">
        Send a file
        <input type="file" className="visually-hidden" onChange={pickFile} disabled={!data.open} />
      </label>
      <p className="chat__hint">Files up to {formatBytes(MAX_FILE_BYTES)} go straight to everyone in the call.</p>
      {problem !== null && (
        <p className="field__error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
