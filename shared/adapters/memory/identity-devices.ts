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

type Owned = { readonly customerId: string };

/** The record under `id` when it is the customer's; another customer's is as if it did not exist. */
const ownedBy = <Stored extends Owned>(records: Map<string, Stored>, customerId: string, id: string): Stored | undefined => {
  const record = records.get(id);
  return record?.customerId === customerId ? record : undefined;
};

const allOf = <Stored extends Owned>(records: Map<string, Stored>, customerId: string): Stored[] =>
  [...records.values()].filter((record) => record.customerId === customerId);

/**
 * Devices and device pairs in memory, for unit tests, with the DynamoDB store's rules: the
 * device limit, pairs only between existing devices, no removal of a paired or last device,
 * listings in id order whose cursors are checked the same way.
 */
export class MemoryDeviceStore implements DeviceStore {
  readonly devices = new Map<string, DeviceRecord>();
  readonly pairs = new Map<string, DevicePairRecord>();

  async addDevice(device: DeviceRecord, devicesMax: number): Promise<AddDeviceResult> {
    const existing = ownedBy(this.devices, device.customerId, device.id);
    if (existing !== undefined) return { outcome: 'exists', device: existing };
    if (this.devicesOf(device.customerId).length >= devicesMax) return { outcome: 'limit_reached' };
    this.devices.set(device.id, device);
    return { outcome: 'created', device };
  }

  async getDevice(customerId: string, deviceId: string) {
    return ownedBy(this.devices, customerId, deviceId);
  }

  async listDevices(customerId: string, limit: number, cursor: string | undefined) {
    return page('dev', this.devicesOf(customerId), limit, cursor);
  }

  async removeDevice(customerId: string, deviceId: string): Promise<RemoveDeviceResult> {
    if ((await this.getDevice(customerId, deviceId)) === undefined) return 'not_found';
    if ([...this.pairs.values()].some((pair) => pair.fromDeviceId === deviceId || pair.toDeviceId === deviceId)) return 'in_pair';
    if (this.devicesOf(customerId).length <= 1) return 'last_device';
    this.devices.delete(deviceId);
    return 'removed';
  }

  async addPair(pair: DevicePairRecord): Promise<AddPairResult> {
    for (const deviceId of [pair.fromDeviceId, pair.toDeviceId]) {
      if ((await this.getDevice(pair.customerId, deviceId)) === undefined) return { outcome: 'device_not_found', deviceId };
    }
    const existing = ownedBy(this.pairs, pair.customerId, pair.id);
    if (existing !== undefined) return { outcome: 'exists', pair: existing };
    this.pairs.set(pair.id, pair);
    return { outcome: 'created', pair };
  }

  async getPair(customerId: string, pairId: string) {
    return ownedBy(this.pairs, customerId, pairId);
  }

  async listPairs(customerId: string, limit: number, cursor: string | undefined) {
    return page('dpr', allOf(this.pairs, customerId), limit, cursor);
  }

  async removePair(customerId: string, pairId: string): Promise<'removed' | 'not_found'> {
    if (ownedBy(this.pairs, customerId, pairId) === undefined) return 'not_found';
    this.pairs.delete(pairId);
    return 'removed';
  }

  private devicesOf(customerId: string): DeviceRecord[] {
    return allOf(this.devices, customerId);
  }
}

/** One page in id order; as in DynamoDB, a cursor only when more items follow the page. */
const page = <Item extends { readonly id: string }>(
  kind: ListingKind,
  items: readonly Item[],
  limit: number,
  cursor: string | undefined,
): Page<Item> => {
  const after = cursor === undefined ? undefined : decodeIdCursor(kind, cursor);
  const sorted = [...items].sort((left, right) => (left.id < right.id ? -1 : left.id > right.id ? 1 : 0));
  const following = sorted.filter((item) => after === undefined || item.id > after);
  const selected = following.slice(0, limit);
  const last = selected.at(-1);
  return {
    items: selected,
    nextCursor: following.length > limit && last !== undefined ? encodeIdCursor(kind, last.id) : undefined,
  };
};
