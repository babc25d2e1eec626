import { DomainError, isDomainError } from '../../errors';
import { requireCustomer, requireProvider } from '../parties/parties';
import type { PartyStore } from '../parties/ports';

/**
 * A direct ticket (`POST /v1/tickets`) is signed only between registered parties, as offers,
 * purchases and top-ups require them: the provider it is for (404 PROVIDER_NOT_FOUND) and the
 * customer who holds it (404 CUSTOMER_NOT_FOUND naming `holderId`). The holder is a customer
 * by design: it reads its ticket as one, and its pseudonymous `sub` is derived per (provider,
 * customer) like a purchase's.
 */
export const requireTicketParties = async (
  parties: PartyStore,
  request: { readonly providerId: string; readonly holderId: string },
): Promise<void> => {
  const holder = async () => {
    try {
      await requireCustomer(parties, request.holderId);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      throw new DomainError(error.code, error.detail, [{ field: 'holderId', message: 'is not a registered customer' }]);
    }
  };
  await Promise.all([requireProvider(parties, request.providerId), holder()]);
};
