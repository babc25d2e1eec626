import {
  DOCKET_TYPE,
  REFUND_DOCKET_TYPE,
  REVOCATIONS_TYPE,
  TICKET_TYPE,
  VERIFY_LEEWAY_SECONDS_MAX,
  verifyRefundDocket,
  verifyTicket,
} from '@kippu/verify';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { describe, expect, it } from 'vitest';
import { LocalKeyJwsSigner } from '../../../shared/adapters/memory/tickets';
import { KEY_LISTED_AFTER_VALID_UNTIL_SECONDS } from '../../../shared/limits';
import {
  certifyingRootOf,
  delegatedKeyRecord,
  ensureDelegatedKey,
  rotateDelegatedKeys,
} from '../../../shared/domain/signing/delegated-keys';
import { publishedKeys } from '../../../shared/domain/signing/key-set';
import {
  DELEGATION_TYPE,
  delegatedKeysListedMax,
  delegationClaims,
  nextWindow,
  windowAt,
} from '../../../shared/domain/signing/policy';
import { DelegatingJwsSigner } from '../../../shared/domain/signing/signer';
import { signCompactJws } from '../../../shared/domain/tickets/jws';
import {
  DELEGATED_VALIDITY_SECONDS_MAX,
  ROTATION_SECONDS,
  SIGNING_ISSUER,
  SIGNING_START_MS,
  signingPolicy,
  signingWorld,
  type SigningWorld,
} from '../../fixtures/signing';

/**
 * The signer of KIPPU_SIGNING=delegated with in-memory ports and a manual clock: which key
 * signs which document, how often a key is created and opened, and what the key set lists.
 */
const seconds = (world: SigningWorld): number => Math.floor(world.clock.now() / 1000);

const ticket = (world: SigningWorld, validitySeconds = 600, overrides: Record<string, unknown> = {}) => ({
  iss: SIGNING_ISSUER,
  sub: 'sub_1',
  aud: 'prov-1',
  jti: `tkt_${seconds(world)}_${validitySeconds}`,
  iat: seconds(world),
  nbf: seconds(world),
  exp: seconds(world) + validitySeconds,
  res: 'server/stream',
  cap: ['image'],
  ...overrides,
});

const kidOf = (token: string): string => decodeProtectedHeader(token).kid ?? '';

describe('which key signs', () => {
  it('a short ticket is signed by the window’s delegated key and verifies against the served key set, with kippu’s verifier and plain jose', async () => {
    // Prepare
    const world = signingWorld();
    const signer = new DelegatingJwsSigner(world.deps, true);

    // Act
    const { token, keyId } = await signCompactJws(signer, TICKET_TYPE, ticket(world));
    const jwks = await world.keySet();

    // Assess
    expect(keyId).not.toBe(await world.root.keyId());
    expect(kidOf(token)).toBe(keyId);
    const options = { jwks, issuer: SIGNING_ISSUER, audience: 'prov-1', now: new Date(world.clock.now()) };
    expect(await verifyTicket(token, options)).toMatchObject({ ok: true });
    await expect(
      jwtVerify(token, createLocalJWKSet(jwks), { currentDate: new Date(world.clock.now()), typ: TICKET_TYPE }),
    ).resolves.toBeDefined();
  });

  it('dockets and revocation lists are delegated too; a ticket valid past validUntil, a statement and a document without iat are signed by the root key', async () => {
    // Prepare
    const world = signingWorld();
    const signer = new DelegatingJwsSigner(world.deps, true);
    const rootKid = await world.root.keyId();
    const longest = windowAt(signingPolicy, seconds(world)).validUntil - seconds(world);

    // Act
    const kids = {
      docket: (await signCompactJws(signer, DOCKET_TYPE, { iat: seconds(world) })).keyId,
      revocations: (await signCompactJws(signer, REVOCATIONS_TYPE, { iat: seconds(world) })).keyId,
      longestTicket: (await signCompactJws(signer, TICKET_TYPE, ticket(world, longest))).keyId,
      longerTicket: (await signCompactJws(signer, TICKET_TYPE, ticket(world, longest + 1))).keyId,
      statement: (await signCompactJws(signer, 'kippu-statement+jwt', { iat: seconds(world) })).keyId,
      noIat: (await signCompactJws(signer, DOCKET_TYPE, { jti: 'x' })).keyId,
    };

    // Assess
    expect(kids.docket).not.toBe(rootKid);
    expect(kids.revocations).toBe(kids.docket);
    expect(kids.longestTicket).toBe(kids.docket);
    expect([kids.longerTicket, kids.statement, kids.noIat]).toEqual([rootKid, rootKid, rootKid]);
  });

  it('a refund docket is signed by the window’s delegated key and verifies with kippu’s verifier and plain jose', async () => {
    // Prepare
    const world = signingWorld();
    const signer = new DelegatingJwsSigner(world.deps, true);
    const claims = {
      iss: SIGNING_ISSUER,
      sub: 'sub_1',
      aud: 'prov-1',
      jti: 'rdk_1',
      iat: seconds(world),
      pur: 'pur_1',
      dkt: 'dkt_1',
      tkt: 'tkt_1',
      route: 'wallet',
      prv: 'prov-1',
      cur: 'JPY',
      amounts: { grossMinor: 1_000, providerNetMinor: 900, platformFeeMinor: 100, carrierFeeMinor: 0 },
      legs: [{ kind: 'post', trf: 'trf_r1', rev: 'trf_1', amountMinor: 1_000 }],
      refundedAt: seconds(world),
    };

    // Act
    const { token, keyId } = await signCompactJws(signer, REFUND_DOCKET_TYPE, claims);
    const jwks = await world.keySet();

    // Assess
    expect(keyId).not.toBe(await world.root.keyId());
    const verified = await verifyRefundDocket(token, {
      jwks,
      issuer: SIGNING_ISSUER,
      audience: 'prov-1',
      now: new Date(world.clock.now()),
    });
    expect(verified).toMatchObject({ ok: true });
    await expect(
      jwtVerify(token, createLocalJWKSet(jwks), { currentDate: new Date(world.clock.now()), typ: REFUND_DOCKET_TYPE }),
    ).resolves.toBeDefined();
  });

  it('a key whose delegation was made before refund dockets were delegated signs what it allows, and leaves refund dockets to the root key', async () => {
    // Prepare: the window's key stored with the delegation an earlier version made (no refund dockets in its types).
    const world = signingWorld();
    const window = windowAt(signingPolicy, seconds(world));
    const pair = await world.keyPairs.generate();
    const claims = delegationClaims({
      policy: signingPolicy,
      window,
      keyId: pair.keyId,
      publicJwk: pair.publicJwk,
      issuedAt: window.notBefore,
    });
    const older = { ...claims, types: [TICKET_TYPE, DOCKET_TYPE, REVOCATIONS_TYPE] };
    const { token: delegation } = await signCompactJws(world.root, DELEGATION_TYPE, older);
    await world.keys.create(delegatedKeyRecord(window, pair, delegation, world.clock.now()));
    const signer = new DelegatingJwsSigner(world.deps, true);

    // Act
    const docket = await signCompactJws(signer, DOCKET_TYPE, { iss: SIGNING_ISSUER, iat: seconds(world) });
    const refundDocket = await signCompactJws(signer, REFUND_DOCKET_TYPE, { iss: SIGNING_ISSUER, iat: seconds(world) });

    // Assess
    expect(docket.keyId).toBe(pair.keyId);
    expect(refundDocket.keyId).toBe(await world.root.keyId());
    expect(await world.keys.window(window.notBefore)).toHaveLength(1);
  });

  it('claims issued in the window before the current one (a retry across the boundary) take that window’s key; older ones the root key', async () => {
    // Prepare
    const world = signingWorld();
    const signer = new DelegatingJwsSigner(world.deps, true);
    const issuedAt = seconds(world);
    const first = (await signCompactJws(signer, DOCKET_TYPE, { iat: issuedAt })).keyId;

    // Act
    world.clock.advanceSeconds(ROTATION_SECONDS);
    const retried = (await signCompactJws(signer, DOCKET_TYPE, { iat: issuedAt })).keyId;
    const fresh = (await signCompactJws(signer, DOCKET_TYPE, { iat: seconds(world) })).keyId;
    world.clock.advanceSeconds(ROTATION_SECONDS);
    const stale = (await signCompactJws(signer, DOCKET_TYPE, { iat: issuedAt })).keyId;

    // Assess
    expect(retried).toBe(first);
    expect(fresh).not.toBe(first);
    expect(stale).toBe(await world.root.keyId());
  });
});

describe('one key per window, opened once per container', () => {
  it('two containers racing for a missing key agree on one; each opens it at most once per window', async () => {
    // Prepare
    const world = signingWorld();
    const containers = [new DelegatingJwsSigner(world.deps, true), new DelegatingJwsSigner(world.deps, true)];

    // Act
    const signed = await Promise.all(
      containers.flatMap((signer) =>
        Array.from({ length: 5 }, (_, index) => signCompactJws(signer, TICKET_TYPE, ticket(world, 600 + index))),
      ),
    );

    // Assess
    const kids = new Set(signed.map((result) => result.keyId));
    expect(kids.size).toBe(1);
    expect(await world.keys.list(0, Number.MAX_SAFE_INTEGER)).toHaveLength(1);
    expect(world.keyPairs.opened).toBeLessThanOrEqual(1);
  });

  it('a key created ahead by the rotation is opened, not created again, when its window starts', async () => {
    // Prepare
    const world = signingWorld();
    const next = nextWindow(signingPolicy, windowAt(signingPolicy, seconds(world)));
    const ahead = await ensureDelegatedKey(world.deps, next);
    const again = await ensureDelegatedKey(world.deps, next);
    const signer = new DelegatingJwsSigner(world.deps, true);

    // Act
    world.clock.set(next.notBefore * 1000 + 1_000);
    const { keyId } = await signCompactJws(signer, TICKET_TYPE, ticket(world));
    await signCompactJws(signer, TICKET_TYPE, ticket(world, 700));

    // Assess
    expect(ahead.created).toBe(true);
    expect(again).toEqual({ keyId: ahead.keyId, created: false });
    expect(keyId).toBe(ahead.keyId);
    expect(world.keyPairs.opened).toBe(1);
  });

  it('rotation runs racing for a missing key agree on one without opening it (the rotation may not decrypt delegated keys)', async () => {
    // Prepare
    const world = signingWorld();
    const window = windowAt(signingPolicy, seconds(world));

    // Act
    const runs = await Promise.all([ensureDelegatedKey(world.deps, window), ensureDelegatedKey(world.deps, window)]);

    // Assess
    expect(runs.map((run) => run.created).sort()).toEqual([false, true]);
    expect(runs[0]?.keyId).toBe(runs[1]?.keyId);
    expect(await world.keys.list(0, Number.MAX_SAFE_INTEGER)).toHaveLength(1);
    expect(world.keyPairs.opened).toBe(0);
  });

  it('a signer that may not create keys signs with the root key until the window’s key exists', async () => {
    // Prepare
    const world = signingWorld();
    const readOnly = new DelegatingJwsSigner(world.deps, false);

    // Act
    const before = (await signCompactJws(readOnly, REVOCATIONS_TYPE, { iat: seconds(world) })).keyId;
    const made = await ensureDelegatedKey(world.deps, windowAt(signingPolicy, seconds(world)));
    const after = (await signCompactJws(readOnly, REVOCATIONS_TYPE, { iat: seconds(world) })).keyId;

    // Assess
    expect(before).toBe(await world.root.keyId());
    expect(after).toBe(made.keyId);
  });
});

describe('the served key set', () => {
  it('lists the root key and every delegated key whose documents may still be valid, never more than the configured bound', async () => {
    // Prepare: a key for every window over a day and a half, signing as time goes by.
    const world = signingWorld();
    const signer = new DelegatingJwsSigner(world.deps, true);
    const sizes: number[] = [];

    // Act
    for (let hour = 0; hour < 36; hour += 1) {
      await ensureDelegatedKey(world.deps, nextWindow(signingPolicy, windowAt(signingPolicy, seconds(world))));
      await signCompactJws(signer, TICKET_TYPE, ticket(world));
      sizes.push((await world.keySet()).keys.length);
      world.clock.advanceSeconds(ROTATION_SECONDS);
    }

    // Assess
    const bound = 1 + delegatedKeysListedMax(signingPolicy);
    expect(bound).toBe(
      1 + Math.ceil((DELEGATED_VALIDITY_SECONDS_MAX + KEY_LISTED_AFTER_VALID_UNTIL_SECONDS) / ROTATION_SECONDS) + 2,
    );
    expect(Math.max(...sizes)).toBe(bound);
    expect(sizes.every((size) => size < 64)).toBe(true);
  });

  it("keeps a delegated key listed until a verifier's largest leeway past its validUntil, then drops it", async () => {
    // Prepare: a ticket whose exp is its key's validUntil
    const world = signingWorld();
    const signer = new DelegatingJwsSigner(world.deps, true);
    const { validUntil } = windowAt(signingPolicy, seconds(world));
    const signed = await signCompactJws(signer, TICKET_TYPE, ticket(world, validUntil - seconds(world)));
    const kids = async () => (await world.keySet()).keys.map((key) => key.kid);
    const verifiedAt = async (atSeconds: number) => {
      world.clock.set(atSeconds * 1000);
      const options = { issuer: SIGNING_ISSUER, audience: 'prov-1', clockTolerance: KEY_LISTED_AFTER_VALID_UNTIL_SECONDS };
      return jwtVerify(signed.token, createLocalJWKSet(await world.keySet()), {
        ...options,
        currentDate: new Date(world.clock.now()),
      }).then(
        () => 'verified',
        (error: unknown) => (error instanceof Error ? error.name : 'error'),
      );
    };

    // Act
    const insideLeeway = await verifiedAt(validUntil + KEY_LISTED_AFTER_VALID_UNTIL_SECONDS - 1);
    const listedLast = await kids();
    world.clock.set((validUntil + KEY_LISTED_AFTER_VALID_UNTIL_SECONDS) * 1000);
    const after = await kids();

    // Assess
    expect(KEY_LISTED_AFTER_VALID_UNTIL_SECONDS).toBe(VERIFY_LEEWAY_SECONDS_MAX);
    expect(insideLeeway).toBe('verified');
    expect(signed.keyId).not.toBe(await world.root.keyId());
    expect(listedLast).toContain(signed.keyId);
    expect(after).not.toContain(signed.keyId);
    expect(after).toEqual([await world.root.keyId()]);
  });
});

describe('a window opens at its start', () => {
  it('the delegation of a window starts and ends on multiples of the rotation period', () => {
    // Prepare
    const atMs = SIGNING_START_MS + 1_234_567;

    // Act
    const window = windowAt(signingPolicy, Math.floor(atMs / 1000));

    // Assess
    expect(window.notBefore % ROTATION_SECONDS).toBe(0);
    expect(window.expiresAt - window.notBefore).toBe(ROTATION_SECONDS);
    expect(window.validUntil - window.expiresAt).toBe(DELEGATED_VALIDITY_SECONDS_MAX);
  });
});

describe('a root key rotation', () => {
  /** The world after its root key was replaced: the same key store, a new root signing (the alias moved). */
  const rotated = (world: SigningWorld) => {
    const newRoot = new LocalKeyJwsSigner();
    const deps = { ...world.deps, root: newRoot };
    return { newRoot, deps, signer: new DelegatingJwsSigner(deps, true) };
  };

  it('the current and next window’s keys certified by the old root sign nothing new: the new root certifies its own, the old ones stay listed while the old root is', async () => {
    // Prepare: keys of the current and the next window made ahead under the old root, one ticket signed.
    const world = signingWorld();
    const oldRoot = world.root;
    const current = windowAt(signingPolicy, seconds(world));
    const oldKeys = await rotateDelegatedKeys(world.deps);
    const before = await signCompactJws(new DelegatingJwsSigner(world.deps, true), TICKET_TYPE, ticket(world));

    // Act
    const { newRoot, deps, signer } = rotated(world);
    const after = await signCompactJws(signer, TICKET_TYPE, ticket(world, 700));
    const ahead = await rotateDelegatedKeys(deps);
    world.clock.set(nextWindow(signingPolicy, current).notBefore * 1000);
    const nextWindowTicket = await signCompactJws(signer, TICKET_TYPE, ticket(world));

    // Assess
    expect(before.keyId).toBe(oldKeys[0]?.keyId);
    expect(after.keyId).not.toBe(before.keyId);
    expect(ahead.map((key) => key.created)).toEqual([false, true]);
    expect(ahead[0]?.keyId).toBe(after.keyId);
    expect(nextWindowTicket.keyId).toBe(ahead[1]?.keyId);
    expect(nextWindowTicket.keyId).not.toBe(oldKeys[1]?.keyId);
    const certifiers = async (notBefore: number) =>
      Object.fromEntries((await world.keys.window(notBefore)).map((record) => [record.keyId, certifyingRootOf(record)]));
    expect(await certifiers(current.notBefore)).toEqual({
      [before.keyId]: await oldRoot.keyId(),
      [after.keyId]: await newRoot.keyId(),
    });
    const listed = (await world.keySetWith([newRoot, oldRoot])).keys.map((key) => key.kid);
    expect(listed).toEqual(expect.arrayContaining([before.keyId, after.keyId, nextWindowTicket.keyId, oldKeys[1]?.keyId]));
    expect(listed).toHaveLength(2 + 4);
  });

  it('a retry of claims of the window before, signed after the rotation, takes the root key: no third window gets a second key', async () => {
    // Prepare: a docket signed under the old root; the next window starts, and the root is replaced.
    const world = signingWorld();
    const issuedAt = seconds(world);
    await signCompactJws(new DelegatingJwsSigner(world.deps, true), DOCKET_TYPE, { iat: issuedAt });
    world.clock.advanceSeconds(ROTATION_SECONDS);
    const { newRoot, signer } = rotated(world);

    // Act
    const retried = await signCompactJws(signer, DOCKET_TYPE, { iat: issuedAt });

    // Assess
    expect(retried.keyId).toBe(await newRoot.keyId());
    expect(await world.keys.window(windowAt(signingPolicy, issuedAt).notBefore)).toHaveLength(1);
  });

  it('the JWK Set leaves out a delegated key whose root is not listed, so plain JOSE and kippu’s verifier agree', async () => {
    // Prepare: a ticket signed by a delegated key of the old root, then the old root dropped from the set.
    const world = signingWorld();
    const oldRoot = world.root;
    const oldSigned = await signCompactJws(new DelegatingJwsSigner(world.deps, true), TICKET_TYPE, ticket(world));
    const { newRoot, signer } = rotated(world);
    const newSigned = await signCompactJws(signer, TICKET_TYPE, ticket(world, 700));

    // Act
    const withOld = await world.keySetWith([newRoot, oldRoot]);
    const withoutOld = await world.keySetWith([newRoot]);

    // Assess
    const verdicts = async (token: string, jwks: JSONWebKeySet) => {
      const now = new Date(world.clock.now());
      const kippu = await verifyTicket(token, { jwks, issuer: SIGNING_ISSUER, audience: 'prov-1', now });
      const plain = await jwtVerify(token, createLocalJWKSet(jwks), { currentDate: now, typ: TICKET_TYPE }).then(
        () => 'ok',
        (error: { code?: string }) => error.code,
      );
      return { kippu: kippu.ok ? 'ok' : kippu.reason, plain };
    };
    expect(await verdicts(oldSigned.token, withOld)).toEqual({ kippu: 'ok', plain: 'ok' });
    expect(await verdicts(newSigned.token, withOld)).toEqual({ kippu: 'ok', plain: 'ok' });
    expect(withoutOld.keys.map((key) => key.kid)).toEqual([await newRoot.keyId(), newSigned.keyId]);
    expect(await verdicts(oldSigned.token, withoutOld)).toEqual({ kippu: 'UNKNOWN_KID', plain: 'ERR_JWKS_NO_MATCHING_KEY' });
    expect(await verdicts(newSigned.token, withoutOld)).toEqual({ kippu: 'ok', plain: 'ok' });
  });
});

describe('a change of P or V', () => {
  it('a lowered V keeps every key listed until its stored validUntil (and the leeway past it), and the documents it signed verifying', async () => {
    // Prepare: a key made under V = 4 h signs a ticket valid 3 h.
    const world = signingWorld();
    const made = await signCompactJws(new DelegatingJwsSigner(world.deps, true), TICKET_TYPE, ticket(world, 3 * 3_600));
    const { validUntil } = windowAt(signingPolicy, seconds(world));
    const lowered = { ...signingPolicy, delegatedValiditySecondsMax: 600 };
    const keySet = async () => ({
      keys: await publishedKeys({ ...world.deps, policy: lowered, rootKeys: async () => [await world.root.publicJwk()] }),
    });

    // Act: restarted with V = 10 min, two hours later, and once the key's validUntil and the leeway have passed.
    world.clock.advanceSeconds(2 * 3_600);
    const laterAt = new Date(world.clock.now());
    const later = await keySet();
    await signCompactJws(new DelegatingJwsSigner({ ...world.deps, policy: lowered }, true), TICKET_TYPE, ticket(world));
    world.clock.set((validUntil + KEY_LISTED_AFTER_VALID_UNTIL_SECONDS) * 1000);
    const lapsed = await keySet();

    // Assess
    expect(later.keys.map((key) => key.kid)).toContain(made.keyId);
    const verified = await verifyTicket(made.token, {
      jwks: later,
      issuer: SIGNING_ISSUER,
      audience: 'prov-1',
      now: laterAt,
    });
    expect(verified).toMatchObject({ ok: true });
    expect(lapsed.keys.map((key) => key.kid)).not.toContain(made.keyId);
  });

  it('a raised P keeps the keys of the shorter windows listed until their validUntil', async () => {
    // Prepare
    const world = signingWorld();
    const made = await ensureDelegatedKey(world.deps, windowAt(signingPolicy, seconds(world)));
    const raised = { ...signingPolicy, rotationSeconds: 4 * ROTATION_SECONDS, delegatedValiditySecondsMax: ROTATION_SECONDS };

    // Act
    world.clock.advanceSeconds(3 * ROTATION_SECONDS);
    const listed = await publishedKeys({ ...world.deps, policy: raised, rootKeys: async () => [await world.root.publicJwk()] });

    // Assess
    expect(listed.map((key) => key.kid)).toContain(made.keyId);
  });
});
