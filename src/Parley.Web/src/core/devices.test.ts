import { describe, expect, it } from 'vitest';
import { groupDevices, mediaConstraints } from './devices';

describe('mediaConstraints', () => {
  it('asks for both default devices by default', () => {
    expect(mediaConstraints({ video: true, audio: true })).toEqual({ video: true, audio: true });
  });

  it('asks for the exact devices chosen', () => {
    expect(mediaConstraints({ video: true, audio: true, cameraId: 'cam-2', microphoneId: 'mic-3' })).toEqual({
      video: { deviceId: { exact: 'cam-2' } },
      audio: { deviceId: { exact: 'mic-3' } },
    });
  });

  it('leaves the camera out for audio only, and captures nothing for receive only', () => {
    expect(mediaConstraints({ video: false, audio: true })).toEqual({ video: false, audio: true });
    expect(mediaConstraints({ video: false, audio: false })).toBeNull();
  });
});

describe('groupDevices', () => {
  it('groups by kind, drops duplicates and devices without an id, and keeps unlabeled ones', () => {
    const lists = groupDevices([
      { deviceId: 'c1', kind: 'videoinput', label: 'fake_device_0' },
      { deviceId: 'c2', kind: 'videoinput', label: '' },
      { deviceId: 'default', kind: 'audioinput', label: 'Default' },
      { deviceId: 'default', kind: 'audioinput', label: 'Default' },
      { deviceId: '', kind: 'audioinput', label: '' },
      { deviceId: 's1', kind: 'audiooutput', label: 'Speakers' },
    ]);
    expect(lists).toEqual({
      cameras: [
        { id: 'c1', label: 'fake_device_0' },
        { id: 'c2', label: '' },
      ],
      microphones: [{ id: 'default', label: 'Default' }],
      speakers: [{ id: 's1', label: 'Speakers' }],
    });
  });
});
