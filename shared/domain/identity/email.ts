import { DomainError } from '../../errors';
import { derivedId } from '../../ids';

/** Addresses are compared trimmed and in lower case. */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

/**
 * A registered customer's id follows from the address: a registration that is retried, or
 * repeated after an expiry, lands on the same customer record and Cognito user.
 */
export const customerIdOf = (email: string): string => derivedId('cus', 'email', normalizeEmail(email));

/** The user pool refused an address as a user name (the only caller-chosen value a create sends). */
export const userEmailRefused = (): DomainError =>
  new DomainError('VALIDATION_FAILED', 'The e-mail address is not one the user pool accepts.', [
    { field: 'email', message: 'is refused by the user pool' },
  ]);
