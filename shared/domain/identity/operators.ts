import { DomainError } from '../../errors';
import { derivedId } from '../../ids';
import { normalizeEmail } from './email';
import type { IdentityProvider } from './ports';

/**
 * Operators are Cognito users with the role `operator` and a subject of their own, given an
 * identity through the same port as customers. Cognito e-mails them an invitation with a
 * temporary password; they sign in through the pool's hosted sign-in or its sessions client.
 * The subject follows from the address, so a repeat answers the same operator.
 */
const operatorIdOf = (email: string): string => derivedId('opr', normalizeEmail(email));

export const createOperator = async (identity: Pick<IdentityProvider, 'createUser'>, emailAddress: string) => {
  const email = normalizeEmail(emailAddress);
  const id = operatorIdOf(email);
  const result = await identity.createUser({ email, role: 'operator', subject: id });
  if (!result.created && (result.user.role !== 'operator' || result.user.subject !== id)) {
    throw new DomainError('EMAIL_ALREADY_REGISTERED', 'This e-mail address belongs to another user.', [
      { field: 'email', message: 'is registered already' },
    ]);
  }
  return { created: result.created, operator: { id, email, role: 'operator' as const } };
};
