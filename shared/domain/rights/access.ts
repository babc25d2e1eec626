import { notVisible } from '../../errors';
import { derivedId } from '../../ids';
import { REDEMPTION_RETENTION_SECONDS } from '../../limits';
import type { Principal } from '../principal';
import type { TicketRecord } from '../tickets/ticket';
import type { TicketState, UsageEvent, UsageEventKind } from './ports';

/**
 * Who may act on a ticket's usage rights: its provider redeems it and reports its usage; its
 * holder asks for one-time passwords, grants and transfers. Anyone else is told the ticket
 * does not exist (404), exactly as for a ticket that does not.
 */
const notFound = (ticketId: string) => notVisible('TICKET_NOT_FOUND', 'ticket', ticketId);

export const requireProviderTicket = (state: TicketState | undefined, principal: Principal, ticketId: string): TicketState => {
  if (state === undefined || principal.role !== 'provider' || principal.subject !== state.ticket.providerId) {
    throw notFound(ticketId);
  }
  return state;
};

export const requireHolderTicket = (state: TicketState | undefined, principal: Principal, ticketId: string): TicketState => {
  if (state === undefined || principal.role !== 'customer' || principal.subject !== state.ticket.holderId) {
    throw notFound(ticketId);
  }
  return state;
};

/** A redeem's id follows from its ticket and nonce: the same nonce is the same redeem. */
export const redemptionIdOf = (ticketId: string, nonce: string): string => derivedId('rdm', ticketId, nonce);

/** How long a redemption (and its nonce) is kept: past its ticket's window and any reservation, plus the retention. */
export const retainUntilMs = (ticket: TicketRecord, laterMs = 0): number =>
  Math.max(Date.parse(ticket.expiresAt), laterMs) + REDEMPTION_RETENTION_SECONDS * 1000;

/** A usage log line about a ticket; its id follows from what it records, so a retried write is the same line. */
export const usageEvent = (
  ticket: TicketRecord,
  kind: UsageEventKind,
  sourceId: string,
  at: string,
  details: Omit<UsageEvent, 'id' | 'kind' | 'at' | 'ticketId' | 'providerId' | 'holderId' | 'subject' | 'contentId'>,
): UsageEvent => ({
  id: derivedId('use', kind, sourceId),
  kind,
  at,
  ticketId: ticket.id,
  providerId: ticket.providerId,
  holderId: ticket.holderId,
  subject: ticket.subject,
  ...(ticket.contentId === undefined ? {} : { contentId: ticket.contentId }),
  ...details,
});
