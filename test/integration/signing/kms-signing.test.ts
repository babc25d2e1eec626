import { KMSClient } from '@aws-sdk/client-kms';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DOCKET_TYPE, TICKET_TYPE, verifyTicket } from '@kippu/verify';
import { afterAll, describe, expect, it } from 'vitest';
import { DynamoDelegatedKeyStore } from '../../../shared/adapters/aws/delegated-keys-dynamodb';
import { KmsSigningKeyPairs } from '../../../shared/adapters/aws/kms-key-pairs';
import { KmsJwsSigner, kmsPublicJwk } from '../../../shared/adapters/aws/kms-signer';
import { servedDocket } from '../../../shared/domain/purchases/docket';
import type { PurchaseRecord } from '../../../shared/domain/purchases/purchase';
import { rotateDelegatedKeys, type DelegatedKeyDeps } from '../../../shared/domain/signing/delegated-keys';
import { publishedKeys } from '../../../shared/domain/signing/key-set';
import { DelegatingJwsSigner } from '../../../shared/domain/signing/signer';
import { signCompactJws } from '../../../shared/domain/tickets/jws';
import type { JwsSigner } from '../../../shared/domain/tickets/ports';
import { ManualClock } from '../../fixtures/clock';
import { dataKey, ticketSigningKey } from '../../../shared/resources/keys';
import { coreTable } from '../../../shared/resources/tables';
import { delegatedKeyStoreContract, signingKeyPairsContract } from '../../contract/signing-contract';

/**
 * Delegated signing against the emulators: the key store in DynamoDB Local, private halves
 * wrapped by moto's KMS under the data key, delegations signed by the KMS signing key. Every
 * KMS request is counted by middleware on the client, to show what each mode costs.
 */
const dynamo = new DynamoDBClient({});
const documents = DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });
const tableName = process.env[coreTable.envVar] ?? '';
const signingKeyId = process.env[ticketSigningKey.envVar] ?? '';
const dataKeyId = process.env[dataKey.envVar] ?? '';
const ISSUER = 'https://kippu.test';

afterAll(() => dynamo.destroy());

delegatedKeyStoreContract('DynamoDB', async () => new DynamoDelegatedKeyStore(documents, tableName));
signingKeyPairsContract('KMS data key', async () => new KmsSigningKeyPairs(new KMSClient({}), dataKeyId));

/** A KMS client whose requests are counted by command, as one container's would be. */
const countedKms = () => {
  const calls: string[] = [];
  const client = new KMSClient({});
  client.middlewareStack.add(
    (next, context) => async (args) => {
      calls.push(String(context.commandName).replace(/Command$/, ''));
      return next(args);
    },
    { step: 'initialize', name: 'countKmsCalls' },
  );
  return { client, calls };
};

describe('delegated signing with KMS and DynamoDB', () => {
  // A window of its own per run: a random hour far from the others' (the table is shared).
  const clock = new ManualClock(3_600_000 * Math.floor(1e6 + Math.random() * 1e8) + 60_000);
  const policy = { issuer: ISSUER, rotationSeconds: 3_600, delegatedValiditySecondsMax: 86_400 };
  const container = () => {
    const kms = countedKms();
    const root = new KmsJwsSigner(kms.client, signingKeyId);
    const deps: DelegatedKeyDeps = {
      root,
      keys: new DynamoDelegatedKeyStore(documents, tableName),
      keyPairs: new KmsSigningKeyPairs(kms.client, dataKeyId),
      clock,
      policy,
    };
    return { deps, signer: new DelegatingJwsSigner(deps, true), calls: kms.calls };
  };
  const ticket = (index: number) => {
    const now = Math.floor(clock.now() / 1000);
    return {
      iss: ISSUER,
      sub: 's',
      aud: 'prov-1',
      jti: `tkt_${index}`,
      iat: now,
      nbf: now,
      exp: now + 600,
      res: 'r',
      cap: ['c'],
    };
  };
  const signMany = (signer: JwsSigner, count: number) =>
    Promise.all(Array.from({ length: count }, (_, index) => signCompactJws(signer, TICKET_TYPE, ticket(index))));

  it('the first container makes the window’s key with three KMS calls, the next opens it with one Decrypt (and learns its root’s kid once), and tickets cost none', async () => {
    // Prepare
    const first = container();
    const second = container();

    // Act
    const firstTokens = await signMany(first.signer, 20);
    const secondTokens = await signMany(second.signer, 20);

    // Assess
    expect(first.calls.sort()).toEqual(['Encrypt', 'GetPublicKey', 'Sign']);
    // The second container checks that the stored key is certified by its own root key: one GetPublicKey per container.
    expect(second.calls.sort()).toEqual(['Decrypt', 'GetPublicKey']);
    const kids = new Set([...firstTokens, ...secondTokens].map((signed) => signed.keyId));
    expect(kids.size).toBe(1);
    const jwks = {
      keys: await publishedKeys({ ...first.deps, rootKeys: async () => [await kmsPublicJwk(new KMSClient({}), signingKeyId)] }),
    };
    const verified = await verifyTicket(secondTokens[0]?.token ?? '', {
      jwks,
      issuer: ISSUER,
      audience: 'prov-1',
      now: new Date(clock.now()),
    });
    expect(verified).toMatchObject({ ok: true });
  });

  it('KIPPU_SIGNING=kms signs every document with one KMS Sign', async () => {
    // Prepare
    const kms = countedKms();
    const signer = new KmsJwsSigner(kms.client, signingKeyId);

    // Act
    await signMany(signer, 5);

    // Assess
    expect(kms.calls.filter((call) => call === 'Sign')).toHaveLength(5);
  });
});

describe('a docket read learns its delegated key from the core table', () => {
  /** A document client whose requests are counted by command, as the docket function's would be. */
  const countedDocuments = () => {
    const calls: string[] = [];
    const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));
    client.middlewareStack.add(
      (next, context) => async (args) => {
        calls.push(String(context.commandName).replace(/Command$/, ''));
        return next(args);
      },
      { step: 'initialize', name: 'countDynamoCalls' },
    );
    return { client, calls };
  };

  /** A docket signed by a delegated key, in a window of this run's own, with the next window's key also stored. */
  const docketScene = async () => {
    const clock = new ManualClock(3_600_000 * Math.floor(1e6 + Math.random() * 1e8) + 60_000);
    const policy = { issuer: ISSUER, rotationSeconds: 3_600, delegatedValiditySecondsMax: 86_400 };
    const root = new KmsJwsSigner(new KMSClient({}), signingKeyId);
    const keys = new DynamoDelegatedKeyStore(documents, tableName);
    const deps: DelegatedKeyDeps = { root, keys, keyPairs: new KmsSigningKeyPairs(new KMSClient({}), dataKeyId), clock, policy };
    await rotateDelegatedKeys(deps);
    const settledAt = new Date(clock.now()).toISOString();
    const { token, keyId } = await signCompactJws(new DelegatingJwsSigner(deps, false), DOCKET_TYPE, {
      iss: ISSUER,
      jti: 'dkt_requests',
      iat: Math.floor(clock.now() / 1000),
    });
    const purchase: PurchaseRecord = {
      id: 'pur_docket-requests',
      customerId: 'cus_docket-requests',
      offerId: 'ofr_docket-requests',
      providerId: 'prv_docket-requests',
      resource: 'server-1/stream-7',
      route: 'wallet',
      payerAccountId: 'wallet:cus_docket-requests:JPY',
      amountMinor: 999,
      currency: 'JPY',
      platformFeeBps: 1_000,
      carrierFeeBps: 0,
      holdTransferId: 'trf_docket-requests',
      holdExpiresAt: settledAt,
      ticketId: 'tkt_docket-requests',
      status: 'settled',
      createdAt: settledAt,
      settlement: {
        settledAt,
        split: { grossMinor: 999, providerNetMinor: 900, platformFeeMinor: 99, carrierFeeMinor: 0 },
        legs: [],
        docketId: 'dkt_requests',
        docket: token,
      },
    };
    const counted = countedDocuments();
    const replaced: string[] = [];
    const read = () =>
      servedDocket(
        {
          purchases: { replaceDocket: async (_purchase, docket) => (replaced.push(docket), docket) },
          rootSigner: root,
          keys: new DynamoDelegatedKeyStore(counted.client, tableName),
          clock,
          policy,
        },
        purchase,
      );
    return { root, token, keyId, counted, replaced, read };
  };

  it('with one GetItem of the key that signed it, whatever the number of live keys', async () => {
    // Prepare
    const { root, token, keyId, counted, replaced, read } = await docketScene();

    // Act
    const served = await read();

    // Assess
    expect(keyId).not.toBe(await root.keyId());
    expect(served.token).toBe(token);
    expect(replaced).toEqual([]);
    expect(counted.calls).toEqual(['GetItem']);
  });

  it('by the listing when the key was stored without its lookup item (stored before lookups were written): the same answer', async () => {
    // Prepare
    const { token, keyId, counted, replaced, read } = await docketScene();
    await documents.send(new DeleteCommand({ TableName: tableName, Key: { pk: 'SIGNING_KEY', sk: `KEY#${keyId}` } }));

    // Act
    const served = await read();

    // Assess
    expect(served.token).toBe(token);
    expect(replaced).toEqual([]);
    expect(counted.calls.sort()).toEqual(['GetItem', 'GetItem', 'Query']);
  });
});
