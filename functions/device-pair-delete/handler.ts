import { deviceDeps } from '../../shared/adapters/aws/identity-wiring';
import { removeDevicePair, type DeviceDeps } from '../../shared/domain/identity/devices';
import { requireRole } from '../../shared/http/auth';
import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { lazyHandler } from '../../shared/http/lazy';
import { apiHandler } from '../../shared/http/middleware';
import { pathParameter } from '../../shared/http/request';
import { noContent } from '../../shared/http/response';

export type DevicePairDeleteDeps = BaseDeps & { readonly devices: DeviceDeps };

/** DELETE /v1/device-pairs/{id} (customer): 204; a repeat finds it gone (404). */
export const makeHandler = (deps: DevicePairDeleteDeps) =>
  apiHandler(deps, async (event) => {
    const principal = requireRole(event, 'customer');
    await removeDevicePair(deps.devices, principal, pathParameter(event, 'id'));
    return noContent();
  });

export const handler = lazyHandler(() => makeHandler({ ...baseDeps(process.env), devices: deviceDeps(process.env) }));
