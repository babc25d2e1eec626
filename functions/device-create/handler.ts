import { deviceDeps } from '../../shared/adapters/aws/identity-wiring';
import { DeviceCreateRequest } from '../../shared/api/identity';
import { addDevice, deviceView, type DeviceDeps } from '../../shared/domain/identity/devices';
import { requireRole } from '../../shared/http/auth';
import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { lazyHandler } from '../../shared/http/lazy';
import { apiHandler } from '../../shared/http/middleware';
import { parseJsonBody } from '../../shared/http/request';
import { json } from '../../shared/http/response';

export type DeviceCreateDeps = BaseDeps & { readonly devices: DeviceDeps };

/**
 * POST /v1/devices (customer). Idempotent by nature: a device's id follows from the
 * customer and the key, so a repeat answers the stored device with 200.
 */
export const makeHandler = (deps: DeviceCreateDeps) =>
  apiHandler(deps, async (event) => {
    const principal = requireRole(event, 'customer');
    const request = parseJsonBody(DeviceCreateRequest, event);
    const { created, device } = await addDevice(deps.devices, principal, request);
    return json(created ? 201 : 200, deviceView(device), { location: `/v1/devices/${device.id}` });
  });

export const handler = lazyHandler(() => makeHandler({ ...baseDeps(process.env), devices: deviceDeps(process.env) }));
