import { atImport } from '../pure';
import { publicRoute, route, routeGroup, type RouteDefinition } from './route-definition';

/**
 * The public identity routes are throttled per method well below the stage: they are the
 * ones an anonymous client can call with passwords and codes.
 */
const REGISTRATION_THROTTLE = { rateLimit: 5, burstLimit: 10 } as const;
const SESSION_THROTTLE = { rateLimit: 20, burstLimit: 40 } as const;

/** The identity routes (docs/identity.md); part of `routes` (routes.ts). */
export const identityRoutes: readonly RouteDefinition[] = /* @__PURE__ */ atImport(() =>
  routeGroup('identity', [
    publicRoute('POST', '/v1/registrations', 'registrationCreate', REGISTRATION_THROTTLE),
    publicRoute('POST', '/v1/registrations/{id}/confirm', 'registrationConfirm', REGISTRATION_THROTTLE),
    publicRoute('POST', '/v1/sessions', 'sessionCreate', SESSION_THROTTLE),
    route('POST', '/v1/devices', 'deviceManage', 'deviceCreate'),
    route('GET', '/v1/devices', 'deviceManage', 'deviceList'),
    route('DELETE', '/v1/devices/{id}', 'deviceManage', 'deviceDelete'),
    route('POST', '/v1/device-pairs', 'deviceManage', 'devicePairCreate'),
    route('GET', '/v1/device-pairs', 'deviceManage', 'devicePairList'),
    route('DELETE', '/v1/device-pairs/{id}', 'deviceManage', 'devicePairDelete'),
    route('POST', '/v1/providers/{id}/credentials', 'credentialsManage', 'providerCredentialsCreate'),
    route('DELETE', '/v1/providers/{id}/credentials/{clientId}', 'credentialsManage', 'providerCredentialsDelete'),
    route('POST', '/v1/agents/{id}/credentials', 'credentialsManage', 'agentCredentialsCreate'),
    route('DELETE', '/v1/agents/{id}/credentials/{clientId}', 'credentialsManage', 'agentCredentialsDelete'),
    route('POST', '/v1/operators', 'operatorCreate'),
  ]),
);
