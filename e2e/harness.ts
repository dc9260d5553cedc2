import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, errors, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { repoRoot } from './web-build.js';

import { totpFromUri } from '../test/totp.js';

export { totpFromUri };

/** The demo seed's accounts (server/seed/demo.ts). */
export const DEMO_PASSWORD = 'demo-password-2026';
export const demo = {
  admin: 'admin@demo.lpn.local',
  chair: 'chair@demo.lpn.local',
  coordinator: 'coordinator@demo.lpn.local',
  member: 'member@demo.lpn.local',
  auditor: 'auditor@demo.lpn.local',
};

const CHROMIUM = process.env.LPN_CHROMIUM ?? '/usr/bin/chromium';
/** Debian's Chromium as root in a sandbox, with no calls home (the machine's network is closed). */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const artifactsDir = path.join(repoRoot, '.tmp/e2e');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  url: string;
  pid: number;
  /** The server's last output lines, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts the real server (`tsx server/main.ts`, in one node process) on a free port of 127.0.0.1
 * with an empty embedded database and key file in a temp dir, the demo seed on, and waits for /readyz.
 */
export async function startServer(): Promise<RunningServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lpn-e2e-server-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    LPN_PUBLIC_URL: url,
    LPN_DATA_DIR: path.join(dir, 'data'),
    LPN_KEY_FILE: path.join(dir, 'master.key'),
    LPN_SEED_DEMO: 'true',
    LPN_DEMO_TWO_FACTOR: 'off', // journeys enrol two-factor sign-in in the browser, as a person would
    // A journey loads the SPA's assets several times a minute from one address; the default
    // 600/min is meant for people, not a test driver.
    LPN_RATE_LIMIT_PER_MINUTE: '10000',
    // A test-only budget: every journey signs people in from 127.0.0.1, and the production 10 a
    // minute per address on sign-in and 2FA (better-auth's rules, platform/auth/auth.ts) would make
    // journeys wait them out. The limits themselves are tested in server/platform/auth/auth.test.ts.
    LPN_SIGN_IN_RATE_LIMIT: '10000',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
  };
  delete env.DATABASE_URL; // journeys always run on the embedded database
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  const output = () => lines.join('\n');
  // If this worker dies without afterAll, do not leave the server (and its PGlite) running.
  const killOnExit = () => {
    if (!hasExited) child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  const stop = async () => {
    if (!hasExited && child.pid) {
      child.kill('SIGTERM'); // main.ts shuts down gracefully and closes PGlite
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    process.removeListener('exit', killOnExit);
    fs.rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 120_000;
  for (;;) {
    if (hasExited) {
      await stop();
      throw new Error(`The server exited before it was ready:\n${output()}`);
    }
    try {
      const response = await fetch(`${url}/readyz`);
      if (response.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The server was not ready within 120 s:\n${output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  if (!fs.existsSync(path.join(repoRoot, 'dist/web/index.html'))) {
    await stop();
    throw new Error(
      'dist/web is missing: the server would not serve the web app (the e2e global setup builds it)',
    );
  }
  return { url, pid: child.pid!, output, stop };
}

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/** Launches Debian's Chromium headless with a fresh temporary profile: a new browser, no shared cookies. */
export async function launchBrowser(
  options: { viewport?: { width: number; height: number } } = {},
): Promise<BrowserSession> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} not found: install Debian's Chromium (apt-get install -y chromium)`);
  }
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'lpn-e2e-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: options.viewport ?? { width: 1280, height: 800 },
    locale: 'en-GB',
  });
  context.setDefaultTimeout(15_000);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface AxeFinding {
  page: string;
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/**
 * Every message key of the web app (the shell's and each module's under its name, plural forms by
 * their base key): a page showing one of these as text shows a raw key — its messages were not loaded.
 */
let messageKeys: Set<string> | undefined;
function allMessageKeys(): Set<string> {
  if (messageKeys) return messageKeys;
  const keys = new Set<string>();
  const walk = (value: unknown, prefix: string) => {
    if (typeof value === 'string') keys.add(prefix.replace(/_(zero|one|two|few|many|other)$/, ''));
    else if (value && typeof value === 'object')
      for (const [k, v] of Object.entries(value)) walk(v, prefix ? `${prefix}.${k}` : k);
  };
  const locales = path.join(repoRoot, 'locales');
  walk(JSON.parse(fs.readFileSync(path.join(locales, 'en.json'), 'utf8')), '');
  for (const module of fs.readdirSync(locales)) {
    const file = path.join(locales, module, 'en.json');
    if (fs.existsSync(file)) walk(JSON.parse(fs.readFileSync(file, 'utf8')), module);
  }
  // A one-word key ("save") is ordinary text: only dotted keys are recognisable.
  messageKeys = new Set([...keys].filter((k) => k.includes('.')));
  return messageKeys;
}

/** Raw message keys shown on the page (text, labels, placeholders, titles). */
export async function rawKeysShown(page: Page): Promise<string[]> {
  const text = await page.evaluate(() => {
    const parts = [document.title, document.body.innerText];
    for (const el of document.querySelectorAll('[aria-label],[placeholder],[title],[alt]'))
      for (const name of ['aria-label', 'placeholder', 'title', 'alt'])
        parts.push(el.getAttribute(name) ?? '');
    return parts.join('\n');
  });
  const keys = allMessageKeys();
  return [...new Set(text.match(/[A-Za-z][\w-]*(?:\.[\w-]+)+/g) ?? [])].filter((token) => keys.has(token));
}

/**
 * Collects serious and critical axe-core violations of every page a journey visits, and any raw
 * message key the page shows (as a finding "raw-message-key").
 */
export class A11yLog {
  readonly findings: AxeFinding[] = [];
  readonly checked: string[] = [];

  async check(page: Page, label: string): Promise<void> {
    await page.waitForLoadState('load');
    const results = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    this.checked.push(label);
    const raw = await rawKeysShown(page);
    if (raw.length > 0)
      this.findings.push({
        page: label,
        id: 'raw-message-key',
        impact: 'serious',
        help: 'the page shows message keys instead of text (its messages were not loaded)',
        targets: raw.slice(0, 5),
      });
    for (const violation of results.violations) {
      if (violation.impact !== 'serious' && violation.impact !== 'critical') continue;
      this.findings.push({
        page: label,
        id: violation.id,
        impact: violation.impact,
        help: violation.help,
        targets: violation.nodes.slice(0, 5).map((node) => {
          const why = (node.failureSummary ?? '').split('\n').slice(1).join(' ').trim();
          return `${node.target.join(' ')} ${node.html.slice(0, 120)}${why ? ` — ${why.slice(0, 200)}` : ''}`;
        }),
      });
    }
  }

  /** A readable report for the assertion message. */
  report(): string {
    return this.findings
      .map((f) => `[${f.impact}] ${f.page}: ${f.id} — ${f.help}\n    ${f.targets.join('\n    ')}`)
      .join('\n');
  }
}

/** Records uncaught script errors in the page: a crash in the app is a failure even when the step passes. */
export function watchPageErrors(page: Page): string[] {
  const seen: string[] = [];
  page.on('pageerror', (error) => seen.push(`${page.url()}: ${error.message}`));
  return seen;
}

/** The element with this data-testid (the contract between the web app and these journeys). */
export function tid(page: Page, id: string): Locator {
  return page.getByTestId(id);
}

/** The promise's value, or `fallback` if it rejects or takes longer than `ms` (a hung page never answers). */
async function within<T, F>(promise: Promise<T>, ms: number, fallback: F): Promise<T | F> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<F>((resolve) => (timer = setTimeout(() => resolve(fallback), ms)));
  const result = await Promise.race([promise.catch(() => fallback), late]);
  clearTimeout(timer);
  return result;
}

/** A failed step, saying whether the page lacked a test id (web not done) or behaved wrongly. */
export class StepError extends Error {}

/**
 * Runs one step of a journey. On failure: a screenshot in .tmp/e2e/, and a message naming the step,
 * the URL and — when Playwright timed out waiting for `[data-testid=…]` — whether that element
 * exists on the page at all (missing selector) or exists but never got into the expected state.
 */
export async function step<T>(page: Page, name: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    let diagnosis = '';
    const testId = /getByTestId\('([^']+)'\)|data-testid=["']?([\w-]+)/.exec(message);
    if (testId && !page.isClosed()) {
      const id = testId[1] ?? testId[2];
      const count = await within(page.getByTestId(id).count(), 3_000, -1);
      diagnosis =
        count === 0
          ? `\n  → selector missing: no [data-testid=${id}] on ${page.url()}`
          : `\n  → [data-testid=${id}] is on the page (${count}×) but did not reach the expected state`;
    }
    const alert = page.isClosed()
      ? null
      : await within(page.getByTestId('error-alert').first().textContent({ timeout: 500 }), 3_000, null);
    if (alert) diagnosis += `\n  → the page shows an error: ${alert.trim()}`;
    fs.mkdirSync(artifactsDir, { recursive: true });
    const shot = path.join(artifactsDir, `${name.replace(/[^\w-]+/g, '_').slice(0, 80)}.png`);
    if (!page.isClosed())
      await within(page.screenshot({ path: shot, fullPage: true, timeout: 5_000 }), 6_000, null);
    const kind = error instanceof errors.TimeoutError ? 'timed out' : 'failed';
    throw new StepError(
      `step "${name}" ${kind} at ${page.url()}${diagnosis}\n  screenshot: ${shot}\n${message}`,
      {
        cause: error,
      },
    );
  }
}

/** Chooses an option in a (Mantine Native)Select, whether the test id sits on the <select> or its wrapper. */
export async function choose(locator: Locator, value: string): Promise<void> {
  const tag = await locator.evaluate((element) => element.tagName.toLowerCase());
  await (tag === 'select' ? locator : locator.locator('select')).selectOption(value);
}

/** The text a field shows: an input's value, otherwise its text content. */
export async function readValue(locator: Locator): Promise<string> {
  const tag = await locator.evaluate((element) => element.tagName.toLowerCase());
  if (tag === 'input' || tag === 'textarea') return (await locator.inputValue()).trim();
  const inner = locator.locator('input, textarea');
  if (await inner.count()) return (await inner.first().inputValue()).trim();
  return ((await locator.textContent()) ?? '').trim();
}

/** Fills the sign-in form and submits it (the second factor, if asked, is the caller's next step). */
export async function submitCredentials(
  page: Page,
  baseUrl: string,
  email: string,
  password = DEMO_PASSWORD,
) {
  await page.goto(`${baseUrl}/sign-in`);
  await tid(page, 'signin-email').fill(email);
  await tid(page, 'signin-password').fill(password);
  await tid(page, 'signin-submit').click();
}

/** Waits until the browser shows a path matching `pattern` (client-side routing included). */
export async function waitForPath(page: Page, pattern: RegExp, timeout = 15_000): Promise<void> {
  await page.waitForURL((url) => pattern.test(url.pathname), { timeout });
}

/** The last TOTP time step used per authenticator in this process: the server accepts each step once. */
const usedTotpSteps = new Map<string, number>();

/**
 * A TOTP code the server has not accepted yet and that stays valid for a few more seconds. The server
 * accepts a code once (RFC 6238 §5.2) and one step of clock drift, so a second use within 30 s takes
 * the next step's code; only a third use within one step has to wait for the step to turn.
 */
export async function freshTotp(totpUri: string): Promise<string> {
  for (;;) {
    const now = Date.now();
    const current = Math.floor(now / 30_000);
    const last = usedTotpSteps.get(totpUri);
    let step = last === undefined || last < current ? current : last + 1;
    // Never a code about to roll over mid-request: the next step's is good for the next 30 s too.
    if (step === current && (now / 1000) % 30 > 26) step = current + 1;
    if (step <= current + 1) {
      usedTotpSteps.set(totpUri, step);
      return totpFromUri(totpUri, step * 30_000);
    }
    await new Promise((resolve) => setTimeout(resolve, (current + 1) * 30_000 - now + 500));
  }
}

/** An otpauth URI for a bare base32 secret, as an authenticator app would make from manual entry. */
export function uriFromSecret(secret: string): string {
  return `otpauth://totp/LPN?secret=${encodeURIComponent(secret.replace(/\s+/g, ''))}`;
}

/** Everything one journey file needs: a server, a browser, the a11y log and page errors. */
export interface Journey {
  server: RunningServer;
  browser: BrowserSession;
  page: Page;
  a11y: A11yLog;
  pageErrors: string[];
  /** Another browser with its own profile (another person), closed with the journey. */
  newBrowser(): Promise<BrowserSession>;
  close(): Promise<void>;
}

/** Starts a server and a browser for one journey file. */
export async function startJourney(
  options: { viewport?: { width: number; height: number } } = {},
): Promise<Journey> {
  const server = await startServer();
  let browser: BrowserSession;
  try {
    browser = await launchBrowser(options);
  } catch (error) {
    await server.stop();
    throw error;
  }
  const extra: BrowserSession[] = [];
  const pageErrors = watchPageErrors(browser.page);
  return {
    server,
    browser,
    page: browser.page,
    a11y: new A11yLog(),
    pageErrors,
    async newBrowser() {
      const another = await launchBrowser(options);
      extra.push(another);
      another.page.on('pageerror', (error) => pageErrors.push(`${another.page.url()}: ${error.message}`));
      return another;
    },
    async close() {
      for (const session of [...extra, browser]) await session.close().catch(() => undefined);
      await server.stop();
    },
  };
}

/**
 * On the 2FA enrolment page: password → secret and recovery codes → confirm with a computed code.
 * Returns the otpauth URI (what the person's authenticator app now holds).
 */
export async function enrolTwoFactorInUi(j: Journey, page: Page, password = DEMO_PASSWORD): Promise<string> {
  await tid(page, 'enable-2fa-password').fill(password);
  await tid(page, 'enable-2fa-submit').click();
  const secretBox = tid(page, 'totp-secret');
  await secretBox.waitFor();
  await page.waitForFunction(
    () => (document.querySelector('[data-testid=totp-secret]')?.textContent ?? '').trim().length >= 16,
  );
  const secret = ((await secretBox.textContent()) ?? '').trim();
  await j.a11y.check(page, '2FA enrolment: secret and recovery codes');
  const totpUri = uriFromSecret(secret);
  await tid(page, 'totp-code').fill(await freshTotp(totpUri));
  await tid(page, 'totp-submit').click();
  return totpUri;
}

/** The name shown as selected in the city switcher. */
export async function selectedCityName(page: Page): Promise<string> {
  const switcher = tid(page, 'city-switcher');
  await switcher.waitFor();
  return switcher.evaluate((element) => {
    const select =
      element.tagName === 'SELECT' ? (element as HTMLSelectElement) : element.querySelector('select');
    return select?.selectedOptions[0]?.textContent?.trim() ?? '';
  });
}

/** Whether the page scrolls sideways (content wider than the viewport). */
export async function horizontalOverflow(page: Page): Promise<{ scrollWidth: number; viewport: number }> {
  return page.evaluate(() => ({
    scrollWidth: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth),
    viewport: document.documentElement.clientWidth,
  }));
}

/** Whether the page's main thread still answers within `ms` (a render loop never does). */
export async function isResponsive(page: Page, ms = 5_000): Promise<boolean> {
  return within(
    page.evaluate(() => true),
    ms,
    false,
  );
}
