import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { decodeJwt, exportJWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../fixtures/api';
import { REPO_ROOT } from '../fixtures/cli';
import { dpopProof, registerCustomer, sessionsUrl, type RegisteredCustomer } from '../fixtures/identity';

/**
 * The README's local sign-in recipe after the test clock was moved: `npm run -s dpop -- proof`
 * stamps the local API's time, not the machine's, so the proof is fresh where the server
 * judges it; and the access token it gets works at that time. A file of its own: it moves
 * this process's test clock by hours.
 */
const ADVANCE_SECONDS = 2 * 3600;
const run = promisify(execFile);

let api: TestApi;
let customer: RegisteredCustomer;
let keyFile: string;

const dpopHelper = async (...args: string[]): Promise<string> =>
  (await run('npm', ['run', '-s', 'dpop', '--', ...args], { cwd: REPO_ROOT })).stdout.trim();
const serverSeconds = async (): Promise<number> => {
  const clock = await api.call<{ now: string }>('GET', '/local/clock');
  return Math.floor(Date.parse(clock.body.now) / 1000);
};
const signInWith = (proof: string) =>
  api.call<{ accessToken: string; code?: string }>('POST', '/v1/sessions', {
    body: { email: customer.email, password: customer.password },
    headers: { dpop: proof },
  });

beforeAll(async () => {
  api = await startTestApi();
  customer = await registerCustomer(api, 'clockwise');
  keyFile = join(mkdtempSync(join(tmpdir(), 'kippu-dpop-')), 'phone.jwk');
  writeFileSync(keyFile, JSON.stringify(await exportJWK(customer.device.privateKey)));
  await api.call('POST', '/local/clock', { body: { advanceSeconds: ADVANCE_SECONDS } });
}, 60_000);
afterAll(async () => api.close());

describe('signing in locally after the test clock moved', () => {
  it('stamps a proof with the local API’s clock, read from the API the proof is for', async () => {
    const before = await serverSeconds();
    const proof = await dpopHelper('proof', keyFile, 'POST', `${api.url}/v1/sessions`);
    const after = await serverSeconds();

    const { iat } = decodeJwt(proof);
    expect(iat).toBeGreaterThanOrEqual(before);
    expect(iat).toBeLessThanOrEqual(after);
  });

  it('signs in with a proof stamped --now the local time, and the token works at that time', async () => {
    const wallClockProof = await dpopProof(customer.device, 'POST', sessionsUrl());
    const proof = await dpopHelper('proof', keyFile, 'POST', sessionsUrl(), '--now', String(await serverSeconds()));

    const stale = await signInWith(wallClockProof);
    const session = await signInWith(proof);
    const me = await api.call('GET', '/v1/me', { token: session.body.accessToken });

    expect([stale.status, stale.body.code]).toEqual([401, 'DPOP_PROOF_STALE']);
    expect(session.status).toBe(201);
    expect(me.status).toBe(200);
  });
});
