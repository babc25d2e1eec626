import { assert, DomainError, quoted } from '../../errors';
import { derivedId } from '../../ids';
import { devicePairIdOf } from '../identity/keys';
import type { DeviceRecord, DeviceStore } from '../identity/ports';
import type { Principal } from '../principal';
import { revokeTicket } from '../revocations/revocations';
import type { RevocationStore } from '../revocations/ports';
import { signTicket, type TicketDeps } from '../tickets/issue';
import { successorOf } from './successor';
import type { TicketBinding, TicketRecord } from '../tickets/ticket';
import { requireHolderTicket, usageEvent } from './access';
import { afterTransfer, ticketUnusable } from './allowance';
import { activeChange, commitWithRetry, type AllowanceDeps } from './commit';
import { grantedTicketView } from './grants';
import type { Allowance, TicketState } from './ports';
import { releaseLapsedSeconds } from './usage';

/**
 * Moving a ticket to another of its holder's devices (SPEC S4), only along a device pair the
 * customer registered from the ticket's current device. The new ticket is bound to the new
 * device and carries what is left (`max` = uses left, `sec` = seconds left); the old one is
 * spent in the same write that stores the new one, then revoked and put on its provider's
 * signed revocation list through revokeTicket, so a verifier holding the list rejects it
 * offline too.
 */
export interface TransferDeps extends AllowanceDeps {
  readonly tickets: TicketDeps;
  readonly devices: Pick<DeviceStore, 'getDevice' | 'getPair'>;
  readonly revocations: RevocationStore;
}

/** A ticket moves once: the new ticket's id follows from the old one's. */
export const transferredTicketIdOf = (ticketId: string): string => derivedId('tkt', ticketId, 'transfer');

const bindingOf = (device: DeviceRecord): TicketBinding => ({
  deviceId: device.id,
  jkt: device.jkt,
  publicJwk: device.publicJwk,
});

/** The old ticket is spent already: revoke and list it (idempotent), and answer the new one when it went to this device. */
const finish = async (deps: TransferDeps, old: TicketRecord, newTicketId: string, toDeviceId: string) => {
  const moved = await deps.tickets.ticketStore.get(newTicketId);
  assert(moved !== undefined, `the ticket ${old.id} moved to exists`);
  await revokeTicket(
    { ticketStore: deps.tickets.ticketStore, revocations: deps.revocations, clock: deps.clock },
    old.id,
    old.providerId,
    'transferred',
  );
  if (moved.binding?.deviceId !== toDeviceId) {
    throw new DomainError(
      'TICKET_REVOKED',
      `Ticket ${quoted(old.id)} moved to ${moved.binding === undefined ? 'another device' : `device ${quoted(moved.binding.deviceId)}`} already.`,
      [{ field: 'toDeviceId', message: 'the ticket moved to another device' }],
    );
  }
  return grantedTicketView(moved);
};

/** The checks before anything is signed: usable, bound, another device, a registered pair. */
const requireTransferable = async (deps: TransferDeps, state: TicketState, toDeviceId: string): Promise<DeviceRecord> => {
  const { ticket, allowance } = state;
  const unusable = ticketUnusable(ticket, allowance, deps.clock.now());
  if (unusable !== undefined) throw unusable;
  if (ticket.binding === undefined) {
    throw new DomainError('TICKET_NOT_BOUND', `Ticket ${quoted(ticket.id)} is bound to no device, so there is nothing to move.`);
  }
  if (ticket.binding.deviceId === toDeviceId) {
    throw new DomainError('VALIDATION_FAILED', `Ticket ${quoted(ticket.id)} is on device ${quoted(toDeviceId)} already.`, [
      { field: 'toDeviceId', message: 'is the device the ticket is on' },
    ]);
  }
  const pairId = devicePairIdOf(ticket.holderId, ticket.binding.deviceId, toDeviceId);
  if ((await deps.devices.getPair(ticket.holderId, pairId)) === undefined) {
    throw new DomainError(
      'TRANSFER_NOT_ALLOWED',
      `No device pair of yours allows tickets to move from device ${quoted(ticket.binding.deviceId)} to ${quoted(toDeviceId)}; register one first.`,
      [{ field: 'toDeviceId', message: 'no registered device pair leads there from the ticket’s device' }],
    );
  }
  const device = await deps.devices.getDevice(ticket.holderId, toDeviceId);
  assert(device !== undefined, 'a device in a registered pair exists');
  return device;
};

const signMoved = (deps: TransferDeps, old: TicketRecord, allowance: Allowance, device: DeviceRecord, principal: Principal) =>
  signTicket(
    deps.tickets,
    transferredTicketIdOf(old.id),
    {
      kind: 'transfer',
      ...successorOf(old, old.holderId, { uses: allowance.usesLeft, seconds: allowance.secondsLeft }),
      binding: bindingOf(device),
      transferredFrom: old.id,
    },
    principal,
  );

/**
 * Move a ticket to another of the holder's devices (its holder; naturally idempotent: a ticket
 * moves once).
 *
 * Flow:
 *  1. The ticket is the caller's (else 404). Spent by a transfer already: a repeat to the same
 *     device finishes and answers it (revoked and listed again, idempotently); to another
 *     device it is TICKET_REVOKED.
 *  2. It is usable now, bound to a device (else 409 TICKET_NOT_BOUND), and a registered pair
 *     leads from that device to `toDeviceId` (else 403 TRANSFER_NOT_ALLOWED).
 *  3. No seconds are reserved (else 409 TICKET_IN_USE: report the usage, or wait for the
 *     reservation to expire) — a later release would go to a spent ticket. A reservation past
 *     its expiry is expired first (releaseLapsedSeconds, as a redeem does), so it holds
 *     nothing even before the sweep runs.
 *  4. Sign the new ticket with what is left, bound to the new device.
 *  5. One atomic write (commitWithRetry): the old ticket spent at the allowance version it was
 *     signed from, the new ticket (conditional on its id), the usage log line. The allowance
 *     moved → read, sign and write again. Only the write that stored the new ticket counts it in
 *     TicketsIssued (kind `transfer`).
 *  6. Revoke the old ticket and append it to the provider's signed list (revokeTicket). A crash
 *     before this leaves the old ticket spent (every online use refuses it); the retry of the
 *     transfer finishes it.
 */
export const transferTicket = async (
  deps: TransferDeps,
  principal: Principal,
  ticketId: string,
  request: { readonly toDeviceId: string },
) => {
  const first = requireHolderTicket(await deps.store.read(ticketId), principal, ticketId);
  if (first.allowance.transferredTo !== undefined)
    return finish(deps, first.ticket, first.allowance.transferredTo, request.toDeviceId);
  const device = await requireTransferable(deps, first, request.toDeviceId);
  // A reservation past its expiry holds nothing, whether or not the sweep has run (as a redeem judges it).
  await releaseLapsedSeconds(deps, ticketId, first.allowance, 'none_reserved', deps.clock.now());
  const newTicketId = transferredTicketIdOf(ticketId);
  const at = new Date(deps.clock.now()).toISOString();
  const created = await commitWithRetry(
    deps,
    ticketId,
    async (state) => {
      const { ticket, allowance } = requireHolderTicket(state, principal, ticketId);
      if (allowance.transferredTo !== undefined) return { done: false };
      const refused = ticketUnusable(ticket, allowance, deps.clock.now());
      if (refused !== undefined) throw refused;
      if (allowance.secondsReserved > 0) {
        throw new DomainError(
          'TICKET_IN_USE',
          `Ticket ${quoted(ticketId)} has ${allowance.secondsReserved} ${allowance.secondsReserved === 1 ? 'second' : 'seconds'} reserved; its provider reports the usage, or the reservation expires, before it can move.`,
        );
      }
      const moved = await signMoved(deps, ticket, allowance, device, principal);
      return {
        change: {
          ...activeChange(ticketId, allowance, afterTransfer(allowance, newTicketId)),
          createTicket: moved,
          event: usageEvent(ticket, 'transfer', newTicketId, at, { toTicketId: newTicketId, toDeviceId: device.id }),
        },
        result: true,
      };
    },
    async (outcome) => {
      assert(outcome === 'ticket_exists', `a transfer creates a ticket only (got ${outcome})`);
      return false;
    },
  );
  if (created) deps.tickets.metrics.record('ticketsIssued', 1, { kind: 'transfer' });
  return finish(deps, first.ticket, newTicketId, request.toDeviceId);
};
