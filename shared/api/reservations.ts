import * as z from 'zod';
import {
  AVAILABILITY_SLOTS_MAX,
  CHANNEL_BANDWIDTH_KBPS_MAX,
  CHANNEL_CAPACITY_MAX,
  CHANNEL_FEE_PER_SLOT_MINOR_MAX,
  CHANNEL_NAME_LENGTH_MAX,
  LISTINGS_PAGE_LIMIT_DEFAULT,
  LISTINGS_PAGE_LIMIT_MAX,
  LISTINGS_RANGE_DAYS_MAX,
  RESERVATION_DETAIL_LENGTH_MAX,
  RESERVATION_FRIENDS_MAX,
  RESERVATION_GENRE_LENGTH_MAX,
  RESERVATION_OUTLINE_LENGTH_MAX,
  RESERVATION_PASSWORD_LENGTH_MAX,
  RESERVATION_PASSWORD_LENGTH_MIN,
  RESERVATION_SLOTS_MAX,
  RESERVATION_TITLE_LENGTH_MAX,
} from '../limits';
import { OPEN_LEVELS, RESERVATION_STATUSES, SETTLEMENT_PROBLEMS } from '../domain/reservations/types';
import {
  Currency,
  FeeSplitSchema,
  Identifier,
  ownedListQuery,
  pageQuery,
  pageOf,
  PaymentRouteSchema,
  Timestamp,
  VisibleText,
} from './common';

/** Channel and reservation requests and answers (SPEC S2; docs/reservations.md). Requests are strict. */

export const ChannelCreateRequest = z
  .strictObject({
    name: z.string().min(1).max(CHANNEL_NAME_LENGTH_MAX),
    capacity: z.int().min(1).max(CHANNEL_CAPACITY_MAX).describe('viewers admitted at most at once'),
    bandwidthKbps: z.int().min(1).max(CHANNEL_BANDWIDTH_KBPS_MAX),
    feePerSlotMinor: z
      .int()
      .min(0)
      .max(CHANNEL_FEE_PER_SLOT_MINOR_MAX)
      .describe('price of one slot in minor units; 0 is a free channel (nothing is held or charged)'),
    currency: Currency,
  })
  .meta({ id: 'ChannelCreateRequest' });

export const ChannelResponse = z
  .object({
    id: z.string(),
    providerId: z.string(),
    name: z.string(),
    capacity: z.int(),
    bandwidthKbps: z.int(),
    feePerSlotMinor: z.int(),
    currency: z.string(),
    createdAt: Timestamp,
  })
  .meta({ id: 'Channel' });

export const AvailabilityQuery = z.strictObject({
  from: Timestamp.describe('Start of the range (inclusive).'),
  to: Timestamp.describe(
    `End of the range (exclusive): at most ${AVAILABILITY_SLOTS_MAX} slots after from (else 422 RANGE_TOO_LARGE); it must be after from (else 422 VALIDATION_FAILED naming to).`,
  ),
});

export const AvailabilityResponse = z
  .object({
    channelId: z.string(),
    slotSeconds: z.int(),
    feePerSlotMinor: z.int(),
    currency: z.string(),
    slots: z.array(z.object({ startsAt: Timestamp, endsAt: Timestamp, status: z.enum(['free', 'booked']) })),
  })
  .meta({ id: 'ChannelAvailability' });

const Title = VisibleText(RESERVATION_TITLE_LENGTH_MAX);
const Genre = z.string().max(RESERVATION_GENRE_LENGTH_MAX);
const Outline = z.string().max(RESERVATION_OUTLINE_LENGTH_MAX);
const Detail = z.string().max(RESERVATION_DETAIL_LENGTH_MAX);
const Password = z.string().min(RESERVATION_PASSWORD_LENGTH_MIN).max(RESERVATION_PASSWORD_LENGTH_MAX);
const OpenLevel = z.enum(OPEN_LEVELS);

export const ReservationCreateRequest = z
  .strictObject({
    channelId: Identifier,
    startsAt: Timestamp.describe('aligned to the slot length (default 10 minutes, UTC)'),
    slots: z.int().min(1).max(RESERVATION_SLOTS_MAX),
    title: Title,
    genre: Genre.optional(),
    outline: Outline.optional().describe(`at most ${RESERVATION_OUTLINE_LENGTH_MAX} characters`),
    detail: Detail.optional().describe(`at most ${RESERVATION_DETAIL_LENGTH_MAX} characters`),
    openLevel: OpenLevel,
    password: Password.optional().describe('required for password and secret shows; only its hash is stored'),
    friends: z
      .array(Identifier)
      .max(RESERVATION_FRIENDS_MAX)
      .optional()
      .describe('customer ids told about changes and cancellations'),
  })
  .meta({ id: 'ReservationCreateRequest' });

/** Fields that cannot change are accepted by the schema so that the answer can say "cancel and book again". */
const Fixed = z.unknown().optional().describe('cannot change: 409 CHANGE_NOT_ALLOWED (cancel and book again)');

export const ReservationUpdateRequest = z
  .strictObject({
    title: Title.optional(),
    genre: Genre.nullable().optional().describe('null removes it'),
    outline: Outline.nullable().optional(),
    detail: Detail.nullable().optional(),
    openLevel: OpenLevel.optional(),
    password: Password.optional(),
    channelId: Fixed,
    startsAt: Fixed,
    slots: Fixed,
    endsAt: Fixed,
  })
  .meta({ id: 'ReservationUpdateRequest' });

export const ReservationResponse = z
  .object({
    id: z.string(),
    channelId: z.string(),
    customerId: z.string(),
    status: z.enum(RESERVATION_STATUSES),
    startsAt: Timestamp,
    endsAt: Timestamp,
    slots: z.int(),
    reconfirmBy: Timestamp,
    priceMinor: z.int(),
    currency: z.string(),
    chargeable: z.boolean(),
    title: z.string(),
    genre: z.string().optional(),
    outline: z.string().optional(),
    detail: z.string().optional(),
    openLevel: OpenLevel,
    friends: z.array(z.string()),
    capacity: z.int(),
    viewersWatching: z.int(),
    holdTransferId: z.string().optional(),
    payment: z
      .object({
        route: PaymentRouteSchema,
        payerAccountId: z.string(),
        agentId: z.string().optional().describe('the carrier that collects, on the carrier route'),
        platformFeeBps: z.int(),
        carrierFeeBps: z.int(),
        split: FeeSplitSchema,
      })
      .optional()
      .describe('fixed at reconfirmation with the hold; the split is what the posting moves (absent for a free show)'),
    ticketId: z.string().optional(),
    failureReason: z.string().optional(),
    settlementProblem: z
      .enum(SETTLEMENT_PROBLEMS)
      .optional()
      .describe('the hold was no longer pending when the money step ran; final, needs attention'),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'Reservation' });

export const ReservationListQuery = ownedListQuery(RESERVATION_STATUSES, 'reservations');

export const ReservationListResponse = pageOf(ReservationResponse, 'ReservationList');

/** What the channel's provider sees of a failed show: everything but the booker's identity (operators see all). */
export const ReservationOutcomeResponse = ReservationResponse.extend({
  customerId: z.string().optional().describe('Operators only.'),
  friends: z.array(z.string()).optional().describe('Operators only.'),
}).meta({ id: 'ReservationOutcome' });

export const IssuedTicket = z
  .object({
    id: z.string(),
    token: z.string().describe('compact JWS, ES256, typ kippu-ticket+jwt, with the rsv claim'),
    notBefore: Timestamp,
    expiresAt: Timestamp,
  })
  .meta({ id: 'IssuedTicket' });

export const ReconfirmResponse = ReservationResponse.extend({ ticket: IssuedTicket }).meta({ id: 'ReservationReconfirmed' });

export const OutcomeRequest = z
  .strictObject({
    outcome: z.literal('failed').describe('the service failed: the hold is voided'),
    reason: z.string().max(RESERVATION_DETAIL_LENGTH_MAX).optional(),
  })
  .meta({ id: 'ReservationOutcomeRequest' });

export const ViewerAdmitRequest = z
  .strictObject({ password: z.string().max(RESERVATION_PASSWORD_LENGTH_MAX).optional() })
  .meta({ id: 'ViewerAdmitRequest' });

export const ViewerResponse = z
  .object({ reservationId: z.string(), ticket: IssuedTicket, viewersWatching: z.int().optional() })
  .meta({ id: 'Viewer' });

export const ViewerLeaveResponse = z
  .object({ reservationId: z.string(), ticketId: z.string(), status: z.enum(['active', 'left']) })
  .meta({ id: 'ViewerLeft' });

export const ListingsQuery = z.strictObject({
  from: Timestamp.describe('Shows starting at or after this time.'),
  to: Timestamp.describe(
    `Shows starting before this time: at most ${LISTINGS_RANGE_DAYS_MAX} days after from (else 422 RANGE_TOO_LARGE); it must be after from (else 422 VALIDATION_FAILED naming to).`,
  ),
  ...pageQuery(LISTINGS_PAGE_LIMIT_MAX, LISTINGS_PAGE_LIMIT_DEFAULT, 'Shows per page.'),
});

export const ListingResponse = z
  .object({
    reservationId: z.string(),
    channelId: z.string(),
    title: z.string(),
    genre: z.string().optional(),
    outline: z.string().optional(),
    startsAt: Timestamp,
    endsAt: Timestamp,
    openLevel: z.enum(['public', 'password']),
    state: z.enum(['OPEN', 'CLOSE']),
  })
  .meta({ id: 'Listing' });

export const ListingsResponse = pageOf(ListingResponse, 'Listings');
