// Watchdog between kippu and one emulator process, so an emulator never
// outlives the process that started it — even when that process is SIGKILLed
// and gets no chance to clean up.
//
//   node guard.mjs <parent-pid> <command> [args...]
//
// Spawns <command> (in the guard's own process group; the parent starts the
// guard with `detached: true`, so `kill(-guardPid)` reaches both) and stops it
// when any of these happens:
//   - the IPC channel to the parent closes (the parent exited, however),
//   - polling finds the parent pid gone or that we were re-parented,
//   - the guard itself gets SIGTERM/SIGINT/SIGHUP.
// The guard exits when the child has exited, with the child's status.
// Plain JavaScript run by `node`, so it does not depend on tsx being loadable.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';

/** How often to check that the parent is still alive. */
const PARENT_POLL_MS = 500;
/** Time the emulator gets to exit after SIGTERM before it is SIGKILLed. */
const KILL_GRACE_MS = 3_000;

const [parentArg, command, ...args] = process.argv.slice(2);
const parentPid = Number(parentArg);
if (!Number.isInteger(parentPid) || parentPid <= 0 || !command) {
  console.error('usage: node guard.mjs <parent-pid> <command> [args...]');
  process.exit(2);
}
const originalPpid = process.ppid;

// Our stderr is a pipe to the parent; once the parent is dead, writing to it
// fails with EPIPE, which must not crash the guard before the child is dead.
process.stderr.on('error', () => {});
process.stdout.on('error', () => {});

const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
let stopping = false;

function parentGone() {
  // Re-parenting (to init or a subreaper) is the reliable sign; the pid check
  // covers a parent pid passed explicitly that differs from our ppid.
  if (process.ppid !== originalPpid) return true;
  try {
    process.kill(parentPid, 0);
    return false;
  } catch (error) {
    return error.code !== 'EPERM';
  }
}

function stopChild(reason) {
  if (stopping) return;
  stopping = true;
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    child.kill('SIGTERM');
  } catch {
    // Already gone.
  }
  // Keeps the guard alive until the child is really gone.
  setTimeout(() => {
    try {
      child.kill('SIGKILL');
    } catch {
      // Already gone.
    }
  }, KILL_GRACE_MS);
  if (reason) console.error(`[guard ${process.pid}] ${reason}: stopping ${command} (pid ${child.pid})`);
}

child.on('error', (error) => {
  console.error(`[guard ${process.pid}] cannot start ${command}: ${error.message}`);
  process.exit(127);
});

child.on('exit', (code, signal) => {
  process.exit(code ?? 128 + (constants.signals[signal] ?? 0));
});

// Report the emulator's pid to the parent (for KIPPU_EMULATOR_PIDFILE).
if (process.send && child.pid !== undefined) process.send({ type: 'started', pid: child.pid });

// The parent's end of the IPC channel closes as soon as the parent process dies.
process.on('disconnect', () => stopChild('parent disconnected'));

for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) {
  process.on(signal, () => stopChild());
}

const poll = setInterval(() => {
  if (parentGone()) {
    clearInterval(poll);
    stopChild(`parent ${parentPid} is gone`);
  }
}, PARENT_POLL_MS);
