/**
 * Headless Chromium for the browser tests: Debian's `chromium` package at /usr/bin/chromium,
 * installed with apt-get when it is missing (CI runs as root with Debian's mirrors
 * reachable). playwright-core drives it; no browser build is ever downloaded.
 *
 * Standalone: `npm run chromium` (or `tsx scripts/chromium.ts`).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MissingToolError } from './emulators/install';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags for a quiet, offline, throwaway headless browser (with a fresh --user-data-dir per run). */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

/** apt waits this long for another apt/dpkg run to release its lock. */
const APT_LOCK_TIMEOUT_SECONDS = 600;

const apt = (args: readonly string[], log: (line: string) => void): Promise<void> =>
  new Promise((resolve, reject) => {
    const child = spawn('apt-get', [`-o`, `DPkg::Lock::Timeout=${APT_LOCK_TIMEOUT_SECONDS}`, ...args], {
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.once('error', (error) =>
      reject(new MissingToolError(`Cannot run apt-get (${error.message}); install Debian's chromium package.`)),
    );
    child.once('exit', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`apt-get ${args.join(' ')} exited with ${code}:\n${output.split('\n').slice(-20).join('\n')}`));
    });
    log(`apt-get ${args.join(' ')}`);
  });

/** The browser's path, installing Debian's chromium package first when it is missing. */
export const ensureChromium = async (log: (line: string) => void = () => {}): Promise<string> => {
  if (existsSync(CHROMIUM_PATH)) return CHROMIUM_PATH;
  if (process.getuid?.() !== 0) {
    throw new MissingToolError(`${CHROMIUM_PATH} is missing; install Debian's chromium package (sudo apt-get install chromium).`);
  }
  await apt(['update', '-qq'], log);
  await apt(['install', '-y', '-qq', '--no-install-recommends', 'chromium'], log);
  if (!existsSync(CHROMIUM_PATH)) throw new Error(`apt-get installed chromium but ${CHROMIUM_PATH} is still missing.`);
  return CHROMIUM_PATH;
};

const invokedDirectly = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  ensureChromium((line) => process.stderr.write(`[chromium] ${line}\n`)).then(
    (browser) => process.stdout.write(`${browser}\n`),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
