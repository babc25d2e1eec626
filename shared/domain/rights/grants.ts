import { assert, DomainError, quoted } from '../../errors';
import { derivedId } from '../../ids';
import type { DeviceStore } from '../identity/ports';
import { requireSameRequest } from '../key-reuse';
import type { PartyStore } from '../parties/ports';
import type { Principal } from '../principal';
import { signTicket, type TicketDeps } from '../tickets/issue';
import { successorOf } from './successor';
import type { TicketBinding, TicketRecord } from '../tickets/ticket';
import { requireHolderTicket, usageEvent } from './access';
import { afterGrant, remainingOf, ticketUnusable, type Debit } from './allowance';
import { activeChange, commitWithRetry, type AllowanceDeps } from './commit';
import { releaseLapsedSeconds } from './usage';

/**
 * Grants (SPEC S3): a holder passes part of its right to another registered customer. The
 * grantee's ticket carries what is granted (`max` = uses, `sec` = seconds) and everything
 * else of the grantor's: provider, resource, capabilities, window, content, purpose,
 * one-time passwords. Its allowance is taken from the grantor's in the same atomic write that
 * stores it, so grantor after + grantee = grantor before, and a grant never exceeds what the
 * grantor still holds (seconds reserved by a reservation that has not lapsed are not free to
 * grant).
 *
 * Binding: a grant of a device-bound ticket is bound to one of the grantee's devices, named by
 * `granteeDeviceId` (required); a grant of an unbound ticket is unbound (no device named).
 */
export interface GrantDeps extends AllowanceDeps {
  readonly tickets: TicketDeps;
  readonly parties: Pick<PartyStore, 'getCustomer'>;
  readonly devices: Pick<DeviceStore, 'getDevice'>;
}

export interface GrantRequest {
  readonly granteeId: string;
  readonly uses?: number;
  readonly seconds?: number;
  readonly granteeDeviceId?: string;
}

export const grantedTicketView = (ticket: TicketRecord) => ({ ticket: { id: ticket.id, token: ticket.token } });

const invalid = (field: string, message: string, detail: string) =>
  new DomainError('VALIDATION_FAILED', detail, [{ field, message }]);

/**
 * The grant names each allowance the ticket counts, and nothing else; a refusal names every
 * field that breaks this (uses and seconds together, as a redeem's does). A ticket that counts
 * neither uses nor seconds is good for its window alone: there is no part of it to give, so
 * its state refuses the grant (409 TICKET_NOT_DIVISIBLE), whatever the body says.
 */
const grantedAmounts = (ticket: TicketRecord, request: GrantRequest): Debit => {
  if (ticket.maxUses === undefined && ticket.maxSeconds === undefined) {
    throw new DomainError(
      'TICKET_NOT_DIVISIBLE',
      `Ticket ${quoted(ticket.id)} counts neither uses nor seconds: it is good for its window alone, which cannot be shared.`,
    );
  }
  const counted = { uses: ticket.maxUses !== undefined, seconds: ticket.maxSeconds !== undefined };
  const issues = (['uses', 'seconds'] as const).flatMap((field) => {
    const named = request[field] !== undefined;
    if (counted[field] && !named) return [{ field, message: 'the ticket counts it: say how much to grant' }];
    if (!counted[field] && named) return [{ field, message: `the ticket counts no ${field}` }];
    return [];
  });
  if (issues.length > 0) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `The grant does not fit ticket ${quoted(ticket.id)}, which counts ${[
        ...(counted.uses ? ['uses'] : []),
        ...(counted.seconds ? ['seconds'] : []),
      ].join(' and ')}: ${issues.map((issue) => issue.field).join(', ')}.`,
      issues,
    );
  }
  return {
    ...(request.uses === undefined ? {} : { uses: request.uses }),
    ...(request.seconds === undefined ? {} : { seconds: request.seconds }),
  };
};

const granteeBinding = async (
  deps: GrantDeps,
  ticket: TicketRecord,
  request: GrantRequest,
): Promise<TicketBinding | undefined> => {
  if (ticket.binding === undefined) {
    if (request.granteeDeviceId !== undefined) {
      throw invalid(
        'granteeDeviceId',
        'the ticket is bound to no device',
        `Ticket ${quoted(ticket.id)} is bound to no device, so its grants are not either.`,
      );
    }
    return undefined;
  }
  if (request.granteeDeviceId === undefined) {
    throw invalid(
      'granteeDeviceId',
      'name one of the grantee’s devices',
      `Ticket ${quoted(ticket.id)} is bound to a device, so a grant of it is bound to one of the grantee's devices.`,
    );
  }
  const device = await deps.devices.getDevice(request.granteeId, request.granteeDeviceId);
  if (device === undefined) {
    throw new DomainError('DEVICE_NOT_FOUND', `The grantee has no device ${quoted(request.granteeDeviceId)}.`, [
      { field: 'granteeDeviceId', message: 'is not a device of the grantee' },
    ]);
  }
  return { deviceId: device.id, jkt: device.jkt, publicJwk: device.publicJwk };
};

const requireSameGrant = (stored: TicketRecord, request: GrantRequest) =>
  requireSameRequest(`grant ${quoted(stored.id)}`, {
    granteeId: [stored.holderId, request.granteeId],
    uses: [stored.maxUses, request.uses],
    seconds: [stored.maxSeconds, request.seconds],
    granteeDeviceId: [stored.binding?.deviceId, request.granteeDeviceId],
  });

/** The grantee's ticket, signed but not stored: the commit stores it with the grantor's debit. */
const signGrant = async (
  deps: GrantDeps,
  grantor: TicketRecord,
  grantId: string,
  request: GrantRequest,
  amounts: Debit,
  principal: Principal,
) => {
  const binding = await granteeBinding(deps, grantor, request);
  return signTicket(
    deps.tickets,
    grantId,
    {
      kind: 'grant',
      ...successorOf(grantor, request.granteeId, amounts),
      ...(binding === undefined ? {} : { binding }),
      grantedFrom: grantor.id,
    },
    principal,
  );
};

/**
 * Grant part of a ticket to another registered customer (its holder; `Idempotency-Key`
 * required, the grantee's ticket id derives from it).
 *
 * Flow:
 *  1. The ticket is the caller's (else 404). A grantee ticket with the derived id exists (a
 *     retry): the same grant answers it, another one is IDEMPOTENCY_KEY_REUSED naming the field.
 *  2. The ticket is usable now and counts uses or seconds (409 TICKET_NOT_DIVISIBLE: a window
 *     alone cannot be split); the grant names each allowance the ticket counts (422).
 *  3. The grantee is a registered customer other than the holder (404 CUSTOMER_NOT_FOUND); the
 *     grantee's device when the ticket is bound (404 DEVICE_NOT_FOUND).
 *  4. Seconds that do not fit while some are reserved: the ticket's reservations past their
 *     expiry are expired first (releaseLapsedSeconds, as a redeem does), so a lapsed
 *     reservation holds nothing even before the sweep runs.
 *  5. Sign the grantee's ticket (nothing stored yet).
 *  6. One atomic write (commitWithRetry): the grantor's allowance at the version read minus
 *     the grant (GRANT_EXCEEDS_ALLOWANCE, with what is left, when it does not fit), the
 *     grantee's ticket (conditional on its id), the usage log line. Only the write that stored
 *     the grantee's ticket counts it in TicketsIssued (kind `grant`).
 */
export const grantTicket = async (
  deps: GrantDeps,
  principal: Principal,
  ticketId: string,
  request: GrantRequest,
  idempotencyKey: string,
) => {
  const { ticket, allowance } = requireHolderTicket(await deps.store.read(ticketId), principal, ticketId);
  const grantId = derivedId('tkt', ticketId, 'grant', principal.subject, idempotencyKey);
  const existing = await deps.tickets.ticketStore.get(grantId);
  if (existing !== undefined) {
    requireSameGrant(existing, request);
    return grantedTicketView(existing);
  }
  const unusable = ticketUnusable(ticket, allowance, deps.clock.now());
  if (unusable !== undefined) throw unusable;
  const amounts = grantedAmounts(ticket, request);
  if (request.granteeId === ticket.holderId) throw invalid('granteeId', 'is you', 'A grant goes to another customer.');
  if ((await deps.parties.getCustomer(request.granteeId)) === undefined) {
    throw new DomainError('CUSTOMER_NOT_FOUND', `No customer ${quoted(request.granteeId)}.`, [
      { field: 'granteeId', message: 'is not a registered customer' },
    ]);
  }
  // Seconds that do not fit while some are reserved: a reservation past its expiry holds none
  // of them any more, whether or not the sweep has run (as a redeem judges it).
  await releaseLapsedSeconds(deps, ticketId, allowance, { free: amounts.seconds ?? 0 }, deps.clock.now());
  const granted = await signGrant(deps, ticket, grantId, request, amounts, principal);
  const at = new Date(deps.clock.now()).toISOString();
  const { view, created } = await commitWithRetry(
    deps,
    ticketId,
    async (state) => {
      const current = requireHolderTicket(state, principal, ticketId);
      const refused = ticketUnusable(current.ticket, current.allowance, deps.clock.now());
      if (refused !== undefined) throw refused;
      const next = afterGrant(current.allowance, amounts);
      if (next === undefined) {
        throw new DomainError('GRANT_EXCEEDS_ALLOWANCE', `Ticket ${quoted(ticketId)} holds less than this grant.`, [], {
          remaining: remainingOf(current.allowance),
          requested: amounts,
        });
      }
      return {
        change: {
          ...activeChange(ticketId, current.allowance, next),
          createTicket: granted,
          event: usageEvent(ticket, 'grant', grantId, at, { ...amounts, toTicketId: grantId, granteeId: request.granteeId }),
        },
        result: { view: grantedTicketView(granted), created: true },
      };
    },
    async (outcome) => {
      assert(outcome === 'ticket_exists', `a grant creates a ticket only (got ${outcome})`);
      const stored = await deps.tickets.ticketStore.get(grantId);
      assert(stored !== undefined, 'a ticket whose create condition failed exists');
      requireSameGrant(stored, request);
      return { view: grantedTicketView(stored), created: false };
    },
  );
  if (created) deps.tickets.metrics.record('ticketsIssued', 1, { kind: 'grant' });
  return view;
};
