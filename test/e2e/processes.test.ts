/**
 * Proves that scripts/with-emulators.ts leaves no emulator behind, whether the
 * command exits on its own or the run is interrupted. Each case starts its own
 * DynamoDB Local (JVM) and moto, learning their pids from
 * KIPPU_EMULATOR_PIDFILE (see scripts/emulators/index.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ENDPOINT_VARS } from '../../scripts/emulators/index';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const TSX = path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx');
const WITH_EMULATORS = path.join(REPO_ROOT, 'scripts', 'with-emulators.ts');
/** A first run may install the emulators, and each run starts a JVM. */
const TEST_TIMEOUT_MS = 120_000;
const PIDFILE_POLL_MS = 100;
const SIGINT_EXIT_CODE = 130;
/** DynamoDB Local and moto, each with its guard. */
const PIDS_PER_RUN = 4;

const children: ChildProcess[] = [];
const scratchDirs: string[] = [];

afterEach(() => {
  // A failed assertion must not leave a run (and its emulators) behind either.
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  }
  for (const dir of scratchDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

interface Run {
  child: ChildProcess;
  pidFile: string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output: () => string;
}

/** Runs with-emulators without inherited endpoints, so it must start (and stop) its own emulators. */
function runWithEmulators(command: string[]): Run {
  const dir = mkdtempSync(path.join(tmpdir(), 'kippu-processes-'));
  scratchDirs.push(dir);
  const pidFile = path.join(dir, 'pids.json');
  const env: NodeJS.ProcessEnv = { ...process.env, KIPPU_SKIP_BOOTSTRAP: '1', KIPPU_EMULATOR_PIDFILE: pidFile };
  for (const name of ENDPOINT_VARS) delete env[name];
  const child = spawn(TSX, [WITH_EMULATORS, '--', ...command], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const chunks: string[] = [];
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => chunks.push(chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => chunks.push(chunk));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, pidFile, exit, output: () => chunks.join('') };
}

function readPids(pidFile: string): number[] {
  const parsed = JSON.parse(readFileSync(pidFile, 'utf8')) as unknown;
  if (!Array.isArray(parsed) || !parsed.every((pid) => Number.isInteger(pid))) {
    throw new Error(`unexpected pid file content: ${String(parsed)}`);
  }
  return parsed as number[];
}

async function waitForPids(run: Run): Promise<number[]> {
  for (;;) {
    if (run.child.exitCode !== null || run.child.signalCode !== null) {
      throw new Error(`with-emulators exited before writing its pid file:\n${run.output()}`);
    }
    if (existsSync(run.pidFile)) {
      try {
        return readPids(run.pidFile);
      } catch {
        // Caught mid-write; read again on the next poll.
      }
    }
    await new Promise((resolve) => setTimeout(resolve, PIDFILE_POLL_MS));
  }
}

/** Alive means it exists and is not a zombie waiting to be reaped. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

describe('with-emulators process hygiene', () => {
  it(
    'exits with the command status and leaves no emulator process behind',
    async () => {
      // Prepare
      const run = runWithEmulators(['node', '-e', 'process.exit(3)']);

      // Act
      const { code } = await run.exit;

      // Assess
      expect(code, run.output()).toBe(3);
      const pids = readPids(run.pidFile);
      expect(pids).toHaveLength(PIDS_PER_RUN);
      expect(pids.filter(isRunning)).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'stops every emulator process when the run is interrupted with SIGINT',
    async () => {
      // Prepare
      const run = runWithEmulators(['node', '-e', 'setInterval(() => {}, 1000)']);
      const pids = await waitForPids(run);
      expect(pids).toHaveLength(PIDS_PER_RUN);
      expect(pids.filter(isRunning)).toEqual(pids);

      // Act
      run.child.kill('SIGINT');
      const { code, signal } = await run.exit;

      // Assess
      expect(code ?? signal, run.output()).toBe(SIGINT_EXIT_CODE);
      expect(pids.filter(isRunning)).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );
});
