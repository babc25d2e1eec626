import { decodeJwt, decodeProtectedHeader } from 'jose';
import { assert } from '../../errors';
import type { Clock } from '../../ports';
import { signCompactJws } from '../tickets/jws';
import type { JwsSigner } from '../tickets/ports';
import { DELEGATION_TYPE, delegationClaims, nextWindow, windowAt, type DelegationWindow, type SigningPolicy } from './policy';
import type { DelegatedKeyRecord, DelegatedKeyStore, GeneratedKeyPair, SignWithKey, SigningKeyPairs } from './ports';

/**
 * Delegated signing keys: one per signing window, shared by every function that signs. The
 * key is created once — ahead of its window by the rotation schedule, or by the first signer
 * that needs it when the schedule has not run — and every container opens it once.
 */
export interface DelegatedKeyDeps {
  /** kippu's KMS key: signs the delegations (and every document no delegated key may sign). */
  readonly root: JwsSigner;
  readonly keys: DelegatedKeyStore;
  readonly keyPairs: SigningKeyPairs;
  readonly clock: Clock;
  readonly policy: SigningPolicy;
}

export interface OpenedKey {
  readonly record: DelegatedKeyRecord;
  readonly sign: SignWithKey;
}

const epochSeconds = (ms: number): number => Math.floor(ms / 1000);

/** The stored form of a window's key: its public half, its wrapped private half and the delegation a root key signed. */
export const delegatedKeyRecord = (
  window: DelegationWindow,
  pair: Pick<GeneratedKeyPair, 'keyId' | 'publicJwk' | 'wrappedPrivateKey'>,
  delegation: string,
  createdAtMs: number,
): DelegatedKeyRecord => ({
  ...window,
  keyId: pair.keyId,
  publicJwk: pair.publicJwk,
  delegation,
  wrappedPrivateKey: pair.wrappedPrivateKey,
  createdAt: new Date(createdAtMs).toISOString(),
});

/**
 * The kid of the root key that signed a stored key's delegation (its header's `kid`). A key
 * certified by another root than the current signing key signs nothing new: the current root
 * certifies a key of its own for the window (openDelegatedKey), and the JWK Set lists a
 * delegated key only while its root is listed (key-set.ts).
 */
export const certifyingRootOf = (record: Pick<DelegatedKeyRecord, 'delegation'>): string => {
  const { kid } = decodeProtectedHeader(record.delegation);
  assert(typeof kid === 'string', 'a delegation names the root key that signed it');
  return kid;
};

/**
 * The document types a stored key's delegation lets it sign (its `types` claim): a key
 * certified before a type was delegated does not list it, and verifiers refuse a document of
 * that type from it (OUTSIDE_DELEGATION), so the signer gives such a document to the root key.
 */
export const delegatedTypesOf = (record: Pick<DelegatedKeyRecord, 'delegation'>): readonly string[] => {
  const { types } = decodeJwt(record.delegation);
  return Array.isArray(types) ? types.filter((type): type is string => typeof type === 'string') : [];
};

/**
 * The window's key certified by the current root key, if one is stored. After a root key
 * rotation the window's first key (certified by the old root) stays stored and listed for
 * what it signed, and a second one, certified by the new root, signs from then on.
 */
const storedKeyOf = async (deps: DelegatedKeyDeps, window: DelegationWindow): Promise<DelegatedKeyRecord | undefined> => {
  const [rootKeyId, stored] = await Promise.all([deps.root.keyId(), deps.keys.window(window.notBefore)]);
  return stored.find((record) => certifyingRootOf(record) === rootKeyId);
};

/**
 * Make and store the key of a window, or learn the one a concurrent creator stored first.
 *
 * Flow:
 *  1. Generate a P-256 key pair; its private half comes back already wrapped (KMS Encrypt
 *     under the data key in AWS).
 *  2. Have the root key sign its delegation (one KMS Sign): this key, this window, the
 *     delegated types, validUntil.
 *  3. Store it with a conditional write. A concurrent creator that stored first wins: its
 *     record is returned and ours is dropped unused, so exactly one key exists per window and
 *     root key. The winner's key is not opened here: the rotation only needs its id (and may
 *     not decrypt delegated keys, docs/operations.md); a signer opens it (createDelegatedKey).
 */
const storeDelegatedKey = async (
  deps: DelegatedKeyDeps,
  window: DelegationWindow,
): Promise<
  { record: DelegatedKeyRecord; created: true; sign: OpenedKey['sign'] } | { record: DelegatedKeyRecord; created: false }
> => {
  const nowMs = deps.clock.now();
  const pair = await deps.keyPairs.generate();
  const claims = delegationClaims({
    policy: deps.policy,
    window,
    keyId: pair.keyId,
    publicJwk: pair.publicJwk,
    issuedAt: epochSeconds(nowMs),
  });
  const { token } = await signCompactJws(deps.root, DELEGATION_TYPE, claims);
  const record = delegatedKeyRecord(window, pair, token, nowMs);
  const stored = await deps.keys.create(record);
  assert(stored.record.notBefore === window.notBefore, 'the stored key is the one of the window asked for');
  assert(certifyingRootOf(stored.record) === certifyingRootOf(record), 'the stored key is certified by the same root');
  return stored.created ? { record, created: true, sign: pair.sign } : { record: stored.record, created: false };
};

/**
 * Create the key of a window, or adopt (open) the one a concurrent creator stored first
 * (storeDelegatedKey).
 */
export const createDelegatedKey = async (
  deps: DelegatedKeyDeps,
  window: DelegationWindow,
): Promise<OpenedKey & { created: boolean }> => {
  const stored = await storeDelegatedKey(deps, window);
  if (stored.created) return { record: stored.record, sign: stored.sign, created: true };
  return {
    record: stored.record,
    sign: await deps.keyPairs.open(stored.record.keyId, stored.record.wrappedPrivateKey),
    created: false,
  };
};

/**
 * The key of a window certified by the current root key, opened: the stored one, or (when
 * `createMissing`) a new one; undefined when none exists and none may be made.
 */
export const openDelegatedKey = async (
  deps: DelegatedKeyDeps,
  window: DelegationWindow,
  createMissing: boolean,
): Promise<OpenedKey | undefined> => {
  const stored = await storedKeyOf(deps, window);
  if (stored !== undefined) {
    return { record: stored, sign: await deps.keyPairs.open(stored.keyId, stored.wrappedPrivateKey) };
  }
  return createMissing ? createDelegatedKey(deps, window) : undefined;
};

/**
 * The key of a window certified by the current root key, made only when missing: what the
 * rotation schedule runs for the current and the next window (so after a root key rotation
 * it certifies new keys for both under the new root).
 */
export const ensureDelegatedKey = async (
  deps: DelegatedKeyDeps,
  window: DelegationWindow,
): Promise<{ keyId: string; created: boolean }> => {
  const stored = await storedKeyOf(deps, window);
  if (stored !== undefined) return { keyId: stored.keyId, created: false };
  // Never opens a key: a lost race adopts the winner's id only.
  const made = await storeDelegatedKey(deps, window);
  return { keyId: made.record.keyId, created: made.created };
};

/**
 * What the rotation schedule runs: the keys of the current and the next window exist
 * afterwards, so that the next key is in the JWK Set (and in verifiers' caches) a whole
 * window before it signs. Runs that overlap, or race a signer making the same key, agree on
 * one key per window.
 */
export const rotateDelegatedKeys = async (deps: DelegatedKeyDeps): Promise<{ keyId: string; created: boolean }[]> => {
  const current = windowAt(deps.policy, epochSeconds(deps.clock.now()));
  return Promise.all([ensureDelegatedKey(deps, current), ensureDelegatedKey(deps, nextWindow(deps.policy, current))]);
};
