import type { DeviceLists } from '../core/devices';
import { canChooseSpeaker } from '../hooks/useMediaPreview';
import { DeviceSelect } from './DeviceSelect';

interface DevicePanelProps {
  devices: DeviceLists;
  hasCamera: boolean;
  hasMicrophone: boolean;
  cameraId: string | undefined;
  microphoneId: string | undefined;
  speakerId: string | undefined;
  onCamera: (deviceId: string) => void;
  onMicrophone: (deviceId: string) => void;
  onSpeaker: (deviceId: string | undefined) => void;
}

/** Switch camera, microphone or speaker during the call, without interrupting it. */
export function DevicePanel(props: DevicePanelProps) {
  const { devices } = props;
  return (
    <div className="devices">
      {props.hasCamera && (
        <DeviceSelect
          label="Camera"
          options={devices.cameras}
          value={props.cameraId}
          onChange={(id) => id !== undefined && props.onCamera(id)}
        />
      )}
      {props.hasMicrophone && (
        <DeviceSelect
          label="Microphone"
          options={devices.microphones}
          value={props.microphoneId}
          onChange={(id) => id !== undefined && props.onMicrophone(id)}
        />
      )}
      {canChooseSpeaker() && (
        <DeviceSelect label="Speaker" options={devices.speakers} value={props.speakerId} onChange={props.onSpeaker} />
      )}
    </div>
  );
}
