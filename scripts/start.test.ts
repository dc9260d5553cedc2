import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// `npm start` as an operator or a process manager runs it: TERM to the npm process must stop the
// server (it used to stop npm and leave the server behind, holding the port and the data dir).
const repo = path.resolve(import.meta.dirname, '..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lpn-start-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Running, and not a zombie (this container's init does not reap orphans). */
const alive = (pid: number) => {
  const stat = fs.existsSync(`/proc/${pid}/stat`) ? fs.readFileSync(`/proc/${pid}/stat`, 'utf8') : '';
  if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function until(check: () => Promise<boolean> | boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

describe('npm start', () => {
  it('stops the server when the npm process gets TERM', { timeout: 150_000 }, async () => {
    const port = await freePort();
    const dataDir = path.join(dir, 'data');
    // The embedded database, whatever the suite runs on: the test reads the data-dir lock it takes.
    const { DATABASE_URL: _suiteDatabase, ...env } = process.env;
    const npm = spawn('npm', ['start'], {
      cwd: repo,
      env: {
        ...env,
        PORT: String(port),
        LPN_DATA_DIR: dataDir,
        LPN_KEY_FILE: path.join(dir, 'master.key'),
        LPN_SEED_DEMO: 'false',
        LPN_SKIP_WEB_BUILD: '1', // the web app is not what this test is about
        LOG_LEVEL: 'warn',
      },
      stdio: 'ignore',
    });
    let serverPid = 0;
    try {
      const ready = await until(async () => {
        try {
          return (await fetch(`http://127.0.0.1:${port}/readyz`)).ok;
        } catch {
          return false;
        }
      }, 120_000);
      expect(ready).toBe(true);
      // The data-dir lock names the process that serves.
      serverPid = JSON.parse(fs.readFileSync(`${dataDir}.lock`, 'utf8')).pid;
      expect(alive(serverPid)).toBe(true);

      const npmExited = new Promise<void>((resolve) => npm.once('exit', () => resolve()));
      npm.kill('SIGTERM');
      await npmExited;
      expect(await until(() => !alive(serverPid), 15_000)).toBe(true);
      expect(fs.existsSync(`${dataDir}.lock`)).toBe(false); // a graceful shutdown released it
    } finally {
      if (npm.exitCode === null) npm.kill('SIGKILL');
      if (serverPid && alive(serverPid)) process.kill(serverPid, 'SIGKILL');
    }
  });
});
