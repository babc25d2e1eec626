/**
 * Every DynamoDB table kippu uses, declared once. The CDK stateful stack creates these
 * (on-demand, point-in-time recovery, encrypted) and the local bootstrap creates the same
 * tables in DynamoDB Local. Handlers learn the physical names from environment variables.
 */
export interface KeyAttribute {
  readonly name: string;
  readonly type: 'S' | 'N';
}

/**
 * What an index holds besides its keys and the table's keys. An update writes to an index only
 * when it changes the index's keys or a projected attribute, and pays the size of the index
 * entry, so an index that its readers only need keys (or a few attributes) from stays small
 * and cheap to write. A reader of a KEYS_ONLY index reads the items themselves from the table.
 */
export type IndexProjection =
  | { readonly type: 'ALL' }
  | { readonly type: 'KEYS_ONLY' }
  | { readonly type: 'INCLUDE'; readonly attributes: readonly string[] };

export interface GlobalIndex {
  readonly indexName: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
  readonly projection: IndexProjection;
}

const all: IndexProjection = { type: 'ALL' };

export interface TableDefinition {
  /** Logical id, also the suffix of the physical name. */
  readonly id: string;
  /** Environment variable that carries the physical table name to a function. */
  readonly envVar: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
  readonly globalIndexes: readonly GlobalIndex[];
  /** Attribute holding an epoch-seconds expiry for TTL cleanup (cleanup only, never a decision). */
  readonly timeToLiveAttribute?: string;
}

const pk: KeyAttribute = { name: 'pk', type: 'S' };
const sk: KeyAttribute = { name: 'sk', type: 'S' };

/** A global index whose partition and sort keys are strings, projecting all attributes unless told. */
const stringIndex = (
  indexName: string,
  partitionKey: string,
  sortKey: string,
  projection: IndexProjection = all,
): GlobalIndex => ({
  indexName,
  partitionKey: { name: partitionKey, type: 'S' },
  sortKey: { name: sortKey, type: 'S' },
  projection,
});

/** Tickets, pseudonyms, idempotency records and the other small records of the API. */
export const coreTable = {
  id: 'core',
  envVar: 'KIPPU_TABLE_CORE',
  partitionKey: pk,
  sortKey: sk,
  globalIndexes: [
    /* @__PURE__ */ stringIndex('gsi1', 'gsi1pk', 'gsi1sk'),
    // A customer's purchases by creation time (GET /v1/purchases). Keys only: the list reads
    // the page's purchases from the table, so no update of a purchase writes to this index.
    /* @__PURE__ */ stringIndex('gsi2', 'gsi2pk', 'gsi2sk', { type: 'KEYS_ONLY' }),
  ],
  timeToLiveAttribute: 'ttl',
} as const satisfies TableDefinition;

/** What history reads of a transfer item (besides the keys), the same for both sides. */
const entryProjection: IndexProjection = {
  type: 'INCLUDE',
  attributes: [
    'id',
    'kind',
    'amountMinor',
    'currency',
    'debitAccountId',
    'debitShard',
    'creditAccountId',
    'creditShard',
    'postedChange',
    'pendingChange',
    'recordedAtMs',
    'effectiveAtMs',
  ],
};

/** Accounts, balances (sharded for hot accounts), transfers (each with its history entry). */
export const ledgerTable = {
  id: 'ledger',
  envVar: 'KIPPU_TABLE_LEDGER',
  partitionKey: pk,
  sortKey: sk,
  globalIndexes: [
    // Sparse index of pending transfers keyed by the time bucket in which they fall due, so
    // the expiry sweeper reads only what is due and never scans live holds. Purchase
    // settlement recovery reads it too (a purchase is authorized while its hold is pending),
    // so purchases need no index of their own for it.
    /* @__PURE__ */ stringIndex('due', 'duePk', 'dueSk'),
    // The two histories: a transfer item carries its entry and is filed under its debit
    // account's entries partition (debitPk) and its credit account's (creditPk), each in
    // time order (entrySk). They project only the entry's attributes, which never change, so
    // resolving a hold (state, resolvedByTransferId, the due keys) writes to neither.
    /* @__PURE__ */ stringIndex('debit-entries', 'debitPk', 'entrySk', entryProjection),
    /* @__PURE__ */ stringIndex('credit-entries', 'creditPk', 'entrySk', entryProjection),
  ],
} as const satisfies TableDefinition;

/**
 * Channels, slot locks, reservations, viewers, quota counters and the reservations outbox
 * (docs/reservations.md). Both indexes are sparse: an item is in `due` only while a job
 * must act on it at `dueSk` (expiry, completion, notification), and in `listing` only while
 * it is a confirmed public or password show; `booker` holds every reservation under its
 * customer.
 */
export const reservationsTable = {
  id: 'reservations',
  envVar: 'KIPPU_TABLE_RESERVATIONS',
  partitionKey: pk,
  sortKey: sk,
  globalIndexes: [
    /* @__PURE__ */ stringIndex('due', 'duePk', 'dueSk'),
    /* @__PURE__ */ stringIndex('listing', 'listPk', 'listSk'),
    // A customer's bookings by creation time (GET /v1/reservations); every reservation is in it.
    /* @__PURE__ */ stringIndex('booker', 'bookerPk', 'bookerSk'),
  ],
  timeToLiveAttribute: 'ttl',
} as const satisfies TableDefinition;

/**
 * Batch billing (docs/billing.md): runs and their party outcomes, periods, the activity index
 * (`ACTIVITY#<month>#<shard>`), statements and their parts, party positions, collections and
 * remittances. `byParty` lists a party's statements by period.
 */
export const billingTable = {
  id: 'billing',
  envVar: 'KIPPU_TABLE_BILLING',
  partitionKey: pk,
  sortKey: sk,
  globalIndexes: [/* @__PURE__ */ stringIndex('byParty', 'partyPk', 'partySk')],
} as const satisfies TableDefinition;

export const tables = [coreTable, ledgerTable, reservationsTable, billingTable] as const satisfies readonly TableDefinition[];

/** Physical name of a table for a stage, the same in AWS and locally. */
export const tableName = (stage: string, table: TableDefinition): string => `kippu-${stage}-${table.id}`;
