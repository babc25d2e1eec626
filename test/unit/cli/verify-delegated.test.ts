import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../../shared/cli/kippu';
import { DelegatingJwsSigner } from '../../../shared/domain/signing/signer';
import { signCompactJws, TICKET_TYPE } from '../../../shared/domain/tickets/jws';
import { delegate, delegatedJwk, SIGNING_ISSUER, signingWorld } from '../../fixtures/signing';

/**
 * `kippu verify` with delegated keys, the key set in a file: a ticket signed by a delegated
 * key verifies, with or without the root key pinned by --root-kid; a document its delegation
 * does not allow is rejected (exit 1) with the reason.
 */
const PROVIDER = 'prov-cli';
const scratch = mkdtempSync(path.join(tmpdir(), 'kippu-cli-delegated-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const kippu = async (...argv: string[]) => {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
  return { code, stdout, stderr };
};

const ticketClaims = (issuedAt: number) => ({
  iss: SIGNING_ISSUER,
  sub: 'sub_cli',
  aud: PROVIDER,
  jti: `tkt_${issuedAt}`,
  iat: issuedAt,
  nbf: issuedAt,
  exp: issuedAt + 600,
  res: 'server-1/stream-1',
  cap: ['image'],
});

describe('kippu verify with delegated keys', () => {
  it('verifies a ticket signed by a delegated key, also with its root key pinned, and not with another root pinned', async () => {
    // Prepare: the set also holds another root key (as during a rotation), which did not delegate the signing key.
    const world = signingWorld(Date.now());
    const signer = new DelegatingJwsSigner(world.deps, true);
    const { token, keyId } = await signCompactJws(signer, TICKET_TYPE, ticketClaims(Math.floor(Date.now() / 1000)));
    const { publicKey } = await generateKeyPair('ES256', { extractable: true });
    const otherRootJwk = await exportJWK(publicKey);
    const otherRootKid = await calculateJwkThumbprint(otherRootJwk);
    const served = await world.keySet();
    const jwksFile = path.join(scratch, 'jwks.json');
    writeFileSync(
      jwksFile,
      JSON.stringify({ keys: [...served.keys, { ...otherRootJwk, kid: otherRootKid, alg: 'ES256', use: 'sig' }] }),
    );
    const common = ['verify', token, '--jwks', jwksFile, '--iss', SIGNING_ISSUER, '--aud', PROVIDER];

    // Act
    const plain = await kippu(...common);
    const pinned = await kippu(...common, '--root-kid', await world.root.keyId());
    const otherRoot = await kippu(...common, '--root-kid', otherRootKid);

    // Assess
    expect(plain.code).toBe(0);
    expect(JSON.parse(plain.stdout)).toMatchObject({ valid: true, header: { kid: keyId } });
    expect(keyId).not.toBe(await world.root.keyId());
    expect(pinned.code).toBe(0);
    expect(otherRoot).toMatchObject({ code: 1, stdout: '' });
    expect(otherRoot.stderr).toMatch(/^rejected: BAD_DELEGATION: /);
  });

  it('refuses a --root-kid that is no root key of the set as a usage error (exit 2), naming it, before verifying', async () => {
    // Prepare
    const world = signingWorld(Date.now());
    const signer = new DelegatingJwsSigner(world.deps, true);
    const { token, keyId } = await signCompactJws(signer, TICKET_TYPE, ticketClaims(Math.floor(Date.now() / 1000)));
    const jwksFile = path.join(scratch, 'pinned-jwks.json');
    writeFileSync(jwksFile, JSON.stringify(await world.keySet()));
    const common = ['verify', token, '--jwks', jwksFile, '--iss', SIGNING_ISSUER, '--aud', PROVIDER];
    const rootKid = await world.root.keyId();

    // Act
    const unknown = await kippu(...common, '--root-kid', 'nope');
    const oneOfTwoUnknown = await kippu(...common, '--root-kid', rootKid, '--root-kid', 'nor-this');
    // `=`: a random kid may start with `--`, which reads as an option (one that starts with one dash is joined: below).
    const delegatedKey = await kippu(...common, `--root-kid=${keyId}`);
    const dashed = await kippu(...common, '--root-kid', '-Vnope');

    // Assess
    expect(unknown).toEqual({
      code: 2,
      stdout: '',
      stderr: `kippu: --root-kid nope: no root key of the JWK Set ${jwksFile} has this kid (its root keys: ${rootKid}).\n`,
    });
    expect(oneOfTwoUnknown).toMatchObject({ code: 2, stderr: expect.stringMatching(/^kippu: --root-kid nor-this: /) });
    expect(delegatedKey).toMatchObject({ code: 2, stderr: expect.stringMatching(new RegExp(`^kippu: --root-kid ${keyId}: `)) });
    // A kid that starts with a dash is the option's value, not -V (--version).
    expect(dashed).toMatchObject({ code: 2, stderr: expect.stringMatching(/^kippu: --root-kid -Vnope: no root key/) });
  });

  it('rejects a ticket of a delegated key checked against another issuer as WRONG_ISSUER, not BAD_DELEGATION', async () => {
    // Prepare
    const world = signingWorld(Date.now());
    const signer = new DelegatingJwsSigner(world.deps, true);
    const { token } = await signCompactJws(signer, TICKET_TYPE, ticketClaims(Math.floor(Date.now() / 1000)));
    const jwksFile = path.join(scratch, 'issuer-jwks.json');
    writeFileSync(jwksFile, JSON.stringify(await world.keySet()));

    // Act
    const evil = await kippu('verify', token, '--jwks', jwksFile, '--iss', 'https://evil.example', '--aud', PROVIDER);
    const slashed = await kippu('verify', token, '--jwks', jwksFile, '--iss', `${SIGNING_ISSUER}/`, '--aud', PROVIDER);

    // Assess
    expect(evil).toEqual({
      code: 1,
      stdout: '',
      stderr: `rejected: WRONG_ISSUER: Its iss is ${SIGNING_ISSUER}, not https://evil.example.\n`,
    });
    expect(slashed).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^rejected: WRONG_ISSUER: .*trailing slash included\.\n$/),
    });
  });

  it('rejects a ticket issued outside its key’s window with OUTSIDE_DELEGATION', async () => {
    // Prepare: a key delegated for the previous window signs a ticket issued now.
    const world = signingWorld(Date.now());
    const stale = await delegate(world.root, Date.now() - 3_600_000);
    const { token } = await signCompactJws(stale.signer, TICKET_TYPE, ticketClaims(Math.floor(Date.now() / 1000)));
    const jwksFile = path.join(scratch, 'stale-jwks.json');
    writeFileSync(jwksFile, JSON.stringify({ keys: [await world.root.publicJwk(), delegatedJwk(stale.record)] }));

    // Act
    const answer = await kippu('verify', token, '--jwks', jwksFile, '--iss', SIGNING_ISSUER, '--aud', PROVIDER);

    // Assess
    expect(answer.code).toBe(1);
    expect(answer.stderr).toMatch(/^rejected: OUTSIDE_DELEGATION: /);
  });
});
