import type { JWK } from 'jose';
import { keySetDeps } from '../../shared/adapters/aws/signing-wiring';
import { publishedKeys } from '../../shared/domain/signing/key-set';
import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { lazyHandler } from '../../shared/http/lazy';
import { apiHandler } from '../../shared/http/middleware';
import { json } from '../../shared/http/response';

export interface JwksDeps extends BaseDeps {
  /**
   * Every key whose signatures may still be valid: the root (KMS) keys — the active one and,
   * during rotation, the previous — and the delegated keys with their delegations
   * (docs/signing.md). Delegated keys change with each window: read on every request (one
   * Query), the root keys once per container.
   */
  readonly publicKeys: () => Promise<readonly JWK[]>;
}

export const makeHandler = (deps: JwksDeps) =>
  apiHandler(deps, async () =>
    json(
      200,
      { keys: await deps.publicKeys() },
      {
        'cache-control': `public, max-age=${deps.config.jwksMaxAgeSeconds}`,
      },
    ),
  );

export const handler = lazyHandler((env) => {
  const base = baseDeps(env);
  const keySet = keySetDeps(env, base.config);
  return makeHandler({ ...base, publicKeys: () => publishedKeys(keySet) });
});
