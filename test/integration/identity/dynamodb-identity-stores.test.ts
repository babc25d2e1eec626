import { randomBytes } from 'node:crypto';
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { DynamoDeviceStore } from '../../../shared/adapters/aws/identity-devices-dynamodb';
import { DynamoRegistrationStore } from '../../../shared/adapters/aws/identity-registrations-dynamodb';
import { DynamoSessionStore } from '../../../shared/adapters/aws/identity-sessions-dynamodb';
import { createTableInput } from '../../../shared/adapters/aws/table-schema';
import type { RegistrationRecord } from '../../../shared/domain/identity/ports';
import { coreTable } from '../../../shared/resources/tables';
import { identityStoresContract } from '../../contract/identity-stores-contract';

/** The DynamoDB identity stores against DynamoDB Local, in a core table of their own. */
const client = new DynamoDBClient({});
const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
const tableName = `kippu-test-identity-${randomBytes(6).toString('hex')}`;
let created = false;

afterAll(async () => {
  if (created) await client.send(new DeleteTableCommand({ TableName: tableName }));
  client.destroy();
});

const ensureTable = async () => {
  if (!created) {
    await client.send(new CreateTableCommand(createTableInput(tableName, coreTable)));
    created = true;
  }
};

identityStoresContract('DynamoDB', async () => {
  await ensureTable();
  return {
    registrations: new DynamoRegistrationStore(documents, tableName),
    devices: new DynamoDeviceStore(documents, tableName),
    sessions: new DynamoSessionStore(documents, tableName),
  };
});

describe('the DynamoDB registration store', () => {
  it('gives a claim written before claims kept a customer id the id of the registration that takes it over', async () => {
    // Prepare: a released claim as the store wrote it before, with no customerId
    await ensureTable();
    const registrations = new DynamoRegistrationStore(documents, tableName);
    const email = `legacy-${randomBytes(6).toString('hex')}@example.com`;
    await documents.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          pk: `EMAIL#${email}`,
          sk: 'EMAIL',
          entity: 'email-claim',
          email,
          registrationId: 'reg_old',
          status: 'provisional',
          expiresAtMs: 0,
        },
      }),
    );
    const registration: RegistrationRecord = {
      id: `reg_${randomBytes(8).toString('hex')}`,
      email,
      status: 'provisional',
      customerId: `cus_${randomBytes(8).toString('hex')}`,
      device: {
        name: 'phone',
        publicJwk: { kty: 'EC', crv: 'P-256', x: 'x'.repeat(43), y: 'y'.repeat(43) },
        jkt: 'j'.repeat(43),
      },
      codeHash: 'scrypt$salt$hash',
      attemptsLeft: 5,
      passwordSealed: 'sealed',
      createdAt: '2030-01-01T00:00:00.000Z',
      expiresAtMs: Date.parse('2030-01-02T00:00:00.000Z'),
    };

    // Act
    const before = await registrations.getClaim(email);
    const stored = await registrations.create(registration, Date.parse('2030-01-01T00:00:00.000Z'));

    // Assess
    expect(before).toEqual({ email, registrationId: 'reg_old', status: 'provisional', expiresAtMs: 0 });
    expect(stored).toEqual({ created: true });
    expect(await registrations.getClaim(email)).toMatchObject({
      registrationId: registration.id,
      customerId: registration.customerId,
    });
  });
});
