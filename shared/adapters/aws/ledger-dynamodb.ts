import { DomainError } from '../../errors';
import {
  normalizeExpire,
  sweepExpired,
  type ExpirySweepResult,
  type GroupOutcome,
  type Ledger,
  type TransferGroup,
} from '../../domain/ledger';
import type { DueEntry } from '../../domain/due/ports';
import { DynamoDueIndex } from './due-index-dynamodb';
import { LEDGER_DUE_INDEX } from './ledger-due-index';
import { pendingIdOfDueItem, watermarkKey } from './ledger-items';
import { writeGroups } from './ledger-groups';
import { DynamoDbLedgerTransfers, type DynamoDbLedgerTransfersOptions } from './ledger-transfers-dynamodb';

export type DynamoDbLedgerOptions = DynamoDbLedgerTransfersOptions;

/**
 * The whole ledger on DynamoDB: moving money (DynamoDbLedgerTransfers) plus what only two
 * functions use, the settlement worker's batched groups and the expiry sweeper's
 * `expireDue` with the due index it reads (built here only).
 */
export class DynamoDbLedger extends DynamoDbLedgerTransfers implements Ledger {
  private readonly dueIndex: DynamoDueIndex<DueEntry>;

  constructor(options: DynamoDbLedgerOptions) {
    super(options);
    this.dueIndex = new DynamoDueIndex({
      ...LEDGER_DUE_INDEX,
      client: this.client,
      tableName: this.tableName,
      attributes: ['dueSk'],
      entryOf: (item) => ({ id: pendingIdOfDueItem(item) }),
      watermarkKey,
      watermarkAttribute: 'bucketStartMs',
    });
  }

  /** See ledger-groups.ts: one latest read, merged shard updates, refused groups alone. */
  async createTransferGroups(groups: readonly TransferGroup[]): Promise<readonly GroupOutcome[]> {
    return writeGroups(
      {
        client: this.client,
        tableName: this.tableName,
        clock: this.clock,
        reads: this.snapshots,
        single: (operations) => this.createTransfers(operations),
      },
      groups,
    );
  }

  async expireDue(options: { limit: number }): Promise<ExpirySweepResult> {
    return sweepExpired(this.dueIndex, (pendingId) => this.expireHold(pendingId), this.clock.now(), options.limit);
  }

  /** One hold handed out by the due index: re-read in the commit, so a stale entry expires nothing. */
  private async expireHold(pendingId: string): Promise<{ expired: boolean; stuck: boolean; itemsRead: number }> {
    try {
      const committed = await this.commit([normalizeExpire({ pendingId })]);
      return { expired: committed.result === 'created', stuck: false, itemsRead: committed.itemsRead };
    } catch (error) {
      if (!(error instanceof DomainError) || error.code === 'TRANSACTION_CONFLICT') throw error;
      // Refused: posted, voided or expired by someone else since the index was read is nothing
      // to do; a hold still pending could not be expired (its expire id is taken) and is reported.
      const hold = await this.getTransfer(pendingId);
      return { expired: false, stuck: hold.state === 'pending', itemsRead: 2 };
    }
  }
}
