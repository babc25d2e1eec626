/** Who is asking: a role and the subject id the token was issued to. */
export const ROLES = ['customer', 'provider', 'agent', 'operator'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  readonly role: Role;
  readonly subject: string;
}

export const isRole = (value: unknown): value is Role =>
  typeof value === 'string' && (ROLES as readonly string[]).includes(value);

export const describePrincipal = (principal: Principal): string => `${principal.role}:${principal.subject}`;

/**
 * Whether the principal may act for `subject` in `role`: it is that party itself, or an
 * operator (who may act for anyone). Callers answer a refusal as their own 403 or 404.
 */
export const actsFor = (principal: Principal, role: Role, subject: string): boolean =>
  principal.role === 'operator' || (principal.role === role && principal.subject === subject);
