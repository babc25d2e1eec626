import { ConfigError, loadConfig } from '../../shared/config';
import { startEmulators, type Emulators } from '../emulators/index';
import { MissingToolError } from '../emulators/install';
import { bootstrapLocalResources, LOCAL_STAGE } from './bootstrap';
import { startLocalRuntime, type LocalRuntime } from './runtime';
import { localScheduleSettings } from './scheduler';
import { DEFAULT_PORT, localProcessSettings } from './settings';
import { CLOCK_AT_VARIABLE, clockStartOf, startLocalTestClockAt } from './test-clock';

/**
 * `npm start`: emulators (or the ones named by AWS_ENDPOINT_URL_*), the resources the stack
 * declares, the API on http://127.0.0.1:3000 (PORT overrides), the queue poller and the
 * scheduler. Ctrl-C stops everything. The whole configuration (every function's variables and
 * the schedules') is checked first: a bad value stops the start with exit code 2, naming its
 * variable, instead of an API that answers /health while every function fails.
 * KIPPU_LOCAL_CLOCK_AT=<ISO instant> starts the test clock (/local/clock) at that instant
 * before the poller and the schedules run, so a restart on reused emulators can keep the
 * clock where the previous process had moved it (the offset lives in this process only).
 */
// Lambda runs Node.js 22; the SDK's notice about Node.js 20 is noise for a local run.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const log = (line: string) => process.stdout.write(`[kippu] ${line}\n`);

let port = DEFAULT_PORT;
let clockStartMs: number | undefined;
try {
  // PORT first: the issuer's default names it.
  port = localProcessSettings(process.env).port;
  process.env.KIPPU_ISSUER ??= `http://127.0.0.1:${port}`;
  // The stage is the local one whatever the environment says (the bootstrap sets it).
  const env = { ...process.env, KIPPU_STAGE: LOCAL_STAGE };
  loadConfig(env);
  localScheduleSettings(env);
  clockStartMs = clockStartOf(env, Date.now());
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  log(error.message);
  process.exit(2);
}

let runtime: LocalRuntime | undefined;
let emulators: Emulators;
try {
  emulators = await startEmulators({ log });
} catch (error) {
  // A missing tool is a one-line instruction; anything else is a bug and keeps its stack.
  log(
    error instanceof MissingToolError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error),
  );
  process.exit(1);
}
let stopping = false;
const stop = async (code: number) => {
  if (stopping) return;
  stopping = true;
  log('stopping');
  await runtime?.stop();
  await emulators.stop();
  process.exit(code);
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop(0));

Object.assign(process.env, emulators.env);
Object.assign(process.env, await bootstrapLocalResources(emulators.env));

if (clockStartMs !== undefined) {
  // Before the runtime: its first schedule round and the poller already read the clock.
  const clock = startLocalTestClockAt(clockStartMs);
  log(`test clock at ${new Date(clock.now()).toISOString()} (${CLOCK_AT_VARIABLE}; offset ${clock.offsetSeconds()} s)`);
}
try {
  runtime = await startLocalRuntime({ port, stage: LOCAL_STAGE, log });
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  const listening = (error as NodeJS.ErrnoException | undefined)?.syscall === 'listen';
  log(listening ? `cannot listen on port ${port}: ${message}` : `cannot start: ${message}`);
  await stop(error instanceof ConfigError ? 2 : 1);
}
log(`API on ${runtime?.url ?? '?'} (GET /health; API reference at /docs; POST /local/token for a development token)`);
