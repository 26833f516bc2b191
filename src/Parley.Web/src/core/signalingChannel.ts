import type { DataEvent, IceServersRenewal, JoinResult, PeerInfo, ReadyPeer, RefusedCall, SignalMessage, SignalingError } from './types';

export interface SignalingHandlers {
  onReady?: (peer: ReadyPeer) => void;
  onData?: (event: DataEvent) => void;
  /** The peer's signaling connection dropped; the server holds its seat for a grace period. */
  onPeerReconnecting?: (peer: PeerInfo) => void;
  onPeerLeft?: (peer: PeerInfo) => void;
  /** Fresh ICE servers for this seat, before its TURN credentials expire: every peer connection takes them. */
  onIceServers?: (renewal: IceServersRenewal) => void;
  /** The server refused a message that {@link SignalingChannel.send} handed to it. */
  onRefused?: (refusal: RefusedCall) => void;
  /** The connection closed for good without {@link SignalingChannel.disconnect} being called. */
  onClose?: (error: Error | undefined) => void;
  /** The connection dropped and the client is trying to reconnect by itself. */
  onReconnecting?: () => void;
  /** The connection is back, as a new connection: the caller must join its room again. */
  onReconnected?: () => void;
}

/** What a call needs from signaling; `SocketSignalingClient` is the real one. */
export interface SignalingChannel {
  connect(): Promise<void>;
  join(room: string, username: string): Promise<JoinResult>;
  /** Sets the passcode the next join of this connection uses (`null`: an open room). */
  unlock(passcode: string | null): Promise<SignalingError | null>;
  /** Takes the seat back after a reload: the others negotiate a new peer connection. */
  rejoin(room: string, username: string, resumeToken: string): Promise<JoinResult>;
  /** Takes the seat back after a dropped signaling connection, keeping the peer connection that still runs. */
  resume(room: string, username: string, resumeToken: string): Promise<JoinResult>;
  /**
   * Sends a message to one peer of the room without waiting for an answer (`Relay`); resolves once the
   * message is on its way. A refusal arrives later through {@link SignalingHandlers.onRefused}.
   */
  send(to: string, message: SignalMessage): Promise<void>;
  leave(): Promise<SignalingError | null>;
  disconnect(): Promise<void>;
  /** Subscribes to the server's events; returns the matching unsubscribe. */
  subscribe(handlers: SignalingHandlers): () => void;
}
