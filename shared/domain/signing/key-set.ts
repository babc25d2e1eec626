import { DELEGATION_MEMBER } from '@kippu/verify/documents';
import type { JWK } from 'jose';
import { assert } from '../../errors';
import { JWKS_KEYS_MAX } from '../../limits';
import type { Clock } from '../../ports';
import { certifyingRootOf } from './delegated-keys';
import { listedWindows, type SigningPolicy, type WindowPolicy } from './policy';
import type { DelegatedKeyRecord, DelegatedKeyStore } from './ports';

/**
 * The JWK Set kippu serves at /.well-known/jwks.json: its root keys — the signing key, the
 * verify-only ones (the previous key during a rotation, the next one before it signs) and the
 * retired ones kept for statements — and every delegated key whose stored `validUntil` has not
 * passed (whatever P and V are now: a key made under a longer V stays listed until its own
 * `validUntil`), plus the next window's key once it exists, each only while the root key that
 * certified it is listed: kippu's verifier rejects a delegation whose root is not in the set,
 * and a plain JOSE library must not accept what it rejects. Each delegated key carries its
 * delegation in the member `kippu_delegation`; a JOSE library that knows nothing of it
 * verifies by `kid` as with any key.
 */
export interface KeySetDeps {
  /** The root keys' public JWKs (kid = RFC 7638 thumbprint). */
  readonly rootKeys: () => Promise<readonly JWK[]>;
  readonly keys: DelegatedKeyStore;
  readonly clock: Clock;
  readonly policy: SigningPolicy;
}

export const delegatedJwk = (record: DelegatedKeyRecord): JWK => {
  const jwk: JWK & Record<typeof DELEGATION_MEMBER, string> = {
    ...record.publicJwk,
    kid: record.keyId,
    alg: 'ES256',
    use: 'sig',
    [DELEGATION_MEMBER]: record.delegation,
  };
  return jwk;
};

/**
 * The delegated keys whose `validUntil` has not passed, up to the next window: the listing looks
 * back as far as the longest-lived key ever made may reach (`longestLife`), and at least as far
 * as the current P and V require (keys stored before lives were recorded).
 */
export const liveDelegatedKeys = async (
  deps: { readonly keys: Pick<DelegatedKeyStore, 'list' | 'longestLife'>; readonly policy: WindowPolicy },
  nowSeconds: number,
): Promise<readonly DelegatedKeyRecord[]> => {
  const { fromNotBefore, toNotBefore } = listedWindows(deps.policy, nowSeconds);
  const longest = await deps.keys.longestLife();
  const delegated = await deps.keys.list(Math.min(fromNotBefore, nowSeconds - longest), toNotBefore);
  return delegated.filter((record) => record.validUntil > nowSeconds);
};

export const publishedKeys = async (deps: KeySetDeps): Promise<JWK[]> => {
  const nowSeconds = Math.floor(deps.clock.now() / 1000);
  const [roots, delegated] = await Promise.all([deps.rootKeys(), liveDelegatedKeys(deps, nowSeconds)]);
  const rootKeyIds = new Set(roots.map((root) => root.kid));
  const keys = [...roots, ...delegated.filter((record) => rootKeyIds.has(certifyingRootOf(record))).map(delegatedJwk)];
  assert(keys.length <= JWKS_KEYS_MAX, `the key set holds ${keys.length} keys, more than ${JWKS_KEYS_MAX}`);
  return keys;
};
