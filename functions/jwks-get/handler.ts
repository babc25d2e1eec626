import type { JWK } from 'jose';
import { kms } from '../../shared/adapters/aws/kms-client';
import { kmsPublicJwk } from '../../shared/adapters/aws/kms-signer';
import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { listFromEnv, resourceFromEnv } from '../../shared/config';
import { apiHandler } from '../../shared/http/middleware';
import { json } from '../../shared/http/response';
import { ticketSigningKey } from '../../shared/resources/keys';

export interface JwksDeps extends BaseDeps {
  /** Every key whose signatures are still valid: the active one and, during rotation, the previous. */
  readonly publicKeys: () => Promise<readonly JWK[]>;
}

export const makeHandler = (deps: JwksDeps) => {
  // Cached per container: public keys change only with a deploy (rotation adds a key id).
  let keySet: Promise<{ keys: readonly JWK[] }> | undefined;
  return apiHandler(deps, async () => {
    keySet ??= deps.publicKeys().then((keys) => ({ keys }));
    keySet.catch(() => {
      keySet = undefined;
    });
    return json(200, await keySet, {
      'cache-control': `public, max-age=${deps.config.jwksMaxAgeSeconds}`,
    });
  });
};

/** The signing key plus any ids listed for verification only (the previous key, during rotation). */
const VERIFY_ONLY_KEYS_ENV = 'KIPPU_TICKET_VERIFY_KEY_IDS';

export const handler = makeHandler({
  ...baseDeps(process.env),
  publicKeys: async () => {
    const keyIds = new Set([resourceFromEnv(process.env, ticketSigningKey), ...listFromEnv(process.env, VERIFY_ONLY_KEYS_ENV)]);
    return Promise.all([...keyIds].map((keyId) => kmsPublicJwk(kms(), keyId)));
  },
});
