import { describe, expect, it } from 'vitest';
import { inviteLink, parseRoute, passcodeFromFragment, roomPath } from './routes';

describe('routes', () => {
  it('reads / as the home screen', () => {
    expect(parseRoute('/')).toEqual({ page: 'home' });
  });

  it('reads /r/<room> as that room, with or without a trailing slash', () => {
    expect(parseRoute('/r/k3f9-x2ab-7qpm')).toEqual({ page: 'room', room: 'k3f9-x2ab-7qpm' });
    expect(parseRoute('/r/Team_1/')).toEqual({ page: 'room', room: 'Team_1' });
  });

  it('reads /diagnostics as the diagnostics page', () => {
    expect(parseRoute('/diagnostics')).toEqual({ page: 'diagnostics' });
    expect(parseRoute('/diagnostics/')).toEqual({ page: 'diagnostics' });
  });

  it('decodes the room so that validation sees what the person typed', () => {
    expect(parseRoute('/r/my%20room')).toEqual({ page: 'room', room: 'my room' });
  });

  it.each(['/r/', '/r', '/r/a/b', '/other', '/r/%E0%A4%A'])('reads %s as not found', (path) => {
    expect(parseRoute(path)).toEqual({ page: 'not-found' });
  });

  it('builds the shareable path and invite link of a room', () => {
    expect(roomPath('k3f9-x2ab-7qpm')).toBe('/r/k3f9-x2ab-7qpm');
    expect(inviteLink('https://parley.example.test', 'abc')).toBe('https://parley.example.test/r/abc');
    expect(parseRoute(roomPath('a_b-c'))).toEqual({ page: 'room', room: 'a_b-c' });
  });

  it('puts a passcode only in the fragment of an invite link, and reads it back', () => {
    const link = inviteLink('https://parley.example', 'room-1', 'p&ss w');
    expect(link).toBe('https://parley.example/r/room-1#k=p%26ss%20w');
    expect(passcodeFromFragment(new URL(link).hash)).toBe('p&ss w');
    expect(inviteLink('https://parley.example', 'room-1', null)).toBe('https://parley.example/r/room-1');
    expect(passcodeFromFragment('')).toBeNull();
    expect(passcodeFromFragment('#k=')).toBeNull();
  });
});
