import type { DeviceLists, MediaChoice } from '../core/devices';
import type { MediaFailure } from '../core/mediaErrors';
import { canChooseSpeaker } from '../hooks/useMediaPreview';
import { previewFailureText } from '../text/mediaText';
import { DeviceSelect } from './DeviceSelect';
import { VideoView } from './VideoView';

type JoinMode = 'camera' | 'audio' | 'receive';

interface MediaSetupProps {
  choice: MediaChoice;
  onChange: (choice: MediaChoice) => void;
  stream: MediaStream | null;
  devices: DeviceLists;
  error: MediaFailure | null;
}

function modeOf(choice: MediaChoice): JoinMode {
  if (choice.video) {
    return 'camera';
  }
  return choice.audio ? 'audio' : 'receive';
}

const MODES: ReadonlyArray<{ mode: JoinMode; label: string }> = [
  { mode: 'camera', label: 'Camera and microphone' },
  { mode: 'audio', label: 'Audio only (no camera)' },
  { mode: 'receive', label: 'Receive only (no camera or microphone)' },
];

/** The pre-join part of a form: a preview, how to join, and which devices to use. */
export function MediaSetup({ choice, onChange, stream, devices, error }: MediaSetupProps) {
  const mode = modeOf(choice);
  const setMode = (next: JoinMode) =>
    onChange({ ...choice, video: next === 'camera', audio: next !== 'receive' });
  return (
    <div className="media-setup">
      <VideoView
        className="video--preview"
        stream={choice.video && choice.startCameraOff !== true ? stream : null}
        label="Camera preview"
        muted
        placeholder={choice.video ? (choice.startCameraOff === true ? 'Camera off' : 'Starting camera…') : 'No camera'}
      />
      {error !== null && (
        <p className="field__error" role="alert">
          {previewFailureText(error)}
        </p>
      )}
      <fieldset className="media-setup__modes">
        <legend>Join with</legend>
        {MODES.map((option) => (
          <label key={option.mode} className="choice">
            <input
              type="radio"
              name="join-mode"
              value={option.mode}
              checked={mode === option.mode}
              onChange={() => setMode(option.mode)}
            />
            {option.label}
          </label>
        ))}
      </fieldset>
      {choice.video && (
        <>
          <DeviceSelect
            label="Camera"
            options={devices.cameras}
            value={choice.cameraId}
            onChange={(cameraId) => onChange({ ...choice, cameraId })}
          />
          <label className="choice">
            <input
              type="checkbox"
              checked={choice.startCameraOff === true}
              onChange={(event) => onChange({ ...choice, startCameraOff: event.target.checked })}
            />
            Start with camera off
          </label>
        </>
      )}
      {choice.audio && (
        <>
          <DeviceSelect
            label="Microphone"
            options={devices.microphones}
            value={choice.microphoneId}
            onChange={(microphoneId) => onChange({ ...choice, microphoneId })}
          />
          <label className="choice">
            <input
              type="checkbox"
              checked={choice.startMuted === true}
              onChange={(event) => onChange({ ...choice, startMuted: event.target.checked })}
            />
            Start muted
          </label>
        </>
      )}
      {canChooseSpeaker() && devices.speakers.length > 0 && (
        <DeviceSelect
          label="Speaker"
          options={devices.speakers}
          value={choice.speakerId}
          onChange={(speakerId) => onChange({ ...choice, speakerId })}
        />
      )}
    </div>
  );
}
