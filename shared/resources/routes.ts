import { publicRoute, route, routeGroup, type RouteDefinition } from './route-definition';
import { atImport } from '../pure';
import { identityRoutes } from './routes-identity';
import { rightsRoutes } from './routes-rights';

export type { HttpMethod, RouteDefinition } from './route-definition';
export { ROUTE_TAGS, type RouteTag } from './route-tags';

/** Parties, top-ups, carrier links and what a party reads of itself. */
const partyRoutes = (): RouteDefinition[] =>
  routeGroup('parties', [
    route('POST', '/v1/providers', 'providerCreate'),
    route('POST', '/v1/agents', 'agentCreate'),
    route('POST', '/v1/customers', 'customerCreate'),
    route('POST', '/v1/customers/{id}/topups', 'customerTopup'),
    route('POST', '/v1/agents/{id}/carrier-links', 'carrierLinkCreate'),
    route('POST', '/v1/me/carrier-account', 'carrierAccountRedeem'),
    route('DELETE', '/v1/me/carrier-account', 'carrierAccountEnd', 'carrierAccountLeave'),
    route('DELETE', '/v1/customers/{id}/carrier-account', 'carrierAccountEnd', 'customerCarrierAccountEnd'),
    route('GET', '/v1/me', 'meGet'),
    route('GET', '/v1/me/accounts', 'meAccountsList'),
    route('GET', '/v1/me/accounts/{accountId}/entries', 'meAccountEntriesList'),
    route('GET', '/v1/providers/{id}', 'providerGet'),
    route('PUT', '/v1/providers/{id}/proxy-settlement', 'providerCreate', 'providerTrustUpdate'),
    route('GET', '/v1/agents/{id}', 'agentGet'),
    route('GET', '/v1/customers/{id}', 'customerGet'),
  ]);

/** Batch billing (docs/billing.md). */
const billingRoutes = (): RouteDefinition[] =>
  routeGroup('billing', [
    route('POST', '/v1/billing-runs', 'billingRunCreate'),
    route('GET', '/v1/billing-runs', 'billingRunList'),
    route('GET', '/v1/billing-runs/{id}', 'billingRunGet'),
    route('POST', '/v1/billing-runs/{id}/remittances', 'billingRemittanceImport'),
    route('GET', '/v1/billing-runs/{id}/remittances/{agentId}', 'billingRemittanceGet'),
    route(
      'GET',
      '/v1/billing-runs/{id}/remittances/{agentId}/differences',
      'billingRemittanceGet',
      'billingRemittanceDifferenceList',
    ),
    route('GET', '/v1/statements', 'statementList'),
    route('GET', '/v1/statements/{id}', 'statementGet'),
    route('GET', '/v1/statements/{id}/pages/{page}', 'statementGet', 'statementPageGet'),
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
  ...partyRoutes(),
  ...routeGroup('purchases', [
    route('POST', '/v1/offers', 'offerCreate'),
    route('GET', '/v1/offers', 'offerList'),
    route('GET', '/v1/offers/{id}', 'offerGet'),
    route('POST', '/v1/offers/{id}/withdraw', 'offerCreate', 'offerWithdraw'),
    route('POST', '/v1/purchases', 'purchaseCreate'),
    route('GET', '/v1/purchases', 'purchaseGet', 'purchaseList'),
    route('GET', '/v1/purchases/{id}', 'purchaseGet'),
    route('GET', '/v1/purchases/{id}/docket', 'purchaseDocketGet'),
    route('GET', '/v1/purchases/{id}/refund-docket', 'purchaseDocketGet', 'purchaseRefundDocketGet'),
    route('POST', '/v1/purchases/{id}/refund', 'purchaseRefund'),
  ]),
  ...routeGroup('reservations', [
    route('POST', '/v1/channels', 'channelCreate'),
    route('GET', '/v1/channels/{id}', 'channelGet'),
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
  ...identityRoutes,
  ...billingRoutes(),
  ...rightsRoutes,
]);

export const operationIdOf = (route: RouteDefinition): string => route.operationId ?? route.functionId;
