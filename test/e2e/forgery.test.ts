import { createHmac, generateKeyPairSync, sign as signWithKey } from 'node:crypto';
import { writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { P256_ORDER } from '@kippu/verify/es256';
import type { JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KmsJwsSigner } from '../../shared/adapters/aws/kms-signer';
import { signCompactJws, TICKET_TYPE } from '../../shared/domain/tickets/jws';
import { verifyTicket, type RejectionReason } from '@kippu/verify';
import { registerCustomer, registerProvider, startTestApi, type TestApi } from '../fixtures/api';
import { npxKippu } from '../fixtures/cli';

/**
 * Forged and out-of-window tickets, one test each. The ones that need a valid signature over
 * altered claims are signed with the real KMS key in the emulator, so that exactly one check
 * can fail.
 */
const issuer = process.env.KIPPU_ISSUER ?? '';
/** The registered provider the genuine ticket is for (set before the tests run). */
let audience: string;

let api: TestApi;
let jwks: JSONWebKeySet;
let genuine: string;
let kmsSigner: KmsJwsSigner;

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');
const parts = (token: string) => token.split('.') as [string, string, string];
const nowSeconds = () => Math.floor(Date.now() / 1000);

const genuineClaims = () => ({
  iss: issuer,
  sub: 'sub_test',
  aud: audience,
  jti: 'tkt_forged',
  iat: nowSeconds(),
  nbf: nowSeconds(),
  exp: nowSeconds() + 600,
  res: 'server-1/stream-1',
  cap: ['image'],
});

const expectRejected = async (token: string, reason: RejectionReason, options: { audience?: string; issuer?: string } = {}) => {
  const result = await verifyTicket(token, { jwks, issuer: options.issuer ?? issuer, audience: options.audience ?? audience });
  expect(result).toMatchObject({ ok: false, reason });
};

/** Flip one character of a base64url part to another valid one. */
const changeOneByte = (part: string, index: number): string => {
  const character = part[index]!;
  const replacement = character === 'A' ? 'B' : 'A';
  return part.slice(0, index) + replacement + part.slice(index + 1);
};

/** The kippu key's own DER signature, as KMS returns it before kippu converts it. */
const kmsDerSignature = async (signingInput: string): Promise<Uint8Array> => {
  const answer = await new KMSClient({}).send(
    new SignCommand({
      KeyId: process.env.KIPPU_TICKET_SIGNING_KEY_ID ?? '',
      Message: new TextEncoder().encode(signingInput),
      MessageType: 'RAW',
      SigningAlgorithm: 'ECDSA_SHA_256',
    }),
  );
  return answer.Signature ?? new Uint8Array();
};

beforeAll(async () => {
  api = await startTestApi();
  const operator = await api.tokenFor('operator', 'op-forgery');
  const [providerId, holderId] = await Promise.all([registerProvider(api), registerCustomer(api)]);
  audience = providerId;
  const answer = await api.call<{ token: string }>('POST', '/v1/tickets', {
    token: operator,
    body: {
      providerId: audience,
      holderId,
      resource: 'server-1/stream-1',
      validitySeconds: 600,
      capabilities: ['image'],
    },
  });
  genuine = answer.body.token;
  jwks = (await api.call<JSONWebKeySet>('GET', '/.well-known/jwks.json')).body;
  kmsSigner = new KmsJwsSigner(new KMSClient({}), process.env.KIPPU_TICKET_SIGNING_KEY_ID ?? '');
});
afterAll(async () => api.close());

describe('forged tickets are rejected with a reason', () => {
  it('the genuine ticket is accepted (control)', async () => {
    expect(await verifyTicket(genuine, { jwks, issuer, audience })).toMatchObject({ ok: true });
  });

  it('alg none', async () => {
    const [, payload] = parts(genuine);
    const header = { alg: 'none', typ: TICKET_TYPE, kid: jwks.keys[0]!.kid };
    await expectRejected(`${b64(header)}.${payload}.`, 'ALG_NOT_ALLOWED');
  });

  it('HS256 signed with the public key as the HMAC secret', async () => {
    const [, payload] = parts(genuine);
    const header = b64({ alg: 'HS256', typ: TICKET_TYPE, kid: jwks.keys[0]!.kid });
    const secret = JSON.stringify(jwks.keys[0]);
    const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
    await expectRejected(`${header}.${payload}.${signature}`, 'ALG_NOT_ALLOWED');
  });

  it('an unknown kid (signed with a key that is not in the JWKS)', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const header = b64({ alg: 'ES256', typ: TICKET_TYPE, kid: 'not-a-kippu-key' });
    const payload = b64(genuineClaims());
    const signature = signWithKey('sha256', Buffer.from(`${header}.${payload}`), { key: privateKey, dsaEncoding: 'ieee-p1363' });
    await expectRejected(`${header}.${payload}.${signature.toString('base64url')}`, 'UNKNOWN_KID');
  });

  it('one changed byte in the header', async () => {
    const [header, payload, signature] = parts(genuine);
    // The last character of the header sits inside the kid's JSON string, so the JSON stays valid.
    const changed = changeOneByte(header, header.length - 6);
    const result = await verifyTicket(`${changed}.${payload}.${signature}`, { jwks, issuer, audience });
    expect(result.ok).toBe(false);
    expect(['UNKNOWN_KID', 'BAD_SIGNATURE', 'MALFORMED']).toContain(result.ok ? '' : result.reason);
  });

  it('one changed byte in the payload', async () => {
    const [header, payload, signature] = parts(genuine);
    await expectRejected(`${header}.${changeOneByte(payload, 10)}.${signature}`, 'BAD_SIGNATURE');
  });

  it('one changed byte in the signature', async () => {
    const [header, payload, signature] = parts(genuine);
    await expectRejected(`${header}.${payload}.${changeOneByte(signature, 5)}`, 'BAD_SIGNATURE');
  });

  it('a wrong audience', async () => {
    await expectRejected(genuine, 'WRONG_AUDIENCE', { audience: 'prov-someone-else' });
  });

  it('a wrong issuer (validly signed by the kippu key)', async () => {
    const { token } = await signCompactJws(kmsSigner, TICKET_TYPE, { ...genuineClaims(), iss: 'https://evil.example' });
    await expectRejected(token, 'WRONG_ISSUER');
  });

  it('a wrong typ (validly signed by the kippu key)', async () => {
    const { token } = await signCompactJws(kmsSigner, 'JWT', genuineClaims());
    await expectRejected(token, 'WRONG_TYPE');
  });

  it('expired beyond the leeway', async () => {
    const claims = { ...genuineClaims(), nbf: nowSeconds() - 3600, exp: nowSeconds() - 120 };
    const { token } = await signCompactJws(kmsSigner, TICKET_TYPE, claims);
    await expectRejected(token, 'EXPIRED');
  });

  it('the genuine signature re-encoded with s replaced by n − s (valid ECDSA, non-canonical)', async () => {
    const [header, payload, signature] = parts(genuine);
    const bytes = Buffer.from(signature, 'base64url');
    const highS = (P256_ORDER - BigInt(`0x${bytes.subarray(32).toString('hex')}`)).toString(16).padStart(64, '0');
    const reencoded = Buffer.concat([bytes.subarray(0, 32), Buffer.from(highS, 'hex')]).toString('base64url');
    await expectRejected(`${header}.${payload}.${reencoded}`, 'NON_CANONICAL_SIGNATURE');
  });

  it('the genuine signature with trailing padding', async () => {
    await expectRejected(`${genuine}==`, 'NON_CANONICAL_SIGNATURE');
  });

  it('a DER-encoded signature (valid, by the kippu key, in the wrong encoding)', async () => {
    const [header, payload] = parts(genuine);
    const der = await kmsDerSignature(`${header}.${payload}`);
    await expectRejected(`${header}.${payload}.${Buffer.from(der).toString('base64url')}`, 'NON_CANONICAL_SIGNATURE');
  });

  it('not yet valid beyond the leeway', async () => {
    const claims = { ...genuineClaims(), nbf: nowSeconds() + 120, exp: nowSeconds() + 3600 };
    const { token } = await signCompactJws(kmsSigner, TICKET_TYPE, claims);
    await expectRejected(token, 'NOT_YET_VALID');
  });
});

describe('signatures from KMS', () => {
  it('KMS answers s from either half, and every document kippu signs with it is low-S and verifies', async () => {
    // Prepare
    const count = 32;
    const signingInput = new TextEncoder().encode(parts(genuine).slice(0, 2).join('.'));

    // Act
    const raw = await Promise.all(Array.from({ length: count }, () => kmsSigner.sign(signingInput)));
    const signed = await Promise.all(
      Array.from({ length: count }, (_, index) =>
        signCompactJws(kmsSigner, TICKET_TYPE, { ...genuineClaims(), jti: `tkt_${index}` }),
      ),
    );

    // Assess: with 32 signatures, all in the low half by chance has odds of 2^-32.
    expect(
      raw.filter((signature) => BigInt(`0x${Buffer.from(signature.subarray(32)).toString('hex')}`) > P256_ORDER >> 1n).length,
    ).toBeGreaterThan(0);
    const results = await Promise.all(signed.map(({ token }) => verifyTicket(token, { jwks, issuer, audience })));
    expect(results.filter((result) => !result.ok)).toEqual([]);
  });
});

describe('the kippu verify CLI', () => {
  const cli = npxKippu;

  it('accepts the genuine ticket against the served JWKS URL and prints its claims', async () => {
    const answer = await cli([
      'verify',
      genuine,
      '--jwks',
      `${api.url}/.well-known/jwks.json`,
      '--aud',
      audience,
      '--iss',
      issuer,
    ]);
    expect(answer.code).toBe(0);
    expect(JSON.parse(answer.stdout)).toMatchObject({ valid: true, claims: { aud: audience, iss: issuer } });
  });

  it('rejects a wrong audience with the reason and a non-zero exit, reading the JWKS from a file', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'kippu-jwks-')), 'jwks.json');
    await writeFile(file, JSON.stringify(jwks));
    const answer = await cli(['verify', genuine, '--jwks', file, '--aud', 'prov-other', '--iss', issuer]);
    expect(answer.code).toBe(1);
    expect(answer.stderr).toMatch(/rejected: WRONG_AUDIENCE/);
  });
});
