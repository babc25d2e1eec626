import { generateKeyPairSync } from 'node:crypto';
import { CreateKeyCommand, GetPublicKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { TICKET_TYPE, verifyTicket } from '@kippu/verify';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { DynamoDelegatedKeyStore } from '../../../shared/adapters/aws/delegated-keys-dynamodb';
import { KmsSigningKeyPairs } from '../../../shared/adapters/aws/kms-key-pairs';
import { KmsJwsSigner, kmsPublicJwk } from '../../../shared/adapters/aws/kms-signer';
import { keySetDeps } from '../../../shared/adapters/aws/signing-wiring';
import { loadCoreConfig } from '../../../shared/config';
import { rotateDelegatedKeys, type DelegatedKeyDeps } from '../../../shared/domain/signing/delegated-keys';
import { publishedKeys } from '../../../shared/domain/signing/key-set';
import { DelegatingJwsSigner } from '../../../shared/domain/signing/signer';
import { signCompactJws } from '../../../shared/domain/tickets/jws';
import { dataKey, ticketSigningKey } from '../../../shared/resources/keys';
import { coreTable } from '../../../shared/resources/tables';
import { ManualClock } from '../../fixtures/clock';
import { TEST_ENVIRONMENT } from '../../fixtures/config';

/**
 * Rotating the root key in delegated mode (docs/signing.md, "Rotating the root key"; docs/operations.md,
 * "Rotating the ticket signing key") against KMS on moto and DynamoDB Local, with two KMS root keys.
 */
const dynamo = new DynamoDBClient({});
const documents = DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });
const kms = new KMSClient({});
const tableName = process.env[coreTable.envVar] ?? '';
const oldRootId = process.env[ticketSigningKey.envVar] ?? '';
const dataKeyId = process.env[dataKey.envVar] ?? '';
const ISSUER = TEST_ENVIRONMENT.KIPPU_ISSUER;

afterAll(() => {
  dynamo.destroy();
  kms.destroy();
});

const newKmsRoot = async (): Promise<string> =>
  (await kms.send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }))).KeyMetadata?.KeyId ?? '';

describe('a root key rotation in delegated mode', () => {
  it('the new root certifies its own keys for the current and the next window; the old root’s stay listed only while it is', async () => {
    // Prepare: a window of its own (the table is shared), its keys made ahead under the old root, a ticket signed.
    const clock = new ManualClock(3_600_000 * Math.floor(1e6 + Math.random() * 1e8) + 60_000);
    const policy = { issuer: ISSUER, rotationSeconds: 3_600, delegatedValiditySecondsMax: 86_400 };
    const depsOf = (rootId: string): DelegatedKeyDeps => ({
      root: new KmsJwsSigner(kms, rootId),
      keys: new DynamoDelegatedKeyStore(documents, tableName),
      keyPairs: new KmsSigningKeyPairs(kms, dataKeyId),
      clock,
      policy,
    });
    const now = Math.floor(clock.now() / 1000);
    const ticket = {
      iss: ISSUER,
      sub: 's',
      aud: 'prov-1',
      jti: 'tkt_1',
      iat: now,
      nbf: now,
      exp: now + 600,
      res: 'r',
      cap: ['c'],
    };
    const oldDeps = depsOf(oldRootId);
    const oldKeys = await rotateDelegatedKeys(oldDeps);
    const before = await signCompactJws(new DelegatingJwsSigner(oldDeps, true), TICKET_TYPE, ticket);

    // Act: the alias moved to a new key; the rotation schedule runs, and a container signs.
    const newRootId = await newKmsRoot();
    const newDeps = depsOf(newRootId);
    const recertified = await rotateDelegatedKeys(newDeps);
    const after = await signCompactJws(new DelegatingJwsSigner(newDeps, true), TICKET_TYPE, { ...ticket, jti: 'tkt_2' });
    const [oldRoot, newRoot] = await Promise.all([kmsPublicJwk(kms, oldRootId), kmsPublicJwk(kms, newRootId)]);
    const keySet = async (roots: (typeof oldRoot)[]): Promise<JSONWebKeySet> => ({
      keys: await publishedKeys({ ...newDeps, rootKeys: async () => roots }),
    });
    const both = await keySet([newRoot, oldRoot]);
    const newOnly = await keySet([newRoot]);

    // Assess
    expect(before.keyId).toBe(oldKeys[0]?.keyId);
    expect(recertified.map((key) => key.created)).toEqual([true, true]);
    expect(recertified.map((key) => key.keyId)).not.toContain(oldKeys[0]?.keyId);
    expect(after.keyId).toBe(recertified[0]?.keyId);
    expect(both.keys.map((key) => key.kid).sort()).toEqual(
      [newRoot.kid, oldRoot.kid, ...oldKeys.map((key) => key.keyId), ...recertified.map((key) => key.keyId)].sort(),
    );
    expect(newOnly.keys.map((key) => key.kid).sort()).toEqual([newRoot.kid, ...recertified.map((key) => key.keyId)].sort());
    const verdict = async (token: string, jwks: JSONWebKeySet) => {
      const at = new Date(clock.now());
      const kippu = await verifyTicket(token, { jwks, issuer: ISSUER, audience: 'prov-1', now: at });
      const plain = await jwtVerify(token, createLocalJWKSet(jwks), { currentDate: at, typ: TICKET_TYPE }).then(
        () => 'ok',
        (error: { code?: string }) => error.code,
      );
      return { kippu: kippu.ok ? 'ok' : kippu.reason, plain };
    };
    expect(await verdict(before.token, both)).toEqual({ kippu: 'ok', plain: 'ok' });
    expect(await verdict(after.token, newOnly)).toEqual({ kippu: 'ok', plain: 'ok' });
    expect(await verdict(before.token, newOnly)).toEqual({ kippu: 'UNKNOWN_KID', plain: 'ERR_JWKS_NO_MATCHING_KEY' });
  });

  it('the configuration lists a key that does not sign yet (verify-only) and a retired key from its public half alone', async () => {
    // Prepare: the next root key made in KMS ahead of the alias move, and a retired key that KMS no longer holds
    // (its public half only, as `aws kms get-public-key --query PublicKey --output text` prints it).
    const nextRootId = await newKmsRoot();
    const retired = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey;
    const retiredSpki = retired.export({ format: 'der', type: 'spki' }).toString('base64');
    const env = {
      ...process.env,
      ...TEST_ENVIRONMENT,
      KIPPU_TICKET_VERIFY_KEY_IDS: nextRootId,
      KIPPU_TICKET_RETIRED_PUBLIC_KEYS: retiredSpki,
    };
    const kmsSpki = Buffer.from((await kms.send(new GetPublicKeyCommand({ KeyId: nextRootId }))).PublicKey ?? []).toString(
      'base64',
    );

    // Act
    const roots = await keySetDeps(env, loadCoreConfig(env)).rootKeys();
    const signed = await signCompactJws(new KmsJwsSigner(kms, oldRootId), TICKET_TYPE, {
      iss: ISSUER,
      aud: 'prov-1',
      jti: 'tkt_3',
      iat: Math.floor(Date.now() / 1000),
      exp: Math.floor(Date.now() / 1000) + 600,
    });
    const fromSpki = loadCoreConfig({ ...env, KIPPU_TICKET_RETIRED_PUBLIC_KEYS: kmsSpki }).signing.retiredPublicKeys;

    // Assess
    const [current, next] = await Promise.all([kmsPublicJwk(kms, oldRootId), kmsPublicJwk(kms, nextRootId)]);
    const retiredJwk = retired.export({ format: 'jwk' });
    expect(roots.map((key) => key.kid)).toEqual([current.kid, next.kid, expect.any(String)]);
    expect(roots[2]).toMatchObject({ kty: 'EC', crv: 'P-256', x: retiredJwk.x, y: retiredJwk.y, alg: 'ES256', use: 'sig' });
    expect(signed.keyId).toBe(current.kid);
    expect(fromSpki).toEqual([{ ...next }]);
  });
});
