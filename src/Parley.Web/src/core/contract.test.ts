import { describe, expect, it } from 'vitest';
import { refusalTexts } from '../text/callStatusText';
import { SignalingCalls, SignalingErrors, SignalingEvents, type SignalingCall, type SignalingEvent } from './contract.generated';
import { parseIceServersResponse } from './diagnostics';
import type { SignalingHandlers } from './signalingChannel';
import { SocketSignalingClient } from './socketSignaling';
import { answerSamples, bodySamples, eventSamples, type WireSample } from './testing/contractSamples.generated';
import { FakeSocketServer } from './testing/fakeSocket';

// The samples are what the server writes, generated from its C# contract by
// test/Parley.Signaling.Tests/Contract/WebContractTests.cs; each goes through the client's real parsers here, and
// what the client makes of it must hold every field the server sent, and nothing the server did not send.

/** The handler each event reaches (`Reconnect` makes the client move to another node, reported as reconnecting). */
const HANDLER_OF: Readonly<Record<SignalingEvent, keyof SignalingHandlers>> = {
  Data: 'onData',
  IceServers: 'onIceServers',
  PeerLeft: 'onPeerLeft',
  PeerReconnecting: 'onPeerReconnecting',
  Ready: 'onReady',
  Reconnect: 'onReconnecting',
  Refused: 'onRefused',
};

type CallFor = (client: SocketSignalingClient) => Promise<unknown>;

/** The client's calls answered with each result, and how it hands the result on. */
const CALLS_ANSWERED_WITH: Readonly<Record<string, readonly CallFor[]>> = {
  JoinResult: [
    (client) => client.join('room', 'Ada'),
    (client) => client.rejoin('room', 'Ada', 'token'),
    (client) => client.resume('room', 'Ada', 'token'),
  ],
  // Unlock and Leave hand on the result's error, null for success.
  SignalingResult: [(client) => client.unlock('passcode'), (client) => client.leave()],
};

/** Calls the web client never sends, and why. */
const CALLS_NOT_SENT: ReadonlyMap<SignalingCall, string> = new Map([
  [SignalingCalls.Data, 'every message goes as a Relay, which needs no answer'],
]);

/** Fields of a body the client reads past on purpose, and why. */
const FIELDS_IGNORED: Readonly<Record<string, readonly string[]>> = {
  // The diagnostics page tests every ICE server whatever the policy; a call takes the policy from its JoinResult.
  IceServersResponse: ['iceTransportPolicy'],
};

/** How the client reads each HTTP body. */
const BODY_READERS: Readonly<Record<string, (value: unknown) => unknown>> = {
  IceServersResponse: (value) => ({ iceServers: parseIceServersResponse(value) }),
};

function parse(sample: WireSample): Record<string, unknown> {
  return JSON.parse(sample.json) as Record<string, unknown>;
}

function without(value: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([key]) => !fields.includes(key)));
}

async function connectedClient() {
  const server = new FakeSocketServer();
  const client = new SocketSignalingClient('ws://parley.test/ws/signaling', server.factory);
  await client.connect();
  return { client, socket: server.latest };
}

/** Sends `call`, answers it with the sample's message (under the id the client chose) and returns how it settled. */
async function answer(call: CallFor, sample: WireSample): Promise<{ value?: unknown; error?: unknown }> {
  const { client, socket } = await connectedClient();
  const settled = call(client).then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  const sent = socket.sent.at(-1);
  socket.receive(JSON.stringify({ ...parse(sample), id: sent?.id }));
  return settled;
}

describe("the web client and the server's C# contract", () => {
  it('has a sample of every event the contract names', () => {
    const sampled = new Set(eventSamples.map((sample) => parse(sample).event));
    expect([...sampled].sort()).toEqual(Object.values(SignalingEvents).sort());
  });

  it.each(eventSamples.map((sample) => [sample.json, String(parse(sample).event), sample] as const))(
    'hands every field of %s to its handler',
    async (_, name, sample) => {
      const handler = (HANDLER_OF as Partial<Record<string, keyof SignalingHandlers>>)[name];
      expect(handler, `the web client has no handler for the server's ${name} event`).toBeDefined();
      const { client, socket } = await connectedClient();
      const delivered: unknown[][] = [];
      client.subscribe({ [handler as keyof SignalingHandlers]: (...args: unknown[]) => delivered.push(args) });

      socket.receive(sample.json);

      const message = parse(sample);
      expect(delivered, `${name} reached no handler`).toHaveLength(1);
      expect(delivered[0]).toEqual('arg' in message ? [message.arg] : []);
      await client.disconnect();
    },
  );

  it('has a call answered with each result of the contract', () => {
    const results = new Set(answerSamples.map((sample) => sample.type).filter((type) => type !== 'SignalingError'));
    for (const result of results) {
      expect(CALLS_ANSWERED_WITH[result], `no call of the web client is answered with ${result}`).toBeDefined();
    }
  });

  it.each(answerSamples.filter((sample) => sample.type !== 'SignalingError').map((sample) => [sample.json, sample.type, sample] as const))(
    'reads every field of the answer %s',
    async (_, type, sample) => {
      const result = parse(sample).result as Record<string, unknown>;
      for (const call of CALLS_ANSWERED_WITH[type] ?? []) {
        const { value, error } = await answer(call, sample);
        expect(error).toBeUndefined();
        if (type === 'SignalingResult') {
          expect(value).toEqual(result.error);
        } else if (result.error === null) {
          expect(value).toEqual(result);
        } else {
          // A refused answer has nothing else the client may read.
          expect((value as Record<string, unknown>).error).toEqual(result.error);
        }
      }
    },
  );

  it.each(answerSamples.filter((sample) => sample.type === 'SignalingError').map((sample) => [sample.json, sample] as const))(
    'fails the call with the code and message of a top-level error: %s',
    async (_, sample) => {
      const refusal = parse(sample).error as { code: string; message: string };
      const { error } = await answer((client) => client.join('room', 'Ada'), sample);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).toContain(`${refusal.message} (${refusal.code})`);
    },
  );

  it('has words or a decision for every error code the server sends', () => {
    const codes = new Set(Object.values(SignalingErrors) as string[]);
    for (const sample of [...answerSamples, ...eventSamples]) {
      const message = parse(sample);
      const error = (message.error ?? (message.result as Record<string, unknown> | undefined)?.error ??
        (message.arg as Record<string, unknown> | undefined)?.error) as { code: string } | null | undefined;
      if (error !== null && error !== undefined) {
        expect(codes.has(error.code), `the server sends ${error.code}, which the generated contract lacks`).toBe(true);
      }
    }
    expect(Object.keys(refusalTexts).sort()).toEqual([...codes].sort());
  });

  it('sends only calls the server serves', async () => {
    const { client, socket } = await connectedClient();
    const unanswered = [
      client.join('room', 'Ada'),
      client.rejoin('room', 'Ada', 'token'),
      client.resume('room', 'Ada', 'token'),
      client.unlock(null),
      client.leave(),
    ].map((call) => call.catch(() => undefined));
    await client.send('peer', { candidate: null });

    const sent = new Set(socket.sent.map((message) => message.call));
    const served = new Set<string>(Object.values(SignalingCalls));
    expect([...sent].filter((call) => !served.has(call)), 'calls the server does not serve').toEqual([]);
    const unsent = [...served].filter((call) => !sent.has(call));
    expect(unsent.sort(), 'calls the web client neither sends nor says why it does not').toEqual([...CALLS_NOT_SENT.keys()].sort());
    await client.disconnect();
    await Promise.all(unanswered);
  });

  it.each(bodySamples.map((sample) => [sample.type, sample] as const))('reads every field of a %s body', (type, sample) => {
    const read = BODY_READERS[type];
    expect(read, `the web client reads no ${type}`).toBeDefined();
    expect(read?.(parse(sample))).toEqual(without(parse(sample), FIELDS_IGNORED[type] ?? []));
  });
});
