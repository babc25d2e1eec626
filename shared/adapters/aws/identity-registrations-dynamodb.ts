import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { bucketStartOf, type DueEntry } from '../../domain/due/ports';
import { REGISTRATION_DUE_LAYOUT } from '../../domain/identity/expiry';
import type { ConsumeAttempt, EmailClaim, RegistrationRecord, RegistrationStore } from '../../domain/identity/ports';
import { assert } from '../../errors';
import { transactWrite, updateIfHeld } from './conditional-writes';
import { coreTableDueIndex, type DynamoDueIndex } from './due-index-dynamodb';
import {
  REGISTRATION_CREATE_ATTEMPTS_MAX,
  REGISTRATION_EXPIRY_GRACE_SECONDS,
  REGISTRATION_RETENTION_SECONDS,
} from '../../limits';
import { readItem, recordOf } from './items';

/**
 * Registrations in the core table:
 *   `REGISTRATION#<id>` / `REGISTRATION`   the registration; while provisional it is in gsi1
 *                                          under `REGISTRATIONS#DUE#<hour bucket of expiry>`
 *                                          / `<expiresAt>#<id>` (a sparse due index: the
 *                                          expiry sweep reads only what is due)
 *   `EMAIL#<email>` / `EMAIL`              who holds the address: the provisional
 *                                          registration, or the confirmed customer's;
 *                                          and the address's customer id, kept from the
 *                                          first registration on (EmailClaim.customerId)
 *   `REGISTRATIONS#EXPIRY` / `WATERMARK`   the expiry sweep's watermark (a bucket start)
 * `ttl` only cleans up expired registrations long after the sweep decided; it never decides.
 */
const registrationKey = (id: string) => ({ pk: `REGISTRATION#${id}`, sk: 'REGISTRATION' });
const claimKey = (email: string) => ({ pk: `EMAIL#${email}`, sk: 'EMAIL' });
const watermarkKey = { pk: 'REGISTRATIONS#EXPIRY', sk: 'WATERMARK' };
const duePartition = (bucketStartMs: number) => `REGISTRATIONS#DUE#${new Date(bucketStartMs).toISOString()}`;
const dueSortKey = (expiresAtMs: number, id: string) => `${new Date(expiresAtMs).toISOString()}#${id}`;
const GRACE_MS = REGISTRATION_EXPIRY_GRACE_SECONDS * 1000;

const registrationItem = (registration: RegistrationRecord) => ({
  ...registrationKey(registration.id),
  entity: 'registration',
  ...registration,
  gsi1pk: duePartition(bucketStartOf(REGISTRATION_DUE_LAYOUT, registration.expiresAtMs)),
  gsi1sk: dueSortKey(registration.expiresAtMs, registration.id),
  ttl: Math.ceil(registration.expiresAtMs / 1000) + REGISTRATION_RETENTION_SECONDS,
});

const toRegistration = (item: Record<string, unknown>): RegistrationRecord => recordOf(item, 'entity', 'gsi1pk', 'gsi1sk', 'ttl');

const toClaim = (item: Record<string, unknown>): EmailClaim => ({
  email: String(item['email']),
  registrationId: String(item['registrationId']),
  status: item['status'] === 'confirmed' ? 'confirmed' : 'provisional',
  expiresAtMs: Number(item['expiresAtMs']),
  ...(typeof item['customerId'] === 'string' ? { customerId: item['customerId'] } : {}),
});

const isConditionFailure = (error: unknown): boolean =>
  error instanceof ConditionalCheckFailedException || error instanceof TransactionCanceledException;

/**
 * Ends a provisional registration (confirmed or expired, at `at`): its sealed password goes and
 * it leaves the due index. The condition fails once it is no longer provisional.
 */
const closeProvisional = (tableName: string, id: string, status: 'confirmed' | 'expired', at: string) => ({
  TableName: tableName,
  Key: registrationKey(id),
  UpdateExpression: `SET #status = :closed, ${status}At = :at REMOVE passwordSealed, gsi1pk, gsi1sk`,
  ConditionExpression: '#status = :provisional',
  ExpressionAttributeNames: { '#status': 'status' },
  ExpressionAttributeValues: { ':closed': status, ':provisional': 'provisional', ':at': at },
});

export class DynamoRegistrationStore implements RegistrationStore {
  readonly dueIndex: DynamoDueIndex<DueEntry>;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {
    this.dueIndex = coreTableDueIndex<DueEntry>({
      client,
      tableName,
      layout: REGISTRATION_DUE_LAYOUT,
      partitionOf: duePartition,
      attributes: ['id'],
      entryOf: (item) => ({ id: String(item['id']) }),
      watermarkKey,
    });
  }

  async create(
    registration: RegistrationRecord,
    nowMs: number,
  ): Promise<{ created: true } | { created: false; claim: EmailClaim }> {
    assert(registration.status === 'provisional', 'a new registration is provisional');
    for (let attempt = 0; attempt < REGISTRATION_CREATE_ATTEMPTS_MAX; attempt += 1) {
      try {
        await transactWrite(this.client, [
          {
            Put: {
              TableName: this.tableName,
              Item: {
                ...claimKey(registration.email),
                entity: 'email-claim',
                email: registration.email,
                registrationId: registration.id,
                status: 'provisional',
                expiresAtMs: registration.expiresAtMs,
                customerId: registration.customerId,
              },
              // Free: no claim, a retry of this registration, or a provisional claim past its expiry and the grace;
              // and the address's customer id kept (a claim written before claims kept one takes the registration's).
              ConditionExpression:
                'attribute_not_exists(pk) OR (#status = :provisional AND (registrationId = :id OR expiresAtMs <= :takeoverBefore) AND (attribute_not_exists(customerId) OR customerId = :customerId))',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ':provisional': 'provisional',
                ':id': registration.id,
                ':takeoverBefore': nowMs - GRACE_MS,
                ':customerId': registration.customerId,
              },
            },
          },
          {
            Put: {
              TableName: this.tableName,
              Item: registrationItem(registration),
              ConditionExpression: 'attribute_not_exists(pk) OR #status = :provisional',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':provisional': 'provisional' },
            },
          },
        ]);
        return { created: true };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
      const claim = await this.getClaim(registration.email);
      // A claim that vanished between the write and the read was released: try again.
      if (claim !== undefined) return { created: false, claim };
    }
    assert(false, `the claim on ${registration.email} kept changing under ${REGISTRATION_CREATE_ATTEMPTS_MAX} attempts`);
  }

  async get(id: string): Promise<RegistrationRecord | undefined> {
    const item = await readItem(this.client, this.tableName, registrationKey(id));
    return item === undefined ? undefined : toRegistration(item);
  }

  async getClaim(email: string): Promise<EmailClaim | undefined> {
    const item = await readItem(this.client, this.tableName, claimKey(email));
    return item === undefined ? undefined : toClaim(item);
  }

  async consumeAttempt(id: string, nowMs: number, codeFingerprint: string): Promise<ConsumeAttempt> {
    try {
      const answer = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: registrationKey(id),
          UpdateExpression:
            'SET attemptsLeft = attemptsLeft - :one, codesTried = list_append(if_not_exists(codesTried, :none), :tried)',
          ConditionExpression:
            '#status = :provisional AND attemptsLeft > :zero AND expiresAtMs > :now AND NOT contains(codesTried, :fingerprint)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':provisional': 'provisional',
            ':one': 1,
            ':zero': 0,
            ':now': nowMs,
            ':none': [],
            ':tried': [codeFingerprint],
            ':fingerprint': codeFingerprint,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      assert(answer.Attributes !== undefined, 'an update that returns ALL_NEW returns the item');
      return { consumed: true, firstTry: true, registration: toRegistration(answer.Attributes) };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    // Fingerprints are only ever added, together with the attempt they took: one read decides a repeat.
    const registration = await this.get(id);
    const repeat =
      registration?.status === 'provisional' &&
      registration.expiresAtMs > nowMs &&
      (registration.codesTried ?? []).includes(codeFingerprint);
    return repeat ? { consumed: true, firstTry: false, registration } : { consumed: false, registration };
  }

  async confirm(id: string, confirmedAt: string): Promise<RegistrationRecord> {
    const current = await this.get(id);
    assert(current !== undefined, `registration ${id} exists when it is confirmed`);
    if (current.status === 'confirmed') return current;
    await transactWrite(this.client, [
      { Update: closeProvisional(this.tableName, id, 'confirmed', confirmedAt) },
      {
        Update: {
          TableName: this.tableName,
          Key: claimKey(current.email),
          UpdateExpression: 'SET #status = :confirmed',
          ConditionExpression: 'registrationId = :id',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':confirmed': 'confirmed', ':id': id },
        },
      },
    ]);
    const confirmed = await this.get(id);
    assert(confirmed?.status === 'confirmed', `registration ${id} reads back confirmed`);
    return confirmed;
  }

  async expire(id: string, expiredAt: string): Promise<void> {
    const current = await this.get(id);
    if (current?.status !== 'provisional') return;
    const expired = await updateIfHeld(this.client, closeProvisional(this.tableName, id, 'expired', expiredAt));
    if (!expired) return;
    // A failed condition: the address was taken over by a later registration, its claim is not ours to release.
    await updateIfHeld(this.client, {
      TableName: this.tableName,
      Key: claimKey(current.email),
      // Released, not deleted: the claim item is reused by the address's next registration.
      UpdateExpression: 'SET expiresAtMs = :released',
      ConditionExpression: 'registrationId = :id AND #status = :provisional',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':id': id, ':provisional': 'provisional', ':released': 0 },
    });
  }
}
