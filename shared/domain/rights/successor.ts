import type { IssueTicketInput } from '../tickets/issue';
import type { TicketRecord } from '../tickets/ticket';

/**
 * What a ticket made from another (a grant, a transfer) keeps of it: its provider, resource,
 * window, capabilities, password mode (one-time or fixed; a fixed password itself stays with
 * the old ticket), content and purpose. It holds `amounts`, and
 * belongs to `holderId`.
 */
export const successorOf = (
  from: TicketRecord,
  holderId: string,
  amounts: { readonly uses?: number | undefined; readonly seconds?: number | undefined },
): Omit<IssueTicketInput, 'kind'> => {
  const notBeforeMs = Date.parse(from.notBefore);
  return {
    providerId: from.providerId,
    holderId,
    resource: from.resource,
    notBeforeMs,
    validitySeconds: (Date.parse(from.expiresAt) - notBeforeMs) / 1000,
    capabilities: from.capabilities,
    ...(amounts.uses === undefined ? {} : { maxUses: amounts.uses }),
    ...(amounts.seconds === undefined ? {} : { maxSeconds: amounts.seconds }),
    ...(from.otp === true ? { otp: true } : {}),
    // The mode, not the password: the new ticket has none until its holder asks for one.
    ...(from.fixedPassword === true ? { fixedPassword: true } : {}),
    ...(from.contentId === undefined ? {} : { contentId: from.contentId }),
    ...(from.purpose === undefined ? {} : { purpose: from.purpose }),
  };
};
