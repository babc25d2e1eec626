import type { DynamoDBDocumentClient, UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import type { ReservationRecords, Transition } from '../../domain/reservations/ports';
import type { DueKind, ReservationStatus, SettlementNote, ViewerRecord } from '../../domain/reservations/types';
import { assert, DomainError, InvariantViolationError } from '../../errors';
import { RESERVATION_CONFLICT_RETRY } from '../../limits';
import { transactWrite, updateIfHeld } from './conditional-writes';
import { queryPages, readItem } from './items';
import {
  RETENTION_SECONDS,
  duePartition,
  dueSort,
  eventKey,
  reservationKey,
  reservationOf,
  seatKey,
  viewerKey,
  viewerOf,
  type Item,
} from './reservations-items';
import { afterTransition, transitionItems, type TransactItem } from './reservations-transactions';
import { backoffWithinBudget, realSleep, type Sleep } from '../../contention';
import { isContention, reasonsOfCancellation } from './retry';

/** Pages one slot, viewer or listing query reads at most (each up to 1 MB; the answers are far smaller). */
export const QUERY_PAGES_MAX = 10;

export type TransactOutcome = { readonly ok: true } | { readonly ok: false; readonly reasons: readonly string[] };

/**
 * The reservation records on DynamoDB (domain/reservations/ports.ts, ReservationRecords): the
 * part of the store that finishing a show needs. DynamoReservationStore (reservations-dynamodb.ts)
 * extends it with booking, channels, listings and the sweeps; a function wired with this class
 * alone does not bundle those (a class's methods cannot be left out of a bundle).
 * `sleep` waits between contended attempts (real time unless a test injects another).
 */
export class DynamoReservationRecords implements ReservationRecords {
  constructor(
    protected readonly client: DynamoDBDocumentClient,
    protected readonly tableName: string,
    protected readonly sleep: Sleep = realSleep,
    /** Where tickets are kept (the core table): only a store that confirms bookings needs it (Transition.ticket). */
    protected readonly ticketTableName?: string,
  ) {}

  async getReservation(reservationId: string) {
    const item = await this.get(reservationKey(reservationId));
    return item === undefined ? undefined : reservationOf(item);
  }

  /**
   * Flow: read the reservation (unless the caller read it at the version the write is
   * conditional on) → build the transaction from it → commit; a failed condition on the
   * reservation = moved meanwhile.
   */
  async transition(transition: Transition) {
    const { read } = transition;
    assert(read === undefined || read.id === transition.reservationId, 'a transition is written from its own reservation');
    const current = read ?? (await this.getReservation(transition.reservationId));
    if (current === undefined || current.status !== transition.from) return undefined;
    const outcome = await this.transact(transitionItems(this.tableName, current, transition, this.ticketTableName));
    if (outcome.ok) return afterTransition(current, transition);
    if (outcome.reasons[0] === 'ConditionalCheckFailed') return undefined;
    throw new InvariantViolationError(`transition of ${current.id} failed on ${outcome.reasons.join(',')}`);
  }

  async clearDue(reservationId: string, status: ReservationStatus, note?: SettlementNote) {
    // The note's field (settlementProblem or lateCaptureTransferId), stored under the record's name for it.
    const noted = note === undefined ? [] : Object.entries(note);
    await this.updateIfStill({
      Key: reservationKey(reservationId),
      UpdateExpression: `${noted.length === 0 ? '' : `SET ${noted.map(([name]) => `#${name} = :${name}`).join(', ')} `}REMOVE duePk, dueSk`,
      ConditionExpression: '#status = :status',
      ExpressionAttributeNames: { '#status': 'status', ...Object.fromEntries(noted.map(([name]) => [`#${name}`, name])) },
      ExpressionAttributeValues: {
        ':status': status,
        ...Object.fromEntries(noted.map(([name, value]) => [`:${name}`, value])),
      },
    });
  }

  async postponeDue(kind: DueKind, id: string, atMs: number) {
    await this.updateIfStill({
      Key: kind === 'outbox' ? eventKey(id) : reservationKey(id),
      UpdateExpression: 'SET duePk = :duePk, dueSk = :dueSk',
      // Only while it is still due as this kind: an item finished meanwhile stays out of the index.
      ConditionExpression: 'begins_with(duePk, :kind)',
      ExpressionAttributeValues: { ':duePk': duePartition(kind, atMs), ':dueSk': dueSort(atMs, id), ':kind': `${kind}#` },
    });
  }

  async releaseViewer(viewer: Pick<ViewerRecord, 'reservationId' | 'ticketId' | 'customerId'>, nowMs: number) {
    const { reservationId, ticketId } = viewer;
    const outcome = await this.transact([
      {
        Update: {
          TableName: this.tableName,
          Key: viewerKey(reservationId, ticketId),
          UpdateExpression: 'SET #status = :left, leftAtMs = :now, #ttl = :ttl',
          ConditionExpression: '#status = :active',
          ExpressionAttributeNames: { '#status': 'status', '#ttl': 'ttl' },
          ExpressionAttributeValues: {
            ':left': 'left',
            ':active': 'active',
            ':now': nowMs,
            ':ttl': Math.floor(nowMs / 1000) + RETENTION_SECONDS,
          },
        },
      },
      {
        Update: {
          TableName: this.tableName,
          Key: reservationKey(reservationId),
          UpdateExpression: 'ADD viewersWatching :minus',
          ConditionExpression: 'viewersWatching > :zero',
          ExpressionAttributeValues: { ':minus': -1, ':zero': 0 },
        },
      },
      {
        // The customer's seat goes with it; a viewer admitted before seats were recorded has none,
        // and a seat that another viewer of the customer holds stays.
        Delete: {
          TableName: this.tableName,
          Key: seatKey(reservationId, viewer.customerId),
          ConditionExpression: 'attribute_not_exists(pk) OR ticketId = :ticket',
          ExpressionAttributeValues: { ':ticket': ticketId },
        },
      },
    ]);
    if (outcome.ok) return true;
    if (outcome.reasons[0] === 'ConditionalCheckFailed') return false;
    if (outcome.reasons[2] === 'ConditionalCheckFailed') {
      throw new InvariantViolationError(
        `viewer ${ticketId} was active but another viewer holds its customer's seat of ${reservationId}`,
      );
    }
    throw new InvariantViolationError(`viewer ${ticketId} was active but the seat count of ${reservationId} was zero`);
  }

  async activeViewers(reservationId: string, limit: number) {
    const viewers: ViewerRecord[] = [];
    const stoppedAt = await queryPages(
      this.client,
      QUERY_PAGES_MAX,
      () => ({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :viewer)',
        FilterExpression: '#status = :active',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':pk': reservationKey(reservationId).pk, ':viewer': 'VIEWER#', ':active': 'active' },
        ConsistentRead: true,
      }),
      (answer) => {
        for (const item of answer.Items ?? []) viewers.push(viewerOf(item));
        return viewers.length < limit;
      },
    );
    return { viewers: viewers.slice(0, limit), more: viewers.length > limit || stoppedAt !== undefined };
  }

  protected get(key: { pk: string; sk: string }): Promise<Item | undefined> {
    return readItem(this.client, this.tableName, key);
  }

  /** One conditional UpdateItem; false when the condition did not hold (nothing was written). */
  protected updateIfStill(update: Omit<UpdateCommandInput, 'TableName'>): Promise<boolean> {
    return updateIfHeld(this.client, { TableName: this.tableName, ...update });
  }

  /**
   * One transaction; contention is retried with full-jitter backoff while the request has time
   * (shared/contention.ts), a failed condition is returned with the reasons.
   */
  protected async transact(items: TransactItem[]): Promise<TransactOutcome> {
    for (let attempt = 1; attempt <= RESERVATION_CONFLICT_RETRY.attemptsMax; attempt += 1) {
      try {
        await transactWrite(this.client, items);
        return { ok: true };
      } catch (error) {
        const reasons = reasonsOfCancellation(error);
        if (reasons === undefined) throw error;
        if (reasons.includes('ConditionalCheckFailed')) return { ok: false, reasons };
        if (!isContention(reasons)) throw error;
        if (!(await backoffWithinBudget(attempt, RESERVATION_CONFLICT_RETRY, this.sleep))) break;
      }
    }
    throw new DomainError('TRANSACTION_CONFLICT', 'The reservation stayed contended; retry the request.');
  }
}
