import {
  DELEGATION_MEMBER,
  DELEGATION_TYPE,
  DOCKET_TYPE,
  REVOCATIONS_TYPE,
  TICKET_TYPE,
  verifyDocket,
  verifyDocument,
  VerifyOptionsError,
  verifyTicket,
  type VerifyOptions,
} from '@kippu/verify';
import { toLowS } from '@kippu/verify/es256';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet, type JWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { LocalKeyJwsSigner } from '../../../shared/adapters/memory/tickets';
import { signCompactJws } from '../../../shared/domain/tickets/jws';
import type { JwsSigner } from '../../../shared/domain/tickets/ports';
import {
  delegate,
  delegatedJwk,
  DELEGATED_VALIDITY_SECONDS_MAX,
  ROTATION_SECONDS,
  SIGNING_ISSUER,
  SIGNING_START_MS,
} from '../../fixtures/signing';

/**
 * @kippu/verify against delegated keys: a delegated key counts only with a delegation signed
 * by a root key, and only for what the delegation allows — its document types, documents
 * issued in its window, and valid no later than its validUntil. Delegations are made by hand
 * here so that each rule can be broken on its own; what plain jose makes of the same tokens
 * shows which checks only kippu's verifier adds.
 */
const PROVIDER = 'prov-1';
const START_SECONDS = SIGNING_START_MS / 1000;
const now = new Date(SIGNING_START_MS + 60_000);

const ticketClaims = (overrides: Record<string, unknown> = {}) => ({
  iss: SIGNING_ISSUER,
  sub: 'sub_1',
  aud: PROVIDER,
  jti: 'tkt_1',
  iat: START_SECONDS + 30,
  nbf: START_SECONDS + 30,
  exp: START_SECONDS + 630,
  res: 'server-1/stream-1',
  cap: ['image'],
  ...overrides,
});

const docketClaims = (overrides: Record<string, unknown> = {}) => ({
  iss: SIGNING_ISSUER,
  sub: 'sub_1',
  aud: PROVIDER,
  jti: 'dkt_1',
  iat: START_SECONDS + 30,
  pur: 'pur_1',
  off: 'ofr_1',
  res: 'server-1/stream-1',
  tkt: 'tkt_1',
  txn: 'txn_1',
  route: 'wallet',
  prv: PROVIDER,
  cur: 'JPY',
  amounts: { grossMinor: 1000, providerNetMinor: 900, platformFeeMinor: 100, carrierFeeMinor: 0 },
  feeBps: { platform: 1000, carrier: 0 },
  legs: ['txn_2'],
  authorizedAt: START_SECONDS,
  settledAt: START_SECONDS + 30,
  ...overrides,
});

const setUp = async (delegationOverrides: Record<string, unknown> = {}) => {
  const root = new LocalKeyJwsSigner();
  const rootJwk = await root.publicJwk();
  const delegated = await delegate(root, SIGNING_START_MS, delegationOverrides);
  const jwks: JSONWebKeySet = { keys: [rootJwk, delegatedJwk(delegated.record)] };
  const options: VerifyOptions = { jwks, issuer: SIGNING_ISSUER, audience: PROVIDER, now };
  const sign = async (type: string, claims: object, by: JwsSigner = delegated.signer) =>
    (await signCompactJws(by, type, claims)).token;
  return { root, rootJwk, delegated, jwks, options, sign };
};

/** What a JOSE library that ignores delegations says: it verifies by kid alone. */
const plainJoseAccepts = async (token: string, jwks: JSONWebKeySet, type: string): Promise<boolean> =>
  jwtVerify(token, createLocalJWKSet(jwks), { issuer: SIGNING_ISSUER, typ: type, currentDate: now }).then(
    () => true,
    () => false,
  );

describe('a document signed by a delegated key', () => {
  it('verifies with kippu’s verifier, with plain jose, and with the root key pinned', async () => {
    // Prepare
    const { options, sign, delegated, rootJwk, jwks } = await setUp();

    // Act
    const token = await sign(TICKET_TYPE, ticketClaims());
    const result = await verifyTicket(token, options);
    const pinned = await verifyTicket(token, { ...options, rootKeyIds: [rootJwk.kid ?? ''] });

    // Assess
    expect(result).toMatchObject({ ok: true, header: { kid: delegated.record.keyId } });
    expect(pinned.ok).toBe(true);
    expect(await plainJoseAccepts(token, jwks, TICKET_TYPE)).toBe(true);
  });

  it('a document signed by the root key itself still verifies', async () => {
    // Prepare
    const { options, sign, root, rootJwk } = await setUp();

    // Act
    const token = await sign(TICKET_TYPE, ticketClaims(), root);

    // Assess
    expect(await verifyTicket(token, options)).toMatchObject({ ok: true, header: { kid: rootJwk.kid } });
  });

  it('issued before or after its window is OUTSIDE_DELEGATION, though plain jose accepts it', async () => {
    // Prepare
    const { options, sign, jwks } = await setUp();
    const before = await sign(TICKET_TYPE, ticketClaims({ iat: START_SECONDS - 1 }));
    const atEnd = await sign(TICKET_TYPE, ticketClaims({ iat: START_SECONDS + ROTATION_SECONDS }));

    // Act
    const results = [await verifyTicket(before, options), await verifyTicket(atEnd, options)];

    // Assess
    expect(results.map((result) => (result.ok ? 'ok' : result.reason))).toEqual(['OUTSIDE_DELEGATION', 'OUTSIDE_DELEGATION']);
    expect(results[0]).toMatchObject({ detail: expect.stringContaining('outside the window') });
    expect(await plainJoseAccepts(before, jwks, TICKET_TYPE)).toBe(true);
  });

  it('of a type its delegation does not allow is OUTSIDE_DELEGATION', async () => {
    // Prepare: a key delegated for tickets only signs a docket.
    const { options, sign, jwks } = await setUp({ types: [TICKET_TYPE] });
    const docket = await sign(DOCKET_TYPE, docketClaims());

    // Act
    const result = await verifyDocket(docket, options);

    // Assess
    expect(result).toMatchObject({ ok: false, reason: 'OUTSIDE_DELEGATION', detail: expect.stringContaining('only') });
    expect(await plainJoseAccepts(docket, jwks, DOCKET_TYPE)).toBe(true);
  });

  it('whose delegation also lists a type this verifier does not know verifies the types it knows', async () => {
    // Prepare: a later kippu may certify keys for a document type this verifier has never seen.
    const { options, sign } = await setUp({ types: [TICKET_TYPE, 'kippu-future+jwt'] });
    const ticket = await sign(TICKET_TYPE, ticketClaims());
    const docket = await sign(DOCKET_TYPE, docketClaims());

    // Act
    const results = [await verifyTicket(ticket, options), await verifyDocket(docket, options)];

    // Assess
    expect(results.map((result) => (result.ok ? 'ok' : result.reason))).toEqual(['ok', 'OUTSIDE_DELEGATION']);
  });

  it('valid later than its delegation’s validUntil is OUTSIDE_DELEGATION', async () => {
    // Prepare
    const { options, sign } = await setUp();
    const validUntil = START_SECONDS + ROTATION_SECONDS + DELEGATED_VALIDITY_SECONDS_MAX;

    // Act
    const atLimit = await verifyTicket(await sign(TICKET_TYPE, ticketClaims({ exp: validUntil })), options);
    const beyond = await verifyTicket(await sign(TICKET_TYPE, ticketClaims({ exp: validUntil + 1 })), options);

    // Assess
    expect(atLimit.ok).toBe(true);
    expect(beyond).toMatchObject({ ok: false, reason: 'OUTSIDE_DELEGATION' });
  });

  it('without exp (a docket, a revocation list) verifies until validUntil and is EXPIRED after it', async () => {
    // Prepare
    const { options, sign } = await setUp();
    const validUntilMs = (START_SECONDS + ROTATION_SECONDS + DELEGATED_VALIDITY_SECONDS_MAX) * 1000;
    const docket = await sign(DOCKET_TYPE, docketClaims());
    const list = await sign(REVOCATIONS_TYPE, {
      iss: SIGNING_ISSUER,
      sub: PROVIDER,
      aud: PROVIDER,
      jti: 'rvl:prov-1:0:0',
      iat: START_SECONDS + 30,
      since: 0,
      ver: 0,
      latest: 0,
      more: false,
      revoked: [],
    });

    // Act
    const inTime = await verifyDocket(docket, { ...options, now: new Date(validUntilMs) });
    const late = await verifyDocket(docket, { ...options, now: new Date(validUntilMs + 31_000) });
    const lateList = await verifyDocument(list, { ...options, type: REVOCATIONS_TYPE, now: new Date(validUntilMs + 31_000) });

    // Assess
    expect(inTime.ok).toBe(true);
    expect(late).toMatchObject({ ok: false, reason: 'EXPIRED', detail: expect.stringContaining('vouches') });
    expect(lateList).toMatchObject({ ok: false, reason: 'EXPIRED' });
  });
});

describe('a delegation that does not hold is BAD_DELEGATION', () => {
  const rejectionOf = async (jwks: JSONWebKeySet, token: string, extra: Partial<VerifyOptions> = {}) => {
    const result = await verifyTicket(token, { jwks, issuer: SIGNING_ISSUER, audience: PROVIDER, now, ...extra });
    return result.ok ? 'ok' : result.reason;
  };

  it('signed by a key that is not in the set, or by another delegated key', async () => {
    // Prepare
    const { rootJwk, sign, delegated } = await setUp();
    const stranger = await delegate(new LocalKeyJwsSigner(), SIGNING_START_MS);
    const chained = await delegate(delegated.signer, SIGNING_START_MS);
    const strangerToken = await sign(TICKET_TYPE, ticketClaims(), stranger.signer);
    const chainedToken = await sign(TICKET_TYPE, ticketClaims(), chained.signer);
    const jwks = { keys: [rootJwk, delegatedJwk(delegated.record), delegatedJwk(stranger.record), delegatedJwk(chained.record)] };

    // Act
    const reasons = [await rejectionOf(jwks, strangerToken), await rejectionOf(jwks, chainedToken)];

    // Assess
    expect(reasons).toEqual(['BAD_DELEGATION', 'BAD_DELEGATION']);
  });

  it('signed by a root key that is not the pinned one', async () => {
    // Prepare
    const { options, sign } = await setUp();
    const token = await sign(TICKET_TYPE, ticketClaims());

    // Act
    const result = await verifyTicket(token, { ...options, rootKeyIds: ['another-root'] });

    // Assess
    expect(result).toMatchObject({ ok: false, reason: 'BAD_DELEGATION' });
  });

  it.each([
    ['another issuer', { iss: 'https://evil.example' }],
    ['another key id', { sub: 'some-other-kid' }],
    ['another public key', { cnf: { jwk: { kty: 'EC', crv: 'P-256', x: 'AAAA', y: 'AAAA' } } }],
    ['a window that ends after validUntil', { validUntil: START_SECONDS }],
    ['types that are not a list of strings', { types: [TICKET_TYPE, 42] }],
  ])('one naming %s', async (_name, overrides) => {
    // Prepare
    const { options, sign } = await setUp(overrides);

    // Act
    const result = await verifyTicket(await sign(TICKET_TYPE, ticketClaims()), options);

    // Assess
    expect(result).toMatchObject({ ok: false, reason: 'BAD_DELEGATION' });
  });

  it('a delegated key listed without its delegation is no root key once the roots are pinned', async () => {
    // Prepare
    const { rootJwk, sign, delegated } = await setUp();
    const { [DELEGATION_MEMBER]: _dropped, ...bare } = delegatedJwk(delegated.record) as JWK & Record<string, unknown>;
    const token = await sign(TICKET_TYPE, ticketClaims());

    // Act
    const pinned = await rejectionOf({ keys: [rootJwk, bare] }, token, { rootKeyIds: [rootJwk.kid ?? ''] });

    // Assess
    expect(pinned).toBe('UNKNOWN_KID');
  });

  it('a delegation that is not a JWS, or a delegation JWS of the wrong typ', async () => {
    // Prepare
    const { rootJwk, root, sign, delegated } = await setUp();
    const token = await sign(TICKET_TYPE, ticketClaims());
    const wrongTyp = (await signCompactJws(root, TICKET_TYPE, { sub: delegated.record.keyId })).token;
    const withDelegation = (delegation: unknown) => ({
      keys: [rootJwk, { ...delegatedJwk(delegated.record), [DELEGATION_MEMBER]: delegation }],
    });

    // Act
    const reasons = [
      await rejectionOf(withDelegation('not-a-jws'), token),
      await rejectionOf(withDelegation(42), token),
      await rejectionOf(withDelegation(wrongTyp), token),
    ];

    // Assess
    expect(reasons).toEqual(['BAD_DELEGATION', 'BAD_DELEGATION', 'BAD_DELEGATION']);
  });
});

describe('a delegation whose header lists critical extensions', () => {
  it('is BAD_DELEGATION naming its crit header, though its signature by the root key holds', async () => {
    // Prepare: the delegation's own claims, signed by its root key under a header with crit.
    const { root, rootJwk, sign, delegated } = await setUp();
    const header = { alg: 'ES256', kid: await root.keyId(), typ: DELEGATION_TYPE, crit: ['x'], x: 1 };
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const signingInput = `${encode(header)}.${delegated.record.delegation.split('.')[1] ?? ''}`;
    const signature = Buffer.from(toLowS(await root.sign(new TextEncoder().encode(signingInput)))).toString('base64url');
    const jwks = { keys: [rootJwk, { ...delegatedJwk(delegated.record), [DELEGATION_MEMBER]: `${signingInput}.${signature}` }] };
    const token = await sign(TICKET_TYPE, ticketClaims());

    // Act
    const result = await verifyTicket(token, { jwks, issuer: SIGNING_ISSUER, audience: PROVIDER, now });

    // Assess
    expect(result).toMatchObject({ ok: false, reason: 'BAD_DELEGATION' });
    expect(result.ok ? '' : result.detail).toBe(
      `The delegation of key ${delegated.record.keyId} does not hold: its header lists critical extensions ["x"].`,
    );
  });
});

describe('a delegation holds only with the key set passed in, whatever was verified before', () => {
  const reasonOf = async (token: string, options: VerifyOptions) => {
    const result = await verifyTicket(token, options);
    return result.ok ? 'ok' : result.reason;
  };

  it('its root key removed from the same set object is BAD_DELEGATION, and put back it verifies again', async () => {
    // Prepare: the delegation verifies once with the full set, so any cached answer is warm.
    const { options, sign, jwks, rootJwk } = await setUp();
    const token = await sign(TICKET_TYPE, ticketClaims());
    const before = await reasonOf(token, options);

    // Act
    jwks.keys = jwks.keys.filter((key) => key !== rootJwk);
    const withoutRoot = await verifyTicket(token, options);
    jwks.keys = [rootJwk, ...jwks.keys];
    const restored = await reasonOf(token, options);

    // Assess
    expect(before).toBe('ok');
    expect(withoutRoot).toMatchObject({
      ok: false,
      reason: 'BAD_DELEGATION',
      detail: expect.stringContaining('not signed by a root key'),
    });
    expect(restored).toBe('ok');
  });

  it('its root key unpinned, or another key put in its place under its kid, is BAD_DELEGATION', async () => {
    // Prepare
    const { options, sign, jwks, rootJwk } = await setUp();
    const token = await sign(TICKET_TYPE, ticketClaims());
    const before = [await reasonOf(token, options), await reasonOf(token, { ...options, rootKeyIds: [rootJwk.kid ?? ''] })];
    const impostor = await new LocalKeyJwsSigner().publicJwk();

    // Act
    const unpinned = await reasonOf(token, { ...options, rootKeyIds: ['another-root'] });
    const index = jwks.keys.indexOf(rootJwk);
    jwks.keys[index] = { ...rootJwk, x: impostor.x, y: impostor.y };
    const replaced = await verifyTicket(token, options);

    // Assess
    expect(before).toEqual(['ok', 'ok']);
    expect(unpinned).toBe('BAD_DELEGATION');
    expect(replaced).toMatchObject({ ok: false, reason: 'BAD_DELEGATION', detail: expect.stringContaining('signature') });
  });

  it('the delegated key object given another public key is BAD_DELEGATION', async () => {
    // Prepare: a document signed by a stranger's private key under the delegated key's kid.
    const { options, sign, jwks, delegated } = await setUp();
    const stranger = new LocalKeyJwsSigner();
    const strangerJwk = await stranger.publicJwk();
    const before = await reasonOf(await sign(TICKET_TYPE, ticketClaims()), options);
    const forged = await sign(TICKET_TYPE, ticketClaims(), {
      keyId: delegated.signer.keyId,
      sign: (input) => stranger.sign(input),
    });

    // Act: the caller's key object now holds the stranger's coordinates, the delegation unchanged.
    const listed = jwks.keys.find((key) => key.kid === delegated.record.keyId);
    Object.assign(listed ?? {}, { x: strangerJwk.x, y: strangerJwk.y });
    const result = await verifyTicket(forged, options);

    // Assess
    expect(before).toBe('ok');
    expect(listed).toBeDefined();
    expect(result).toMatchObject({ ok: false, reason: 'BAD_DELEGATION', detail: expect.stringContaining('another public key') });
  });
});

describe('pinned root keys as an option', () => {
  it.each([[[]], [['']], ['kid'], [[42]]])('rootKeyIds %j is refused before any verification', async (rootKeyIds) => {
    // Prepare
    const { options } = await setUp();

    // Act
    const attempt = verifyTicket('x.y.z', { ...options, rootKeyIds: rootKeyIds as unknown as string[] });

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(VerifyOptionsError);
    await expect(attempt).rejects.toMatchObject({ option: 'rootKeyIds' });
  });
});
