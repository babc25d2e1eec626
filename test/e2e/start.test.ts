import { spawn, execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { decodeProtectedHeader } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { ENDPOINT_VARS } from '../../scripts/emulators/index';

/**
 * `npm start` as a new user runs it: its own emulators, the API on a port, the JWKS, a
 * development token, a ticket signed by a key that JWKS already listed, `kippu verify` against
 * the served JWKS, then Ctrl-C and nothing left over.
 */
const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const HEALTH_DEADLINE_MS = 90_000;
const POLL_MS = 250;
const run = promisify(execFile);
const scratch = mkdtempSync(path.join(tmpdir(), 'kippu-start-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** How `npm start` (scripts/local/start.ts) failed in this environment: its exit code and all it printed; undefined if it did not fail. */
const startFailure = (env: NodeJS.ProcessEnv): Promise<{ code: number; output: string } | undefined> =>
  run(path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), ['scripts/local/start.ts'], { cwd: REPO_ROOT, env }).then(
    () => undefined,
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, output: `${error.stdout}${error.stderr}` }),
  );

describe('npm start', () => {
  it('serves the API, issues a verifiable ticket, and leaves nothing running after Ctrl-C', async () => {
    // Prepare
    const port = await freePort();
    const pidFile = path.join(scratch, 'pids.json');
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), KIPPU_EMULATOR_PIDFILE: pidFile };
    for (const name of ENDPOINT_VARS) delete env[name];
    for (const name of Object.keys(env)) if (name.startsWith('KIPPU_') && name !== 'KIPPU_EMULATOR_PIDFILE') delete env[name];
    const child = spawn(path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), ['scripts/local/start.ts'], {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const base = `http://127.0.0.1:${port}`;

    try {
      // Act: wait for health
      const deadline = Date.now() + HEALTH_DEADLINE_MS;
      let healthy = false;
      while (!healthy && Date.now() < deadline && child.exitCode === null) {
        healthy = await fetch(`${base}/health`).then(
          (response) => response.ok,
          () => false,
        );
        if (!healthy) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
      expect(healthy, output).toBe(true);
      // A provider may fetch the key set before the first ticket of the day is signed.
      const keysBefore = (await (await fetch(`${base}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] };

      const tokenFor = async (role: string, sub: string) =>
        (
          (await (await fetch(`${base}/local/token`, { method: 'POST', body: JSON.stringify({ role, sub }) })).json()) as {
            token: string;
          }
        ).token;
      // As the README does: register the provider and the holder first (tickets are signed only between registered parties).
      const operator = await tokenFor('operator', 'op-start');
      const register = async (path: string, body: object) =>
        (
          (await (
            await fetch(`${base}${path}`, {
              method: 'POST',
              headers: { authorization: `Bearer ${operator}`, 'content-type': 'application/json' },
              body: JSON.stringify(body),
            })
          ).json()) as { id: string }
        ).id;
      const providerId = await register('/v1/providers', {
        name: 'Harbour Cams',
        proxySettlement: { trusted: false },
        platformFeeBps: 1000,
      });
      const holderId = await register('/v1/customers', { name: 'Aiko' });
      const token = await tokenFor('provider', providerId);
      const issued = await fetch(`${base}/v1/tickets`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          providerId,
          holderId,
          resource: 'cam/1',
          validitySeconds: 60,
          capabilities: ['image'],
        }),
      });
      const ticket = (await issued.json()) as { token: string };
      // Exactly what the README tells a user to run.
      const verified = await run(
        'npx',
        ['kippu', 'verify', ticket.token, '--jwks', `${base}/.well-known/jwks.json`, '--aud', providerId],
        { cwd: REPO_ROOT },
      );

      // Assess
      expect(issued.status).toBe(201);
      expect(JSON.parse(verified.stdout)).toMatchObject({ valid: true, claims: { iss: base, aud: providerId } });
      // The window's delegated key was made when kippu started, ahead of the ticket it signed.
      expect(keysBefore.keys.map((key) => key.kid)).toContain(decodeProtectedHeader(ticket.token).kid);
      expect(output).toMatch(/GET \/health 200/);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
    const pids = existsSync(pidFile) ? (JSON.parse(readFileSync(pidFile, 'utf8')) as number[]) : [];
    expect(pids.length).toBeGreaterThan(0);
    expect(pids.filter(isAlive)).toEqual([]);
  });
  it.each([
    ['KIPPU_TICKET_LEEWAY_SECONDS', '99', /KIPPU_TICKET_LEEWAY_SECONDS: Too big: expected number to be <=60/],
    ['KIPPU_DEFAULT_CURRENCY', 'XYZ', /KIPPU_DEFAULT_CURRENCY: Invalid string: must be an ISO 4217 currency code$/m],
    ['KIPPU_SCHEDULE_LEDGER_EXPIRY_SWEEP_SECONDS', 'abc', /KIPPU_SCHEDULE_LEDGER_EXPIRY_SWEEP_SECONDS: /],
    ['KIPPU_SCHEDULE_BILLING_MONTHLY_CRON', 'every day', /KIPPU_SCHEDULE_BILLING_MONTHLY_CRON: every day is not cron\(/],
    ['KIPPU_LOCAL_CLOCK_AT', '2026-12-01', /KIPPU_LOCAL_CLOCK_AT: must be an ISO 8601 instant/],
    ['PORT', '0xCE5', /PORT: Invalid input: expected int written in decimal digits$/m],
    ['PORT', '', /PORT: Invalid input: expected int, received an empty value$/m],
    [
      'KIPPU_LOCAL_QUEUE_VISIBILITY_TIMEOUT_SECONDS',
      '1e3',
      /KIPPU_LOCAL_QUEUE_VISIBILITY_TIMEOUT_SECONDS: Invalid input: expected int written in decimal digits$/m,
    ],
  ])('refuses to start with %s=%j, naming the variable (exit 2, before any emulator)', async (name, value, message) => {
    // Prepare: no emulators of the suite's, so that a start that went on would have to start its own.
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), [name]: value };
    for (const variable of ENDPOINT_VARS) delete env[variable];

    // Act
    const failure = await startFailure(env);

    // Assess
    expect(failure?.code).toBe(2);
    const output = failure?.output ?? '';
    expect(output).toMatch(/^\[kippu\] invalid configuration: /m);
    expect(output).toMatch(message);
    expect(output).not.toMatch(/cannot listen|emulator|API on/);
  });

  it('names a missing tool in one line, without a stack trace', async () => {
    // Prepare: a PATH that holds node and nothing else (no java, mvn or python3).
    const bin = path.join(scratch, 'only-node');
    mkdirSync(bin);
    symlinkSync(process.execPath, path.join(bin, 'node'));
    const env: NodeJS.ProcessEnv = { ...process.env, PATH: bin };
    for (const name of Object.keys(env)) if (name.startsWith('AWS_ENDPOINT_URL') || name.startsWith('KIPPU_')) delete env[name];

    // Act
    const failure = await startFailure(env);

    // Assess
    expect(failure?.code).toBe(1);
    const output = failure?.output ?? '';
    expect(output).toMatch(/kippu needs (Java|Maven|Python)/);
    expect(output).not.toMatch(/^\s+at /m);
  });
});
