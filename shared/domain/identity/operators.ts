import { DomainError } from '../../errors';
import { derivedId } from '../../ids';
import type { Clock } from '../../ports';
import { normalizeEmail } from './email';
import type { IdentityProvider, RegistrationStore } from './ports';
import { claimHoldsAddress, refuseClaim } from './registration';

/**
 * Operators are Cognito users with the role `operator` and a subject of their own, given an
 * identity through the same port as customers. Cognito e-mails them an invitation with a
 * temporary password; they sign in through the pool's hosted sign-in or its sessions client.
 * The subject follows from the address, so a repeat answers the same operator.
 */
const operatorIdOf = (email: string): string => derivedId('opr', normalizeEmail(email));

export interface OperatorDeps {
  readonly identity: Pick<IdentityProvider, 'createUser'>;
  readonly registrations: Pick<RegistrationStore, 'getClaim'>;
  readonly clock: Clock;
}

/**
 * An address that a customer registration holds (pending, or confirmed) is refused as a new
 * registration would be (REGISTRATION_PENDING, EMAIL_ALREADY_REGISTERED): an operator user
 * made on it would make that registration's confirm fail.
 */
export const createOperator = async (deps: OperatorDeps, emailAddress: string) => {
  const email = normalizeEmail(emailAddress);
  const id = operatorIdOf(email);
  const claim = await deps.registrations.getClaim(email);
  const nowMs = deps.clock.now();
  if (claim !== undefined && claimHoldsAddress(claim, nowMs)) refuseClaim(claim, nowMs);
  const result = await deps.identity.createUser({ email, role: 'operator', subject: id });
  if (!result.created && (result.user.role !== 'operator' || result.user.subject !== id)) {
    throw new DomainError('EMAIL_ALREADY_REGISTERED', 'This e-mail address belongs to another user.', [
      { field: 'email', message: 'is registered already' },
    ]);
  }
  return { created: result.created, operator: { id, email, role: 'operator' as const } };
};
