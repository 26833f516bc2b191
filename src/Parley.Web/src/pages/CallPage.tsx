import { useState } from 'react';
import { CallControls } from '../components/CallControls';
import type { CallPanel } from '../components/CallControls';
import { CallStatus } from '../components/CallStatus';
import { ChatPanel } from '../components/ChatPanel';
import { CopyLinkButton } from '../components/CopyLinkButton';
import { DevicePanel } from '../components/DevicePanel';
import { InvitePanel } from '../components/InvitePanel';
import { QualityIndicator } from '../components/QualityIndicator';
import { SidePanel } from '../components/SidePanel';
import { StatsPanel } from '../components/StatsPanel';
import { VideoGrid } from '../components/VideoGrid';
import { canShareScreen } from '../core/browser';
import type { PreparedCall } from '../core/callController';
import type { NotConnected } from '../core/callData';
import { rateQuality, worstQuality } from '../core/callStats';
import type { MediaChoice } from '../core/devices';
import { inviteLink } from '../core/routes';
import { useCall } from '../hooks/useCall';
import { useCallStats } from '../hooks/useCallStats';
import { useSpeakers } from '../hooks/useSpeakers';
import { noticeText } from '../text/mediaText';
import { useDeviceLists } from '../hooks/useDeviceLists';

/** Before the call has started there is nobody to send to yet. */
const NOT_STARTED: NotConnected = { code: 'not-connected' };

interface CallPageProps {
  room: string;
  username: string;
  media: MediaChoice;
  /** The room's passcode, if it has one; the invite link carries it in its fragment. */
  passcode: string | null;
  /** What the pre-join screen opened for this call (camera, signaling connection), taken over by its first attempt. */
  prepared?: PreparedCall<MediaStream>;
  /** Called after "Hang up"; leaving this page ends the call. */
  onHangUp: () => void;
}

const PANEL_TITLES: Record<CallPanel, string> = {
  chat: 'Chat',
  stats: 'Call statistics',
  invite: 'Invite',
  devices: 'Devices',
};

/** The call: the others' videos in a grid (one fills the stage), yours among them or in a corner, status, controls and panels. */
export function CallPage({ room, username, media, passcode, prepared, onHangUp }: CallPageProps) {
  const { snapshot, controller, peerConnections, retry } = useCall(room, username, media, passcode, prepared);
  const { status, localStream, data } = snapshot;
  const [panel, setPanel] = useState<CallPanel | null>(null);
  const [devices, setDevices] = useState({
    cameraId: media.cameraId,
    microphoneId: media.microphoneId,
    speakerId: media.speakerId,
  });
  const stats = useCallStats(peerConnections);
  const speakers = useSpeakers(peerConnections);
  const deviceLists = useDeviceLists(panel === 'devices');
  const link = inviteLink(window.location.origin, room, passcode);
  const sharing = snapshot.screenStream !== null;

  const togglePanel = (next: CallPanel) => {
    const opened = panel === next ? null : next;
    setPanel(opened);
    controller?.setChatOpen(opened === 'chat');
  };
  const closePanel = () => {
    setPanel(null);
    controller?.setChatOpen(false);
  };

  return (
    <main className={`call call--${status.state} ${panel === null ? '' : 'call--with-panel'}`}>
      <h1 className="visually-hidden">Call in room {room}</h1>
      <div className="call__body">
        <section className="stage" aria-label="Videos">
          <VideoGrid
            peers={snapshot.peers}
            speakers={speakers}
            selfStream={sharing ? snapshot.screenStream : localStream}
            selfVideoOn={snapshot.cameraOn || sharing}
            selfSharing={sharing}
            selfMicrophoneOn={snapshot.microphoneOn}
            sinkId={devices.speakerId}
          />
          <CallStatus status={status} onRetry={retry} />
          {snapshot.signalingReconnecting && (
            <p className="banner" role="alert" data-banner="reconnecting">
              Reconnecting to the server… Your call goes on meanwhile.
            </p>
          )}
          {snapshot.notice !== null && (
            <p className="banner banner--notice" role="alert">
              {noticeText(snapshot.notice)}
            </p>
          )}
        </section>
        {panel !== null && (
          <SidePanel title={PANEL_TITLES[panel]} onClose={closePanel}>
            {panel === 'chat' && (
              <ChatPanel
                data={data}
                onSend={(text) => (controller === null ? NOT_STARTED : controller.sendChat(text))}
                onSendFile={(file) => (controller === null ? NOT_STARTED : controller.sendFile(file))}
              />
            )}
            {panel === 'stats' && <StatsPanel stats={stats} />}
            {panel === 'invite' && <InvitePanel link={link} />}
            {panel === 'devices' && (
              <DevicePanel
                devices={deviceLists}
                hasCamera={snapshot.hasCamera}
                hasMicrophone={snapshot.hasMicrophone}
                {...devices}
                onCamera={(cameraId) => {
                  setDevices((current) => ({ ...current, cameraId }));
                  void controller?.switchDevice('video', cameraId);
                }}
                onMicrophone={(microphoneId) => {
                  setDevices((current) => ({ ...current, microphoneId }));
                  void controller?.switchDevice('audio', microphoneId);
                }}
                onSpeaker={(speakerId) => setDevices((current) => ({ ...current, speakerId }))}
              />
            )}
          </SidePanel>
        )}
      </div>
      <footer className="controls">
        <p className="controls__room">
          Room <span className="room-name">{room}</span>
        </p>
        {status.state === 'connected' && <QualityIndicator quality={worstQuality(stats.map((peer) => rateQuality(peer.stats)))} />}
        <CopyLinkButton link={link} />
        <CallControls
          hasMicrophone={snapshot.hasMicrophone}
          hasCamera={snapshot.hasCamera}
          microphoneOn={snapshot.microphoneOn}
          cameraOn={snapshot.cameraOn}
          sharingScreen={sharing}
          canShareScreen={canShareScreen()}
          unreadChat={data.unreadChat}
          openPanel={panel}
          onToggleMicrophone={() => controller?.setMicrophoneOn(!snapshot.microphoneOn)}
          onToggleCamera={() => controller?.setCameraOn(!snapshot.cameraOn)}
          onToggleScreenShare={() => {
            if (sharing) {
              controller?.stopScreenShare();
            } else {
              void controller?.startScreenShare();
            }
          }}
          onTogglePanel={togglePanel}
          onHangUp={onHangUp}
        />
      </footer>
    </main>
  );
}
