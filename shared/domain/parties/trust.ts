import { DomainError, quoted } from '../../errors';
import type { Principal } from '../principal';
import type { PartyDeps, ProviderRecord } from './parties';

/**
 * An operator changes whether a provider is trusted for proxy settlement (the carrier route).
 * Only what comes after takes the new setting: a purchase or reconfirm chooses its route from
 * the provider as it reads it, and a purchase already authorized keeps the route and fee rates
 * it was authorized with (its hold is on that payer account) and settles on it. Setting the
 * value in force changes nothing (`changedAt` kept), so a repeat answers alike. No provider:
 * 404 PROVIDER_NOT_FOUND.
 */
export const setProviderTrust = async (
  deps: Pick<PartyDeps, 'parties' | 'clock'>,
  providerId: string,
  trusted: boolean,
  principal: Principal,
): Promise<ProviderRecord> => {
  if (principal.role !== 'operator') {
    throw new DomainError('FORBIDDEN', 'Only an operator changes whether a provider is trusted for proxy settlement.');
  }
  const changed = await deps.parties.setProviderTrust(providerId, {
    trusted,
    changedAt: new Date(deps.clock.now()).toISOString(),
  });
  if (changed === undefined) {
    throw new DomainError('PROVIDER_NOT_FOUND', `No provider ${quoted(providerId)}.`, [
      { field: 'id', message: 'is not a registered provider' },
    ]);
  }
  return changed;
};
