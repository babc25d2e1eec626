import {
  DOCKET_TYPE,
  REFUND_DOCKET_TYPE,
  REJECTION_REASONS,
  REVOCATIONS_TYPE,
  TICKET_TYPE,
  verifyDocument,
  verifyRefundDocket,
  verifyRevocationList,
  verifyTicket,
  type DocumentType,
  type RejectionReason,
  type VerifyOptions,
} from '@kippu/verify';
import type { JSONWebKeySet } from 'jose';
import { describe, expect, it } from 'vitest';
import { LocalKeyJwsSigner } from '../../../shared/adapters/memory/tickets';
import { signCompactJws } from '../../../shared/domain/tickets/jws';
import type { JwsSigner } from '../../../shared/domain/tickets/ports';
import { delegate, delegatedJwk, SIGNING_ISSUER, SIGNING_START_MS } from '../../fixtures/signing';

/**
 * What a rejection says: the issuer given is checked against the document's `iss` exactly and
 * reported as WRONG_ISSUER whichever key signed it (a root key, as with KIPPU_SIGNING=kms, or
 * a delegated key), BAD_DELEGATION only when the delegation itself fails; and every reason's
 * detail is a sentence (capital first, full stop) naming the values it compared.
 */
const PROVIDER = 'prov-1';
const START_SECONDS = SIGNING_START_MS / 1000;
const IAT = START_SECONDS + 30;
const EXP = IAT + 600;
const now = new Date((START_SECONDS + 60) * 1000);
const iso = (seconds: number): string => new Date(seconds * 1000).toISOString();

const CLAIMS: Readonly<Record<DocumentType, Record<string, unknown>>> = {
  [TICKET_TYPE]: {
    iss: SIGNING_ISSUER,
    sub: 'sub_1',
    aud: PROVIDER,
    jti: 'tkt_1',
    iat: IAT,
    nbf: IAT,
    exp: EXP,
    res: 'server-1/stream-1',
    cap: ['image'],
  },
  [DOCKET_TYPE]: {
    iss: SIGNING_ISSUER,
    sub: 'sub_1',
    aud: [PROVIDER, 'car-1'],
    jti: 'dkt_1',
    iat: IAT,
    pur: 'pur_1',
    off: 'ofr_1',
    res: 'server-1/stream-1',
    tkt: 'tkt_1',
    txn: 'txn_1',
    route: 'carrier',
    prv: PROVIDER,
    agt: 'car-1',
    cur: 'JPY',
    amounts: { grossMinor: 1000, providerNetMinor: 850, platformFeeMinor: 100, carrierFeeMinor: 50 },
    feeBps: { platform: 1000, carrier: 500 },
    legs: ['txn_2'],
    authorizedAt: START_SECONDS,
    settledAt: IAT,
  },
  [REFUND_DOCKET_TYPE]: {
    iss: SIGNING_ISSUER,
    sub: 'sub_1',
    aud: [PROVIDER, 'car-1'],
    jti: 'rdk_1',
    iat: IAT,
    pur: 'pur_1',
    dkt: 'dkt_1',
    tkt: 'tkt_1',
    route: 'carrier',
    prv: PROVIDER,
    agt: 'car-1',
    cur: 'JPY',
    amounts: { grossMinor: 1000, providerNetMinor: 850, platformFeeMinor: 100, carrierFeeMinor: 50 },
    legs: [{ kind: 'post', trf: 'trf_3', rev: 'txn_2', amountMinor: 1000 }],
    refundedAt: IAT,
  },
  [REVOCATIONS_TYPE]: {
    iss: SIGNING_ISSUER,
    sub: PROVIDER,
    aud: PROVIDER,
    jti: 'rvl:prov-1:0:1',
    iat: IAT,
    since: 0,
    ver: 1,
    latest: 1,
    more: false,
    revoked: [{ jti: 'tkt_1', ver: 1, at: IAT }],
  },
};

/** A root key standing in for KMS and a key it delegated to for the window, both in the set. */
const setUp = async () => {
  const root = new LocalKeyJwsSigner();
  const delegated = await delegate(root, SIGNING_START_MS);
  const jwks: JSONWebKeySet = { keys: [await root.publicJwk(), delegatedJwk(delegated.record)] };
  const options: VerifyOptions = { jwks, issuer: SIGNING_ISSUER, audience: PROVIDER, now };
  const signers: Readonly<Record<string, JwsSigner>> = { root, delegated: delegated.signer };
  const sign = async (type: DocumentType, overrides: Record<string, unknown> = {}, by: JwsSigner = delegated.signer) =>
    (await signCompactJws(by, type, { ...CLAIMS[type], ...overrides })).token;
  return { root, delegated, jwks, options, signers, sign };
};

const SIGNED_BY = ['root', 'delegated'] as const;
const TYPES = [TICKET_TYPE, DOCKET_TYPE, REVOCATIONS_TYPE] as const;
const EVERY_DOCUMENT = SIGNED_BY.flatMap((signedBy) => TYPES.map((type) => [type, signedBy] as const));

describe('the issuer', () => {
  it.each(EVERY_DOCUMENT)('a %s signed by the %s key names another issuer than the one given: WRONG_ISSUER', async (type, by) => {
    // Prepare
    const { options, signers, sign } = await setUp();
    const token = await sign(type, {}, signers[by]);

    // Act
    const right = await verifyDocument(token, { ...options, type });
    const evil = await verifyDocument(token, { ...options, type, issuer: 'https://evil.example' });

    // Assess
    expect(right.ok).toBe(true);
    expect(evil).toEqual({
      ok: false,
      reason: 'WRONG_ISSUER',
      detail: `Its iss is ${SIGNING_ISSUER}, not https://evil.example.`,
    });
  });

  it.each(EVERY_DOCUMENT)(
    'is compared exactly: a trailing slash on either side is WRONG_ISSUER (a %s signed by the %s key)',
    async (type, by) => {
      // Prepare
      const { options, signers, sign } = await setUp();
      const plain = await sign(type, {}, signers[by]);
      const slashed = await sign(type, { iss: `${SIGNING_ISSUER}/` }, signers[by]);

      // Act
      const givenSlash = await verifyDocument(plain, { ...options, type, issuer: `${SIGNING_ISSUER}/` });
      const signedSlash = await verifyDocument(slashed, { ...options, type });

      // Assess
      expect(givenSlash).toEqual({
        ok: false,
        reason: 'WRONG_ISSUER',
        detail: `Its iss is ${SIGNING_ISSUER}, not ${SIGNING_ISSUER}/. Issuers are compared exactly, trailing slash included.`,
      });
      expect(signedSlash).toMatchObject({ ok: false, reason: 'WRONG_ISSUER' });
    },
  );

  it('a delegated key’s document naming another issuer than its delegation is BAD_DELEGATION, even when that issuer is the one given', async () => {
    // Prepare: a thief of the delegated key signs a ticket of another issuer.
    const { options, sign, delegated } = await setUp();
    const foreign = await sign(TICKET_TYPE, { iss: 'https://evil.example' });

    // Act
    const result = await verifyTicket(foreign, { ...options, issuer: 'https://evil.example' });

    // Assess
    expect(result).toEqual({
      ok: false,
      reason: 'BAD_DELEGATION',
      detail: `The delegation of key ${delegated.record.keyId} does not hold: its issuer is ${SIGNING_ISSUER}, not https://evil.example, the document’s.`,
    });
  });

  it('a delegation that fails is BAD_DELEGATION whatever the issuer given', async () => {
    const { options, sign } = await setUp();
    const token = await sign(TICKET_TYPE);
    const result = await verifyTicket(token, { ...options, issuer: 'https://evil.example', rootKeyIds: ['another-root'] });
    expect(result).toMatchObject({ ok: false, reason: 'BAD_DELEGATION' });
  });
});

type Setup = Awaited<ReturnType<typeof setUp>>;
type Case = readonly [RejectionReason, (setup: Setup) => Promise<{ token: string; options: VerifyOptions }>, RegExp | string];

const withHeader = (token: string, header: Record<string, unknown>): string => {
  const [encoded = '', payload, signature] = token.split('.');
  const decoded = JSON.parse(Buffer.from(encoded, 'base64url').toString()) as Record<string, unknown>;
  return [Buffer.from(JSON.stringify({ ...decoded, ...header })).toString('base64url'), payload, signature].join('.');
};

/** One rejection of each reason, with the detail it must give (a string: exactly; a pattern: the values it names). */
const CASES: readonly Case[] = [
  [
    'MALFORMED',
    async ({ options }) => ({ token: 'abc', options }),
    'The token has 1 part; a compact JWS has three, separated by dots.',
  ],
  [
    'ALG_NOT_ALLOWED',
    async ({ options, sign }) => ({ token: withHeader(await sign(TICKET_TYPE), { alg: 'HS256' }), options }),
    'The header’s alg is HS256; only ES256 is allowed.',
  ],
  [
    'WRONG_TYPE',
    async ({ options, sign }) => ({ token: await sign(DOCKET_TYPE), options }),
    'The header’s typ is kippu-docket+jwt, not kippu-ticket+jwt.',
  ],
  [
    'UNKNOWN_KID',
    async ({ options, sign }) => ({ token: withHeader(await sign(TICKET_TYPE), { kid: 'nope' }), options }),
    'No ES256 key with kid nope is in the key set.',
  ],
  [
    'BAD_DELEGATION',
    async ({ options, sign }) => ({ token: await sign(TICKET_TYPE), options: { ...options, rootKeyIds: ['another-root'] } }),
    /^The delegation of key \S+ does not hold: it is not signed by a root key \(kid \S+\)\.$/,
  ],
  [
    'OUTSIDE_DELEGATION',
    async ({ options, sign }) => ({ token: await sign(TICKET_TYPE, { iat: START_SECONDS - 1 }), options }),
    new RegExp(
      `^Its iat is ${START_SECONDS - 1} \\(${iso(START_SECONDS - 1)}\\), outside the window of key \\S+ \\(from ${iso(START_SECONDS)} until before `,
    ),
  ],
  [
    'NON_CANONICAL_SIGNATURE',
    async ({ options, sign }) => ({ token: `${await sign(TICKET_TYPE)}AA`, options }),
    'The signature has 88 base64url characters; an ES256 signature (r||s, 64 bytes) has 86.',
  ],
  [
    'BAD_SIGNATURE',
    async ({ options, sign, root }) => {
      // The root key signs, the header names the delegated key.
      const delegatedKid = (await sign(TICKET_TYPE)).split('.')[0] ?? '';
      const byRoot = (await sign(TICKET_TYPE, {}, root)).split('.');
      return { token: [delegatedKid, byRoot[1], byRoot[2]].join('.'), options };
    },
    /^The signature does not verify with key \S+\.$/,
  ],
  [
    'WRONG_ISSUER',
    async ({ options, sign }) => ({ token: await sign(TICKET_TYPE), options: { ...options, issuer: 'https://evil.example' } }),
    `Its iss is ${SIGNING_ISSUER}, not https://evil.example.`,
  ],
  [
    'WRONG_AUDIENCE',
    async ({ options, sign }) => ({ token: await sign(TICKET_TYPE), options: { ...options, audience: 'prov-2' } }),
    'Its aud is prov-1, not prov-2.',
  ],
  [
    'EXPIRED',
    async ({ options, sign }) => ({
      token: await sign(TICKET_TYPE),
      options: { ...options, leewaySeconds: 30, now: new Date((EXP + 30) * 1000) },
    }),
    `Its exp is ${EXP} (${iso(EXP)}): with the leeway of 30 s it was valid until ${iso(EXP + 30)}, and it was checked at ${iso(EXP + 30)}.`,
  ],
  [
    'NOT_YET_VALID',
    async ({ options, sign }) => ({
      token: await sign(TICKET_TYPE, { nbf: IAT + 100 }),
      options: { ...options, leewaySeconds: 10, now: new Date((IAT + 89) * 1000) },
    }),
    `Its nbf is ${IAT + 100} (${iso(IAT + 100)}): with the leeway of 10 s it is valid from ${iso(IAT + 90)}, and it was checked at ${iso(IAT + 89)}.`,
  ],
  [
    'MISSING_CLAIM',
    async ({ options, sign }) => ({ token: await sign(TICKET_TYPE, { res: undefined }), options }),
    'A kippu-ticket+jwt must have the claim res.',
  ],
  [
    'REVOKED',
    async ({ options, sign }) => {
      const page = await verifyRevocationList(await sign(REVOCATIONS_TYPE), options);
      if (!page.ok) throw new Error(`the list was rejected: ${page.detail}`);
      return { token: await sign(TICKET_TYPE), options: { ...options, revocations: [page.claims] } as VerifyOptions };
    },
    `Ticket tkt_1 is on the revocation list of prov-1 (version 1, revoked at ${iso(IAT)}).`,
  ],
];

describe('a refund docket', () => {
  it('signed by the root key verifies for the provider and the carrier its aud names, with its legs and amounts', async () => {
    // Prepare
    const { options, sign, root } = await setUp();
    const token = await sign(REFUND_DOCKET_TYPE, {}, root);

    // Act
    const forProvider = await verifyRefundDocket(token, options);
    const forCarrier = await verifyRefundDocket(token, { ...options, audience: 'car-1' });
    const forOther = await verifyRefundDocket(token, { ...options, audience: 'car-2' });
    const asDocket = await verifyDocument(token, { ...options, type: DOCKET_TYPE });

    // Assess
    expect(forProvider).toMatchObject({
      ok: true,
      claims: { pur: 'pur_1', dkt: 'dkt_1', legs: [{ trf: 'trf_3', rev: 'txn_2' }] },
    });
    expect(forCarrier.ok).toBe(true);
    expect(forOther).toMatchObject({ ok: false, reason: 'WRONG_AUDIENCE' });
    expect(asDocket).toMatchObject({ ok: false, reason: 'WRONG_TYPE' });
  });

  it('signed by a delegated key whose delegation lists its type verifies as one signed by the root key does', async () => {
    // Prepare
    const { options, sign, root } = await setUp();

    // Act
    const delegated = await verifyRefundDocket(await sign(REFUND_DOCKET_TYPE), options);
    const byRoot = await verifyRefundDocket(await sign(REFUND_DOCKET_TYPE, {}, root), options);

    // Assess
    expect(delegated).toMatchObject({ ok: true, claims: { pur: 'pur_1', dkt: 'dkt_1' } });
    expect(delegated.ok && byRoot.ok && delegated.claims).toEqual(byRoot.ok && byRoot.claims);
  });

  it('signed by a key certified before refund dockets were delegated (its types do not list them) is OUTSIDE_DELEGATION; its dockets verify', async () => {
    // Prepare
    const { options, root } = await setUp();
    const older = await delegate(root, SIGNING_START_MS, { types: [TICKET_TYPE, DOCKET_TYPE, REVOCATIONS_TYPE] });
    const jwks: JSONWebKeySet = { keys: [await root.publicJwk(), delegatedJwk(older.record)] };
    const signed = async (type: DocumentType) => (await signCompactJws(older.signer, type, CLAIMS[type])).token;

    // Act
    const refundDocket = await verifyRefundDocket(await signed(REFUND_DOCKET_TYPE), { ...options, jwks });
    const docket = await verifyDocument(await signed(DOCKET_TYPE), { ...options, jwks, type: DOCKET_TYPE });

    // Assess
    expect(refundDocket).toMatchObject({ ok: false, reason: 'OUTSIDE_DELEGATION' });
    expect(docket.ok).toBe(true);
  });

  it('whose legs do not name the reversal, the leg it reverses and the amount is MALFORMED; without dkt MISSING_CLAIM', async () => {
    const { options, sign, root } = await setUp();
    const legless = await sign(REFUND_DOCKET_TYPE, { legs: [{ kind: 'post', trf: 'trf_3', amountMinor: 1000 }] }, root);
    const negative = await sign(REFUND_DOCKET_TYPE, { amounts: { grossMinor: -1000 } }, root);
    const undocketed = await sign(REFUND_DOCKET_TYPE, { dkt: undefined }, root);
    expect(await verifyRefundDocket(legless, options)).toMatchObject({ ok: false, reason: 'MALFORMED' });
    expect(await verifyRefundDocket(negative, options)).toMatchObject({ ok: false, reason: 'MALFORMED' });
    expect(await verifyRefundDocket(undocketed, options)).toEqual({
      ok: false,
      reason: 'MISSING_CLAIM',
      detail: 'A kippu-refund-docket+jwt must have the claim dkt.',
    });
  });
});

describe('every rejection reason', () => {
  it('has a case here', () => {
    expect([...new Set(CASES.map(([reason]) => reason))].sort()).toEqual([...REJECTION_REASONS].sort());
  });

  it.each(CASES)('%s: its detail is a sentence naming the values', async (reason, make, detail) => {
    // Prepare
    const setup = await setUp();
    const { token, options } = await make(setup);

    // Act
    const result = await verifyTicket(token, options);

    // Assess
    expect(result).toMatchObject({ ok: false, reason });
    const text = result.ok ? '' : result.detail;
    expect(text).toMatch(/^[A-Z].*\.$/s);
    if (typeof detail === 'string') expect(text).toBe(detail);
    else expect(text).toMatch(detail);
  });

  it('a docket addressed to a provider and its carrier is WRONG_AUDIENCE for anyone else, naming both', async () => {
    const { options, sign } = await setUp();
    const result = await verifyDocument(await sign(DOCKET_TYPE), { ...options, type: DOCKET_TYPE, audience: 'car-2' });
    expect(result).toEqual({
      ok: false,
      reason: 'WRONG_AUDIENCE',
      detail: 'Its aud is ["prov-1","car-1"], which does not include car-2.',
    });
  });

  it('a claim of the wrong shape is MALFORMED, naming the claim and its value', async () => {
    const { options, sign } = await setUp();
    const result = await verifyTicket(await sign(TICKET_TYPE, { cap: 'image' }), options);
    expect(result).toEqual({
      ok: false,
      reason: 'MALFORMED',
      detail: 'The claim cap is image, which does not have the shape a kippu-ticket+jwt requires.',
    });
  });

  it('a docket without exp is EXPIRED after its key’s validUntil, naming it, the time checked and the leeway', async () => {
    // Prepare
    const { options, sign, delegated } = await setUp();
    const validUntil = delegated.record.validUntil;
    const late = new Date((validUntil + 31) * 1000);

    // Act
    const result = await verifyDocument(await sign(DOCKET_TYPE), { ...options, type: DOCKET_TYPE, now: late });

    // Assess
    expect(result).toEqual({
      ok: false,
      reason: 'EXPIRED',
      detail: `Key ${delegated.record.keyId} vouches for the documents it signed until ${iso(validUntil)}: with the leeway of 30 s that is until ${iso(validUntil + 30)}, and it was checked at ${iso(validUntil + 31)}.`,
    });
  });
});
