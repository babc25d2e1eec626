import { deviceDeps } from '../../shared/adapters/aws/identity-wiring';
import { IdentityListQuery } from '../../shared/api/identity';
import { listDevices, type DeviceDeps } from '../../shared/domain/identity/devices';
import { requireRole } from '../../shared/http/auth';
import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { lazyHandler } from '../../shared/http/lazy';
import { apiHandler } from '../../shared/http/middleware';
import { parseWith } from '../../shared/http/request';
import { json } from '../../shared/http/response';

export type DeviceListDeps = BaseDeps & { readonly devices: DeviceDeps };

/** GET /v1/devices (customer): the caller's devices, `{ items, nextCursor }`. */
export const makeHandler = (deps: DeviceListDeps) =>
  apiHandler(deps, async (event) => {
    const principal = requireRole(event, 'customer');
    const query = parseWith(IdentityListQuery, event.queryStringParameters ?? {}, 'query string');
    return json(200, await listDevices(deps.devices, principal, query.limit, query.cursor));
  });

export const handler = lazyHandler(() => makeHandler({ ...baseDeps(process.env), devices: deviceDeps(process.env) }));
