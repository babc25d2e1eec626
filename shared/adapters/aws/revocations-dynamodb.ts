import { TransactionCanceledException, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RevocationEntry } from '../../domain/revocations/revocations';
import type { RevocationStore } from '../../domain/revocations/ports';
import { assert, DomainError, quoted } from '../../errors';
import { REVOCATION_APPEND_BATCH_MAX, REVOCATION_APPEND_RETRY, REVOCATION_VERSION_MAX } from '../../limits';
import { backoffWithinBudget } from '../../contention';
import { putNew, transactWrite } from './conditional-writes';
import { batchGet } from './dynamodb-batches';
import { readItem, recordOf } from './items';

/**
 * Revocation lists in the core table:
 *   `REVOCATIONS#<provider>` / `HEAD`         { version }       the latest version
 *   `REVOCATIONS#<provider>` / `V#<version>`  the entry          (zero-padded, so sk order = version order)
 *   `REVOKED#<ticket>` / `REVOKED`            { version, … }    one per ticket: appends are idempotent
 * An append is one transaction per up to REVOCATION_APPEND_BATCH_MAX tickets: the head moved
 * from the version it was read at past them, and for each ticket its marker (must not exist)
 * and its entry. A racing append for the same provider fails the head condition and tries
 * again with the new head.
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

type NewEntry = Omit<RevocationEntry, 'version'>;

/** What one attempt at moving the head past a chunk of tickets came to. */
type AttemptOutcome =
  | { readonly committed: true }
  | { readonly committed: false; readonly markerTaken: boolean; readonly movedTo: number | undefined };

export class DynamoRevocationStore implements RevocationStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /**
   * Flow: read the tickets' markers and the provider's head together; the tickets with a
   * marker are listed already (their entry is the answer) → for the others, a chunk of at most
   * REVOCATION_APPEND_BATCH_MAX at a time, one transaction (head, markers, entries) →
   *  - committed: the next chunk starts from the head it left;
   *  - a marker's condition failed: a racing append of that ticket won; its entry is read and
   *    the chunk is tried again without it;
   *  - the head's failed: another append moved it, and the failed condition hands back where
   *    to (ALL_OLD), so the next attempt takes the versions after it without reading the head
   *    again.
   * The provider's head is the one serialized step: each attempt holds it for one round trip.
   * At most REVOCATION_APPEND_RETRY.attemptsMax attempts per chunk, and none the request has
   * no time left for (shared/contention.ts), then 409 TRANSACTION_CONFLICT: the chunks
   * committed before stay listed, the rest is not.
   */
  async append(entries: readonly NewEntry[]): Promise<RevocationEntry[]> {
    const providerId = entries[0]?.providerId;
    if (providerId === undefined) return [];
    assert(
      entries.every((entry) => entry.providerId === providerId),
      'one append lists the tickets of one provider',
    );
    assert(new Set(entries.map((entry) => entry.ticketId)).size === entries.length, 'one append names each ticket once');
    const listed = new Map<string, RevocationEntry>();
    const [markers, latest] = await Promise.all([
      this.markers(entries.map((entry) => entry.ticketId)),
      this.latestVersion(providerId),
    ]);
    for (const marker of markers) listed.set(marker.ticketId, marker);
    let head = latest;
    let waiting = entries.filter((entry) => !listed.has(entry.ticketId));
    for (let attempt = 1; waiting.length > 0;) {
      const chunk = waiting.slice(0, REVOCATION_APPEND_BATCH_MAX);
      const stored = chunk.map((entry, index): RevocationEntry => ({ ...entry, version: head + 1 + index }));
      const outcome = await this.appendOnce(providerId, head, stored);
      if (outcome.committed) {
        for (const entry of stored) listed.set(entry.ticketId, entry);
        head += stored.length;
        waiting = waiting.slice(chunk.length);
        attempt = 1;
        continue;
      }
      if (outcome.markerTaken) {
        for (const marker of await this.markers(chunk.map((entry) => entry.ticketId))) listed.set(marker.ticketId, marker);
        waiting = waiting.filter((entry) => !listed.has(entry.ticketId));
      }
      // Someone else appended (another of the provider's tickets, or one of these), or the head was contended.
      if (
        attempt >= REVOCATION_APPEND_RETRY.attemptsMax ||
        !(outcome.markerTaken || (await backoffWithinBudget(attempt, REVOCATION_APPEND_RETRY)))
      ) {
        throw new DomainError(
          'TRANSACTION_CONFLICT',
          `The revocation list of ${quoted(providerId)} stayed contended; ${waiting.length} of ${entries.length} tickets were not listed, retry the request.`,
        );
      }
      attempt += 1;
      head = outcome.movedTo ?? (await this.latestVersion(providerId));
    }
    return entries.map((entry) => {
      const answer = listed.get(entry.ticketId);
      assert(answer !== undefined, `ticket ${entry.ticketId} is listed`);
      return answer;
    });
  }

  /** One transaction: the head from `head` to the last of `stored`, each ticket's marker and entry. */
  private async appendOnce(providerId: string, head: number, stored: readonly RevocationEntry[]): Promise<AttemptOutcome> {
    try {
      await transactWrite(this.client, [
        {
          Put: {
            TableName: this.tableName,
            Item: { pk: listKey(providerId), sk: 'HEAD', version: head + stored.length },
            ConditionExpression: head === 0 ? 'attribute_not_exists(pk)' : 'version = :head',
            ...(head === 0 ? {} : { ExpressionAttributeValues: { ':head': head } }),
            ...ALL_OLD,
          },
        },
        ...stored.map((entry) => putNew(this.tableName, { ...markerKey(entry.ticketId), ...entry })),
        ...stored.map((entry) =>
          putNew(this.tableName, { pk: listKey(providerId), sk: versionSortKey(entry.version), ...entry }),
        ),
      ]);
      return { committed: true };
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const [headReason, ...others] = error.CancellationReasons ?? [];
      return {
        committed: false,
        markerTaken: others.slice(0, stored.length).some((reason) => reason.Code === 'ConditionalCheckFailed'),
        movedTo: headReason?.Code === 'ConditionalCheckFailed' ? versionOf(headReason.Item) : undefined,
      };
    }
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

  /** The entries of those of these tickets that are listed (their markers, read consistently). */
  private async markers(ticketIds: readonly string[]): Promise<RevocationEntry[]> {
    const items =
      ticketIds.length === 1
        ? [await readItem(this.client, this.tableName, markerKey(ticketIds[0] as string))].filter((item) => item !== undefined)
        : await batchGet(this.client, this.tableName, ticketIds.map(markerKey));
    return items.map((item) => recordOf<RevocationEntry>(item));
  }

  private async latestVersion(providerId: string): Promise<number> {
    const head = await readItem(this.client, this.tableName, { pk: listKey(providerId), sk: 'HEAD' });
    const version: unknown = head?.['version'];
    return typeof version === 'number' ? version : 0;
  }
}
