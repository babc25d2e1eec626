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

/**
 * Devices and device pairs in memory, for unit tests, with the DynamoDB store's rules: the
 * device limit, pairs only between existing devices, no removal of a paired or last device,
 * listings in id order whose cursors are checked the same way.
 */
export class MemoryDeviceStore implements DeviceStore {
  readonly devices = new Map<string, DeviceRecord>();
  readonly pairs = new Map<string, DevicePairRecord>();

  async addDevice(device: DeviceRecord, devicesMax: number): Promise<AddDeviceResult> {
    const existing = this.devices.get(device.id);
    if (existing !== undefined && existing.customerId === device.customerId) return { outcome: 'exists', device: existing };
    if (this.devicesOf(device.customerId).length >= devicesMax) return { outcome: 'limit_reached' };
    this.devices.set(device.id, device);
    return { outcome: 'created', device };
  }

  async getDevice(customerId: string, deviceId: string) {
    const device = this.devices.get(deviceId);
    return device?.customerId === customerId ? device : undefined;
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
    const existing = this.pairs.get(pair.id);
    if (existing !== undefined && existing.customerId === pair.customerId) return { outcome: 'exists', pair: existing };
    this.pairs.set(pair.id, pair);
    return { outcome: 'created', pair };
  }

  async getPair(customerId: string, pairId: string) {
    const pair = this.pairs.get(pairId);
    return pair?.customerId === customerId ? pair : undefined;
  }

  async listPairs(customerId: string, limit: number, cursor: string | undefined) {
    return page(
      'dpr',
      [...this.pairs.values()].filter((pair) => pair.customerId === customerId),
      limit,
      cursor,
    );
  }

  async removePair(customerId: string, pairId: string): Promise<'removed' | 'not_found'> {
    const pair = this.pairs.get(pairId);
    if (pair?.customerId !== customerId) return 'not_found';
    this.pairs.delete(pairId);
    return 'removed';
  }

  private devicesOf(customerId: string): DeviceRecord[] {
    return [...this.devices.values()].filter((device) => device.customerId === customerId);
  }
}

/** One page in id order; like a DynamoDB query with Limit, a full page always carries a cursor. */
const page = <Item extends { readonly id: string }>(
  kind: ListingKind,
  items: readonly Item[],
  limit: number,
  cursor: string | undefined,
): Page<Item> => {
  const after = cursor === undefined ? undefined : decodeIdCursor(kind, cursor);
  const sorted = [...items].sort((left, right) => (left.id < right.id ? -1 : left.id > right.id ? 1 : 0));
  const selected = sorted.filter((item) => after === undefined || item.id > after).slice(0, limit);
  const last = selected.at(-1);
  return {
    items: selected,
    nextCursor: selected.length === limit && last !== undefined ? encodeIdCursor(kind, last.id) : undefined,
  };
};
