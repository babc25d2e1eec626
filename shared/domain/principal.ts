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
