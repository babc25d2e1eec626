import * as z from '../zod';
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
  Instant,
  ownedListQuery,
  pageQuery,
  pageOf,
  PaymentRouteSchema,
  Timestamp,
  VisibleText,
} from './common';

/** Channel and reservation requests and answers (SPEC S2; docs/reservations.md). Requests are strict. */

export const ChannelCreateRequest = /* @__PURE__ */ z.schema(() =>
  z
    .strictObject({
      name: VisibleText(CHANNEL_NAME_LENGTH_MAX),
      capacity: z.int().check(z.gte(1), z.lte(CHANNEL_CAPACITY_MAX), z.describe('viewers admitted at most at once')),
      bandwidthKbps: z.int().check(z.gte(1), z.lte(CHANNEL_BANDWIDTH_KBPS_MAX)),
      feePerSlotMinor: z
        .int()
        .check(
          z.gte(0),
          z.lte(CHANNEL_FEE_PER_SLOT_MINOR_MAX),
          z.describe('price of one slot in minor units; 0 is a free channel (nothing is held or charged)'),
        ),
      currency: Currency,
    })
    .check(z.meta({ id: 'ChannelCreateRequest' })),
);

export const ChannelResponse = /* @__PURE__ */ z.schema(() =>
  z
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
    .check(z.meta({ id: 'Channel' })),
);

export const AvailabilityQuery = /* @__PURE__ */ z.schema(() =>
  z.strictObject({
    from: Instant.check(z.describe('Start of the range (inclusive), rounded down to a slot boundary.')),
    to: Instant.check(
      z.describe(
        `End of the range (exclusive), rounded up to a slot boundary from the instant as written (a fraction of a millisecond past a boundary reaches into the next slot): at most ${AVAILABILITY_SLOTS_MAX} slots after from (else 422 RANGE_TOO_LARGE); it must be after from, to the last digit written (else 422 VALIDATION_FAILED naming to).`,
      ),
    ),
  }),
);

export const AvailabilityResponse = /* @__PURE__ */ z.schema(() =>
  z
    .object({
      channelId: z.string(),
      slotSeconds: z.int(),
      feePerSlotMinor: z.int(),
      currency: z.string(),
      slots: z.array(z.object({ startsAt: Timestamp, endsAt: Timestamp, status: z.enum(['free', 'booked']) })),
    })
    .check(z.meta({ id: 'ChannelAvailability' })),
);

const Title = /* @__PURE__ */ z.schema(() => VisibleText(RESERVATION_TITLE_LENGTH_MAX));
const Genre = /* @__PURE__ */ z.schema(() => VisibleText(RESERVATION_GENRE_LENGTH_MAX));
const Outline = /* @__PURE__ */ z.schema(() => VisibleText(RESERVATION_OUTLINE_LENGTH_MAX));
const Detail = /* @__PURE__ */ z.schema(() => VisibleText(RESERVATION_DETAIL_LENGTH_MAX));
const Password = /* @__PURE__ */ z.schema(() =>
  z.string().check(z.minLength(RESERVATION_PASSWORD_LENGTH_MIN), z.maxLength(RESERVATION_PASSWORD_LENGTH_MAX)),
);
const OpenLevel = /* @__PURE__ */ z.schema(() => z.enum(OPEN_LEVELS));

export const ReservationCreateRequest = /* @__PURE__ */ z.schema(() =>
  z
    .strictObject({
      channelId: Identifier,
      startsAt: Instant.check(
        z.describe(
          'aligned to the slot length (default 10 minutes, UTC), to the last digit written: fraction digits below the millisecond other than zeros (…:00.0009Z, …:00.000001Z) name an instant between two boundaries, 422 MISALIGNED_START, never rounded to another instant; …:00.000000Z is the boundary',
        ),
      ),
      slots: z.int().check(z.gte(1), z.lte(RESERVATION_SLOTS_MAX)),
      title: Title,
      genre: z.optional(Genre),
      outline: z.optional(Outline).check(z.describe(`at most ${RESERVATION_OUTLINE_LENGTH_MAX} characters`)),
      detail: z.optional(Detail).check(z.describe(`at most ${RESERVATION_DETAIL_LENGTH_MAX} characters`)),
      openLevel: OpenLevel,
      password: z.optional(Password).check(z.describe('required for password and secret shows; only its hash is stored')),
      friends: z
        .optional(z.array(Identifier).check(z.maxLength(RESERVATION_FRIENDS_MAX)))
        .check(
          z.describe(
            'customer ids told about changes and cancellations: other customers than the booker, each named once (else 422 naming friends.<index>)',
          ),
        ),
    })
    .check(z.meta({ id: 'ReservationCreateRequest' })),
);

/** Fields that cannot change are accepted by the schema so that the answer can say "cancel and book again". */
const Fixed = /* @__PURE__ */ z.schema(() =>
  z.optional(z.unknown()).check(z.describe('cannot change: 409 CHANGE_NOT_ALLOWED (cancel and book again)')),
);

export const ReservationUpdateRequest = /* @__PURE__ */ z.schema(() =>
  z
    .strictObject({
      title: z.optional(Title),
      genre: z.optional(z.nullable(Genre)).check(z.describe('null removes it')),
      outline: z.optional(z.nullable(Outline)),
      detail: z.optional(z.nullable(Detail)),
      openLevel: z.optional(OpenLevel),
      password: z.optional(Password),
      channelId: Fixed,
      startsAt: Fixed,
      slots: Fixed,
      endsAt: Fixed,
    })
    .check(z.meta({ id: 'ReservationUpdateRequest' })),
);

/**
 * How a reconfirmed show is paid. The payer's account (whose id names the customer) and the
 * carrier agent are the booker's and operators' to see: the channel's provider's view leaves
 * them out (`forProvider`), as a purchase's does.
 */
const ReservationPayment = (forProvider: boolean) =>
  z
    .optional(
      z.object({
        route: PaymentRouteSchema,
        payerAccountId: forProvider
          ? z.optional(z.string()).check(z.describe('Operators only: it names the customer.'))
          : z.string(),
        agentId: z
          .optional(z.string())
          .check(
            z.describe(
              forProvider
                ? 'the carrier that collects, on the carrier route; operators only'
                : 'the carrier that collects, on the carrier route',
            ),
          ),
        platformFeeBps: z.int(),
        carrierFeeBps: z.int(),
        split: FeeSplitSchema,
      }),
    )
    .check(z.describe('fixed at reconfirmation with the hold; the split is what the posting moves (absent for a free show)'));

/**
 * A reservation as answered, without its id in the document: the outcome and the reconfirmation
 * extend this one (z.extend keeps a schema's checks, z.meta's among them, and will not replace
 * fields of an object that has checks).
 */
const Reservation = /* @__PURE__ */ z.schema(() =>
  z.object({
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
    genre: z.optional(z.string()),
    outline: z.optional(z.string()),
    detail: z.optional(z.string()),
    openLevel: OpenLevel,
    friends: z.array(z.string()),
    capacity: z.int(),
    viewersWatching: z.int(),
    holdTransferId: z.optional(z.string()),
    payment: ReservationPayment(false),
    ticketId: z.optional(z.string()),
    failureReason: z.optional(z.string()),
    settlementProblem: z
      .optional(z.enum(SETTLEMENT_PROBLEMS))
      .check(
        z.describe(
          'the price was not captured: the hold was no longer pending when the money step ran, or (balance_overflow) the ledger refused the capture because an account it moves money through is at its stated bound, and the hold was voided; final, needs attention',
        ),
      ),
    lateCaptureTransferId: z
      .optional(z.string())
      .check(
        z.describe(
          'the hold had expired before the money step, and the price was captured late by this posted transfer from the payer, with the same fee split',
        ),
      ),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  }),
);

export const ReservationResponse = /* @__PURE__ */ z.schema(() => Reservation.check(z.meta({ id: 'Reservation' })));

export const ReservationListQuery = /* @__PURE__ */ z.schema(() => ownedListQuery(RESERVATION_STATUSES, 'reservations'));

export const ReservationListResponse = /* @__PURE__ */ z.schema(() => pageOf(ReservationResponse, 'ReservationList'));

/**
 * What the channel's provider sees of a failed show: everything but who booked it and how they
 * pay (no customerId, friends, payment.payerAccountId, payment.agentId; operators see all).
 */
export const ReservationOutcomeResponse = /* @__PURE__ */ z.schema(() =>
  z
    .extend(Reservation, {
      customerId: z.optional(z.string()).check(z.describe('Operators only.')),
      friends: z.optional(z.array(z.string())).check(z.describe('Operators only.')),
      payment: ReservationPayment(true),
    })
    .check(z.meta({ id: 'ReservationOutcome' })),
);

export const IssuedTicket = /* @__PURE__ */ z.schema(() =>
  z
    .object({
      id: z.string(),
      token: z.string().check(z.describe('compact JWS, ES256, typ kippu-ticket+jwt, with the rsv claim')),
      notBefore: Timestamp,
      expiresAt: Timestamp,
    })
    .check(z.meta({ id: 'IssuedTicket' })),
);

export const ReconfirmResponse = /* @__PURE__ */ z.schema(() =>
  z.extend(Reservation, { ticket: IssuedTicket }).check(z.meta({ id: 'ReservationReconfirmed' })),
);

export const OutcomeRequest = /* @__PURE__ */ z.schema(() =>
  z
    .strictObject({
      outcome: z.literal('failed').check(z.describe('the service failed: the hold is voided')),
      reason: z.optional(VisibleText(RESERVATION_DETAIL_LENGTH_MAX)),
    })
    .check(z.meta({ id: 'ReservationOutcomeRequest' })),
);

export const ViewerAdmitRequest = /* @__PURE__ */ z.schema(() =>
  z
    .strictObject({ password: z.optional(z.string().check(z.maxLength(RESERVATION_PASSWORD_LENGTH_MAX))) })
    .check(z.meta({ id: 'ViewerAdmitRequest' })),
);

export const ViewerResponse = /* @__PURE__ */ z.schema(() =>
  z
    .object({ reservationId: z.string(), ticket: IssuedTicket, viewersWatching: z.optional(z.int()) })
    .check(z.meta({ id: 'Viewer' })),
);

export const ViewerLeaveResponse = /* @__PURE__ */ z.schema(() =>
  z
    .object({ reservationId: z.string(), ticketId: z.string(), status: z.enum(['active', 'left']) })
    .check(z.meta({ id: 'ViewerLeft' })),
);

export const ListingsQuery = /* @__PURE__ */ z.schema(() =>
  z.strictObject({
    from: Instant.check(z.describe('Shows starting at or after this time.')),
    to: Instant.check(
      z.describe(
        `Shows starting before this time: at most ${LISTINGS_RANGE_DAYS_MAX} days after from (else 422 RANGE_TOO_LARGE); it must be after from (else 422 VALIDATION_FAILED naming to).`,
      ),
    ),
    ...pageQuery(LISTINGS_PAGE_LIMIT_MAX, LISTINGS_PAGE_LIMIT_DEFAULT, 'Shows per page.'),
  }),
);

export const ListingResponse = /* @__PURE__ */ z.schema(() =>
  z
    .object({
      reservationId: z.string(),
      channelId: z.string(),
      title: z.string(),
      genre: z.optional(z.string()),
      outline: z.optional(z.string()),
      startsAt: Timestamp,
      endsAt: Timestamp,
      openLevel: z.enum(['public', 'password']),
      state: z.enum(['OPEN', 'CLOSE']),
    })
    .check(z.meta({ id: 'Listing' })),
);

export const ListingsResponse = /* @__PURE__ */ z.schema(() => pageOf(ListingResponse, 'Listings'));
