/**
 * Runs a command against the local AWS emulators:
 *
 *   tsx scripts/with-emulators.ts -- <command> [args...]
 *
 * Starts DynamoDB Local and moto (or reuses endpoints already set in the
 * environment), creates kippu's tables/keys/queues in them, runs the command
 * with the endpoints, region, credentials and resource names in its
 * environment, stops the emulators when it exits, and exits with its status.
 *
 * Environment:
 *   KIPPU_SKIP_BOOTSTRAP=1  skip scripts/local/bootstrap.ts (emulators only).
 *   KIPPU_EMULATOR_PIDFILE  see scripts/emulators/index.ts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulators, type Emulators } from './emulators/index';
import { MissingToolError } from './emulators/install';

// The SDK warns in every process that its Node.js 20 support ends in 2027. Lambda runs
// Node.js 22; locally the notice only buries output, so this process and the command it
// runs (which inherits the environment) switch it off.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
/** Conventional status for "command not found". */
const EXIT_COMMAND_NOT_FOUND = 127;
const EXIT_USAGE = 2;
/** How often to check whether our parent is still there. */
const PARENT_POLL_MS = 500;

const log = (line: string): void => {
  process.stderr.write(`[emulators] ${line}\n`);
};

/** A missing tool is a one-line instruction; anything else gets its stack. */
function describe(error: unknown): string {
  if (error instanceof MissingToolError) return error.message;
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 0);
}

/** Prefer the project's own binaries (vitest, tsx, ...) over whatever is on PATH. */
function resolveCommand(command: string): string {
  if (command.includes('/')) return command;
  const local = path.join(REPO_ROOT, 'node_modules', '.bin', command);
  return existsSync(local) ? local : command;
}

async function main(): Promise<number> {
  const separator = process.argv.indexOf('--');
  const [command, ...args] = separator === -1 ? process.argv.slice(2) : process.argv.slice(separator + 1);
  if (!command) {
    process.stderr.write('usage: tsx scripts/with-emulators.ts -- <command> [args...]\n');
    return EXIT_USAGE;
  }

  let emulators: Emulators | undefined;
  let child: ChildProcess | undefined;
  let interruptedBy: NodeJS.Signals | undefined;

  const onSignal = (signal: NodeJS.Signals): void => {
    if (child && child.exitCode === null && child.signalCode === null) {
      // The command decides how to wind down; we stop the emulators once it has exited.
      child.kill(signal);
      return;
    }
    if (interruptedBy === undefined) {
      interruptedBy = signal;
      log(`${signal} received, stopping`);
    }
    if (!emulators) {
      // Still starting: exit now; the emulators module kills what it spawned on exit.
      process.exit(signalExitCode(signal));
    }
  };
  // Listening from the start also tells the emulators module that we own shutdown.
  for (const signal of FORWARDED_SIGNALS) process.on(signal, () => onSignal(signal));

  // `tsx` runs this file in a child process; if that wrapper (or whatever started us) is
  // SIGKILLed we are re-parented and nobody would ever stop us. Treat that like a hang-up.
  const originalParent = process.ppid;
  const parentWatch = setInterval(() => {
    if (process.ppid !== originalParent) {
      clearInterval(parentWatch);
      onSignal('SIGHUP');
    }
  }, PARENT_POLL_MS);
  parentWatch.unref();

  try {
    emulators = await startEmulators({ log });
  } catch (error) {
    log(describe(error));
    return 1;
  }

  try {
    let extraEnv: Record<string, string> = {};
    if (process.env.KIPPU_SKIP_BOOTSTRAP !== '1') {
      // Loaded lazily: it pulls in the AWS SDK clients and is not needed with KIPPU_SKIP_BOOTSTRAP.
      const { bootstrapLocalResources } = await import('./local/bootstrap');
      extraEnv = await bootstrapLocalResources(emulators.env);
    }
    if (interruptedBy) return signalExitCode(interruptedBy);

    const resolved = resolveCommand(command);
    child = spawn(resolved, args, {
      stdio: 'inherit',
      env: { ...process.env, ...emulators.env, ...extraEnv },
    });
    const running = child;
    return await new Promise<number>((resolve) => {
      running.once('error', (error: NodeJS.ErrnoException) => {
        log(`cannot run ${command}: ${error.message}`);
        resolve(error.code === 'ENOENT' ? EXIT_COMMAND_NOT_FOUND : 1);
      });
      running.once('exit', (code, signal) => resolve(code ?? (signal ? signalExitCode(signal) : 1)));
    });
  } catch (error) {
    log(describe(error));
    return 1;
  } finally {
    await emulators.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log(describe(error));
    process.exit(1);
  },
);
