// One person of a Parley call in Debian's Firefox ESR, driven over WebDriver BiDi by puppeteer-core.
// Usage: node firefox-peer.mjs <room URL> <name> [hold ms] [other people]
// Joins through the real UI, waits until video is decoded from each of the <other people> (1 by default), keeps the
// call up for <hold ms> so the others can check their own decoding, then leaves. Prints one JSON line per step; exit
// code 0 only on success.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';

const [roomUrl, username, holdArg, othersArg] = process.argv.slice(2);
if (roomUrl === undefined || username === undefined) {
  console.error('usage: node firefox-peer.mjs <room URL> <name> [hold ms] [other people]');
  process.exit(2);
}
const holdMs = Number(holdArg ?? '15000');
const others = Number(othersArg ?? '1');
const stepTimeoutMs = 60_000;
const report = (event, detail = {}) => console.log(JSON.stringify({ event, ...detail }));

// Firefox refuses a profile (and a HOME) it cannot write, and root's may be shared with other runs.
const home = mkdtempSync(join(tmpdir(), 'parley-firefox-'));

const browser = await puppeteer.launch({
  browser: 'firefox',
  executablePath: '/usr/bin/firefox-esr',
  headless: true,
  env: { ...process.env, HOME: home, MOZ_HEADLESS: '1' },
  extraPrefsFirefox: {
    // A fake camera and microphone, no permission prompt.
    'media.navigator.streams.fake': true,
    'media.navigator.permission.disabled': true,
    // The call may run on loopback: Firefox leaves loopback addresses out of ICE unless told, and would hide host
    // candidates behind mDNS names that no test network (loopback or the lab's namespaces) resolves.
    'media.peerconnection.ice.loopback': true,
    'media.peerconnection.ice.obfuscate_host_addresses': false,
    // The room's plain-http origin gets the camera as on HTTPS (localhost already does; a lab server's address not).
    'dom.securecontext.allowlist': new URL(roomUrl).hostname,
    // A closed network: nothing to update, report or probe.
    'app.update.enabled': false,
    'app.update.auto': false,
    'browser.shell.checkDefaultBrowser': false,
    'datareporting.policy.dataSubmissionEnabled': false,
    'network.captive-portal-service.enabled': false,
    'network.connectivity-service.enabled': false,
    'toolkit.telemetry.enabled': false,
  },
});

let exitCode = 1;
try {
  const page = await browser.newPage();
  page.setDefaultTimeout(stepTimeoutMs);
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warn') {
      report('console', { type: message.type(), text: message.text() });
    }
  });
  page.on('pageerror', (error) => report('pageerror', { text: String(error) }));

  await page.goto(roomUrl);
  report('opened', { userAgent: await page.evaluate(() => navigator.userAgent) });

  // The same steps a person takes: type a name in the field labelled "Username", press "Join".
  await page.waitForFunction(() =>
    [...document.querySelectorAll('label')].some((l) => l.textContent?.trim() === 'Username' && l.control !== null),
  );
  const field = await page.evaluateHandle(
    () => [...document.querySelectorAll('label')].find((l) => l.textContent?.trim() === 'Username')?.control ?? null,
  );
  await field.asElement().type(username);
  const join = await page.evaluateHandle(
    () => [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Join') ?? null,
  );
  // When the call's status first showed each state, in wall-clock time taken by the page as it changes, so that a
  // test can time the call against another browser's marks.
  await page.evaluate(() => {
    const shown = (window.__shown = {});
    new MutationObserver(() => {
      const state = document.querySelector('[role=status][data-state]')?.getAttribute('data-state');
      if (state && !(state in shown)) shown[state] = performance.timeOrigin + performance.now();
    }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
  });
  const shownAt = async (states) =>
    (
      await page.waitForFunction(
        (wanted) => wanted.map((state) => window.__shown[state]).find((at) => at !== undefined) ?? false,
        { polling: 100 },
        states,
      )
    ).jsonValue();
  const clickedAt = Date.now();
  await join.asElement().click();
  report('joined', { at: clickedAt });
  report('in-room', { at: await shownAt(['waiting', 'connecting', 'connected']) });
  report('connected', { at: await shownAt(['connected']) });

  // Inbound video frames decoded and audio packets received, from the page's RTCPeerConnection to each other person:
  // the totals are those of the person it receives least from, so a silent connection cannot hide behind another.
  const received = () =>
    page.evaluate(async (expected) => {
      const peers = window.__parley?.peerConnections() ?? [];
      const each = [];
      for (const { username: name, connection } of peers) {
        const totals = { name, frames: 0, audioPackets: 0, pair: null };
        const stats = await connection.getStats();
        stats.forEach((s) => {
          // Firefox marks the pair ICE selected on the pair itself; its candidates' types show the path.
          if (s.type === 'candidate-pair' && s.selected) {
            const local = stats.get(s.localCandidateId);
            const remote = stats.get(s.remoteCandidateId);
            totals.pair = `${local?.candidateType}/${local?.relayProtocol ?? local?.protocol} ↔ ${remote?.candidateType}`;
          }
          if (s.type === 'inbound-rtp' && s.kind === 'video') {
            totals.frames += s.framesDecoded ?? 0;
          }
          if (s.type === 'inbound-rtp' && s.kind === 'audio') {
            totals.audioPackets += s.packetsReceived ?? 0;
          }
        });
        each.push(totals);
      }
      const least = (key) => (each.length < expected ? 0 : Math.min(...each.map((totals) => totals[key])));
      return {
        frames: least('frames'),
        audioPackets: least('audioPackets'),
        peers: each.map((totals) => totals.name),
        pairs: each.map((totals) => totals.pair),
      };
    }, others);
  const deadline = Date.now() + stepTimeoutMs;
  let first = await received();
  while ((first.frames === 0 || first.audioPackets === 0) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    first = await received();
  }
  if (first.frames === 0 || first.audioPackets === 0) {
    throw new Error(`Firefox did not receive media from all ${others} within a minute of connecting (${first.peers.join(', ')}): ${first.frames} video frames decoded, ${first.audioPackets} audio packets from the least`);
  }
  report('decoding', { framesDecoded: first.frames, audioPackets: first.audioPackets, peers: first.peers, pairs: first.pairs });

  await new Promise((resolve) => setTimeout(resolve, holdMs));
  const later = await received();
  if (later.frames <= first.frames || later.audioPackets <= first.audioPackets) {
    throw new Error(`Firefox stopped receiving media from someone: ${first.frames} then ${later.frames} video frames, ${first.audioPackets} then ${later.audioPackets} audio packets`);
  }
  report('still-decoding', { framesDecoded: later.frames, audioPackets: later.audioPackets, peers: later.peers });
  exitCode = 0;
} catch (error) {
  report('failed', { text: String(error?.stack ?? error) });
} finally {
  await browser.close().catch(() => {});
  rmSync(home, { recursive: true, force: true });
}
process.exit(exitCode);
