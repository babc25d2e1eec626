import { delegatedKeyDeps } from '../../shared/adapters/aws/signing-wiring';
import { rotateDelegatedKeys, type DelegatedKeyDeps } from '../../shared/domain/signing/delegated-keys';
import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { lazyHandler } from '../../shared/http/lazy';

/**
 * The scheduled rotation of delegated signing keys (docs/signing.md): makes sure the current
 * and the next window have their key. With KIPPU_SIGNING=kms no delegated key is made (no
 * private key leaves KMS); the keys made before stay listed until they expire.
 */
export const makeHandler =
  (deps: BaseDeps & { readonly keys: DelegatedKeyDeps }) => async (): Promise<{ created: number; keyIds: string[] }> => {
    if (deps.config.signing.mode === 'kms') {
      deps.logger.info('signing key rotation skipped', { mode: 'kms' });
      return { created: 0, keyIds: [] };
    }
    const keys = await rotateDelegatedKeys(deps.keys);
    const created = keys.filter((key) => key.created).length;
    deps.logger.info('signing key rotation', { created, keyIds: keys.map((key) => key.keyId) });
    return { created, keyIds: keys.map((key) => key.keyId) };
  };

export const handler = lazyHandler((env) => {
  const base = baseDeps(env);
  return makeHandler({ ...base, keys: delegatedKeyDeps(env, base.config) });
});
