import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export class DataDirLockedError extends Error {
  constructor(
    public readonly lockPath: string,
    public readonly holderPid: number,
  ) {
    super(
      `The data directory is already in use by another LPN Workspace process (pid ${holderPid}).\n` +
        `PGlite cannot be opened by two processes at once without corrupting it. Stop that process first,\n` +
        `or point LPN_DATA_DIR at another directory. Lock file: ${lockPath}`,
    );
    this.name = 'DataDirLockedError';
  }
}

/** What the lock file records: enough to tell the holder from a later process that got the same pid. */
export interface LockHolder {
  pid: number;
  /** Start time of the process in clock ticks since boot (/proc/<pid>/stat field 22); null off Linux. */
  startTicks: number | null;
  /** The kernel's boot id: a lock written before a reboot is stale whatever its pid. */
  bootId: string | null;
  hostname: string;
}

function readProc(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

/** The process's start time in ticks since boot, or null when /proc is not there (or the pid is gone). */
export function processStartTicks(pid: number): number | null {
  const stat = readProc(`/proc/${pid}/stat`);
  if (!stat) return null;
  // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[19]); // field 22 overall; fields[0] is field 3
  return Number.isFinite(ticks) ? ticks : null;
}

function bootId(): string | null {
  return readProc('/proc/sys/kernel/random/boot_id')?.trim() || null;
}

/** The boot time in ms since the epoch (/proc/stat btime), for dating a process's start. */
function bootTimeMs(): number | null {
  const btime = readProc('/proc/stat')?.match(/^btime (\d+)$/m);
  return btime ? Number(btime[1]) * 1000 : null;
}

/** The record this process writes into the lock file. */
export function currentHolder(): LockHolder {
  return {
    pid: process.pid,
    startTicks: processStartTicks(process.pid),
    bootId: bootId(),
    hostname: os.hostname(),
  };
}

function isAlive(pid: number): boolean {
  // A zombie (exited, not yet reaped: e.g. under an init that does not reap) holds nothing.
  const stat = readProc(`/proc/${pid}/stat`);
  if (stat && stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z') return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Reads a lock file: the JSON record, or the bare pid older versions wrote. */
function parseLock(content: string): LockHolder | { legacyPid: number } | null {
  const text = content.trim();
  if (/^\d+$/.test(text)) return { legacyPid: Number(text) };
  try {
    const parsed = JSON.parse(text) as Partial<LockHolder>;
    if (!Number.isInteger(parsed.pid) || (parsed.pid as number) <= 0) return null;
    return {
      pid: parsed.pid as number,
      startTicks: typeof parsed.startTicks === 'number' ? parsed.startTicks : null,
      bootId: typeof parsed.bootId === 'string' ? parsed.bootId : null,
      hostname: typeof parsed.hostname === 'string' ? parsed.hostname : '',
    };
  } catch {
    return null;
  }
}

/**
 * Whether the lock's holder still runs. After a kill -9 or a reboot the pid in the lock may belong to
 * a different, unrelated process (pids are reused, and containers restart at pid 1): the pid alone
 * would then block every start. So the holder is the same process only if the pid is alive, the boot
 * is the same and the process at that pid started when the holder did.
 */
export function holderIsRunning(content: string, lockMtimeMs: number): { running: boolean; pid: number } {
  const lock = parseLock(content);
  if (!lock) return { running: false, pid: 0 };
  if ('legacyPid' in lock) {
    // A bare pid (older versions): stale if the process at that pid started after the lock was written.
    const pid = lock.legacyPid;
    if (pid === process.pid || !isAlive(pid)) return { running: false, pid };
    const ticks = processStartTicks(pid);
    const boot = bootTimeMs();
    if (ticks !== null && boot !== null) {
      const startedMs = boot + (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
      if (startedMs > lockMtimeMs + 2000) return { running: false, pid };
    }
    return { running: true, pid };
  }
  const { pid } = lock;
  if (pid === process.pid || !isAlive(pid)) return { running: false, pid };
  // A lock from another machine on a shared volume cannot be checked from here: respect it.
  if (lock.hostname && lock.hostname !== os.hostname()) return { running: true, pid };
  const currentBoot = bootId();
  if (lock.bootId && currentBoot && lock.bootId !== currentBoot) return { running: false, pid };
  if (lock.startTicks !== null) {
    const ticks = processStartTicks(pid);
    if (ticks !== null && ticks !== lock.startTicks) return { running: false, pid };
  }
  return { running: true, pid };
}

/** USER_HZ: 100 on every mainstream Linux build (only the legacy bare-pid check needs it). */
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * Takes an exclusive lock on an embedded data directory. PGlite does not lock its own directory,
 * so a second process would silently corrupt it; a lock file naming this process prevents that.
 * A lock whose process no longer runs (kill -9, a reboot, the pid now reused by another program)
 * is taken over.
 */
export function lockDataDir(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = `${path.resolve(dataDir)}.lock`;
  const record = JSON.stringify(currentHolder());
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(lockPath, 'wx', 0o600);
      fs.writeSync(fd, record);
      fs.closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        try {
          if (fs.readFileSync(lockPath, 'utf8') === record) fs.unlinkSync(lockPath);
        } catch {
          /* already gone */
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let content: string;
      let mtimeMs: number;
      try {
        content = fs.readFileSync(lockPath, 'utf8');
        mtimeMs = fs.statSync(lockPath).mtimeMs;
      } catch {
        continue; // released between our open and read: try again
      }
      const holder = holderIsRunning(content, mtimeMs);
      if (holder.running) throw new DataDirLockedError(lockPath, holder.pid);
      fs.rmSync(lockPath, { force: true }); // stale: its process is gone or the pid is another's now
    }
  }
  throw new Error(`Could not lock ${dataDir}`);
}
