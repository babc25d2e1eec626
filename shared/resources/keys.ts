/**
 * KMS keys, declared once for the CDK stack and the local bootstrap. Functions learn the key
 * ids from environment variables.
 */
export interface KeyDefinition {
  readonly id: string;
  readonly envVar: string;
  readonly alias: (stage: string) => string;
  readonly keySpec: 'ECC_NIST_P256' | 'SYMMETRIC_DEFAULT';
  readonly keyUsage: 'SIGN_VERIFY' | 'ENCRYPT_DECRYPT';
  readonly description: string;
}

/** Signs tickets, dockets and revocation lists (ES256). Public half served as the JWKS. */
export const ticketSigningKey = {
  id: 'ticketSigning',
  envVar: 'KIPPU_TICKET_SIGNING_KEY_ID',
  alias: (stage: string) => `alias/kippu-${stage}-ticket-signing`,
  keySpec: 'ECC_NIST_P256',
  keyUsage: 'SIGN_VERIFY',
  description: 'kippu ticket signing key (ES256)',
} as const satisfies KeyDefinition;

/** Encrypts data at rest that kippu must be able to read back (content keys, tables, queues). */
export const dataKey = {
  id: 'data',
  envVar: 'KIPPU_DATA_KEY_ID',
  alias: (stage: string) => `alias/kippu-${stage}-data`,
  keySpec: 'SYMMETRIC_DEFAULT',
  keyUsage: 'ENCRYPT_DECRYPT',
  description: 'kippu data encryption key',
} as const satisfies KeyDefinition;

export const keys = [ticketSigningKey, dataKey] as const satisfies readonly KeyDefinition[];
