import { DomainError, quoted, notVisible } from '../../errors';
import { DEVICES_PER_CUSTOMER_MAX } from '../../limits';
import type { Clock } from '../../ports';
import type { PartyStore } from '../parties/ports';
import { requireCallerCustomer } from '../parties/require';
import type { Principal } from '../principal';
import { deviceDraft, deviceIdOf, devicePairIdOf } from './keys';
import type { DevicePairRecord, DevicePublicKey, DeviceRecord, DeviceStore, Page } from './ports';

/**
 * A customer's devices (P-256 public keys, known by their RFC 7638 thumbprint) and device
 * pairs, the allow-list along which the customer's tickets may move between its devices
 * (SPEC S4). Everything here is the calling customer's own: another customer's device or pair
 * is a 404, exactly like one that does not exist.
 */
export interface DeviceDeps {
  readonly devices: DeviceStore;
  /** Only a registered customer has devices: a customer token of no customer is 404 CUSTOMER_NOT_FOUND on every route. */
  readonly parties: Pick<PartyStore, 'getCustomer'>;
  readonly clock: Clock;
}

/** The calling customer's id, once it is a registered customer. */
const callerOf = async (deps: DeviceDeps, principal: Principal): Promise<string> =>
  (await requireCallerCustomer(deps.parties, principal.subject)).id;

export const deviceView = (device: DeviceRecord) => ({
  id: device.id,
  name: device.name,
  jkt: device.jkt,
  publicJwk: device.publicJwk,
  createdAt: device.createdAt,
});

export const devicePairView = (pair: DevicePairRecord) => ({
  id: pair.id,
  fromDeviceId: pair.fromDeviceId,
  toDeviceId: pair.toDeviceId,
  createdAt: pair.createdAt,
});

const pageView = <Record, View>(page: Page<Record>, view: (record: Record) => View) => ({
  items: page.items.map(view),
  ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }),
});

const deviceNotFound = (deviceId: string, field?: string) =>
  notVisible(
    'DEVICE_NOT_FOUND',
    'device',
    deviceId,
    field === undefined ? [] : [{ field, message: 'is not one of your devices' }],
  );

/**
 * Register a device. Its id follows from the customer and the key, so registering the same
 * key again answers the stored device (`created: false`); the same key under another name is
 * DEVICE_ALREADY_REGISTERED. At most DEVICES_PER_CUSTOMER_MAX devices, atomically.
 */
export const addDevice = async (
  deps: DeviceDeps,
  principal: Principal,
  input: { readonly name: string; readonly publicJwk: DevicePublicKey },
): Promise<{ readonly created: boolean; readonly device: DeviceRecord }> => {
  const draft = await deviceDraft(input.name, input.publicJwk, 'publicJwk');
  const customerId = await callerOf(deps, principal);
  const result = await deps.devices.addDevice(
    {
      id: deviceIdOf(customerId, draft.jkt),
      customerId,
      name: draft.name,
      publicJwk: draft.publicJwk,
      jkt: draft.jkt,
      createdAt: new Date(deps.clock.now()).toISOString(),
    },
    DEVICES_PER_CUSTOMER_MAX,
  );
  if (result.outcome === 'limit_reached') {
    throw new DomainError(
      'DEVICE_LIMIT_REACHED',
      `You have ${DEVICES_PER_CUSTOMER_MAX} devices, the most allowed; remove one first.`,
    );
  }
  if (result.outcome === 'exists' && result.device.name !== draft.name) {
    throw new DomainError(
      'DEVICE_ALREADY_REGISTERED',
      `This key is registered already as device ${quoted(result.device.id)} (${quoted(result.device.name)}).`,
      [{ field: 'publicJwk', message: 'is the key of another of your devices' }],
    );
  }
  return { created: result.outcome === 'created', device: result.device };
};

export const listDevices = async (deps: DeviceDeps, principal: Principal, limit: number, cursor: string | undefined) =>
  pageView(await deps.devices.listDevices(await callerOf(deps, principal), limit, cursor), deviceView);

/** Remove a device; one that is in a pair, or the customer's last one, stays (409). */
export const removeDevice = async (deps: DeviceDeps, principal: Principal, deviceId: string): Promise<void> => {
  const outcome = await deps.devices.removeDevice(await callerOf(deps, principal), deviceId);
  switch (outcome) {
    case 'removed':
      return;
    case 'not_found':
      throw deviceNotFound(deviceId);
    case 'last_device':
      throw new DomainError('LAST_DEVICE', 'This is your only device: you could not sign in without it. Register another first.');
    case 'in_pair':
      throw new DomainError('DEVICE_IN_PAIR', `Device ${quoted(deviceId)} is in a device pair; remove its pairs first.`);
  }
};

/**
 * Allow tickets to move from one of the customer's devices to another. Both must be the
 * caller's (another customer's device is DEVICE_NOT_FOUND, naming the field); the pair is
 * stored only while both exist, atomically, and a repeat answers the stored pair.
 */
export const addDevicePair = async (
  deps: DeviceDeps,
  principal: Principal,
  input: { readonly fromDeviceId: string; readonly toDeviceId: string },
): Promise<{ readonly created: boolean; readonly pair: DevicePairRecord }> => {
  if (input.fromDeviceId === input.toDeviceId) {
    throw new DomainError('DEVICE_PAIR_SAME_DEVICE', 'A device pair joins two different devices.', [
      { field: 'toDeviceId', message: 'must differ from fromDeviceId' },
    ]);
  }
  const customerId = await callerOf(deps, principal);
  const result = await deps.devices.addPair({
    id: devicePairIdOf(customerId, input.fromDeviceId, input.toDeviceId),
    customerId,
    fromDeviceId: input.fromDeviceId,
    toDeviceId: input.toDeviceId,
    createdAt: new Date(deps.clock.now()).toISOString(),
  });
  if (result.outcome === 'device_not_found') {
    throw deviceNotFound(result.deviceId, result.deviceId === input.fromDeviceId ? 'fromDeviceId' : 'toDeviceId');
  }
  return { created: result.outcome === 'created', pair: result.pair };
};

export const listDevicePairs = async (deps: DeviceDeps, principal: Principal, limit: number, cursor: string | undefined) =>
  pageView(await deps.devices.listPairs(await callerOf(deps, principal), limit, cursor), devicePairView);

export const removeDevicePair = async (deps: DeviceDeps, principal: Principal, pairId: string): Promise<void> => {
  if ((await deps.devices.removePair(await callerOf(deps, principal), pairId)) === 'not_found') {
    throw notVisible('DEVICE_PAIR_NOT_FOUND', 'device pair', pairId);
  }
};
