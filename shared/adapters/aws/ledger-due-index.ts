import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { LEDGER_DUE_LAYOUT, duePartitionKey, dueSortKeyUpTo } from '../../domain/ledger/keys';
import type { PendingHoldEntry, PendingHoldsIndex } from '../../domain/ledger/ports';
import { atImport } from '../../pure';
import { int, intOrString, optional, parseStored, string } from '../../shapes';
import { DynamoDueIndex, type DynamoDueIndexOptions } from './due-index-dynamodb';

/**
 * The ledger table's `due` index (docs/ledger.md, data model): a pending hold's transfer item
 * carries `duePk = DUE#<minute of expiresAt>#<shard>` and `dueSk = <expiresAtMs:15>#<holdId>`
 * until the transaction that posts, voids or expires it removes them. The expiry sweeper
 * (ledger-dynamodb.ts) and purchase recovery (pendingHoldsIndex) read it the same way.
 */
export const LEDGER_DUE_INDEX = {
  indexName: 'due',
  layout: LEDGER_DUE_LAYOUT,
  partitionAttribute: 'duePk',
  sortAttribute: 'dueSk',
  partitionOf: duePartitionKey,
  sortKeyUpTo: dueSortKeyUpTo,
} as const satisfies Partial<DynamoDueIndexOptions<PendingHoldEntry>>;

/** What a reader outside the ledger reads of a hold in the index (it projects the whole item). */
const PENDING_HOLD = /* @__PURE__ */ atImport(() => ({
  id: string,
  code: optional(intOrString),
  reference: optional(string),
  recordedAtMs: int,
  expiresAtMs: int,
}));

const pendingHoldOf = (item: Record<string, unknown>): PendingHoldEntry => {
  const { id, code, reference, recordedAtMs, expiresAtMs } = parseStored('pending hold', PENDING_HOLD, item);
  return {
    id,
    ...(code === undefined ? {} : { code }),
    ...(reference === undefined ? {} : { reference }),
    recordedAtMs,
    expiresAtMs,
  };
};

/**
 * The ledger's pending holds for a reader outside the ledger: it only queries the ledger
 * table's `due` index, and keeps its watermark in a table of its own (its function needs no
 * write access to the ledger).
 */
export const pendingHoldsIndex = (options: {
  readonly client: DynamoDBDocumentClient;
  readonly ledgerTableName: string;
  readonly watermark: { readonly tableName: string; readonly key: { readonly pk: string; readonly sk: string } };
}): PendingHoldsIndex =>
  new DynamoDueIndex<PendingHoldEntry>({
    ...LEDGER_DUE_INDEX,
    client: options.client,
    tableName: options.ledgerTableName,
    attributes: Object.keys(PENDING_HOLD),
    entryOf: pendingHoldOf,
    watermarkTableName: options.watermark.tableName,
    watermarkKey: options.watermark.key,
    watermarkAttribute: 'bucketStartMs',
  });
