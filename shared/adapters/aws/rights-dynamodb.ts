import { PutCommand, type DynamoDBDocumentClient, type TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { bucketStartOf } from '../../domain/due/ports';
import { initialAllowance } from '../../domain/rights/allowance';
import type {
  Allowance,
  AllowanceChange,
  AllowanceStore,
  CommitOutcome,
  PasswordRecord,
  LapsedPage,
  RedemptionRecord,
  RelativeDebit,
  ReservationDueEntry,
  TicketState,
} from '../../domain/rights/ports';
import { USAGE_DUE_LAYOUT } from '../../domain/rights/usage';
import { assert } from '../../errors';
import { usageItem } from './usage-log-dynamodb';
import { coreTableDueIndex, type DynamoDueIndex } from './due-index-dynamodb';
import { isContention, reasonsOfCancellation } from './retry';
import { derivedLinkItem, ticketItem, ticketKey, toTicketRecord } from './tickets-dynamodb';
import { queryPages, recordOf, readItem } from './items';
import { USAGE_LAPSED_QUERY_PAGES_MAX } from '../../limits';
import { transactWrite } from './conditional-writes';

/**
 * Allowances, redemptions and one-time passwords in the core table, under the ticket's partition:
 *   `TICKET#<id>` / `TICKET`             the ticket record and its allowance (`allowanceVersion`,
 *                                         `usesLeft`, `secondsLeft`, `secondsReserved`,
 *                                         `transferredTo`; absent until the first change)
 *   `TICKET#<id>` / `REDEMPTION#<rdm>`   a redemption; while `reserved` in gsi1 under
 *                                         `USAGE#DUE#<10-minute bucket of its expiry>` /
 *                                         `<expiresAt>#<rdm>` (the expiry sweep's due index)
 *   `TICKET#<id>` / `OTP#<sha-256>`      a one-time password, `unused` until a redeem consumes it
 *   `TICKET#<id>` / `PASSWORD`           the ticket's fixed password (its hash), replaced by a new one
 *   `TICKET#<id>` / `DERIVED#<tkt>`      a ticket made from this one (a grant, a transfer), written
 *                                         with it (tickets-dynamodb.ts, `derivedFrom`)
 *   `USAGE#EXPIRY` / `WATERMARK`         the expiry sweep's watermark
 * and the usage log lines (usage-log-dynamodb.ts). `commit` is ONE TransactWriteItems: the
 * redemption or the new ticket, the ticket's allowance (conditional on the version read, or
 * for a redeem on enough being left), the password (a one-time one consumed, a fixed one
 * checked), the log line. `ttl` only cleans up long after the ticket's window.
 */
const redemptionKey = (ticketId: string, redemptionId: string) => ({
  pk: `TICKET#${ticketId}`,
  sk: `REDEMPTION#${redemptionId}`,
});
const otpKey = (ticketId: string, passwordHash: string) => ({ pk: `TICKET#${ticketId}`, sk: `OTP#${passwordHash}` });
const fixedPasswordKey = (ticketId: string) => ({ pk: `TICKET#${ticketId}`, sk: 'PASSWORD' });
const iso = (ms: number) => new Date(ms).toISOString();
const duePartition = (bucketStartMs: number) => `USAGE#DUE#${iso(bucketStartMs)}`;
const ttlOf = (retainUntilMs: number) => Math.ceil(retainUntilMs / 1000);

const redemptionItem = (redemption: RedemptionRecord) => ({
  ...redemptionKey(redemption.ticketId, redemption.id),
  entity: 'redemption',
  ...redemption,
  ttl: ttlOf(redemption.retainUntilMs),
  ...(redemption.status === 'reserved' && redemption.reservationExpiresAtMs !== undefined
    ? {
        gsi1pk: duePartition(bucketStartOf(USAGE_DUE_LAYOUT, redemption.reservationExpiresAtMs)),
        gsi1sk: `${iso(redemption.reservationExpiresAtMs)}#${redemption.id}`,
      }
    : {}),
});

const toRedemption = (item: Record<string, unknown>): RedemptionRecord => recordOf(item, 'entity', 'ttl', 'gsi1pk', 'gsi1sk');

const allowanceOf = (item: Record<string, unknown>): Allowance | undefined => {
  const version = item['allowanceVersion'];
  if (version === undefined) return undefined;
  assert(typeof version === 'number', 'an allowance version is a number');
  const number = (name: string) => (typeof item[name] === 'number' ? { [name]: item[name] as number } : {});
  return {
    version,
    ...number('usesLeft'),
    ...number('secondsLeft'),
    secondsReserved: typeof item['secondsReserved'] === 'number' ? item['secondsReserved'] : 0,
    ...(typeof item['transferredTo'] === 'string' ? { transferredTo: item['transferredTo'] } : {}),
  };
};

/** The assignments and conditions of a change at the version read: the next allowance as decided. */
const atVersionRead = (change: AllowanceChange) => {
  const next = change.next;
  const assignments = ['allowanceVersion = :version', 'secondsReserved = :reserved'];
  const values: Record<string, unknown> = { ':version': next.version, ':reserved': next.secondsReserved };
  for (const [name, value] of [
    ['usesLeft', next.usesLeft],
    ['secondsLeft', next.secondsLeft],
    ['transferredTo', next.transferredTo],
  ] as const) {
    if (value === undefined) continue;
    assignments.push(`${name} = :${name}`);
    values[`:${name}`] = value;
  }
  const conditions = ['attribute_exists(pk)'];
  if (change.expectedVersion === 0) conditions.push('attribute_not_exists(allowanceVersion)');
  else {
    conditions.push('allowanceVersion = :expected');
    values[':expected'] = change.expectedVersion;
  }
  return { assignments, conditions, values };
};

/**
 * The assignments and conditions of a redeem's debit (RelativeDebit): counters moved by the
 * amounts, on condition that enough is left, whatever the version, so a concurrent debit that
 * committed first does not fail this one (DynamoDB may still cancel transactions that overlap
 * on the item, TransactionConflict: `stale`). Attributes a ticket nothing has changed yet
 * lacks start from its claims (`if_not_exists`).
 */
const relativeDebit = (debit: RelativeDebit) => {
  const uses = debit.uses ?? 0;
  const seconds = debit.seconds ?? 0;
  const assignments = ['allowanceVersion = if_not_exists(allowanceVersion, :zero) + :one'];
  const values: Record<string, unknown> = { ':zero': 0, ':one': 1 };
  const conditions = ['attribute_exists(pk)'];
  const counted = (name: 'usesLeft' | 'secondsLeft', initial: number | undefined, amount: number) => {
    if (initial === undefined) return;
    assignments.push(`${name} = if_not_exists(${name}, :${name}Initial) - :${name}Debit`);
    conditions.push(
      initial >= amount ? `(attribute_not_exists(${name}) OR ${name} >= :${name}Debit)` : `${name} >= :${name}Debit`,
    );
    values[`:${name}Initial`] = initial;
    values[`:${name}Debit`] = amount;
  };
  counted('usesLeft', debit.initial.usesLeft, uses);
  counted('secondsLeft', debit.initial.secondsLeft, seconds);
  if (seconds > 0) {
    assignments.push('secondsReserved = if_not_exists(secondsReserved, :zero) + :reserve');
    values[':reserve'] = seconds;
  }
  return { assignments, conditions, values };
};

/**
 * The ticket item's update: the next allowance at the version read, or a redeem's debit on
 * what is stored (and, when asked, on an active ticket).
 */
const allowanceUpdate = (tableName: string, change: AllowanceChange) => {
  const { assignments, conditions, values } = change.debit === undefined ? atVersionRead(change) : relativeDebit(change.debit);
  if (change.requireActive) {
    conditions.push('#status = :active', 'attribute_not_exists(transferredTo)');
    values[':active'] = 'active';
  }
  return {
    Update: {
      TableName: tableName,
      Key: ticketKey(change.ticketId),
      UpdateExpression: `SET ${assignments.join(', ')}`,
      ConditionExpression: conditions.join(' AND '),
      ...(change.requireActive ? { ExpressionAttributeNames: { '#status': 'status' } } : {}),
      ExpressionAttributeValues: values,
    },
  };
};

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

export class DynamoAllowanceStore implements AllowanceStore {
  readonly reservationsDue: DynamoDueIndex<ReservationDueEntry>;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {
    this.reservationsDue = coreTableDueIndex<ReservationDueEntry>({
      client,
      tableName,
      layout: USAGE_DUE_LAYOUT,
      partitionOf: duePartition,
      attributes: ['id', 'ticketId'],
      entryOf: (item) => ({ id: String(item['id']), ticketId: String(item['ticketId']) }),
      watermarkKey: { pk: 'USAGE#EXPIRY', sk: 'WATERMARK' },
    });
  }

  async read(ticketId: string): Promise<TicketState | undefined> {
    const item = await this.getItem(ticketKey(ticketId));
    if (item === undefined) return undefined;
    const ticket = toTicketRecord(item);
    return { ticket, allowance: allowanceOf(item) ?? initialAllowance(ticket) };
  }

  async getRedemption(ticketId: string, redemptionId: string): Promise<RedemptionRecord | undefined> {
    const item = await this.getItem(redemptionKey(ticketId, redemptionId));
    return item === undefined ? undefined : toRedemption(item);
  }

  async lapsedReservations(ticketId: string, nowMs: number, limit: number, after?: string): Promise<LapsedPage> {
    const found: RedemptionRecord[] = [];
    const next = await queryPages(
      this.client,
      USAGE_LAPSED_QUERY_PAGES_MAX,
      () => ({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :redemption)',
        FilterExpression: '#status = :reserved AND reservationExpiresAtMs <= :now',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':pk': ticketKey(ticketId).pk,
          ':redemption': 'REDEMPTION#',
          ':reserved': 'reserved',
          ':now': nowMs,
        },
        ConsistentRead: true,
      }),
      (answer) => {
        for (const item of answer.Items ?? []) found.push(toRedemption(item));
        return found.length < limit;
      },
      after === undefined ? undefined : redemptionKey(ticketId, after),
    );
    const items = found.slice(0, limit);
    const last = items.at(-1);
    // Past `limit` the next page starts after the last item answered; a Query stopped at its
    // page limit (or ended on a full page) continues from where DynamoDB stopped.
    if (found.length > limit && last !== undefined) return { items, after: last.id };
    const unread = next?.['sk'];
    return { items, ...(typeof unread === 'string' ? { after: unread.slice('REDEMPTION#'.length) } : {}) };
  }

  async putPassword(password: PasswordRecord): Promise<void> {
    const item =
      password.mode === 'once'
        ? { ...otpKey(password.ticketId, password.passwordHash), entity: 'otp', ...password, status: 'unused' }
        : { ...fixedPasswordKey(password.ticketId), entity: 'password', ...password };
    // A fixed password's Put replaces the ticket's current one: the old one stops working.
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...item, ttl: ttlOf(password.retainUntilMs) } }));
  }

  /** One transaction; the order of its items is the order of precedence of their failed conditions. */
  async commit(change: AllowanceChange): Promise<CommitOutcome> {
    const items: { readonly item: TransactItem; readonly onFailure: CommitOutcome }[] = [];
    if (change.createRedemption !== undefined) {
      items.push({
        item: {
          Put: {
            TableName: this.tableName,
            Item: redemptionItem(change.createRedemption),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        onFailure: 'redemption_exists',
      });
    }
    if (change.closeRedemption !== undefined) {
      items.push({
        item: {
          Put: {
            TableName: this.tableName,
            Item: redemptionItem(change.closeRedemption),
            ConditionExpression: '#status = :reserved',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':reserved': 'reserved' },
          },
        },
        onFailure: 'redemption_not_reserved',
      });
    }
    for (const closed of change.closeRedemptions ?? []) {
      items.push({
        item: {
          Put: {
            TableName: this.tableName,
            Item: redemptionItem(closed),
            ConditionExpression: '#status = :reserved',
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':reserved': 'reserved' },
          },
        },
        onFailure: 'redemption_not_reserved',
      });
    }
    if (change.createTicket !== undefined) {
      items.push({
        item: {
          Put: {
            TableName: this.tableName,
            Item: ticketItem(change.createTicket),
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        onFailure: 'ticket_exists',
      });
      items.push({
        item: { Put: { TableName: this.tableName, Item: derivedLinkItem(change.ticketId, change.createTicket.id) } },
        onFailure: 'stale',
      });
    }
    items.push({ item: allowanceUpdate(this.tableName, change), onFailure: 'stale' });
    if (change.password !== undefined)
      items.push({ item: this.passwordCheck(change.ticketId, change.password), onFailure: 'password_invalid' });
    for (const event of [change.event, ...(change.moreEvents ?? [])]) {
      items.push({ item: { Put: { TableName: this.tableName, Item: usageItem(event) } }, onFailure: 'stale' });
    }
    try {
      await transactWrite(
        this.client,
        items.map(({ item }) => item),
      );
      return 'committed';
    } catch (error) {
      const reasons = reasonsOfCancellation(error);
      if (reasons === undefined) throw error;
      const failed = items.find((_, index) => reasons[index] === 'ConditionalCheckFailed');
      if (failed !== undefined) return failed.onFailure;
      // The transaction lost a race (TransactionConflict and the like): read and decide again.
      if (isContention(reasons)) return 'stale';
      throw error;
    }
  }

  /** A one-time password consumed (unused, unexpired), or a fixed password checked as the current one (unexpired). */
  private passwordCheck(ticketId: string, password: NonNullable<AllowanceChange['password']>): TransactItem {
    if (password.mode === 'fixed') {
      return {
        ConditionCheck: {
          TableName: this.tableName,
          Key: fixedPasswordKey(ticketId),
          ConditionExpression: 'passwordHash = :hash AND expiresAtMs > :now',
          ExpressionAttributeValues: { ':hash': password.passwordHash, ':now': password.nowMs },
        },
      };
    }
    return {
      Update: {
        TableName: this.tableName,
        Key: otpKey(ticketId, password.passwordHash),
        UpdateExpression: 'SET #status = :used',
        ConditionExpression: 'attribute_exists(pk) AND #status = :unused AND expiresAtMs > :now',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':used': 'used', ':unused': 'unused', ':now': password.nowMs },
      },
    };
  }

  private async getItem(key: { pk: string; sk: string }): Promise<Record<string, unknown> | undefined> {
    return readItem(this.client, this.tableName, key);
  }
}
