import { type ErrorCode } from '../../errors';
import {
  AvailabilityQuery,
  AvailabilityResponse,
  ChannelCreateRequest,
  ChannelResponse,
  ListingsQuery,
  ListingsResponse,
  OutcomeRequest,
  ReconfirmResponse,
  ReservationCreateRequest,
  ReservationListQuery,
  ReservationListResponse,
  ReservationOutcomeResponse,
  ReservationResponse,
  ReservationUpdateRequest,
  ViewerAdmitRequest,
  ViewerLeaveResponse,
  ViewerResponse,
} from '../reservations';
import { PAYMENT_PROBLEMS } from './purchases';
import { customerListOperation, EVERY_ROLE, getOperation, listOperation, type OperationDoc, type ResponseDoc } from './types';

const RESERVATION_CHANGE_PROBLEMS: readonly ErrorCode[] = [
  'RESERVATION_NOT_FOUND',
  'RESERVATION_NOT_ACTIVE',
  'RESERVATION_EXPIRED',
  'TRANSACTION_CONFLICT',
];

/**
 * A change to one reservation: retried safely under an optional Idempotency-Key, 200 with what
 * it `changed`, and the problems of every change besides its own.
 */
const reservationChange = (
  doc: Omit<OperationDoc, 'idempotencyKey' | 'responses'> & { readonly changed: ResponseDoc },
): OperationDoc => {
  const { changed, problems = [], ...rest } = doc;
  return {
    ...rest,
    idempotencyKey: 'optional',
    responses: { 200: changed },
    problems: [...RESERVATION_CHANGE_PROBLEMS, ...problems],
  };
};

/** Channels, reservations, viewers and listings. */
export const reservationsOperations: Readonly<Record<string, OperationDoc>> = {
  channelCreate: {
    summary: 'Create a channel (a registered provider, for itself)',
    roles: ['provider'],
    request: ChannelCreateRequest,
    example: { name: 'Studio A', capacity: 100, bandwidthKbps: 4000, feePerSlotMinor: 1000, currency: 'JPY' },
    idempotencyKey: 'optional',
    responses: { 201: { description: 'The channel.', schema: ChannelResponse, location: '/v1/channels/{id}' } },
    problems: ['PROVIDER_NOT_FOUND'],
  },
  channelGet: getOperation(
    'Read a channel: its provider, capacity, bandwidth and fee per slot (any signed-in role, as its availability)',
    EVERY_ROLE,
    { description: 'The channel.', schema: ChannelResponse },
    'CHANNEL_NOT_FOUND',
  ),
  channelAvailabilityGet: {
    summary: 'Each slot of [from, to) free or booked',
    description: 'A slot of a booking past its reconfirmBy (not reconfirmed) is free, whether or not its expiry has run.',
    roles: EVERY_ROLE,
    query: AvailabilityQuery,
    responses: { 200: { description: 'The slots.', schema: AvailabilityResponse } },
    problems: ['CHANNEL_NOT_FOUND', 'RANGE_TOO_LARGE'],
  },
  reservationCreate: {
    summary: 'Book channel slots tentatively (pending_reconfirmation, not chargeable); a registered customer, registered friends',
    description:
      'Slots held by a booking past its reconfirmBy (not reconfirmed, its expiry not run yet) are taken: that booking is expired first.',
    roles: ['customer'],
    request: ReservationCreateRequest,
    example: {
      channelId: 'chn_example',
      startsAt: '2030-01-01T12:00:00Z',
      slots: 3,
      title: 'Evening show',
      openLevel: 'public',
    },
    idempotencyKey: 'optional',
    responses: { 201: { description: 'The booking.', schema: ReservationResponse, location: '/v1/reservations/{id}' } },
    problems: [
      'CUSTOMER_NOT_FOUND',
      'CHANNEL_NOT_FOUND',
      'MISALIGNED_START',
      'INSIDE_RECONFIRM_LEAD',
      'BEYOND_BOOKING_HORIZON',
      'SLOT_TAKEN',
      'QUOTA_EXCEEDED',
      'PASSWORD_REQUIRED',
      'TRANSACTION_CONFLICT',
    ],
  },
  reservationGet: getOperation(
    'Read a reservation (its booker, operators)',
    ['customer', 'operator'],
    {
      description: 'The reservation; a booking past its reconfirmBy reads expired, whether or not its expiry has run.',
      schema: ReservationResponse,
    },
    'RESERVATION_NOT_FOUND',
  ),
  reservationList: customerListOperation(
    'reservations (bookings)',
    ReservationListQuery,
    {
      description: 'A page of reservations; status is judged at the request (a booking past its reconfirmBy is expired).',
      schema: ReservationListResponse,
    },
    "A channel's provider sees a booking only through the channel's availability and a failed show's outcome, as elsewhere.",
  ),
  reservationUpdate: reservationChange({
    summary: "Change a reservation's metadata; channel and time changes are refused (cancel and book again)",
    roles: ['customer', 'operator'],
    request: ReservationUpdateRequest,
    changed: { description: 'The reservation.', schema: ReservationResponse },
    problems: ['CHANGE_NOT_ALLOWED', 'PASSWORD_REQUIRED'],
  }),
  reservationReconfirm: reservationChange({
    summary:
      'Reconfirm before the deadline: hold the price on the carrier account or the wallet (fee rates fixed), get the broadcaster ticket (409 RESERVATION_EXPIRED after it)',
    roles: ['customer'],
    changed: { description: 'Confirmed, with the broadcaster ticket.', schema: ReconfirmResponse },
    problems: ['CUSTOMER_NOT_FOUND', ...PAYMENT_PROBLEMS, 'ACCOUNT_NOT_FOUND', 'CHANNEL_NOT_FOUND'],
  }),
  reservationCancel: reservationChange({
    summary:
      'Cancel: free before reconfirmation, the fee captured after it (also while the show runs); 409 SHOW_ENDED once it has ended',
    roles: ['customer', 'operator'],
    changed: { description: 'The cancelled reservation.', schema: ReservationResponse },
    problems: ['SHOW_ENDED'],
  }),
  reservationOutcome: reservationChange({
    summary: "The channel's provider reports that the show failed: the hold is voided",
    description:
      'Allowed while the show is confirmed and before endsAt + the completion grace (KIPPU_RESERVATION_COMPLETION_GRACE_SECONDS), the instant the completion job posts the hold; from then on 409 SHOW_ENDED, whether or not the completion job has run yet.',
    roles: ['provider', 'operator'],
    request: OutcomeRequest,
    changed: { description: 'The failed reservation.', schema: ReservationOutcomeResponse },
    problems: ['SHOW_ENDED'],
  }),
  reservationViewerAdmit: {
    summary: 'Admit a viewer while watching < capacity (password for password/secret shows); 409 RESERVATION_FULL at capacity',
    description:
      'One seat per show and customer: a customer who holds an active viewer ticket of the show gets that ticket again (201, Location naming it), whatever the Idempotency-Key and whatever password it gives or none (its password is not judged again, also when the show was made secret since), and takes no second seat; after leaving, an admit takes a seat again and the password is judged as for anyone.',
    roles: ['customer'],
    request: ViewerAdmitRequest,
    // Required: without it a retry after a network error would have to find its seat by the customer alone.
    idempotencyKey: 'required',
    responses: {
      201: {
        description:
          'The viewer ticket: the seat the customer holds already, if any (Location: the ticket, which the viewer reads).',
        schema: ViewerResponse,
        location: '/v1/tickets/{id}',
      },
    },
    problems: [
      'CUSTOMER_NOT_FOUND',
      'RESERVATION_NOT_FOUND',
      'RESERVATION_FULL',
      'NOT_ADMITTING',
      'PASSWORD_REQUIRED',
      'WRONG_PASSWORD',
      'TRANSACTION_CONFLICT',
    ],
  },
  reservationViewerLeave: {
    summary: "Revoke the viewer ticket (record and the provider's signed revocation list) and free the seat (exactly once)",
    roles: ['customer', 'provider', 'operator'],
    idempotencyKey: 'optional',
    responses: { 200: { description: 'The viewer has left.', schema: ViewerLeaveResponse } },
    problems: ['RESERVATION_NOT_FOUND', 'VIEWER_NOT_FOUND', 'TRANSACTION_CONFLICT'],
  },
  listingsGet: listOperation({
    summary: 'Confirmed public and password shows starting in [from, to) with OPEN/CLOSE',
    roles: [],
    query: ListingsQuery,
    page: { description: 'A page of shows.', schema: ListingsResponse },
    problems: ['RANGE_TOO_LARGE'],
  }),
};
