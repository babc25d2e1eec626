import { atImport } from '../pure';
import { route, routeGroup, type RouteDefinition } from './route-definition';

/** The usage-rights routes (docs/usage-rights.md); part of `routes` (routes.ts). */

export const rightsRoutes: readonly RouteDefinition[] = /* @__PURE__ */ atImport(() =>
  routeGroup('rights', [
    route('POST', '/v1/contents', 'contentManage', 'contentCreate'),
    route('GET', '/v1/contents', 'contentManage', 'contentList'),
    route('GET', '/v1/contents/{id}', 'contentManage', 'contentGet'),
    route('GET', '/v1/usage', 'contentManage', 'contentUsageList'),
    route('GET', '/v1/me/usage', 'contentManage', 'myUsageList'),
    route('POST', '/v1/tickets/{id}/redeem', 'ticketRedeem', 'ticketRedeem'),
    route('POST', '/v1/tickets/{id}/usage', 'ticketRedeem', 'ticketUsageReport'),
    route('PUT', '/v1/admin/intake', 'ticketRedeem', 'intakeSet'),
    route('GET', '/v1/admin/intake', 'ticketRedeem', 'intakeGet'),
    route('POST', '/v1/tickets/{id}/otp', 'ticketShare', 'ticketOtpCreate'),
    route('POST', '/v1/tickets/{id}/password', 'ticketShare', 'ticketPasswordCreate'),
    route('POST', '/v1/tickets/{id}/grants', 'ticketShare', 'ticketGrantCreate'),
    route('POST', '/v1/tickets/{id}/transfer', 'ticketShare', 'ticketTransfer'),
  ]),
);
