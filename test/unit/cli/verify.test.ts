import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalKeyJwsSigner } from '../../../shared/adapters/memory/tickets';
import { main } from '../../../shared/cli/kippu';
import { REVOCATIONS_TYPE } from '../../../shared/domain/revocations/revocations';
import { signCompactJws, TICKET_TYPE } from '../../../shared/domain/tickets/jws';

/**
 * `kippu verify` in-process, reading the key set and revocation lists from files: what the
 * command checks and how it exits. tests/e2e covers the built command over HTTP.
 */
const ISSUER = 'https://kippu.test';
const PROVIDER = 'prov-cli';
const scratch = mkdtempSync(path.join(tmpdir(), 'kippu-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const nowSeconds = () => Math.floor(Date.now() / 1000);
const signer = new LocalKeyJwsSigner();
const jwksFile = path.join(scratch, 'jwks.json');
let ticket: string;

const ticketClaims = (jti: string) => ({
  iss: ISSUER,
  sub: 'sub_cli',
  aud: PROVIDER,
  jti,
  iat: nowSeconds(),
  nbf: nowSeconds(),
  exp: nowSeconds() + 600,
  res: 'server-1/stream-1',
  cap: ['image'],
});

const listClaims = (jtis: readonly string[], more = false) => ({
  iss: ISSUER,
  sub: PROVIDER,
  aud: PROVIDER,
  jti: `rvl:${PROVIDER}:0:${jtis.length}`,
  iat: nowSeconds(),
  since: 0,
  ver: jtis.length,
  latest: jtis.length + (more ? 1 : 0),
  more,
  revoked: jtis.map((jti, index) => ({ jti, ver: index + 1, at: nowSeconds() })),
});

const file = (name: string, content: string): string => {
  const location = path.join(scratch, name);
  writeFileSync(location, content);
  return location;
};

const kippu = async (...argv: string[]) => {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { code, stdout, stderr };
};

beforeAll(async () => {
  writeFileSync(jwksFile, JSON.stringify({ keys: [await signer.publicJwk()] }));
  ticket = (await signCompactJws(signer, TICKET_TYPE, ticketClaims('tkt_cli'))).token;
});

describe('kippu verify', () => {
  it('prints the header and claims of a valid ticket and exits 0', async () => {
    const answer = await kippu('verify', ticket, '--jwks', jwksFile, '--iss', ISSUER, '--aud', PROVIDER);
    expect(answer.code).toBe(0);
    expect(JSON.parse(answer.stdout)).toMatchObject({ valid: true, header: { typ: TICKET_TYPE }, claims: { jti: 'tkt_cli' } });
  });

  it('rejects a ticket on the revocation list in a file (as the API serves it) with REVOKED and exits 1', async () => {
    // Prepare
    const list = (await signCompactJws(signer, REVOCATIONS_TYPE, listClaims(['tkt_other', 'tkt_cli']))).token;
    const served = file('served.json', JSON.stringify({ providerId: PROVIDER, since: 0, version: 2, more: false, token: list }));
    const bare = file('bare.jws', `${list}\n`);

    // Act
    const fromServed = await kippu(
      'verify',
      ticket,
      '--jwks',
      jwksFile,
      '--iss',
      ISSUER,
      '--aud',
      PROVIDER,
      '--revocations',
      served,
    );
    const fromBare = await kippu('verify', ticket, '--jwks', jwksFile, '--iss', ISSUER, '--aud', PROVIDER, '--revocations', bare);

    // Assess
    expect(fromServed).toMatchObject({ code: 1, stdout: '' });
    expect(fromServed.stderr).toMatch(/^rejected: REVOKED: Ticket tkt_cli is on the revocation list of prov-cli \(version 2,/);
    expect(fromBare.code).toBe(1);
  });

  it('passes a ticket that is not on the list, naming the version it was checked against', async () => {
    const list = file('other.jws', (await signCompactJws(signer, REVOCATIONS_TYPE, listClaims(['tkt_other']))).token);
    const answer = await kippu('verify', ticket, '--jwks', jwksFile, '--iss', ISSUER, '--aud', PROVIDER, '--revocations', list);
    expect(answer.code).toBe(0);
    expect(JSON.parse(answer.stdout)).toMatchObject({ valid: true, revocations: { since: 0, version: 1 } });
  });

  it('a revocation list that does not verify, or stops before the end, fails the command (exit 2) rather than pass the ticket', async () => {
    // Prepare
    const stranger = new LocalKeyJwsSigner();
    const forged = file('forged.jws', (await signCompactJws(stranger, REVOCATIONS_TYPE, listClaims([]))).token);
    const partial = file('partial.jws', (await signCompactJws(signer, REVOCATIONS_TYPE, listClaims(['tkt_other'], true))).token);
    const ticketAsList = file('ticket.jws', ticket);

    // Act
    const answers = await Promise.all(
      [forged, partial, ticketAsList].map((list) =>
        kippu('verify', ticket, '--jwks', jwksFile, '--iss', ISSUER, '--aud', PROVIDER, '--revocations', list),
      ),
    );

    // Assess
    expect(answers.map((answer) => answer.code)).toEqual([2, 2, 2]);
    expect(answers.map((answer) => answer.stdout)).toEqual(['', '', '']);
    expect(answers[0]?.stderr).toMatch(/was rejected: UNKNOWN_KID/);
    expect(answers[1]?.stderr).toMatch(/stops at version 1 of 2/);
    expect(answers[2]?.stderr).toMatch(/was rejected: WRONG_TYPE/);
  });

  it('--now verifies as of that instant: a ticket is valid inside its window and EXPIRED after it, whatever the machine clock says', async () => {
    // Prepare
    const base = ['verify', ticket, '--jwks', jwksFile, '--iss', ISSUER, '--aud', PROVIDER, '--leeway', '0'];
    const at = (seconds: number) => new Date(seconds * 1000).toISOString();
    // The signed ticket's own window (claims built again now could be a second later).
    const { nbf = 0, exp = 0 } = decodeJwt(ticket);

    // Act
    const inside = await kippu(...base, '--now', at(nbf + 60));
    const after = await kippu(...base, '--now', at(exp + 3_600));
    const offset = await kippu(...base, '--now', at(exp + 3_600).replace('Z', '+00:00'));

    // Assess
    expect(inside.code).toBe(0);
    expect(after.code).toBe(1);
    expect(after.stderr).toBe(
      `rejected: EXPIRED: Its exp is ${exp} (${at(exp)}): with the leeway of 0 s it was valid until ${at(exp)}, and it was checked at ${at(exp + 3_600)}.\n`,
    );
    expect(offset.code).toBe(1);
  });

  it('rejects another issuer, or the issuer with a trailing slash, as WRONG_ISSUER (exit 1), naming both', async () => {
    // Act
    const evil = await kippu('verify', ticket, '--jwks', jwksFile, '--iss', 'https://evil.example', '--aud', PROVIDER);
    const slashed = await kippu('verify', ticket, '--jwks', jwksFile, '--iss', `${ISSUER}/`, '--aud', PROVIDER);

    // Assess
    expect(evil).toEqual({
      code: 1,
      stdout: '',
      stderr: `rejected: WRONG_ISSUER: Its iss is ${ISSUER}, not https://evil.example.\n`,
    });
    expect(slashed).toEqual({
      code: 1,
      stdout: '',
      stderr: `rejected: WRONG_ISSUER: Its iss is ${ISSUER}, not ${ISSUER}/. Issuers are compared exactly, trailing slash included.\n`,
    });
  });

  it('names the audience found and the one expected on WRONG_AUDIENCE', async () => {
    const answer = await kippu('verify', ticket, '--jwks', jwksFile, '--iss', ISSUER, '--aud', 'prov-other');
    expect(answer).toEqual({
      code: 1,
      stdout: '',
      stderr: `rejected: WRONG_AUDIENCE: Its aud is ${PROVIDER}, not prov-other.\n`,
    });
  });

  it('verifies a revocation list itself with --type revocations', async () => {
    const list = (await signCompactJws(signer, REVOCATIONS_TYPE, listClaims(['tkt_x']))).token;
    const answer = await kippu('verify', list, '--type', 'revocations', '--jwks', jwksFile, '--iss', ISSUER, '--aud', PROVIDER);
    expect(answer.code).toBe(0);
    expect(JSON.parse(answer.stdout)).toMatchObject({ claims: { revoked: [{ jti: 'tkt_x' }] } });
  });

  it.each([
    ['a leeway above 60', ['--leeway', '61'], /--leeway/],
    ['a negative leeway', ['--leeway', '-1'], /--leeway/],
    ['an unknown type', ['--type', 'invoice'], /--type/],
    ['--now that is not an instant', ['--now', 'tomorrow'], /--now/],
    ['--now without a zone', ['--now', '2026-11-27T10:00:00'], /--now/],
    ['--revocations with a docket', ['--type', 'docket', '--revocations', 'list.jws'], /--revocations checks tickets/],
    ['--token without --revocations', ['--token', 'abc'], /give both or neither/],
  ])('%s is a usage error (exit 2)', async (_case, extra, message) => {
    const answer = await kippu('verify', ticket, '--jwks', jwksFile, '--iss', ISSUER, '--aud', PROVIDER, ...extra);
    expect(answer.code).toBe(2);
    expect(answer.stderr).toMatch(message);
  });

  it('without --iss the issuer comes only from a kippu JWKS URL; a file alone is a usage error', async () => {
    const answer = await kippu('verify', ticket, '--jwks', jwksFile, '--aud', PROVIDER);
    expect(answer.code).toBe(2);
    expect(answer.stderr).toMatch(/Give --iss/);
  });

  it('--help on the program and on verify exits 0 with the usage on stdout', async () => {
    const program = await kippu('--help');
    const verify = await kippu('verify', '--help');
    expect(program).toMatchObject({ code: 0, stderr: '' });
    expect(program.stdout).toMatch(/Usage: kippu/);
    expect(verify).toMatchObject({ code: 0, stderr: '' });
    expect(verify.stdout).toMatch(/Usage: kippu verify \[options\] <token>/);
  });
});
