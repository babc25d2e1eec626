import type { JWK } from 'jose';
import { resourceFromEnv, signingPolicyOf, type CoreConfig } from '../../config';
import type { DelegatedKeyDeps } from '../../domain/signing/delegated-keys';
import type { KeySetDeps } from '../../domain/signing/key-set';
import { DelegatingJwsSigner } from '../../domain/signing/signer';
import type { JwsSigner } from '../../domain/tickets/ports';
import { systemClock } from '../../ports';
import { dataKey, ticketSigningKey } from '../../resources/keys';
import { coreTable } from '../../resources/tables';
import { dynamoDocumentClient } from './clients';
import { DynamoDelegatedKeyStore } from './delegated-keys-dynamodb';
import { kms } from './kms-client';
import { KmsSigningKeyPairs } from './kms-key-pairs';
import { KmsJwsSigner, kmsPublicJwk } from './kms-signer';

/**
 * The signing wiring (docs/signing.md): the document signer of KIPPU_SIGNING, the delegated
 * keys and the JWK Set. Built once per container with the rest of a function's wiring.
 */
export const delegatedKeyStore = (env: NodeJS.ProcessEnv): DynamoDelegatedKeyStore =>
  new DynamoDelegatedKeyStore(dynamoDocumentClient(), resourceFromEnv(env, coreTable));

/**
 * The KMS key itself (the root key): it signs billing statements, which must verify for
 * months (docs/signing.md), the delegations, and with KIPPU_SIGNING=kms every document.
 */
export const ticketSigner = (env: NodeJS.ProcessEnv): KmsJwsSigner =>
  new KmsJwsSigner(kms(env), resourceFromEnv(env, ticketSigningKey));

/** What creating and opening delegated keys needs: the KMS key that certifies them, the table, the data key that wraps them. */
export const delegatedKeyDeps = (env: NodeJS.ProcessEnv, config: CoreConfig): DelegatedKeyDeps => ({
  root: ticketSigner(env),
  keys: delegatedKeyStore(env),
  keyPairs: new KmsSigningKeyPairs(kms(env), resourceFromEnv(env, dataKey)),
  clock: systemClock,
  policy: signingPolicyOf(config),
});

/**
 * The signer of tickets, dockets and revocation pages: one KMS Sign per document with
 * KIPPU_SIGNING=kms; with `delegated`, the window's delegated key where its delegation allows
 * it. `createMissingKeys` is false for a function that may only read the core table: it
 * signs with KMS until the rotation schedule (or another function) has made the window's key.
 */
export const documentSigner = (
  env: NodeJS.ProcessEnv,
  config: CoreConfig,
  options: { readonly createMissingKeys: boolean } = { createMissingKeys: true },
): JwsSigner =>
  config.signing.mode === 'kms'
    ? ticketSigner(env)
    : new DelegatingJwsSigner(delegatedKeyDeps(env, config), options.createMissingKeys);

/**
 * The public halves of the root keys: the signing key and the keys listed for verification
 * only (the previous one during a rotation, the next one before it signs), fetched from KMS
 * once per container, then the retired keys listed from their public halves alone
 * (KIPPU_TICKET_RETIRED_PUBLIC_KEYS: no KMS key needed). A kid is listed once.
 */
const rootPublicKeys = (env: NodeJS.ProcessEnv, config: CoreConfig): (() => Promise<readonly JWK[]>) => {
  let keys: Promise<readonly JWK[]> | undefined;
  return () => {
    const keyIds = new Set([resourceFromEnv(env, ticketSigningKey), ...config.ticketVerifyKeyIds]);
    keys ??= Promise.all([...keyIds].map((keyId) => kmsPublicJwk(kms(env), keyId))).then((fromKms) => {
      const listed = new Set(fromKms.map((key) => key.kid));
      return [...fromKms, ...config.signing.retiredPublicKeys.filter((key) => !listed.has(key.kid)).map((key) => ({ ...key }))];
    });
    keys.catch(() => {
      keys = undefined;
    });
    return keys;
  };
};

/**
 * The served JWK Set: the root keys, and the delegated keys whose documents may still be
 * valid — in both modes, so that switching to `kms` invalidates no document.
 */
export const keySetDeps = (env: NodeJS.ProcessEnv, config: CoreConfig): KeySetDeps => ({
  rootKeys: rootPublicKeys(env, config),
  keys: delegatedKeyStore(env),
  clock: systemClock,
  policy: signingPolicyOf(config),
});
