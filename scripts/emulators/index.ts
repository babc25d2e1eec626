/**
 * Starts the local AWS emulators for tests and the local runtime:
 *   - DynamoDB Local (AWS's own implementation, on the JVM, in memory) for DynamoDB,
 *   - moto server for SQS, KMS, EventBridge Scheduler, Cognito (cognito-idp)
 *     and SES (v2).
 *
 * Endpoints already present in process.env (the standard AWS_ENDPOINT_URL_*
 * variables) are reused and nothing is started for them. Cognito is named by
 * AWS_ENDPOINT_URL_COGNITO_IDP; the SDK itself reads
 * AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER (its service id is "Cognito
 * Identity Provider"), which is set to the same endpoint.
 *
 * Process hygiene: every emulator runs under scripts/emulators/guard.mjs in its
 * own process group. The group is killed by `stop()`, on this process's exit,
 * on SIGINT/SIGTERM/SIGHUP (when nobody else handles them) and on an uncaught
 * exception; if this process is SIGKILLed, the guard notices and kills the
 * emulator itself.
 *
 * Environment:
 *   KIPPU_EMULATOR_PIDFILE  if set, a path that startEmulators writes (once
 *                           everything is up) with a JSON array of the pids it
 *                           started (guards and emulators); `[]` when it reused
 *                           everything. Used by test/e2e/processes.test.ts to
 *                           check that nothing outlives a run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer, Socket, type AddressInfo, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { DYNAMODB_LOCAL_DIR, LOCAL_DIR, installEmulators } from './install';

export interface Emulators {
  /** AWS_ENDPOINT_URL_* for DynamoDB and the moto services, plus region and credentials. */
  env: Record<string, string>;
  /** True when every endpoint came from process.env and nothing was started. */
  reused: boolean;
  /** Stops what this call started and waits until those processes are gone. */
  stop(): Promise<void>;
}

export const DYNAMODB_ENDPOINT_VAR = 'AWS_ENDPOINT_URL_DYNAMODB';
/** The services kippu points at moto. */
export const MOTO_ENDPOINT_VARS = [
  'AWS_ENDPOINT_URL_SQS',
  'AWS_ENDPOINT_URL_KMS',
  'AWS_ENDPOINT_URL_SCHEDULER',
  'AWS_ENDPOINT_URL_COGNITO_IDP',
  'AWS_ENDPOINT_URL_SESV2',
] as const;
/** The variable the SDK's Cognito client reads, always set to AWS_ENDPOINT_URL_COGNITO_IDP's endpoint. */
export const COGNITO_SDK_ENDPOINT_VAR = 'AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER';
/** Every endpoint variable the emulators provide (tests clear these to force fresh emulators). */
export const ENDPOINT_VARS = [DYNAMODB_ENDPOINT_VAR, ...MOTO_ENDPOINT_VARS, COGNITO_SDK_ENDPOINT_VAR] as const;

const DEFAULT_REGION = 'us-east-1';
/** Emulators accept any credentials; the SDK just needs some to sign with. */
const DEFAULT_CREDENTIAL = 'local';
const LOOPBACK = '127.0.0.1';

const GUARD_SCRIPT = fileURLToPath(new URL('./guard.mjs', import.meta.url));
const DYNAMODB_LOCAL_MAIN = 'com.amazonaws.services.dynamodbv2.local.main.ServerRunner';

/** The JVM usually answers within ~2 s and moto within ~1 s; a cold, loaded CI box is far slower. */
const READY_TIMEOUT_MS = 60_000;
const READY_POLL_INTERVAL_MS = 200;
const READY_REQUEST_TIMEOUT_MS = 1_000;
/** SIGTERM grace before the process group is SIGKILLed (the guard escalates after 3 s itself). */
const STOP_GRACE_MS = 5_000;
/** How long to wait for the group to vanish after SIGKILL before giving up. */
const STOP_AFTER_KILL_MS = 2_000;
const STOP_POLL_INTERVAL_MS = 50;
/** Lines of an emulator's output kept to explain a failed start. */
const OUTPUT_TAIL_LINES = 40;

interface Running {
  name: string;
  guard: ChildProcess;
  /** The guard is spawned detached, so its pid is also its process group id. */
  pgid: number;
  /** The emulator's own pid, reported by the guard over IPC. */
  emulatorPid: number | undefined;
  /** Resolves when the guard has exited (and been reaped). */
  exited: Promise<void>;
  exitStatus: string | undefined;
  tail: string[];
  stopping: Promise<void> | undefined;
}

/** Everything started by this process and not yet stopped; the process-wide handlers kill these. */
const running = new Set<Running>();

const noop = (): void => {};

export async function startEmulators(options: { log?: (line: string) => void } = {}): Promise<Emulators> {
  const log = options.log ?? noop;
  const given = process.env;
  const needDynamo = !given[DYNAMODB_ENDPOINT_VAR];
  const needMoto = MOTO_ENDPOINT_VARS.some((name) => !given[name]);

  const env: Record<string, string> = {
    AWS_REGION: given.AWS_REGION || DEFAULT_REGION,
    AWS_ACCESS_KEY_ID: given.AWS_ACCESS_KEY_ID || DEFAULT_CREDENTIAL,
    AWS_SECRET_ACCESS_KEY: given.AWS_SECRET_ACCESS_KEY || DEFAULT_CREDENTIAL,
  };
  for (const name of [DYNAMODB_ENDPOINT_VAR, ...MOTO_ENDPOINT_VARS]) {
    const value = given[name];
    if (value) env[name] = value;
  }
  const withCognitoSdkVar = (): Record<string, string> => {
    const cognito = env['AWS_ENDPOINT_URL_COGNITO_IDP'];
    if (cognito !== undefined) env[COGNITO_SDK_ENDPOINT_VAR] = cognito;
    return env;
  };

  if (!needDynamo && !needMoto) {
    log('reusing the emulator endpoints from the environment');
    writePidFile([]);
    return { env: withCognitoSdkVar(), reused: true, stop: async () => {} };
  }

  const installed = await installEmulators({ dynamodb: needDynamo, moto: needMoto, log });
  const [dynamoPort, motoPort] = await freeLoopbackPorts(2);
  if (dynamoPort === undefined || motoPort === undefined) throw new Error('could not reserve loopback ports');

  const starts: Promise<Running>[] = [];
  if (needDynamo && installed.java) {
    const { command, classpath, libraryPath } = installed.java;
    starts.push(
      startEmulator({
        name: 'DynamoDB Local',
        command,
        args: [
          `-Djava.library.path=${libraryPath}`,
          '-cp',
          classpath,
          DYNAMODB_LOCAL_MAIN,
          '-inMemory',
          // One database for every access key and region, like a real account.
          '-sharedDb',
          // Otherwise it phones home on start.
          '-disableTelemetry',
          '-port',
          String(dynamoPort),
          // ServerRunner has no host option: it listens on all interfaces. We only ever talk to loopback.
        ],
        cwd: DYNAMODB_LOCAL_DIR,
        port: dynamoPort,
        log,
      }),
    );
  }
  if (needMoto && installed.motoServer) {
    starts.push(
      startEmulator({
        name: 'moto',
        command: installed.motoServer,
        args: ['-H', LOOPBACK, '-p', String(motoPort)],
        cwd: LOCAL_DIR,
        port: motoPort,
        log,
      }),
    );
  }

  const results = await Promise.allSettled(starts);
  const started = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  const stop = async (): Promise<void> => {
    await Promise.all(started.map(stopEmulator));
  };
  if (failure) {
    await stop();
    throw failure.reason;
  }

  if (needDynamo) env[DYNAMODB_ENDPOINT_VAR] = `http://${LOOPBACK}:${dynamoPort}`;
  if (needMoto) {
    for (const name of MOTO_ENDPOINT_VARS) env[name] ??= `http://${LOOPBACK}:${motoPort}`;
  }
  writePidFile(started.flatMap((r) => [r.pgid, ...(r.emulatorPid === undefined ? [] : [r.emulatorPid])]));
  return { env: withCognitoSdkVar(), reused: false, stop };
}

function writePidFile(pids: number[]): void {
  const file = process.env.KIPPU_EMULATOR_PIDFILE;
  if (file) writeFileSync(file, JSON.stringify(pids));
}

/** Binds port 0 on loopback to let the kernel pick free ports; all are held until all are known, so they differ. */
async function freeLoopbackPorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const server = createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, LOOPBACK, resolve);
      });
    }
    return servers.map((server) => (server.address() as AddressInfo).port);
  } finally {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  }
}

interface StartSpec {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  port: number;
  log: (line: string) => void;
}

async function startEmulator(spec: StartSpec): Promise<Running> {
  const startedAt = Date.now();
  installProcessHandlers();
  const guard = spawn(process.execPath, [GUARD_SCRIPT, String(process.pid), spec.command, ...spec.args], {
    cwd: spec.cwd,
    // Own process group: `kill(-pgid)` reaches the guard and the emulator, and a
    // Ctrl-C on the terminal goes to us, not straight to the emulators.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  if (guard.pid === undefined) {
    const error = await new Promise<Error>((resolve) => guard.once('error', resolve));
    throw new Error(`could not start the ${spec.name} guard: ${error.message}`);
  }
  let markExited = noop;
  const entry: Running = {
    name: spec.name,
    guard,
    pgid: guard.pid,
    emulatorPid: undefined,
    exited: new Promise<void>((resolve) => (markExited = resolve)),
    exitStatus: undefined,
    tail: [],
    stopping: undefined,
  };
  running.add(entry);
  guard.once('exit', (code, signal) => {
    entry.exitStatus = signal ? `signal ${signal}` : `exit code ${String(code)}`;
    markExited();
  });
  guard.on('message', (message: unknown) => {
    if (typeof message === 'object' && message !== null && 'pid' in message && typeof message.pid === 'number') {
      entry.emulatorPid = message.pid;
    }
  });
  for (const stream of [guard.stdout, guard.stderr]) {
    if (!stream) continue;
    // Drain the output (a full pipe would block the emulator) and keep the tail for errors.
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      entry.tail.push(...chunk.split('\n').filter((line) => line.trim() !== ''));
      if (entry.tail.length > OUTPUT_TAIL_LINES) entry.tail.splice(0, entry.tail.length - OUTPUT_TAIL_LINES);
    });
    // The emulators must not keep this process alive: the exit handler kills them.
    if (stream instanceof Socket) stream.unref();
  }
  guard.channel?.unref();
  guard.unref();

  const url = `http://${LOOPBACK}:${spec.port}/`;
  const deadline = startedAt + READY_TIMEOUT_MS;
  for (;;) {
    if (entry.exitStatus !== undefined) {
      await stopEmulator(entry);
      throw new Error(`${spec.name} exited (${entry.exitStatus}) before answering on ${url}:\n${entry.tail.join('\n')}`);
    }
    if (await answersHttp(url)) break;
    if (Date.now() > deadline) {
      await stopEmulator(entry);
      throw new Error(
        `${spec.name} did not answer on ${url} within ${READY_TIMEOUT_MS / 1000} s; last output:\n${entry.tail.join('\n')}`,
      );
    }
    await sleep(READY_POLL_INTERVAL_MS);
  }
  spec.log(`${spec.name} is up on ${url} (pid ${entry.emulatorPid ?? '?'}, ${Date.now() - startedAt} ms)`);
  return entry;
}

/** Any HTTP response counts: DynamoDB Local answers 400 to a bare GET, moto 200/404. */
function answersHttp(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    // agent: false closes the connection after the probe, so no keep-alive socket lingers.
    const probe = request(url, { method: 'GET', agent: false, timeout: READY_REQUEST_TIMEOUT_MS }, (response) => {
      response.resume();
      resolve(true);
    });
    probe.once('timeout', () => probe.destroy());
    probe.once('error', () => resolve(false));
    probe.end();
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Sends a signal to a whole process group; false when the group no longer exists. */
function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (error) {
    // EPERM cannot happen for our own children; treat anything but ESRCH as "still there".
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** Resolves true once the guard is reaped and its group is empty, false at the deadline. */
async function waitGone(entry: Running, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  let timer: NodeJS.Timeout | undefined;
  const exited = await Promise.race([
    entry.exited.then(() => true),
    new Promise<false>((resolve) => (timer = setTimeout(resolve, ms, false))),
  ]);
  // A pending timer would hold a caller's event loop open for the whole grace period.
  clearTimeout(timer);
  if (!exited) return false;
  while (signalGroup(entry.pgid, 0)) {
    if (Date.now() > deadline) return false;
    await sleep(STOP_POLL_INTERVAL_MS);
  }
  return true;
}

function stopEmulator(entry: Running): Promise<void> {
  entry.stopping ??= (async () => {
    if (signalGroup(entry.pgid, 'SIGTERM') && !(await waitGone(entry, STOP_GRACE_MS))) {
      signalGroup(entry.pgid, 'SIGKILL');
      await waitGone(entry, STOP_AFTER_KILL_MS);
    }
    running.delete(entry);
  })();
  return entry.stopping;
}

/** Synchronous last resort, for paths that cannot wait: the guards escalate to SIGKILL on their own. */
function killAllNow(): void {
  for (const entry of running) signalGroup(entry.pgid, 'SIGTERM');
}

let handlersInstalled = false;

function installProcessHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', killAllNow);
  // The monitor variant observes a crash without changing how the process dies.
  process.on('uncaughtExceptionMonitor', killAllNow);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = (): void => {
      // If the application handles this signal itself (with-emulators forwards it and then
      // calls stop()), leave the shutdown to it; the exit handler remains the backstop.
      if (process.listenerCount(signal) > 1) return;
      killAllNow();
      // Otherwise die of the signal as if we had never listened.
      process.removeListener(signal, onSignal);
      process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}
