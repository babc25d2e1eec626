import { DomainError, isDomainError } from '../../errors';
import { requireCustomer, requireNamedProvider } from '../parties/parties';
import type { PartyStore } from '../parties/ports';
import type { Principal } from '../principal';

/**
 * A direct ticket (`POST /v1/tickets`) is signed only between registered parties, as offers,
 * purchases and top-ups require them: the provider it is for (404 PROVIDER_NOT_FOUND: naming
 * providerId for an operator, naming no field for a provider that names itself) and the
 * customer who holds it (404 CUSTOMER_NOT_FOUND naming `holderId`). The holder is a customer
 * by design: it reads its ticket as one, and its pseudonymous `sub` is derived per (provider,
 * customer) like a purchase's.
 */
export const requireTicketParties = async (
  parties: PartyStore,
  principal: Principal,
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
  // Read together; the caller's own refusal comes first (a provider of no registration learns nothing of customers).
  const [provider, held] = await Promise.allSettled([requireNamedProvider(parties, principal, request.providerId), holder()]);
  if (provider.status === 'rejected') throw provider.reason;
  if (held.status === 'rejected') throw held.reason;
};
