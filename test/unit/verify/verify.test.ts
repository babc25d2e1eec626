import { generateKeyPairSync, sign as signWithKey } from 'node:crypto';
import {
  DOCKET_TYPE,
  REVOCATIONS_TYPE,
  TICKET_TYPE,
  verifyDocket,
  verifyDocument,
  VerifyOptionsError,
  verifyRevocationList,
  verifyTicket,
  type DocketClaims,
  type RevocationListClaims,
  type VerifyOptions,
} from '@kippu/verify';
import { P256_ORDER } from '@kippu/verify/es256';
import { compactVerify, createLocalJWKSet, type JSONWebKeySet } from 'jose';
import { describe, expect, it } from 'vitest';
import { LocalKeyJwsSigner } from '../../../shared/adapters/memory/tickets';
import { docketClaims } from '../../../shared/domain/purchases/docket';
import type { PurchaseRecord } from '../../../shared/domain/purchases/purchase';
import { signCompactJws } from '../../../shared/domain/tickets/jws';
import type { JwsSigner } from '../../../shared/domain/tickets/ports';

/**
 * The verifier package as kippu's own code and providers use it: documents signed through
 * kippu's signing path (signCompactJws) with an in-process key, verified with @kippu/verify.
 */
const ISSUER = 'https://kippu.test';
const PROVIDER = 'prov-1';
const NOW_SECONDS = Date.parse('2026-11-22T00:00:00Z') / 1000;
const now = new Date(NOW_SECONDS * 1000);

const ticketClaims = (overrides: Record<string, unknown> = {}) => ({
  iss: ISSUER,
  sub: 'sub_1',
  aud: PROVIDER,
  jti: 'tkt_1',
  iat: NOW_SECONDS,
  nbf: NOW_SECONDS,
  exp: NOW_SECONDS + 600,
  res: 'server-1/stream-1',
  cap: ['image'],
  ...overrides,
});

const revocationClaims = (revoked: RevocationListClaims['revoked'], audience = PROVIDER) => ({
  iss: ISSUER,
  sub: audience,
  aud: audience,
  jti: `rvl:${audience}:0:${revoked.length}`,
  iat: NOW_SECONDS,
  since: 0,
  ver: revoked.length,
  latest: revoked.length,
  more: false,
  revoked,
});

const setUp = async () => {
  const signer = new LocalKeyJwsSigner();
  const jwks: JSONWebKeySet = { keys: [await signer.publicJwk()] };
  const options: VerifyOptions = { jwks, issuer: ISSUER, audience: PROVIDER, now };
  const sign = async (type: string, claims: object, by: JwsSigner = signer) => (await signCompactJws(by, type, claims)).token;
  return { signer, jwks, options, sign };
};

const P256_HALF_ORDER = P256_ORDER >> 1n;
const BASE64URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const scalar = (bytes: Uint8Array): bigint => BigInt(`0x${Buffer.from(bytes).toString('hex')}`);
const scalarBytes = (value: bigint): Buffer => Buffer.from(value.toString(16).padStart(64, '0'), 'hex');
const signatureOf = (token: string): Buffer => Buffer.from(token.split('.')[2] ?? '', 'base64url');
const withSignature = (token: string, signature: Uint8Array | string): string => {
  const [header, payload] = token.split('.');
  const encoded = typeof signature === 'string' ? signature : Buffer.from(signature).toString('base64url');
  return `${header}.${payload}.${encoded}`;
};
/** The same signature with s replaced by n − s: just as valid for ECDSA, a second encoding of the token. */
const flippedS = (signature: Uint8Array): Buffer =>
  Buffer.concat([signature.subarray(0, 32), scalarBytes(P256_ORDER - scalar(signature.subarray(32)))]);

/** A signer as KMS behaves: s from either half; this one always answers in the high half. */
const highSigner = (inner: LocalKeyJwsSigner): JwsSigner => ({
  keyId: () => inner.keyId(),
  sign: async (input) => {
    const signature = await inner.sign(input);
    return scalar(signature.subarray(32)) > P256_HALF_ORDER ? signature : flippedS(signature);
  },
});

describe('options are refused before any verification', () => {
  it.each([
    ['leewaySeconds', { leewaySeconds: -1 }],
    ['leewaySeconds', { leewaySeconds: Number.NaN }],
    ['leewaySeconds', { leewaySeconds: 61 }],
    ['leewaySeconds', { leewaySeconds: Number.POSITIVE_INFINITY }],
    ['leewaySeconds', { leewaySeconds: 1.5 }],
    ['now', { now: new Date(Number.NaN) }],
    ['issuer', { issuer: '' }],
    ['audience', { audience: undefined }],
    ['jwks', { jwks: { keys: 'none' } }],
    ['type', { type: 'JWT' }],
  ])('%s in %o is a VerifyOptionsError naming the option', async (option, change) => {
    // Prepare
    const { options, sign } = await setUp();
    const token = await sign(TICKET_TYPE, ticketClaims());

    // Act
    const verifying = verifyDocument(token, { ...options, ...change } as VerifyOptions);

    // Assess
    await expect(verifying).rejects.toThrow(VerifyOptionsError);
    await expect(verifying).rejects.toMatchObject({ name: 'VerifyOptionsError', option });
  });

  it('an invalid leeway is refused even for a token that is not a JWS at all', async () => {
    const { options } = await setUp();
    await expect(verifyTicket('not-a-token', { ...options, leewaySeconds: -1 })).rejects.toThrow(
      /leewaySeconds must be a whole number of seconds from 0 to 60/,
    );
  });

  it('a revocation list of another provider is refused as an option, not silently ignored', async () => {
    const { options, sign } = await setUp();
    const token = await sign(TICKET_TYPE, ticketClaims());
    const foreign = revocationClaims([{ jti: 'tkt_1', ver: 1, at: NOW_SECONDS }], 'prov-other');
    await expect(verifyTicket(token, { ...options, revocations: [foreign] })).rejects.toMatchObject({ option: 'revocations' });
  });

  it.each([
    [
      'verifyTicket',
      'leeway',
      /^leeway is not an option \(the option is leewaySeconds\); the options are jwks, issuer, audience, leewaySeconds, now, rootKeyIds, revocations\.$/,
    ],
    ['verifyDocument', 'revocations', /^revocations is not an option; the options are .*, type\.$/],
    ['verifyDocket', 'leeway', /^leeway is not an option \(the option is leewaySeconds\)/],
    ['verifyRevocationList', 'audiences', /^audiences is not an option;/],
  ] as const)(
    '%s refuses an option it does not know (%s), naming it, even when its value would be valid',
    async (name, key, message) => {
      // Prepare
      const { options, sign } = await setUp();
      const token = await sign(TICKET_TYPE, ticketClaims());
      const verify = { verifyTicket, verifyDocument, verifyDocket, verifyRevocationList }[name] as (
        token: string,
        options: VerifyOptions,
      ) => Promise<unknown>;

      // Act
      const verifying = verify(token, { ...options, [key]: key === 'revocations' ? [] : 30 } as VerifyOptions);

      // Assess
      await expect(verifying).rejects.toThrow(VerifyOptionsError);
      await expect(verifying).rejects.toMatchObject({ option: key, message: expect.stringMatching(message) as unknown });
    },
  );

  it('a JavaScript caller passing leeway: 61 learns at once instead of verifying with the default', async () => {
    const { options, sign } = await setUp();
    const token = await sign(TICKET_TYPE, ticketClaims());
    await expect(verifyTicket(token, { ...options, leeway: 61 } as VerifyOptions)).rejects.toMatchObject({
      name: 'VerifyOptionsError',
      option: 'leeway',
    });
  });

  it('leeway 0 and 60 are accepted', async () => {
    const { options, sign } = await setUp();
    const token = await sign(TICKET_TYPE, ticketClaims());
    expect(await verifyTicket(token, { ...options, leewaySeconds: 0 })).toMatchObject({ ok: true });
    expect(await verifyTicket(token, { ...options, leewaySeconds: 60 })).toMatchObject({ ok: true });
  });
});

describe('only the canonical encoding of a signature verifies', () => {
  it('the same signature with s replaced by n − s verifies under plain jose but is NON_CANONICAL_SIGNATURE here', async () => {
    // Prepare
    const { jwks, options, sign } = await setUp();
    const token = await sign(TICKET_TYPE, ticketClaims());
    const reencoded = withSignature(token, flippedS(signatureOf(token)));

    // Act
    const result = await verifyTicket(reencoded, options);

    // Assess
    await expect(compactVerify(reencoded, createLocalJWKSet(jwks))).resolves.toBeDefined();
    expect(reencoded).not.toBe(token);
    expect(result).toMatchObject({ ok: false, reason: 'NON_CANONICAL_SIGNATURE' });
    expect(await verifyTicket(token, options)).toMatchObject({ ok: true });
  });

  it('base64url padding, trailing characters, non-zero padding bits and a DER signature are NON_CANONICAL_SIGNATURE', async () => {
    // Prepare
    const { options, sign } = await setUp();
    const token = await sign(TICKET_TYPE, ticketClaims());
    const encoded = token.split('.')[2] ?? '';
    // 86 characters carry 516 bits for 512: the last character's low 4 bits are padding.
    const lastIndex = BASE64URL_ALPHABET.indexOf(encoded.at(-1) ?? 'A');
    const { privateKey: otherKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const variants = {
      padded: `${encoded}==`,
      trailing: `${encoded}AA`,
      paddingBits: `${encoded.slice(0, -1)}${BASE64URL_ALPHABET[lastIndex | 1]}`,
      truncated: encoded.slice(0, -2),
      der: signWithKey('sha256', Buffer.from('x'), { key: otherKey, dsaEncoding: 'der' }).toString('base64url'),
    };

    // Act
    const results = Object.fromEntries(
      await Promise.all(
        Object.entries(variants).map(async ([name, signature]) => [
          name,
          await verifyTicket(withSignature(token, signature), options),
        ]),
      ),
    );

    // Assess
    for (const name of Object.keys(variants)) {
      expect(results[name], name).toMatchObject({ ok: false, reason: 'NON_CANONICAL_SIGNATURE' });
    }
  });

  it('r or s of zero, or not below n, is BAD_SIGNATURE', async () => {
    const { options, sign } = await setUp();
    const token = await sign(TICKET_TYPE, ticketClaims());
    const signature = signatureOf(token);
    const zeroR = Buffer.concat([scalarBytes(0n), signature.subarray(32)]);
    const bigR = Buffer.concat([scalarBytes(P256_ORDER), signature.subarray(32)]);
    expect(await verifyTicket(withSignature(token, zeroR), options)).toMatchObject({ ok: false, reason: 'BAD_SIGNATURE' });
    expect(await verifyTicket(withSignature(token, bigR), options)).toMatchObject({ ok: false, reason: 'BAD_SIGNATURE' });
  });
});

describe("kippu's signer emits low-S signatures only", () => {
  it('a signer that answers with high s (as KMS may) still yields a token that verifies, with s in the low half', async () => {
    // Prepare
    const { signer, options } = await setUp();
    const high = highSigner(signer);

    // Act
    const tokens = await Promise.all(
      Array.from({ length: 8 }, (_, index) => signCompactJws(high, TICKET_TYPE, ticketClaims({ jti: `tkt_${index}` }))),
    );

    // Assess
    for (const { token } of tokens) {
      expect(scalar(signatureOf(token).subarray(32)) <= P256_HALF_ORDER).toBe(true);
      expect(await verifyTicket(token, options)).toMatchObject({ ok: true });
    }
  });

  it('every one of 64 signatures of an ordinary signer verifies (about half of them are normalized)', async () => {
    const { options, sign } = await setUp();
    const tokens = await Promise.all(
      Array.from({ length: 64 }, (_, index) => sign(TICKET_TYPE, ticketClaims({ jti: `tkt_${index}` }))),
    );
    const results = await Promise.all(tokens.map((token) => verifyTicket(token, options)));
    expect(results.filter((result) => !result.ok)).toEqual([]);
  });
});

describe('each document type', () => {
  it('a docket verifies as a docket, and is WRONG_TYPE when a ticket is expected', async () => {
    // Prepare
    const { options, sign } = await setUp();
    const purchase = {
      id: 'pur_1',
      offerId: 'ofr_1',
      providerId: PROVIDER,
      resource: 'server-1/stream-1',
      ticketId: 'tkt_1',
      holdTransferId: 'trf_1',
      route: 'wallet',
      currency: 'JPY',
      platformFeeBps: 1_000,
      carrierFeeBps: 0,
      createdAt: now.toISOString(),
    } as PurchaseRecord;
    // The claims kippu's settlement signs are exactly what the package promises a verifier.
    const claims: DocketClaims = docketClaims({
      issuer: ISSUER,
      subject: 'sub_1',
      docketId: 'dkt_1',
      purchase,
      split: { grossMinor: 1_000, providerNetMinor: 900, platformFeeMinor: 100, carrierFeeMinor: 0 },
      legs: [],
      settledAt: now.toISOString(),
    });
    const docket = await sign(DOCKET_TYPE, claims);

    // Act
    const asDocket = await verifyDocket(docket, options);
    const asTicket = await verifyTicket(docket, options);

    // Assess
    expect(asDocket).toMatchObject({ ok: true, claims: { pur: 'pur_1', amounts: { providerNetMinor: 900 } } });
    expect(asTicket).toMatchObject({ ok: false, reason: 'WRONG_TYPE' });
  });

  it('a revocation list verifies with typ kippu-revocations+jwt and the provider as audience', async () => {
    const { options, sign } = await setUp();
    const list = await sign(REVOCATIONS_TYPE, revocationClaims([{ jti: 'tkt_9', ver: 1, at: NOW_SECONDS }]));
    expect(await verifyRevocationList(list, options)).toMatchObject({
      ok: true,
      claims: { ver: 1, revoked: [{ jti: 'tkt_9' }] },
    });
    expect(await verifyRevocationList(list, { ...options, audience: 'prov-other' })).toMatchObject({
      ok: false,
      reason: 'WRONG_AUDIENCE',
    });
    expect(await verifyDocument(list, { ...options, type: DOCKET_TYPE })).toMatchObject({ ok: false, reason: 'WRONG_TYPE' });
  });

  it('a ticket without cap is MISSING_CLAIM, and one whose cap is not a list of strings is MALFORMED', async () => {
    const { options, sign } = await setUp();
    const { cap: _cap, ...withoutCap } = ticketClaims();
    expect(await verifyTicket(await sign(TICKET_TYPE, withoutCap), options)).toMatchObject({
      ok: false,
      reason: 'MISSING_CLAIM',
    });
    expect(await verifyTicket(await sign(TICKET_TYPE, ticketClaims({ cap: 'image' })), options)).toMatchObject({
      ok: false,
      reason: 'MALFORMED',
    });
  });

  it('a revocation list whose entries lack a jti is MALFORMED', async () => {
    const { options, sign } = await setUp();
    const list = await sign(REVOCATIONS_TYPE, { ...revocationClaims([]), revoked: [{ ver: 1, at: NOW_SECONDS }] });
    expect(await verifyRevocationList(list, options)).toMatchObject({ ok: false, reason: 'MALFORMED' });
  });
});

describe('a ticket against verified revocation lists', () => {
  it('a listed ticket is REVOKED, an unlisted one verifies', async () => {
    // Prepare
    const { options, sign } = await setUp();
    const listed = await sign(TICKET_TYPE, ticketClaims({ jti: 'tkt_listed' }));
    const unlisted = await sign(TICKET_TYPE, ticketClaims({ jti: 'tkt_unlisted' }));
    const page = await verifyRevocationList(
      await sign(REVOCATIONS_TYPE, revocationClaims([{ jti: 'tkt_listed', ver: 1, at: NOW_SECONDS }])),
      options,
    );
    if (!page.ok) throw new Error(`the list was rejected: ${page.reason}`);

    // Act
    const revoked = await verifyTicket(listed, { ...options, revocations: [page.claims] });
    const valid = await verifyTicket(unlisted, { ...options, revocations: [page.claims] });

    // Assess
    expect(revoked).toMatchObject({ ok: false, reason: 'REVOKED' });
    expect(revoked.ok ? '' : revoked.detail).toMatch(/tkt_listed .*\(version 1,/);
    expect(valid).toMatchObject({ ok: true, claims: { jti: 'tkt_unlisted' } });
  });
});
