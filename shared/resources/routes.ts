import type { FunctionId } from './functions';
import { rightsRoutes } from './routes-rights';

/**
 * The HTTP API, declared once: API Gateway resources and methods in the CDK stack, and the
 * local runtime's router. `{name}` segments are path parameters, as in API Gateway.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteDefinition {
  readonly method: HttpMethod;
  readonly path: string;
  readonly functionId: FunctionId;
  /**
   * The OpenAPI operation id, and the key of the route's entry in shared/api/operations.ts,
   * when one function serves several operations; otherwise the function id.
   */
  readonly operationId?: string;
  /** Public routes skip the authorizer; every other route needs a bearer token. */
  readonly public: boolean;
  /** Method-level throttling below the stage's: requests per second and burst. */
  readonly throttle?: { readonly rateLimit: number; readonly burstLimit: number };
}

/**
 * The public identity routes are throttled per method well below the stage: they are the
 * ones an anonymous client can call with passwords and codes.
 */
const REGISTRATION_THROTTLE = { rateLimit: 5, burstLimit: 10 } as const;
const SESSION_THROTTLE = { rateLimit: 20, burstLimit: 40 } as const;

export const routes: readonly RouteDefinition[] = [
  { method: 'GET', path: '/health', functionId: 'healthGet', public: true },
  { method: 'GET', path: '/v1/openapi.json', functionId: 'openapiGet', public: true },
  { method: 'GET', path: '/.well-known/jwks.json', functionId: 'jwksGet', public: true },
  { method: 'POST', path: '/v1/tickets', functionId: 'ticketCreate', public: false },
  { method: 'GET', path: '/v1/tickets/{id}', functionId: 'ticketGet', public: false },
  { method: 'POST', path: '/v1/accounts', functionId: 'accountCreate', public: false },
  { method: 'GET', path: '/v1/accounts/{id}', functionId: 'accountGet', public: false },
  { method: 'GET', path: '/v1/accounts/{id}/entries', functionId: 'accountEntriesList', public: false },
  { method: 'POST', path: '/v1/transfers', functionId: 'transferCreate', public: false },
  { method: 'GET', path: '/v1/transfers/{id}', functionId: 'transferGet', public: false },
  { method: 'POST', path: '/v1/transfers/{id}/post', functionId: 'transferPost', public: false },
  { method: 'POST', path: '/v1/transfers/{id}/void', functionId: 'transferVoid', public: false },
  { method: 'POST', path: '/v1/providers', functionId: 'providerCreate', public: false },
  { method: 'GET', path: '/v1/providers/{id}/revocations', functionId: 'providerRevocationsGet', public: false },
  { method: 'POST', path: '/v1/agents', functionId: 'agentCreate', public: false },
  { method: 'POST', path: '/v1/customers', functionId: 'customerCreate', public: false },
  { method: 'POST', path: '/v1/customers/{id}/topups', functionId: 'customerTopup', public: false },
  { method: 'POST', path: '/v1/offers', functionId: 'offerCreate', public: false },
  { method: 'GET', path: '/v1/offers', functionId: 'offerList', public: false },
  { method: 'POST', path: '/v1/purchases', functionId: 'purchaseCreate', public: false },
  { method: 'GET', path: '/v1/purchases', functionId: 'purchaseGet', operationId: 'purchaseList', public: false },
  { method: 'GET', path: '/v1/purchases/{id}', functionId: 'purchaseGet', public: false },
  { method: 'GET', path: '/v1/purchases/{id}/docket', functionId: 'purchaseDocketGet', public: false },
  { method: 'POST', path: '/v1/purchases/{id}/refund', functionId: 'purchaseRefund', public: false },
  { method: 'POST', path: '/v1/channels', functionId: 'channelCreate', public: false },
  { method: 'GET', path: '/v1/channels/{id}/availability', functionId: 'channelAvailabilityGet', public: false },
  { method: 'POST', path: '/v1/reservations', functionId: 'reservationCreate', public: false },
  { method: 'GET', path: '/v1/reservations', functionId: 'reservationGet', operationId: 'reservationList', public: false },
  { method: 'GET', path: '/v1/reservations/{id}', functionId: 'reservationGet', public: false },
  { method: 'PATCH', path: '/v1/reservations/{id}', functionId: 'reservationUpdate', public: false },
  { method: 'POST', path: '/v1/reservations/{id}/reconfirm', functionId: 'reservationReconfirm', public: false },
  { method: 'POST', path: '/v1/reservations/{id}/cancel', functionId: 'reservationCancel', public: false },
  { method: 'POST', path: '/v1/reservations/{id}/outcome', functionId: 'reservationOutcome', public: false },
  { method: 'POST', path: '/v1/reservations/{id}/viewers', functionId: 'reservationViewerAdmit', public: false },
  { method: 'DELETE', path: '/v1/reservations/{id}/viewers/{ticketId}', functionId: 'reservationViewerLeave', public: false },
  { method: 'GET', path: '/v1/listings', functionId: 'listingsGet', public: true },
  { method: 'GET', path: '/v1/me', functionId: 'meGet', public: false },
  { method: 'GET', path: '/v1/me/accounts', functionId: 'meAccountsList', public: false },
  { method: 'GET', path: '/v1/me/accounts/{accountId}/entries', functionId: 'meAccountEntriesList', public: false },
  { method: 'GET', path: '/v1/providers/{id}', functionId: 'providerGet', public: false },
  { method: 'GET', path: '/v1/agents/{id}', functionId: 'agentGet', public: false },
  { method: 'GET', path: '/v1/customers/{id}', functionId: 'customerGet', public: false },
  {
    method: 'POST',
    path: '/v1/registrations',
    functionId: 'registrationCreate',
    public: true,
    throttle: REGISTRATION_THROTTLE,
  },
  {
    method: 'POST',
    path: '/v1/registrations/{id}/confirm',
    functionId: 'registrationConfirm',
    public: true,
    throttle: REGISTRATION_THROTTLE,
  },
  {
    method: 'POST',
    path: '/v1/sessions',
    functionId: 'sessionCreate',
    public: true,
    throttle: SESSION_THROTTLE,
  },
  { method: 'POST', path: '/v1/devices', functionId: 'deviceManage', operationId: 'deviceCreate', public: false },
  { method: 'GET', path: '/v1/devices', functionId: 'deviceManage', operationId: 'deviceList', public: false },
  { method: 'DELETE', path: '/v1/devices/{id}', functionId: 'deviceManage', operationId: 'deviceDelete', public: false },
  { method: 'POST', path: '/v1/device-pairs', functionId: 'deviceManage', operationId: 'devicePairCreate', public: false },
  { method: 'GET', path: '/v1/device-pairs', functionId: 'deviceManage', operationId: 'devicePairList', public: false },
  { method: 'DELETE', path: '/v1/device-pairs/{id}', functionId: 'deviceManage', operationId: 'devicePairDelete', public: false },
  {
    method: 'POST',
    path: '/v1/providers/{id}/credentials',
    functionId: 'credentialsManage',
    operationId: 'providerCredentialsCreate',
    public: false,
  },
  {
    method: 'DELETE',
    path: '/v1/providers/{id}/credentials/{clientId}',
    functionId: 'credentialsManage',
    operationId: 'providerCredentialsDelete',
    public: false,
  },
  {
    method: 'POST',
    path: '/v1/agents/{id}/credentials',
    functionId: 'credentialsManage',
    operationId: 'agentCredentialsCreate',
    public: false,
  },
  {
    method: 'DELETE',
    path: '/v1/agents/{id}/credentials/{clientId}',
    functionId: 'credentialsManage',
    operationId: 'agentCredentialsDelete',
    public: false,
  },
  { method: 'POST', path: '/v1/operators', functionId: 'operatorCreate', public: false },
  { method: 'POST', path: '/v1/billing-runs', functionId: 'billingRunCreate', public: false },
  { method: 'GET', path: '/v1/billing-runs/{id}', functionId: 'billingRunGet', public: false },
  { method: 'POST', path: '/v1/billing-runs/{id}/remittances', functionId: 'billingRemittanceImport', public: false },
  { method: 'GET', path: '/v1/statements', functionId: 'statementList', public: false },
  { method: 'GET', path: '/v1/statements/{id}', functionId: 'statementGet', public: false },
  ...rightsRoutes,
];

export const operationIdOf = (route: RouteDefinition): string => route.operationId ?? route.functionId;
