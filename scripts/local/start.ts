import { startEmulators, type Emulators } from '../emulators/index';
import { MissingToolError } from '../emulators/install';
import { bootstrapLocalResources, LOCAL_STAGE } from './bootstrap';
import { startLocalRuntime, type LocalRuntime } from './runtime';

/**
 * `npm start`: emulators (or the ones named by AWS_ENDPOINT_URL_*), the resources the stack
 * declares, the API on http://127.0.0.1:3000 (PORT overrides), the queue poller and the
 * scheduler. Ctrl-C stops everything.
 */
const DEFAULT_PORT = 3000;
// Lambda runs Node.js 22; the SDK's notice about Node.js 20 is noise for a local run.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const log = (line: string) => process.stdout.write(`[kippu] ${line}\n`);

const port = Number(process.env.PORT ?? DEFAULT_PORT);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  log(`PORT must be a port number, got ${process.env.PORT}`);
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
process.env.KIPPU_ISSUER ??= `http://127.0.0.1:${port}`;
Object.assign(process.env, await bootstrapLocalResources(emulators.env));

try {
  runtime = await startLocalRuntime({ port, stage: LOCAL_STAGE, log });
} catch (error) {
  log(`cannot listen on port ${port}: ${error instanceof Error ? error.message : String(error)}`);
  await stop(1);
}
log(`API on ${runtime?.url ?? '?'} (GET /health; API reference at /docs; POST /local/token for a development token)`);
