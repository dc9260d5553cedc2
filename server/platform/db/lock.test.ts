import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataDirLockedError, currentHolder, lockDataDir, processStartTicks } from './lock.js';

const linux = fs.existsSync('/proc/self/stat');
let dir: string;
let child: ChildProcess | undefined;

/** Another live process (not ours): stands in for an unrelated program that got the old pid. */
async function otherProcess(): Promise<number> {
  child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  await new Promise((resolve) => child!.once('spawn', resolve));
  return child.pid!;
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lpn-lock-'));
});
afterEach(() => {
  if (child?.pid) process.kill(child.pid, 'SIGKILL');
  child = undefined;
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('lockDataDir', () => {
  it('refuses a second lock while the holder runs, and frees it on release', () => {
    const dataDir = path.join(dir, 'data');
    const release = lockDataDir(dataDir);
    const record = JSON.parse(fs.readFileSync(`${dataDir}.lock`, 'utf8'));
    expect(record.pid).toBe(process.pid);
    release();
    expect(fs.existsSync(`${dataDir}.lock`)).toBe(false);
  });

  it.runIf(linux)('refuses when the recorded process is the one still running at that pid', async () => {
    const pid = await otherProcess();
    const dataDir = path.join(dir, 'data');
    fs.writeFileSync(
      `${dataDir}.lock`,
      JSON.stringify({ ...currentHolder(), pid, startTicks: processStartTicks(pid) }),
    );
    expect(() => lockDataDir(dataDir)).toThrow(DataDirLockedError);
  });

  it.runIf(linux)('takes over a lock whose pid now belongs to another process (started later)', async () => {
    const pid = await otherProcess();
    const dataDir = path.join(dir, 'data');
    const ticks = processStartTicks(pid)!;
    fs.writeFileSync(`${dataDir}.lock`, JSON.stringify({ ...currentHolder(), pid, startTicks: ticks - 500 }));
    const release = lockDataDir(dataDir);
    expect(JSON.parse(fs.readFileSync(`${dataDir}.lock`, 'utf8')).pid).toBe(process.pid);
    release();
  });

  it.runIf(linux)('takes over a lock written before a reboot', async () => {
    const pid = await otherProcess();
    const dataDir = path.join(dir, 'data');
    fs.writeFileSync(
      `${dataDir}.lock`,
      JSON.stringify({ ...currentHolder(), pid, startTicks: processStartTicks(pid), bootId: 'another-boot' }),
    );
    lockDataDir(dataDir)();
  });

  it.runIf(linux)(
    'takes over a bare-pid lock (older versions) older than the process at that pid',
    async () => {
      const pid = await otherProcess();
      const dataDir = path.join(dir, 'data');
      fs.writeFileSync(`${dataDir}.lock`, String(pid));
      const anHourAgo = new Date(Date.now() - 3_600_000);
      fs.utimesSync(`${dataDir}.lock`, anHourAgo, anHourAgo);
      lockDataDir(dataDir)();
    },
  );

  it.runIf(linux)('takes over the lock of an exited process not yet reaped (a zombie)', async () => {
    // `sleep 0` exits under a parent that became `sleep 30` and never reaps it: a zombie.
    child = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
    const pid = Number(
      await new Promise<string>((resolve) => child!.stdout!.once('data', (d) => resolve(String(d)))),
    );
    const state = () => fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0];
    for (let i = 0; i < 50 && state() !== 'Z'; i++) await new Promise((r) => setTimeout(r, 20));
    expect(state()).toBe('Z');
    const dataDir = path.join(dir, 'data');
    fs.writeFileSync(
      `${dataDir}.lock`,
      JSON.stringify({ ...currentHolder(), pid, startTicks: processStartTicks(pid) }),
    );
    lockDataDir(dataDir)();
  });

  it('takes over the lock of a process that is gone', () => {
    const dataDir = path.join(dir, 'data');
    fs.writeFileSync(`${dataDir}.lock`, JSON.stringify({ ...currentHolder(), pid: 2 ** 22 + 1 }));
    lockDataDir(dataDir)();
  });
});
