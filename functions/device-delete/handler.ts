import { deviceDeps } from '../../shared/adapters/aws/identity-wiring';
import { removeDevice, type DeviceDeps } from '../../shared/domain/identity/devices';
import { requireRole } from '../../shared/http/auth';
import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { lazyHandler } from '../../shared/http/lazy';
import { apiHandler } from '../../shared/http/middleware';
import { pathParameter } from '../../shared/http/request';
import { noContent } from '../../shared/http/response';

export type DeviceDeleteDeps = BaseDeps & { readonly devices: DeviceDeps };

/** DELETE /v1/devices/{id} (customer): 204; a repeat finds it gone (404). */
export const makeHandler = (deps: DeviceDeleteDeps) =>
  apiHandler(deps, async (event) => {
    const principal = requireRole(event, 'customer');
    await removeDevice(deps.devices, principal, pathParameter(event, 'id'));
    return noContent();
  });

export const handler = lazyHandler(() => makeHandler({ ...baseDeps(process.env), devices: deviceDeps(process.env) }));
