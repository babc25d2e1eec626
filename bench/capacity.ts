/**
 * The DynamoDB capacity model of the bench (DynamoDB Local's ConsumedCapacity for transactions
 * is not reliable): a standard write is 1 WRU per KB, a transactional write or condition check
 * 2 WRU per KB; a strongly consistent read 1 RRU per 4 KB, eventually consistent 0.5,
 * transactional 2; a write to an item that carries a GSI key adds 1 WRU per index. Requests are
 * seen as the document client sends them (items as plain objects), so every write unit is also
 * attributed to the partition key it lands on: the hottest key sets a throughput ceiling
 * (1,000 WRU/s per partition).
 */
const KILOBYTE = 1024;
const READ_UNIT_BYTES = 4 * KILOBYTE;
const GSI_ATTRIBUTES = ['gsi1pk', 'duePk', 'listPk', 'creditPk'];
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
}

/** The partition key, whether the document client has marshalled the item yet ({ S: … }) or not. */
const partitionOf = (table: unknown, keyOrItem: unknown): string => {
  const pk = (keyOrItem as Item | undefined)?.pk;
  const text = typeof pk === 'object' && pk !== null && 'S' in pk ? (pk as { S: unknown }).S : pk;
  return `${String(table)}#${String(text ?? '?')}`;
};

interface TransactAction {
  readonly Put?: { readonly TableName?: string; readonly Item?: Item };
  readonly Update?: { readonly TableName?: string; readonly Key?: Item };
  readonly Delete?: { readonly TableName?: string; readonly Key?: Item };
  readonly ConditionCheck?: { readonly TableName?: string; readonly Key?: Item };
}

const transactWrites = (input: Input): CapacityUse => {
  const writesByPartition = new Map<string, number>();
  let write = 0;
  for (const action of (input.TransactItems ?? []) as TransactAction[]) {
    const put = action.Put;
    const other = action.Update ?? action.Delete ?? action.ConditionCheck;
    const units = put === undefined ? 2 : writeUnitsOf(put.Item, 2);
    const partition = put === undefined ? partitionOf(other?.TableName, other?.Key) : partitionOf(put.TableName, put.Item);
    writesByPartition.set(partition, (writesByPartition.get(partition) ?? 0) + units);
    write += units;
  }
  return { write, read: 0, writesByPartition };
};

/** Capacity of one DynamoDB request, from its command name, input and output. */
export const dynamoCapacity = (command: string, input: Input, output: Output): CapacityUse => {
  const consistent = input.ConsistentRead === true ? 1 : 0.5;
  const single = (write: number, keyOrItem: unknown): CapacityUse => ({
    write,
    read: 0,
    writesByPartition: new Map([[partitionOf(input.TableName, keyOrItem), write]]),
  });
  const reads = (read: number): CapacityUse => ({ write: 0, read, writesByPartition: new Map() });
  switch (command) {
    case 'PutCommand':
    case 'PutItemCommand':
      return single(writeUnitsOf(input.Item, 1), input.Item);
    case 'UpdateCommand':
    case 'UpdateItemCommand':
    case 'DeleteCommand':
    case 'DeleteItemCommand':
      return single(1, input.Key);
    case 'GetCommand':
    case 'GetItemCommand':
      return reads(readUnitsOf(bytesOf(output.Item), consistent));
    case 'QueryCommand':
      return reads(
        readUnitsOf(
          ((output.Items ?? []) as unknown[]).reduce<number>((sum, item) => sum + bytesOf(item), 0),
          consistent,
        ),
      );
    case 'BatchGetCommand':
    case 'BatchGetItemCommand': {
      const responses = Object.values((output.Responses ?? {}) as Record<string, unknown[]>).flat();
      return reads(responses.reduce<number>((sum, item) => sum + readUnitsOf(bytesOf(item), consistent), 0));
    }
    case 'TransactGetCommand':
    case 'TransactGetItemsCommand': {
      const responses = (output.Responses ?? []) as { Item?: unknown }[];
      return reads(responses.reduce<number>((sum, response) => sum + readUnitsOf(bytesOf(response.Item), 2), 0));
    }
    case 'TransactWriteCommand':
    case 'TransactWriteItemsCommand':
      return transactWrites(input);
    default:
      return reads(0);
  }
};

/** The partition key that took the most write units, and how many. */
export const hottestPartition = (writes: ReadonlyMap<string, number>): { key: string; writeUnits: number } => {
  let hottest = { key: '(none)', writeUnits: 0 };
  for (const [key, writeUnits] of writes) if (writeUnits > hottest.writeUnits) hottest = { key, writeUnits };
  return hottest;
};
