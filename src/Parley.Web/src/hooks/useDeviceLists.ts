import { useEffect, useState } from 'react';
import { groupDevices } from '../core/devices';
import type { DeviceLists } from '../core/devices';

const NONE: DeviceLists = { cameras: [], microphones: [], speakers: [] };

/**
 * The cameras, microphones and speakers the browser knows, kept up to date as devices are
 * plugged in or out. Read only while `active` (the devices panel is open).
 *
 * @example
 * const devices = useDeviceLists(panel === 'devices');
 */
export function useDeviceLists(active: boolean): DeviceLists {
  const [devices, setDevices] = useState<DeviceLists>(NONE);
  useEffect(() => {
    const mediaDevices = typeof navigator.mediaDevices === 'undefined' ? null : navigator.mediaDevices;
    if (!active || mediaDevices === null) {
      return;
    }
    let cancelled = false;
    const refresh = (): void => {
      mediaDevices.enumerateDevices().then(
        (list) => {
          if (!cancelled) {
            setDevices(groupDevices(list));
          }
        },
        () => {},
      );
    };
    refresh();
    mediaDevices.addEventListener('devicechange', refresh);
    return () => {
      cancelled = true;
      mediaDevices.removeEventListener('devicechange', refresh);
    };
  }, [active]);
  return devices;
}
