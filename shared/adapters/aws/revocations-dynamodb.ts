import { TransactionCanceledException, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RevocationEntry } from '../../domain/revocations/revocations';
import type { RevocationStore } from '../../domain/revocations/ports';
import { assert, DomainError } from '../../errors';
import { REVOCATION_APPEND_RETRY, REVOCATION_VERSION_MAX } from '../../limits';
import { backoffWithinBudget } from '../../contention';
import { putNew, transactWrite } from './conditional-writes';
import { readItem, recordOf } from './items';

/**
 * Revocation lists in the core table:
 *   `REVOCATIONS#<provider>` / `HEAD`         { version }       the latest version
 *   `REVOCATIONS#<provider>` / `V#<version>`  the entry          (zero-padded, so sk order = version order)
 *   `REVOKED#<ticket>` / `REVOKED`            { version, … }    one per ticket: appends are idempotent
 * An append is one transaction: the ticket's marker (must not exist), the head moved from
 * the version it was read at to the next, and the entry. A racing append for the same
 * provider fails the head condition and tries again with the new head.
 */
const listKey = (providerId: string) => `REVOCATIONS#${providerId}`;
const versionSortKey = (version: number) => `V#${String(version).padStart(String(REVOCATION_VERSION_MAX).length, '0')}`;
const markerKey = (ticketId: string) => ({ pk: `REVOKED#${ticketId}`, sk: 'REVOKED' });

/** A put whose failed condition hands back the item that was there (in the transaction's cancellation reasons). */
const ALL_OLD = { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' } as const;

/** The version a head item (as a failed condition returned it) holds; undefined when it did not come back. */
const versionOf = (item: Record<string, AttributeValue> | undefined): number | undefined => {
  const version = item?.['version']?.N;
  return version === undefined ? undefined : Number(version);
};

export class DynamoRevocationStore implements RevocationStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Flow: read the ticket's marker and the provider's head together → one transaction
   * (marker, head, entry) → the marker's condition failed: a racing append of the same ticket
   * won, answer its entry; the head's failed: another append moved it, and the failed
   * condition hands back where to (ALL_OLD), so the next attempt takes the version after it
   * without reading the head again.
   * The provider's head is the one serialized step: each attempt holds it for one round
   * trip. At most REVOCATION_APPEND_RETRY.attemptsMax attempts, and none the request has no
   * time left for (shared/contention.ts), then 409 TRANSACTION_CONFLICT with nothing written.
   */
  async append(entry: Omit<RevocationEntry, 'version'>): Promise<RevocationEntry> {
    let [existing, head] = await Promise.all([this.marker(entry.ticketId), this.latestVersion(entry.providerId)]);
    for (let attempt = 1; existing === undefined; attempt += 1) {
      const stored: RevocationEntry = { ...entry, version: head + 1 };
      try {
        await transactWrite(this.client, [
          putNew(this.tableName, { ...markerKey(entry.ticketId), ...stored }),
          {
            Put: {
              TableName: this.tableName,
              Item: { pk: listKey(entry.providerId), sk: 'HEAD', version: stored.version },
              ConditionExpression: head === 0 ? 'attribute_not_exists(pk)' : 'version = :head',
              ...(head === 0 ? {} : { ExpressionAttributeValues: { ':head': head } }),
              ...ALL_OLD,
            },
          },
          putNew(this.tableName, { pk: listKey(entry.providerId), sk: versionSortKey(stored.version), ...stored }),
        ]);
        return stored;
      } catch (error) {
        if (!(error instanceof TransactionCanceledException)) throw error;
        const [markerReason, headReason] = error.CancellationReasons ?? [];
        if (markerReason?.Code === 'ConditionalCheckFailed') {
          existing = await this.marker(entry.ticketId);
          continue;
        }
        // Someone else appended (another of the provider's tickets), or the head was contended.
        const movedTo = headReason?.Code === 'ConditionalCheckFailed' ? versionOf(headReason.Item) : undefined;
        if (attempt >= REVOCATION_APPEND_RETRY.attemptsMax || !(await backoffWithinBudget(attempt, REVOCATION_APPEND_RETRY)))
          break;
        if (movedTo !== undefined) head = movedTo;
        else [existing, head] = await Promise.all([this.marker(entry.ticketId), this.latestVersion(entry.providerId)]);
      }
    }
    if (existing !== undefined) return existing;
    throw new DomainError(
      'TRANSACTION_CONFLICT',
      `The revocation list of ${entry.providerId} stayed contended; nothing was revoked, retry the request.`,
    );
  }

  async list(providerId: string, sinceVersion: number, limit: number) {
    assert(
      Number.isSafeInteger(sinceVersion) && sinceVersion >= 0 && sinceVersion <= REVOCATION_VERSION_MAX,
      `since ${sinceVersion} is a version the key format holds (the request schema caps it)`,
    );
    // Nothing can follow the largest version; its successor has no sort key of the format.
    if (sinceVersion === REVOCATION_VERSION_MAX) return { entries: [], latestVersion: await this.latestVersion(providerId) };
    const [answer, latestVersion] = await Promise.all([
      this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: {
            ':pk': listKey(providerId),
            ':from': versionSortKey(sinceVersion + 1),
            ':to': versionSortKey(REVOCATION_VERSION_MAX),
          },
          Limit: limit,
          ConsistentRead: true,
        }),
      ),
      this.latestVersion(providerId),
    ]);
    const entries = (answer.Items ?? []).map(({ pk: _pk, sk: _sk, ...entry }) => entry as RevocationEntry);
    for (const [index, entry] of entries.entries()) {
      assert(entry.version === sinceVersion + index + 1, 'revocation versions are gap-free');
    }
    return { entries, latestVersion: Math.max(latestVersion, entries.at(-1)?.version ?? 0) };
  }

  private async marker(ticketId: string): Promise<RevocationEntry | undefined> {
    const item = await readItem(this.client, this.tableName, markerKey(ticketId));
    return item === undefined ? undefined : recordOf<RevocationEntry>(item);
  }

  private async latestVersion(providerId: string): Promise<number> {
    const head = await readItem(this.client, this.tableName, { pk: listKey(providerId), sk: 'HEAD' });
    const version: unknown = head?.['version'];
    return typeof version === 'number' ? version : 0;
  }
}
