import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { kmsListCursorKey } from '../../shared/adapters/aws/list-cursor-key-kms';
import { deviceDeps } from '../../shared/adapters/aws/identity-wiring';
import { idempotencyDeps } from '../../shared/adapters/aws/wiring';
import { DeviceCreateRequest, DevicePairCreateRequest, IdentityListQuery } from '../../shared/api/identity';
import {
  addDevice,
  addDevicePair,
  devicePairView,
  deviceView,
  listDevicePairs,
  listDevices,
  removeDevice,
  removeDevicePair,
  type DeviceDeps,
} from '../../shared/domain/identity/devices';
import type { Principal } from '../../shared/domain/principal';
import { assert } from '../../shared/errors';
import { requireRole } from '../../shared/http/auth';
import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { type ApiIdempotencyDeps, respondIdempotently } from '../../shared/http/idempotent';
import { lazyHandler } from '../../shared/http/lazy';
import { listPage, type ListDeps } from '../../shared/http/list';
import { apiHandler } from '../../shared/http/middleware';
import { idempotencyKey, operationOf, parseJsonBody, parseQuery, pathParameter } from '../../shared/http/request';
import { json, noContent } from '../../shared/http/response';

export type DeviceManageDeps = BaseDeps & ListDeps & ApiIdempotencyDeps & { readonly devices: DeviceDeps };

type Operation = (deps: DeviceManageDeps, principal: Principal, event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;

const pageQuery = (event: APIGatewayProxyEvent) => parseQuery(IdentityListQuery, event);

/**
 * The calling customer's devices and device pairs (one function for the six routes: the same
 * permissions). Creating is idempotent by nature: a device's id follows from the customer and
 * the key, a pair's from its two devices, so a repeat answers the stored one with 200.
 * Deleting answers 204, and a repeat finds it gone (404). With an Idempotency-Key, a repeat of
 * any of the four changes replays the first answer (a deleted device's 204 included).
 */
const OPERATIONS: Readonly<Record<string, Operation>> = {
  deviceCreate: async (deps, principal, event) => {
    const { created, device } = await addDevice(deps.devices, principal, parseJsonBody(DeviceCreateRequest, event));
    // No Location: a device is read in the caller's list (GET /v1/devices), it has no path of its own to read.
    return json(created ? 201 : 200, deviceView(device));
  },
  deviceList: async (deps, principal, event) => {
    const { limit } = pageQuery(event);
    return json(200, await listPage(deps, event, principal, (cursor) => listDevices(deps.devices, principal, limit, cursor)));
  },
  deviceDelete: async (deps, principal, event) => {
    await removeDevice(deps.devices, principal, pathParameter(event, 'id'));
    return noContent();
  },
  devicePairCreate: async (deps, principal, event) => {
    const { created, pair } = await addDevicePair(deps.devices, principal, parseJsonBody(DevicePairCreateRequest, event));
    return json(created ? 201 : 200, devicePairView(pair));
  },
  devicePairList: async (deps, principal, event) => {
    const { limit } = pageQuery(event);
    return json(200, await listPage(deps, event, principal, (cursor) => listDevicePairs(deps.devices, principal, limit, cursor)));
  },
  devicePairDelete: async (deps, principal, event) => {
    await removeDevicePair(deps.devices, principal, pathParameter(event, 'id'));
    return noContent();
  },
};

/** The changes, each with the body its Idempotency-Key is bound to. */
const IDEMPOTENT_BODIES: Readonly<Record<string, (event: APIGatewayProxyEvent) => Readonly<Record<string, unknown>>>> = {
  deviceCreate: (event) => parseJsonBody(DeviceCreateRequest, event),
  deviceDelete: () => ({}),
  devicePairCreate: (event) => parseJsonBody(DevicePairCreateRequest, event),
  devicePairDelete: () => ({}),
};

export const makeHandler = (deps: DeviceManageDeps) =>
  apiHandler(deps, async (event) => {
    const principal = requireRole(event, 'customer');
    const operationId = operationOf(event);
    const operation = OPERATIONS[operationId];
    assert(operation !== undefined, `device-manage serves ${event.httpMethod} ${event.resource}`);
    const bodyOf = IDEMPOTENT_BODIES[operationId];
    if (bodyOf === undefined) return operation(deps, principal, event);
    return respondIdempotently(deps, event, principal, idempotencyKey(event, false), bodyOf(event), () =>
      operation(deps, principal, event),
    );
  });

export const handler = lazyHandler((env) => {
  const base = baseDeps(env);
  return makeHandler({
    ...base,
    ...idempotencyDeps(env, base.config),
    devices: deviceDeps(env),
    listCursors: kmsListCursorKey(env),
  });
});
