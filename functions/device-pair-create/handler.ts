import { deviceDeps } from '../../shared/adapters/aws/identity-wiring';
import { DevicePairCreateRequest } from '../../shared/api/identity';
import { addDevicePair, devicePairView, type DeviceDeps } from '../../shared/domain/identity/devices';
import { requireRole } from '../../shared/http/auth';
import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { lazyHandler } from '../../shared/http/lazy';
import { apiHandler } from '../../shared/http/middleware';
import { parseJsonBody } from '../../shared/http/request';
import { json } from '../../shared/http/response';

export type DevicePairCreateDeps = BaseDeps & { readonly devices: DeviceDeps };

/** POST /v1/device-pairs (customer): both devices must be the caller's. A repeat answers the stored pair with 200. */
export const makeHandler = (deps: DevicePairCreateDeps) =>
  apiHandler(deps, async (event) => {
    const principal = requireRole(event, 'customer');
    const request = parseJsonBody(DevicePairCreateRequest, event);
    const { created, pair } = await addDevicePair(deps.devices, principal, request);
    return json(created ? 201 : 200, devicePairView(pair), { location: `/v1/device-pairs/${pair.id}` });
  });

export const handler = lazyHandler(() => makeHandler({ ...baseDeps(process.env), devices: deviceDeps(process.env) }));
