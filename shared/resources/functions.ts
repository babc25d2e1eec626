import { coreTable, ledgerTable, type TableDefinition } from './tables';
import { ticketSigningKey, type KeyDefinition } from './keys';
import type { QueueDefinition } from './queues';

/**
 * Every Lambda function, declared once: its handler module, what it may touch and how. The
 * CDK stack grants exactly these permissions (least privilege) and the local runtime loads
 * the same handler modules.
 */
export type TableAccess = 'read' | 'write' | 'readWrite';
export type KeyAccess = 'sign' | 'getPublicKey' | 'encrypt' | 'decrypt';
/** `send` for producers; `consume` makes the function the queue's Lambda event source consumer. */
export type QueueAccess = 'send' | 'consume';

export interface FunctionDefinition {
  /** Noun-verb name; also the folder under functions/. */
  readonly name: string;
  readonly description: string;
  readonly tables: readonly { readonly table: TableDefinition; readonly access: TableAccess }[];
  readonly keys: readonly { readonly key: KeyDefinition; readonly access: readonly KeyAccess[] }[];
  readonly queues?: readonly { readonly queue: QueueDefinition; readonly access: QueueAccess; readonly batchSize?: number }[];
  /**
   * Functions that create and delete one-time schedules in the one-time schedule group, and
   * the functions those schedules invoke (by function id).
   */
  readonly oneTimeSchedules?: { readonly targets: readonly string[] };
  readonly timeoutSeconds: number;
  readonly memoryMegabytes: number;
}

const API_TIMEOUT_SECONDS = 10;
const API_MEMORY_MEGABYTES = 512;

const apiFunction = (
  name: string,
  description: string,
  access: Pick<FunctionDefinition, 'tables' | 'keys'>,
): FunctionDefinition => ({
  name,
  description,
  timeoutSeconds: API_TIMEOUT_SECONDS,
  memoryMegabytes: API_MEMORY_MEGABYTES,
  ...access,
});

export const functions = {
  healthGet: apiFunction('health-get', 'Liveness answer, no authentication', { tables: [], keys: [] }),
  openapiGet: apiFunction('openapi-get', 'The OpenAPI 3.1 document', { tables: [], keys: [] }),
  jwksGet: apiFunction('jwks-get', 'The ticket signing public keys as a JWK Set', {
    tables: [],
    keys: [{ key: ticketSigningKey, access: ['getPublicKey'] }],
  }),
  ticketCreate: apiFunction('ticket-create', 'Issue a KMS-signed ticket', {
    tables: [{ table: coreTable, access: 'readWrite' }],
    keys: [{ key: ticketSigningKey, access: ['sign', 'getPublicKey'] }],
  }),
  ticketGet: apiFunction('ticket-get', 'Read a ticket record', {
    tables: [{ table: coreTable, access: 'read' }],
    keys: [],
  }),
  accountCreate: apiFunction('account-create', 'Create a ledger account (operator)', {
    tables: [
      { table: ledgerTable, access: 'readWrite' },
      { table: coreTable, access: 'readWrite' },
    ],
    keys: [],
  }),
  accountGet: apiFunction('account-get', 'Read a ledger account and its balances (operator)', {
    tables: [{ table: ledgerTable, access: 'read' }],
    keys: [],
  }),
  accountEntriesList: apiFunction('account-entries-list', "An account's history with running balances (operator)", {
    tables: [{ table: ledgerTable, access: 'read' }],
    keys: [],
  }),
  transferCreate: apiFunction('transfer-create', 'Create a transfer or a linked batch (operator)', {
    tables: [
      { table: ledgerTable, access: 'readWrite' },
      { table: coreTable, access: 'readWrite' },
    ],
    keys: [],
  }),
  transferGet: apiFunction('transfer-get', 'Read a transfer (operator)', {
    tables: [{ table: ledgerTable, access: 'read' }],
    keys: [],
  }),
  transferPost: apiFunction('transfer-post', 'Post a hold in full or in part (operator)', {
    tables: [
      { table: ledgerTable, access: 'readWrite' },
      { table: coreTable, access: 'readWrite' },
    ],
    keys: [],
  }),
  transferVoid: apiFunction('transfer-void', 'Void a hold (operator)', {
    tables: [
      { table: ledgerTable, access: 'readWrite' },
      { table: coreTable, access: 'readWrite' },
    ],
    keys: [],
  }),
  ledgerExpire: {
    name: 'ledger-expire',
    description: 'Scheduled: expire the holds that are due',
    tables: [{ table: ledgerTable, access: 'readWrite' }],
    keys: [],
    timeoutSeconds: 60,
    memoryMegabytes: 512,
  },
} as const satisfies Record<string, FunctionDefinition>;

export type FunctionId = keyof typeof functions;

export const functionList: readonly FunctionDefinition[] = Object.values(functions);
