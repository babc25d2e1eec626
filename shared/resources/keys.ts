/**
 * KMS keys, declared once for the CDK stack and the local bootstrap. Functions learn the key
 * ids from environment variables.
 */
export interface KeyDefinition {
  readonly id: string;
  readonly envVar: string;
  readonly alias: (stage: string) => string;
  readonly keySpec: 'ECC_NIST_P256' | 'SYMMETRIC_DEFAULT' | 'HMAC_256';
  readonly keyUsage: 'SIGN_VERIFY' | 'ENCRYPT_DECRYPT' | 'GENERATE_VERIFY_MAC';
  readonly description: string;
  /**
   * Encryption-context purposes (the `kippu:purpose` member, DATA_KEY_PURPOSE_CONTEXT_KEY)
   * whose ciphertexts only the functions that declare `decrypt` on this key for that purpose
   * may open: the key policy denies kms:Decrypt and kms:ReEncrypt* under such a context to
   * every other principal (infra/constructs/key-policies.ts), whatever IAM policies allow.
   */
  readonly confinedPurposes?: readonly string[];
}

/** The encryption-context member that names what a ciphertext of the data key is for. */
export const DATA_KEY_PURPOSE_CONTEXT_KEY = 'kippu:purpose';

/**
 * The purpose under which the data key wraps the private halves of delegated signing keys
 * (docs/signing.md): only the functions that sign with them may decrypt under it.
 */
export const DELEGATED_SIGNING_KEY_PURPOSE = 'delegated-signing-key';

/**
 * An encryption-context member that a key use is limited to (KeyUse.context): with a value,
 * only requests whose context gives the member that value; without one, only requests whose
 * context has the member at all.
 */
export interface EncryptionContextLimit {
  readonly member: string;
  readonly value?: string;
}

/** What the data key seals a provisional registration's password under (shared/domain/identity/registration.ts). */
export const REGISTRATION_PASSWORD_CONTEXT = { member: 'purpose', value: 'registration-password' } as const;

/** What the data key binds each content key's envelope to: the content id (shared/adapters/content-key-envelope.ts). */
export const CONTENT_KEY_CONTEXT = { member: 'kippu:content' } as const;

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
  confinedPurposes: [DELEGATED_SIGNING_KEY_PURPOSE],
} as const satisfies KeyDefinition;

/**
 * Seals list cursors (docs/api.md, "Lists"): a function that hands out cursors asks KMS once
 * per container for the HMAC of a fixed label under this key and seals and opens its cursors
 * with that 256-bit result in memory. Its key material never leaves KMS, so only a role allowed
 * kms:GenerateMac on it (the list functions) can derive the sealing key and make a cursor.
 */
export const listCursorKey = {
  id: 'listCursor',
  envVar: 'KIPPU_LIST_CURSOR_KEY_ID',
  alias: (stage: string) => `alias/kippu-${stage}-list-cursor`,
  keySpec: 'HMAC_256',
  keyUsage: 'GENERATE_VERIFY_MAC',
  description: 'kippu list cursor key (HMAC): derives the key that seals list cursors',
} as const satisfies KeyDefinition;

export const keys = [ticketSigningKey, dataKey, listCursorKey] as const satisfies readonly KeyDefinition[];
