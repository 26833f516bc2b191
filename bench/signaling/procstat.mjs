// A server process observed from outside through /proc: its CPU seconds (utime+stime of /proc/<pid>/stat), RSS and
// peak RSS (VmRSS/VmHWM of /proc/<pid>/status) and threads. Shared by loadgen.mjs and bench.mjs.
import { readFileSync } from 'node:fs';

const CLK_TCK = 100; // Linux USER_HZ; /proc/<pid>/stat counts in these ticks

/** The process's counters now, or null once it is gone. */
export function readProcess(pid) {
  if (!pid) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state); utime is field 14, stime field 15
    const cpuSec = (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (key) => Number((status.match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm')) ?? [])[1] ?? NaN);
    const threads = Number((status.match(/^Threads:\s+(\d+)/m) ?? [])[1] ?? NaN);
    return { cpuSec, rssKiB: kib('VmRSS'), hwmKiB: kib('VmHWM'), threads };
  } catch {
    return null;
  }
}

/** Samples the process's RSS every 100 ms; peakKiB() is the highest seen so far. */
export function sampleRss(pid) {
  let peak = 0;
  const timer = setInterval(() => {
    const s = readProcess(pid);
    if (s && s.rssKiB > peak) peak = s.rssKiB;
  }, 100);
  timer.unref();
  return { peakKiB: () => peak, stop: () => clearInterval(timer) };
}
