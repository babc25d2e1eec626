import { DELEGATION_MEMBER } from '@kippu/verify/documents';
import type { JWK } from 'jose';
import { assert } from '../../errors';
import { JWKS_KEYS_MAX, KEY_LISTED_AFTER_VALID_UNTIL_SECONDS } from '../../limits';
import type { Clock } from '../../ports';
import { certifyingRootOf } from './delegated-keys';
import { listedWindows, type SigningPolicy, type WindowPolicy } from './policy';
import type { DelegatedKeyRecord, DelegatedKeyStore } from './ports';

/**
 * The JWK Set kippu serves at /.well-known/jwks.json: its root keys — the signing key, the
 * verify-only ones (the previous key during a rotation, the next one before it signs) and the
 * retired ones kept for statements — and every delegated key whose stored `validUntil` has not
 * passed by more than a verifier's largest leeway (KEY_LISTED_AFTER_VALID_UNTIL_SECONDS: a
 * document whose `exp` is `validUntil` is accepted that long after it), whatever P and V are now
 * (a key made under a longer V stays listed until its own `validUntil` and that leeway), plus the next window's key once it exists, each only while the root key that
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
 * The delegated keys listed now: those whose `validUntil` has not passed by
 * KEY_LISTED_AFTER_VALID_UNTIL_SECONDS, up to the next window. The listing looks back as far as
 * the longest-lived key ever made may reach (`longestLife`) and that leeway, and at least as far
 * as the current P and V (and the leeway) require (keys stored before lives were recorded).
 */
export const liveDelegatedKeys = async (
  deps: { readonly keys: Pick<DelegatedKeyStore, 'list' | 'longestLife'>; readonly policy: WindowPolicy },
  nowSeconds: number,
): Promise<readonly DelegatedKeyRecord[]> => {
  // A key is listed while its validUntil is after `listedSince`: as the listing was at that instant.
  const listedSince = nowSeconds - KEY_LISTED_AFTER_VALID_UNTIL_SECONDS;
  const { fromNotBefore } = listedWindows(deps.policy, listedSince);
  const { toNotBefore } = listedWindows(deps.policy, nowSeconds);
  const longest = await deps.keys.longestLife();
  const delegated = await deps.keys.list(Math.min(fromNotBefore, listedSince - longest), toNotBefore);
  return delegated.filter((record) => record.validUntil > listedSince);
};

export const publishedKeys = async (deps: KeySetDeps): Promise<JWK[]> => {
  const nowSeconds = Math.floor(deps.clock.now() / 1000);
  const [roots, delegated] = await Promise.all([deps.rootKeys(), liveDelegatedKeys(deps, nowSeconds)]);
  const rootKeyIds = new Set(roots.map((root) => root.kid));
  const keys = [...roots, ...delegated.filter((record) => rootKeyIds.has(certifyingRootOf(record))).map(delegatedJwk)];
  assert(keys.length <= JWKS_KEYS_MAX, `the key set holds ${keys.length} keys, more than ${JWKS_KEYS_MAX}`);
  return keys;
};
