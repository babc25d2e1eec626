import type { JWK } from 'jose';
import { publicKeys } from '../../shared/adapters/aws/wiring';
import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { lazyHandler } from '../../shared/http/lazy';
import { apiHandler } from '../../shared/http/middleware';
import { json } from '../../shared/http/response';

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

export const handler = lazyHandler(() => {
  const base = baseDeps(process.env);
  return makeHandler({ ...base, publicKeys: publicKeys(process.env, base.config) });
});
