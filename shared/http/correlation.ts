import type { APIGatewayProxyEvent } from 'aws-lambda';

/**
 * The correlation ids of an API request: API Gateway's request id (also in the access log)
 * and the ids of the objects the request names in its path or creates (its Location header),
 * each under the name it has in kippu's documents (`purchaseId`, `reservationId`, `ticketId`
 * …), so that one query over the logs finds every line about a purchase, a reservation or a
 * ticket, whichever function wrote it.
 */
const COLLECTION_ID_KEYS: Readonly<Record<string, string>> = {
  purchases: 'purchaseId',
  reservations: 'reservationId',
  tickets: 'ticketId',
  viewers: 'ticketId',
  transfers: 'transferId',
  accounts: 'accountId',
  offers: 'offerId',
  channels: 'channelId',
  providers: 'providerId',
  agents: 'agentId',
  customers: 'customerId',
  registrations: 'registrationId',
  devices: 'deviceId',
  'device-pairs': 'devicePairId',
  credentials: 'clientId',
};

/** `/v1/<collection>/<id>[/<collection>/<id>…]` → the ids under their keys; other segments are skipped. */
const idsOfSegments = (segments: readonly string[], valueOf: (segment: string) => string | undefined): Record<string, string> => {
  const ids: Record<string, string> = {};
  for (const [position, segment] of segments.entries()) {
    const key = COLLECTION_ID_KEYS[segments[position - 1] ?? ''];
    const value = valueOf(segment);
    if (key !== undefined && value !== undefined && value !== '') ids[key] = value;
  }
  return ids;
};

/** The request id and the ids named by the route's path parameters (`/v1/purchases/{id}/refund` → `purchaseId`). */
export const requestCorrelationIds = (event: APIGatewayProxyEvent): Record<string, string> => {
  const requestId = event.requestContext?.requestId;
  const template = (event.resource ?? '').split('/');
  const parameters = event.pathParameters ?? {};
  const ids = idsOfSegments(template, (segment) =>
    segment.startsWith('{') && segment.endsWith('}') ? parameters[segment.slice(1, -1)] : undefined,
  );
  return requestId === undefined ? ids : { requestId, ...ids };
};

/** The ids of what an answer's Location header points at (`/v1/reservations/…/viewers/…` → `reservationId`, `ticketId`). */
export const createdCorrelationIds = (location: unknown): Record<string, string> => {
  if (typeof location !== 'string' || !location.startsWith('/v1/')) return {};
  const segments = location.split('?')[0]?.split('/') ?? [];
  return idsOfSegments(segments, (segment) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      return undefined;
    }
  });
};
