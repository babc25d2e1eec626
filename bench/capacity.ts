import { tables } from '../shared/resources/tables';

/**
 * The DynamoDB capacity of the bench's requests. Single-item writes (PutItem, UpdateItem,
 * DeleteItem) and BatchWriteItem take the write units DynamoDB Local reports for them
 * (`ReturnConsumedCapacity: 'INDEXES'`, which the bench sets on them: `REPORTED_WRITES`): it
 * charges the larger of the item before and after the write, 1 WRU per KB, and each global
 * index whose keys or projected attributes the write changes by the entry's projected size
 * (shared/resources/tables.ts declares each index's projection), as DynamoDB does. The
 * rest is a model, because DynamoDB Local's figure for transactions is not reliable (it
 * reports 36 units for a two-item transaction of a 3 KB and a 60-byte item): a transactional
 * Put is 2 WRU per KB of the item plus 1 WRU per global index it carries (one per index
 * partition key attribute on the item: a ledger transfer carries `debitPk` and `creditPk`, its
 * two history index entries, and a pending hold also `duePk`), a transactional Update, Delete
 * or condition check 2 WRU (their items before the write are not seen; the items a purchase
 * updates in transactions, accounts, balance shards and transfers, are well under 1 KB). A
 * hold's resolution is such an Update: the history indexes project nothing it changes, so it
 * writes no history index entry, and the `due` entry its `REMOVE duePk` deletes is 1 WRU (an
 * Update counts 1 WRU per index partition key attribute its expression sets or removes); a strongly consistent read 1 RRU per 4 KB,
 * eventually consistent 0.5, transactional 2. Requests are seen as the document client sends them (items as plain
 * objects), so every write unit is also attributed to the partition key it lands on: the
 * hottest key sets a throughput ceiling (1,000 WRU/s per partition). A BatchWriteItem's units
 * are attributed to its items' partitions by the model (1 WRU per KB and index).
 */
const KILOBYTE = 1024;
const READ_UNIT_BYTES = 4 * KILOBYTE;
/** The partition key attributes of every global index kippu declares: an item that carries one is in that index. */
const GSI_ATTRIBUTES = [...new Set(tables.flatMap((table) => table.globalIndexes.map((index) => index.partitionKey.name)))];
/** DynamoDB's write throughput of one partition (one partition key at most). */
export const PARTITION_WRITE_UNITS_PER_SECOND = 1_000;

type Item = Record<string, unknown>;
type Input = Record<string, unknown>;
type Output = Record<string, unknown>;

/** Ledger counters are bigints (stored as DynamoDB numbers): sized as their decimal digits. */
export const bytesOf = (value: unknown): number =>
  value === undefined
    ? 0
    : Buffer.byteLength(JSON.stringify(value, (_key, item: unknown) => (typeof item === 'bigint' ? item.toString() : item)));

const writeUnitsOf = (item: unknown, perKilobyte: number): number => {
  const indexes = GSI_ATTRIBUTES.filter((name) => typeof item === 'object' && item !== null && name in item).length;
  return perKilobyte * Math.max(1, Math.ceil(bytesOf(item) / KILOBYTE)) + indexes;
};
const readUnitsOf = (bytes: number, perUnit: number): number => perUnit * Math.max(1, Math.ceil(bytes / READ_UNIT_BYTES));

export interface CapacityUse {
  readonly write: number;
  readonly read: number;
  /** Write units by `<table>#<partition key>`. */
  readonly writesByPartition: ReadonlyMap<string, number>;
  /**
   * Read units by how they were read (`consistent`, `eventual`, `transactional`) and
   * `<table>#<partition key>`, joined by a space: `consistent kippu-x-core#RESERVATION#…`.
   */
  readonly readsByPartition: ReadonlyMap<string, number>;
}

/** The partition key, whether the document client has marshalled the item yet ({ S: … }) or not. */
const partitionOf = (table: unknown, keyOrItem: unknown): string => {
  const pk = (keyOrItem as Item | undefined)?.pk;
  const text = typeof pk === 'object' && pk !== null && 'S' in pk ? (pk as { S: unknown }).S : pk;
  return `${String(table)}#${String(text ?? '?')}`;
};

interface TransactAction {
  readonly Put?: { readonly TableName?: string; readonly Item?: Item };
  readonly Update?: {
    readonly TableName?: string;
    readonly Key?: Item;
    readonly UpdateExpression?: string;
    readonly ExpressionAttributeNames?: Readonly<Record<string, string>>;
  };
  readonly Delete?: { readonly TableName?: string; readonly Key?: Item };
  readonly ConditionCheck?: { readonly TableName?: string; readonly Key?: Item };
}

/**
 * The index entries a transactional Update writes or deletes: one per global index partition
 * key attribute its `SET` or `REMOVE` names (a hold's resolution `REMOVE`s `duePk`, deleting its
 * `due` entry). The items' other attributes are not seen, so an Update that changes only a
 * projected attribute of an index counts no entry for it.
 */
const indexEntriesOfUpdate = (update: NonNullable<TransactAction['Update']>): number => {
  const names = (update.UpdateExpression ?? '').match(/#?[A-Za-z_][A-Za-z0-9_]*/g) ?? [];
  const attributes = new Set(names.map((name) => update.ExpressionAttributeNames?.[name] ?? name));
  return GSI_ATTRIBUTES.filter((name) => attributes.has(name)).length;
};

const transactWrites = (input: Input): CapacityUse => {
  const writesByPartition = new Map<string, number>();
  let write = 0;
  for (const action of (input.TransactItems ?? []) as TransactAction[]) {
    const put = action.Put;
    const other = action.Update ?? action.Delete ?? action.ConditionCheck;
    const units =
      put !== undefined ? writeUnitsOf(put.Item, 2) : 2 + (action.Update === undefined ? 0 : indexEntriesOfUpdate(action.Update));
    const partition = put === undefined ? partitionOf(other?.TableName, other?.Key) : partitionOf(put.TableName, put.Item);
    writesByPartition.set(partition, (writesByPartition.get(partition) ?? 0) + units);
    write += units;
  }
  return { write, read: 0, writesByPartition, readsByPartition: new Map() };
};

/** The write requests whose units come from DynamoDB Local (the bench sets ReturnConsumedCapacity on them). */
export const REPORTED_WRITES: ReadonlySet<string> = new Set([
  'PutCommand',
  'PutItemCommand',
  'UpdateCommand',
  'UpdateItemCommand',
  'DeleteCommand',
  'DeleteItemCommand',
  'BatchWriteCommand',
  'BatchWriteItemCommand',
]);

/** The capacity units DynamoDB Local reported for a request (one entry, or one per table). */
const reportedUnits = (output: Output): number | undefined => {
  const consumed = output.ConsumedCapacity as { CapacityUnits?: number } | { CapacityUnits?: number }[] | undefined;
  if (consumed === undefined) return undefined;
  return (Array.isArray(consumed) ? consumed : [consumed]).reduce((sum, entry) => sum + (entry.CapacityUnits ?? 0), 0);
};

interface BatchRequest {
  readonly PutRequest?: { readonly Item?: Item };
  readonly DeleteRequest?: { readonly Key?: Item };
}

const batchWrites = (input: Input, output: Output): CapacityUse => {
  const writesByPartition = new Map<string, number>();
  let modelled = 0;
  for (const [table, requests] of Object.entries((input.RequestItems ?? {}) as Record<string, BatchRequest[]>)) {
    for (const request of requests) {
      const units = request.PutRequest === undefined ? 1 : writeUnitsOf(request.PutRequest.Item, 1);
      const partition = partitionOf(table, request.PutRequest?.Item ?? request.DeleteRequest?.Key);
      writesByPartition.set(partition, (writesByPartition.get(partition) ?? 0) + units);
      modelled += units;
    }
  }
  return { write: reportedUnits(output) ?? modelled, read: 0, writesByPartition, readsByPartition: new Map() };
};

type ReadMode = 'consistent' | 'eventual' | 'transactional';
const READ_UNITS_PER_4KB: Readonly<Record<ReadMode, number>> = { consistent: 1, eventual: 0.5, transactional: 2 };
const modeOf = (consistentRead: unknown): ReadMode => (consistentRead === true ? 'consistent' : 'eventual');

/** Read units of the items one request read, each attributed to its partition (an empty answer still costs its minimum). */
const readsOf = (reads: readonly { readonly table: unknown; readonly item: unknown; readonly mode: ReadMode }[]): CapacityUse => {
  const readsByPartition = new Map<string, number>();
  let read = 0;
  for (const { table, item, mode } of reads) {
    const units = readUnitsOf(bytesOf(item), READ_UNITS_PER_4KB[mode]);
    const key = `${mode} ${partitionOf(table, item)}`;
    readsByPartition.set(key, (readsByPartition.get(key) ?? 0) + units);
    read += units;
  }
  return { write: 0, read, writesByPartition: new Map(), readsByPartition };
};

/** Capacity of one DynamoDB request, from its command name, input and output. */
export const dynamoCapacity = (command: string, input: Input, output: Output): CapacityUse => {
  const single = (write: number, keyOrItem: unknown): CapacityUse => ({
    write,
    read: 0,
    writesByPartition: new Map([[partitionOf(input.TableName, keyOrItem), write]]),
    readsByPartition: new Map(),
  });
  switch (command) {
    case 'PutCommand':
    case 'PutItemCommand':
      return single(reportedUnits(output) ?? writeUnitsOf(input.Item, 1), input.Item);
    case 'UpdateCommand':
    case 'UpdateItemCommand':
    case 'DeleteCommand':
    case 'DeleteItemCommand':
      return single(reportedUnits(output) ?? 1, input.Key);
    case 'BatchWriteCommand':
    case 'BatchWriteItemCommand':
      return batchWrites(input, output);
    case 'GetCommand':
    case 'GetItemCommand':
      // A miss is read as its key (and costs the minimum).
      return readsOf([{ table: input.TableName, item: output.Item ?? input.Key, mode: modeOf(input.ConsistentRead) }]);
    case 'QueryCommand': {
      // A query's units are for the items it returned together, attributed to the first item's partition.
      const items = (output.Items ?? []) as unknown[];
      const bytes = items.reduce<number>((sum, item) => sum + bytesOf(item), 0);
      const mode = modeOf(input.ConsistentRead);
      const units = readUnitsOf(bytes, READ_UNITS_PER_4KB[mode]);
      const key = `${mode} ${partitionOf(input.IndexName === undefined ? input.TableName : `${String(input.TableName)}/${String(input.IndexName)}`, items[0])}`;
      return { write: 0, read: units, writesByPartition: new Map(), readsByPartition: new Map([[key, units]]) };
    }
    case 'BatchGetCommand':
    case 'BatchGetItemCommand': {
      // Consistency is asked per table, inside RequestItems.
      const requested = (input.RequestItems ?? {}) as Record<string, { ConsistentRead?: boolean }>;
      const responses = Object.entries((output.Responses ?? {}) as Record<string, unknown[]>);
      return readsOf(
        responses.flatMap(([table, items]) =>
          items.map((item) => ({ table, item, mode: modeOf(requested[table]?.ConsistentRead) })),
        ),
      );
    }
    case 'TransactGetCommand':
    case 'TransactGetItemsCommand': {
      const asked = (input.TransactItems ?? []) as { Get?: { TableName?: string; Key?: Item } }[];
      const responses = (output.Responses ?? []) as { Item?: unknown }[];
      return readsOf(
        responses.map((response, index) => ({
          table: asked[index]?.Get?.TableName,
          item: response.Item ?? asked[index]?.Get?.Key,
          mode: 'transactional' as const,
        })),
      );
    }
    case 'TransactWriteCommand':
    case 'TransactWriteItemsCommand':
      return transactWrites(input);
    default:
      return readsOf([]);
  }
};

/**
 * What kind of item a partition key holds, for the per-item breakdown: the table's id and the
 * key's first segment (`core PURCHASE`, `ledger ENTRIES`).
 */
export const itemKindOf = (partition: string): string => {
  const [table = '?', kind = '?'] = partition.split('#');
  return `${table.replace(/^kippu-[^-]+-/, '')} ${kind}`;
};

/** The partition key that took the most write units, and how many. */
export const hottestPartition = (writes: ReadonlyMap<string, number>): { key: string; writeUnits: number } => {
  let hottest = { key: '(none)', writeUnits: 0 };
  for (const [key, writeUnits] of writes) if (writeUnits > hottest.writeUnits) hottest = { key, writeUnits };
  return hottest;
};
