import { publicRoute, route, routeGroup, type RouteDefinition } from './route-definition';
import { atImport } from '../pure';
import { rightsRoutes } from './routes-rights';

export type { HttpMethod, RouteDefinition } from './route-definition';
export { ROUTE_TAGS, type RouteTag } from './route-tags';

/**
 * The public identity routes are throttled per method well below the stage: they are the
 * ones an anonymous client can call with passwords and codes.
 */
const REGISTRATION_THROTTLE = { rateLimit: 5, burstLimit: 10 } as const;
const SESSION_THROTTLE = { rateLimit: 20, burstLimit: 40 } as const;

/** Batch billing (docs/billing.md). */
const billingRoutes = (): RouteDefinition[] =>
  routeGroup('billing', [
    route('POST', '/v1/billing-runs', 'billingRunCreate'),
    route('GET', '/v1/billing-runs', 'billingRunList'),
    route('GET', '/v1/billing-runs/{id}', 'billingRunGet'),
    route('POST', '/v1/billing-runs/{id}/remittances', 'billingRemittanceImport'),
    route('GET', '/v1/statements', 'statementList'),
    route('GET', '/v1/statements/{id}', 'statementGet'),
  ]);

/**
 * The HTTP API, declared once: API Gateway resources and methods in the CDK stack, and the
 * local runtime's router (the shape is in route-definition.ts).
 */
export const routes: readonly RouteDefinition[] = /* @__PURE__ */ atImport(() => [
  ...routeGroup('operations', [
    publicRoute('GET', '/health', 'healthGet'),
    publicRoute('GET', '/v1/openapi.json', 'openapiGet'),
    publicRoute('GET', '/.well-known/jwks.json', 'jwksGet'),
  ]),
  ...routeGroup('tickets', [
    route('POST', '/v1/tickets', 'ticketCreate'),
    route('GET', '/v1/tickets/{id}', 'ticketGet'),
    route('GET', '/v1/providers/{id}/revocations', 'providerRevocationsGet'),
  ]),
  ...routeGroup('ledger', [
    route('POST', '/v1/accounts', 'accountCreate'),
    route('GET', '/v1/accounts/{id}', 'accountGet'),
    route('GET', '/v1/accounts/{id}/entries', 'accountEntriesList'),
    route('POST', '/v1/transfers', 'transferCreate'),
    route('GET', '/v1/transfers/{id}', 'transferGet'),
    route('POST', '/v1/transfers/{id}/post', 'transferPost'),
    route('POST', '/v1/transfers/{id}/void', 'transferVoid'),
  ]),
  ...routeGroup('parties', [
    route('POST', '/v1/providers', 'providerCreate'),
    route('POST', '/v1/agents', 'agentCreate'),
    route('POST', '/v1/customers', 'customerCreate'),
    route('POST', '/v1/customers/{id}/topups', 'customerTopup'),
    route('GET', '/v1/me', 'meGet'),
    route('GET', '/v1/me/accounts', 'meAccountsList'),
    route('GET', '/v1/me/accounts/{accountId}/entries', 'meAccountEntriesList'),
    route('GET', '/v1/providers/{id}', 'providerGet'),
    route('GET', '/v1/agents/{id}', 'agentGet'),
    route('GET', '/v1/customers/{id}', 'customerGet'),
  ]),
  ...routeGroup('purchases', [
    route('POST', '/v1/offers', 'offerCreate'),
    route('GET', '/v1/offers', 'offerList'),
    route('POST', '/v1/purchases', 'purchaseCreate'),
    route('GET', '/v1/purchases', 'purchaseGet', 'purchaseList'),
    route('GET', '/v1/purchases/{id}', 'purchaseGet'),
    route('GET', '/v1/purchases/{id}/docket', 'purchaseDocketGet'),
    route('POST', '/v1/purchases/{id}/refund', 'purchaseRefund'),
  ]),
  ...routeGroup('reservations', [
    route('POST', '/v1/channels', 'channelCreate'),
    route('GET', '/v1/channels/{id}/availability', 'channelAvailabilityGet'),
    route('POST', '/v1/reservations', 'reservationCreate'),
    route('GET', '/v1/reservations', 'reservationGet', 'reservationList'),
    route('GET', '/v1/reservations/{id}', 'reservationGet'),
    route('PATCH', '/v1/reservations/{id}', 'reservationUpdate'),
    route('POST', '/v1/reservations/{id}/reconfirm', 'reservationReconfirm'),
    route('POST', '/v1/reservations/{id}/cancel', 'reservationCancel'),
    route('POST', '/v1/reservations/{id}/outcome', 'reservationOutcome'),
    route('POST', '/v1/reservations/{id}/viewers', 'reservationViewerAdmit'),
    route('DELETE', '/v1/reservations/{id}/viewers/{ticketId}', 'reservationViewerLeave'),
    publicRoute('GET', '/v1/listings', 'listingsGet'),
  ]),
  ...routeGroup('identity', [
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
  ...billingRoutes(),
  ...rightsRoutes,
]);

export const operationIdOf = (route: RouteDefinition): string => route.operationId ?? route.functionId;
