import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { decodeIdCursor, encodeIdCursor, type ListingKind } from '../../domain/identity/cursor';
import type {
  AddDeviceResult,
  AddPairResult,
  DevicePairRecord,
  DeviceRecord,
  DeviceStore,
  Page,
  RemoveDeviceResult,
} from '../../domain/identity/ports';
import { countDown, countUp, failedConditions } from './counters';
import { deleteExisting, putNew, storedInstead, transactWrite } from './conditional-writes';
import { readItem, recordOf } from './items';

/**
 * A customer's devices and device pairs in the core table, under the customer's partition:
 *   `CUSTOMER#<id>` / `DEVICE#<deviceId>`   a device; `pairCount` counts the pairs naming it
 *   `CUSTOMER#<id>` / `DEVICES`             how many devices the customer has
 *   `CUSTOMER#<id>` / `PAIR#<pairId>`       a device pair
 * Every change is one transaction over the items it depends on, so the device limit holds
 * under concurrency, a pair never names a removed device, and a device in a pair, or the last
 * one, is never removed.
 */
const partition = (customerId: string) => `CUSTOMER#${customerId}`;
const deviceKey = (customerId: string, deviceId: string) => ({ pk: partition(customerId), sk: `DEVICE#${deviceId}` });
const counterKey = (customerId: string) => ({ pk: partition(customerId), sk: 'DEVICES' });
const pairKey = (customerId: string, pairId: string) => ({ pk: partition(customerId), sk: `PAIR#${pairId}` });
const SORT_PREFIX: Record<ListingKind, string> = { dev: 'DEVICE#', dpr: 'PAIR#' };

const strip = <Stored>(item: Readonly<Record<string, unknown>>): Stored => recordOf(item, 'entity', 'pairCount');

/** One device of a customer, as every API function reads it to check a customer's session (session-check-wiring.ts). */
export const readDevice = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  customerId: string,
  deviceId: string,
): Promise<DeviceRecord | undefined> => {
  const item = await readItem(client, tableName, deviceKey(customerId, deviceId));
  return item === undefined ? undefined : strip<DeviceRecord>(item);
};

export class DynamoDeviceStore implements DeviceStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async addDevice(device: DeviceRecord, devicesMax: number): Promise<AddDeviceResult> {
    try {
      await transactWrite(this.client, [
        putNew(this.tableName, { ...deviceKey(device.customerId, device.id), entity: 'device', ...device, pairCount: 0 }),
        countUp(this.tableName, counterKey(device.customerId), 'count', { max: devicesMax }),
      ]);
      return { outcome: 'created', device };
    } catch (error) {
      const failed = failedConditions(error);
      if (failed === undefined) throw error;
      if (failed[0] === true) {
        return { outcome: 'exists', device: await storedInstead(this.getDevice(device.customerId, device.id), 'a device') };
      }
      if (failed[1] === true) return { outcome: 'limit_reached' };
      throw error;
    }
  }

  getDevice(customerId: string, deviceId: string): Promise<DeviceRecord | undefined> {
    return readDevice(this.client, this.tableName, customerId, deviceId);
  }

  listDevices(customerId: string, limit: number, cursor: string | undefined): Promise<Page<DeviceRecord>> {
    return this.list<DeviceRecord>('dev', customerId, limit, cursor);
  }

  async removeDevice(customerId: string, deviceId: string): Promise<RemoveDeviceResult> {
    try {
      await transactWrite(this.client, [
        {
          Delete: {
            TableName: this.tableName,
            Key: deviceKey(customerId, deviceId),
            ConditionExpression: 'attribute_exists(pk) AND pairCount = :zero',
            ExpressionAttributeValues: { ':zero': 0 },
          },
        },
        // The last device stays: a customer without one could never sign in.
        countDown(this.tableName, counterKey(customerId), 'count', 1),
      ]);
      return 'removed';
    } catch (error) {
      const failed = failedConditions(error);
      if (failed === undefined) throw error;
      if (failed[0] === true) return (await this.getDevice(customerId, deviceId)) === undefined ? 'not_found' : 'in_pair';
      if (failed[1] === true) return 'last_device';
      throw error;
    }
  }

  async addPair(pair: DevicePairRecord): Promise<AddPairResult> {
    // The pair needs both devices to exist: counting must not create one.
    const countPair = (deviceId: string) =>
      countUp(this.tableName, deviceKey(pair.customerId, deviceId), 'pairCount', { existing: true });
    try {
      await transactWrite(this.client, [
        countPair(pair.fromDeviceId),
        countPair(pair.toDeviceId),
        putNew(this.tableName, { ...pairKey(pair.customerId, pair.id), entity: 'device-pair', ...pair }),
      ]);
      return { outcome: 'created', pair };
    } catch (error) {
      const failed = failedConditions(error);
      if (failed === undefined) throw error;
      if (failed[0] === true) return { outcome: 'device_not_found', deviceId: pair.fromDeviceId };
      if (failed[1] === true) return { outcome: 'device_not_found', deviceId: pair.toDeviceId };
      if (failed[2] === true) {
        return { outcome: 'exists', pair: await storedInstead(this.getPair(pair.customerId, pair.id), 'a pair') };
      }
      throw error;
    }
  }

  getPair(customerId: string, pairId: string): Promise<DevicePairRecord | undefined> {
    return this.read<DevicePairRecord>(pairKey(customerId, pairId));
  }

  listPairs(customerId: string, limit: number, cursor: string | undefined): Promise<Page<DevicePairRecord>> {
    return this.list<DevicePairRecord>('dpr', customerId, limit, cursor);
  }

  async removePair(customerId: string, pairId: string): Promise<'removed' | 'not_found'> {
    const pair = await this.getPair(customerId, pairId);
    if (pair === undefined) return 'not_found';
    const uncount = (deviceId: string) => countDown(this.tableName, deviceKey(customerId, deviceId), 'pairCount');
    try {
      await transactWrite(this.client, [
        deleteExisting(this.tableName, pairKey(customerId, pairId)),
        uncount(pair.fromDeviceId),
        uncount(pair.toDeviceId),
      ]);
      return 'removed';
    } catch (error) {
      const failed = failedConditions(error);
      // A concurrent removal of the same pair won: it is gone either way.
      if (failed?.[0] === true) return 'not_found';
      throw error;
    }
  }

  private async read<Stored>(key: { pk: string; sk: string }): Promise<Stored | undefined> {
    const item = await readItem(this.client, this.tableName, key);
    return item === undefined ? undefined : strip<Stored>(item);
  }

  private async list<Item extends { readonly id: string }>(
    kind: ListingKind,
    customerId: string,
    limit: number,
    cursor: string | undefined,
  ): Promise<Page<Item>> {
    const after = cursor === undefined ? undefined : decodeIdCursor(kind, cursor);
    const answer = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': partition(customerId), ':prefix': SORT_PREFIX[kind] },
        // One more than the page tells whether another follows: the last page has no cursor.
        Limit: limit + 1,
        ConsistentRead: true,
        ...(after === undefined ? {} : { ExclusiveStartKey: { pk: partition(customerId), sk: `${SORT_PREFIX[kind]}${after}` } }),
      }),
    );
    const read = (answer.Items ?? []).map((item) => strip<Item>(item));
    const items = read.slice(0, limit);
    const last = items.at(-1);
    return { items, nextCursor: read.length > limit && last !== undefined ? encodeIdCursor(kind, last.id) : undefined };
  }
}
