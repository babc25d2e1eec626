import { DomainError } from '../../errors';

/** Addresses are compared trimmed and in lower case. */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

/** The user pool refused an address as a user name (the only caller-chosen value a create sends). */
export const userEmailRefused = (): DomainError =>
  new DomainError('VALIDATION_FAILED', 'The e-mail address is not one the user pool accepts.', [
    { field: 'email', message: 'is refused by the user pool' },
  ]);
