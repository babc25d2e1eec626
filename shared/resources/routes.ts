import { functions, type FunctionId } from './functions';

/**
 * The HTTP API, declared once: API Gateway resources and methods in the CDK stack, and the
 * local runtime's router. `{name}` segments are path parameters, as in API Gateway.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteDefinition {
  readonly method: HttpMethod;
  readonly path: string;
  readonly functionId: FunctionId;
  /** Public routes skip the authorizer; every other route needs a bearer token. */
  readonly public: boolean;
}

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
];

export const functionForRoute = (route: RouteDefinition) => functions[route.functionId];
