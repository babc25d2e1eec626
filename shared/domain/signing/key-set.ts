import { DELEGATION_MEMBER } from '@kippu/verify/documents';
import type { JWK } from 'jose';
import { assert } from '../../errors';
import { JWKS_KEYS_MAX } from '../../limits';
import type { Clock } from '../../ports';
import { listedWindows, type SigningPolicy } from './policy';
import type { DelegatedKeyRecord, DelegatedKeyStore } from './ports';

/**
 * The JWK Set kippu serves at /.well-known/jwks.json: its root (KMS) keys — the signing key
 * and, during a rotation, the previous one — and every delegated key that may have signed a
 * document that is still valid, plus the next window's key once it exists. Each delegated key
 * carries its delegation in the member `kippu_delegation`; a JOSE library that knows nothing
 * of it verifies by `kid` as with any key.
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

export const publishedKeys = async (deps: KeySetDeps): Promise<JWK[]> => {
  const nowSeconds = Math.floor(deps.clock.now() / 1000);
  const { fromNotBefore, toNotBefore } = listedWindows(deps.policy, nowSeconds);
  const [roots, delegated] = await Promise.all([deps.rootKeys(), deps.keys.list(fromNotBefore, toNotBefore)]);
  const keys = [...roots, ...delegated.filter((record) => record.validUntil > nowSeconds).map(delegatedJwk)];
  assert(keys.length <= JWKS_KEYS_MAX, `the key set holds ${keys.length} keys, more than ${JWKS_KEYS_MAX}`);
  return keys;
};
