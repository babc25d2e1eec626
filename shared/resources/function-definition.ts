import { coreTable, type TableDefinition } from './tables';
import {
  DELEGATED_SIGNING_KEY_PURPOSE,
  dataKey,
  listCursorKey,
  ticketSigningKey,
  type EncryptionContextLimit,
  type KeyDefinition,
} from './keys';
import type { QueueDefinition } from './queues';

/**
 * What a Lambda function declaration says (shared/resources/functions.ts lists them): its
 * handler module, what it may touch and how. The CDK stack grants exactly these permissions
 * (least privilege) and the local runtime loads the same handler modules.
 */
export type TableAccess = 'read' | 'write' | 'readWrite';
export type KeyAccess = 'sign' | 'getPublicKey' | 'encrypt' | 'decrypt' | 'generateDataKey' | 'generateMac';
/** `send` for producers; `consume` makes the function the queue's Lambda event source consumer. */
type QueueAccess = 'send' | 'consume';
/**
 * What a function may do in the user pool: read users, create users that Cognito invites
 * (they choose their own password), create users and set their passwords, sign users in
 * (admin password flow), create and delete app clients.
 */
export type IdentityAccess = 'readUsers' | 'inviteUsers' | 'manageUsers' | 'signIn' | 'manageClients';

/**
 * What a function may do with one key. `purpose`, on a symmetric key, limits the use to
 * requests whose encryption context names that `kippu:purpose`; a key's confined purposes
 * (KeyDefinition.confinedPurposes) may only be decrypted by the uses that declare them.
 */
export interface KeyUse {
  readonly key: KeyDefinition;
  readonly access: readonly KeyAccess[];
  readonly purpose?: string;
  /**
   * On a symmetric key, limits the use to requests whose encryption context has this member
   * (with this value, when given): a function that opens one kind of ciphertext of the data
   * key cannot open the others with its grant.
   */
  readonly context?: EncryptionContextLimit;
}

export interface FunctionDefinition {
  /** Noun-verb name; also the folder under functions/. */
  readonly name: string;
  readonly description: string;
  readonly tables: readonly { readonly table: TableDefinition; readonly access: TableAccess }[];
  readonly keys: readonly KeyUse[];
  readonly queues?: readonly { readonly queue: QueueDefinition; readonly access: QueueAccess; readonly batchSize?: number }[];
  /**
   * Functions that create and delete one-time schedules in the one-time schedule group, and
   * the functions those schedules invoke (by function name, e.g. `reservation-expire`).
   */
  readonly oneTimeSchedules?: { readonly targets: readonly string[] };
  /** Cognito user pool access (shared/resources/identity.ts). */
  readonly identity?: readonly IdentityAccess[];
  /** Sends e-mail with Amazon SES, from the configured sender identity only. */
  readonly mail?: boolean;
  readonly timeoutSeconds: number;
  readonly memoryMegabytes: number;
}

/** What a declaration gives the builders below: no `keys` is no key at all. */
type WithOptionalKeys<Access extends { readonly keys: FunctionDefinition['keys'] }> = Omit<Access, 'keys'> &
  Partial<Pick<Access, 'keys'>>;

/** The same access to each of the tables, in order. */
export const grants = (access: TableAccess, ...tables: readonly TableDefinition[]): FunctionDefinition['tables'] =>
  tables.map((table) => ({ table, access }));

const API_TIMEOUT_SECONDS = 10;
const API_MEMORY_MEGABYTES = 512;

export const apiFunction = (
  name: string,
  description: string,
  access: WithOptionalKeys<Pick<FunctionDefinition, 'tables' | 'keys' | 'identity' | 'mail'>>,
): FunctionDefinition => ({
  name,
  description,
  timeoutSeconds: API_TIMEOUT_SECONDS,
  memoryMegabytes: API_MEMORY_MEGABYTES,
  ...access,
  keys: access.keys ?? [],
});

/**
 * Every function that serves a list derives the key that seals its cursors from the list
 * cursor key (kms:GenerateMac, once per container, on the first cursor it seals or opens).
 */
export const listCursors = { key: listCursorKey, access: ['generateMac'] } as const;

/**
 * Every authorized API function resolves providers' and agents' client-credentials tokens
 * through the client-id → party mapping in the core table, and checks customers' access
 * tokens against their sessions there (shared/http/auth.ts): functions that use no other core
 * item read it for that alone.
 */
export const machineClientLookup = { table: coreTable, access: 'read' } as const;

const BACKGROUND_MEMORY_MEGABYTES = 512;

/** A worker or scheduled function: no route, its own timeout. */
export const backgroundFunction = (
  name: string,
  description: string,
  timeoutSeconds: number,
  access: WithOptionalKeys<Omit<FunctionDefinition, 'name' | 'description' | 'timeoutSeconds' | 'memoryMegabytes'>>,
): FunctionDefinition => ({
  name,
  description,
  timeoutSeconds,
  memoryMegabytes: BACKGROUND_MEMORY_MEGABYTES,
  ...access,
  keys: access.keys ?? [],
});

/**
 * A function that signs with the KMS key and with the delegated keys it certified
 * (docs/signing.md), whose private halves the data key wraps under the purpose
 * `delegated-signing-key`, which the data key's policy lets only these declarations decrypt:
 * `delegatedKeys` says whether it creates its window's key (Encrypt), opens one (Decrypt), or
 * both.
 */
export const delegatedSigning = (...delegatedKeys: readonly ('encrypt' | 'decrypt')[]): FunctionDefinition['keys'] => [
  { key: ticketSigningKey, access: ['sign', 'getPublicKey'] },
  { key: dataKey, access: delegatedKeys, purpose: DELEGATED_SIGNING_KEY_PURPOSE },
];

/** A function that signs tickets, dockets or revocation pages, creating or opening its window's delegated key. */
export const documentSigning = /* @__PURE__ */ delegatedSigning('encrypt', 'decrypt');
