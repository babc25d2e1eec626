import { billingTable, coreTable, ledgerTable, reservationsTable } from './tables';
import { ticketSigningKey } from './keys';
import { settlementQueue, SETTLEMENT_WORKER_TIMEOUT_SECONDS } from './queues';
import { SETTLEMENT_BATCH_SIZE } from '../limits';
import {
  apiFunction,
  backgroundFunction,
  grants,
  delegatedSigning,
  documentSigning,
  listCursors,
  machineClientLookup,
  type FunctionDefinition,
} from './function-definition';
import { billingFunctions } from './functions-billing';
import { identityFunctions } from './functions-identity';
import { rightsFunctions } from './functions-rights';

export type { FunctionDefinition, IdentityAccess, KeyAccess, KeyUse, TableAccess } from './function-definition';

/**
 * Every Lambda function, declared once (the shape is in function-definition.ts). The CDK
 * stack grants exactly the declared permissions (least privilege) and the local runtime loads
 * the same handler modules.
 */
/**
 * Functions that move a billed party's money write its activity marker (docs/billing.md):
 * they may write the billing table, and read nothing from it.
 */
const marksBillingActivity = { table: billingTable, access: 'write' } as const;

export const functions = {
  healthGet: apiFunction('health-get', 'Liveness answer, no authentication', { tables: [] }),
  openapiGet: apiFunction('openapi-get', 'The OpenAPI 3.1 document', { tables: [] }),
  jwksGet: apiFunction('jwks-get', 'The ticket signing public keys as a JWK Set', {
    // The delegated keys and their delegations are items of the core table.
    tables: grants('read', coreTable),
    keys: [{ key: ticketSigningKey, access: ['getPublicKey'] }],
  }),
  ticketCreate: apiFunction('ticket-create', 'Issue a KMS-signed ticket', {
    tables: grants('readWrite', coreTable),
    keys: documentSigning,
  }),
  ticketGet: apiFunction('ticket-get', 'Read a ticket record', {
    tables: grants('read', coreTable),
  }),
  accountCreate: apiFunction('account-create', 'Create a ledger account (operator)', {
    tables: grants('readWrite', ledgerTable, coreTable),
  }),
  accountGet: apiFunction('account-get', 'Read a ledger account and its balances (operator)', {
    tables: [{ table: ledgerTable, access: 'read' }, machineClientLookup],
  }),
  accountEntriesList: apiFunction('account-entries-list', "An account's history with running balances (operator)", {
    tables: [{ table: ledgerTable, access: 'read' }, machineClientLookup],
    keys: [listCursors],
  }),
  transferCreate: apiFunction('transfer-create', 'Create a transfer or a linked batch (operator)', {
    tables: [marksBillingActivity, { table: ledgerTable, access: 'readWrite' }, { table: coreTable, access: 'readWrite' }],
  }),
  transferGet: apiFunction('transfer-get', 'Read a transfer (operator)', {
    tables: [{ table: ledgerTable, access: 'read' }, machineClientLookup],
  }),
  transferPost: apiFunction('transfer-post', 'Post a hold in full or in part (operator)', {
    tables: [marksBillingActivity, { table: ledgerTable, access: 'readWrite' }, { table: coreTable, access: 'readWrite' }],
  }),
  transferVoid: apiFunction('transfer-void', 'Void a hold (operator)', {
    tables: grants('readWrite', ledgerTable, coreTable),
  }),
  ledgerExpire: backgroundFunction('ledger-expire', 'Scheduled: expire the holds that are due', 60, {
    tables: grants('readWrite', ledgerTable),
  }),
  // Parties, offers, purchases, settlement and revocation lists.
  providerCreate: apiFunction('provider-create', 'Register a provider and open its revenue accounts (operator)', {
    tables: grants('readWrite', coreTable, ledgerTable),
  }),
  agentCreate: apiFunction('agent-create', 'Register an agent (carrier, kiosk) and open its accounts (operator)', {
    tables: grants('readWrite', coreTable, ledgerTable),
  }),
  customerCreate: apiFunction('customer-create', 'Register a customer with a wallet and optionally a carrier account', {
    tables: grants('readWrite', coreTable, ledgerTable),
  }),
  carrierLinkCreate: apiFunction(
    'carrier-link-create',
    "A carrier's one-time code that opens a carrier account on its books (the agent, operators)",
    { tables: grants('readWrite', coreTable) },
  ),
  carrierAccountRedeem: apiFunction(
    'carrier-account-redeem',
    "A customer redeems a carrier's code: its carrier account and the carrier's accounts in its currency",
    { tables: grants('readWrite', coreTable, ledgerTable) },
  ),
  carrierAccountEnd: apiFunction(
    'carrier-account-end',
    'End a carrier subscription: the customer leaves, or its carrier or an operator ends it (the carrier account stays)',
    { tables: grants('readWrite', coreTable) },
  ),
  customerTopup: apiFunction('customer-topup', "An agent's cash top-up of a customer's wallet", {
    // A kiosk's top-up fee is on its agent statement: the top-up marks the agent's billing activity.
    tables: [marksBillingActivity, { table: coreTable, access: 'readWrite' }, { table: ledgerTable, access: 'readWrite' }],
  }),
  offerCreate: apiFunction('offer-create', 'A provider creates an offer', {
    tables: grants('readWrite', coreTable, ledgerTable),
  }),
  offerList: apiFunction('offer-list', 'List and search offers', {
    tables: grants('read', coreTable),
    keys: [listCursors],
  }),
  offerGet: apiFunction('offer-get', 'Read an offer (any signed-in role)', {
    tables: grants('read', coreTable),
  }),
  purchaseCreate: {
    ...apiFunction('purchase-create', 'Buy an offer: hold, ticket, enqueue settlement', {
      tables: grants('readWrite', coreTable, ledgerTable),
      keys: documentSigning,
    }),
    queues: [{ queue: settlementQueue, access: 'send' }],
  },
  meGet: apiFunction('me-get', "The caller's own party", { tables: grants('read', coreTable) }),
  meAccountsList: apiFunction('me-accounts-list', "The caller's ledger accounts with balances", {
    tables: grants('read', coreTable, ledgerTable),
    keys: [listCursors],
  }),
  meAccountEntriesList: apiFunction('me-account-entries-list', "The history of one of the caller's own accounts", {
    // The core table: customers' sessions and machine clients (the auth checks every authorized function makes).
    tables: [{ table: ledgerTable, access: 'read' }, machineClientLookup],
    keys: [listCursors],
  }),
  providerGet: apiFunction('provider-get', 'Read a provider (itself, operators)', {
    tables: grants('read', coreTable),
  }),
  agentGet: apiFunction('agent-get', 'Read an agent (itself, operators)', {
    tables: grants('read', coreTable),
  }),
  customerGet: apiFunction('customer-get', 'Read a customer (itself, its agent, operators)', {
    tables: grants('read', coreTable),
  }),
  purchaseGet: apiFunction(
    'purchase-get',
    "Read a purchase (its customer, its provider, operators); list a customer's purchases",
    {
      // readWrite and the KMS key's Sign: a settled purchase carries its docket as the docket
      // route serves it, so a docket whose key is leaving the JWK Set is signed again by the
      // KMS key once and stored (shared/domain/purchases/served.ts, docs/signing.md).
      tables: grants('readWrite', coreTable),
      keys: [{ key: ticketSigningKey, access: ['sign', 'getPublicKey'] }, listCursors],
    },
  ),
  purchaseDocketGet: apiFunction('purchase-docket-get', "A settled purchase's signed docket, a refunded one's refund docket", {
    // readWrite and the KMS key's Sign: a docket whose delegated key is about to leave the
    // JWK Set is signed again by the KMS key once and stored (docs/signing.md); so is a
    // refund docket after a root key rotation, and one a refund recorded before refund
    // dockets is signed on its first read.
    tables: grants('readWrite', coreTable),
    keys: [{ key: ticketSigningKey, access: ['sign', 'getPublicKey'] }],
  }),
  purchaseRefund: apiFunction(
    'purchase-refund',
    'Refund a purchase: reverse every leg, revoke the ticket, sign the refund docket',
    {
      tables: [marksBillingActivity, { table: coreTable, access: 'readWrite' }, { table: ledgerTable, access: 'readWrite' }],
      // The refund docket is signed as a docket is: the window's delegated key, or KMS (shared/domain/purchases/refund-docket.ts).
      keys: documentSigning,
    },
  ),
  settlementWorker: backgroundFunction(
    'settlement-worker',
    'SQS consumer: post and split purchase holds, sign dockets',
    SETTLEMENT_WORKER_TIMEOUT_SECONDS,
    {
      tables: [marksBillingActivity, { table: coreTable, access: 'readWrite' }, { table: ledgerTable, access: 'readWrite' }],
      keys: documentSigning,
      queues: [{ queue: settlementQueue, access: 'consume', batchSize: SETTLEMENT_BATCH_SIZE }],
    },
  ),
  providerRevocationsGet: apiFunction('provider-revocations-get', "A provider's signed revocation list since a version", {
    tables: grants('read', coreTable),
    // Read-only: it opens the window's delegated key but never creates one (no Encrypt).
    keys: [...delegatedSigning('decrypt'), listCursors],
  }),
  signingKeyRotate: backgroundFunction(
    'signing-key-rotate',
    'Scheduled: create the delegated signing keys of the current and the next window',
    60,
    {
      tables: grants('readWrite', coreTable),
      keys: delegatedSigning('encrypt'),
    },
  ),
  purchaseRecover: backgroundFunction(
    'purchase-recover',
    'Scheduled: issue missing tickets and re-enqueue the settlement of purchases still authorized after the grace',
    60,
    {
      tables: [
        // readWrite for the sweep's watermark and a missing purchase ticket (and its revocation); purchases are only read.
        { table: coreTable, access: 'readWrite' },
        // The ledger's due index of pending holds, where it finds authorized purchases.
        { table: ledgerTable, access: 'read' },
      ],
      // Signs a missing purchase ticket, as purchase-create would have.
      keys: documentSigning,
      queues: [{ queue: settlementQueue, access: 'send' }],
    },
  ),
  // Channels and reservations (docs/reservations.md).
  channelCreate: apiFunction('channel-create', 'A provider creates a channel', {
    tables: [
      { table: coreTable, access: 'readWrite' },
      { table: reservationsTable, access: 'readWrite' },
      // Opens the provider's revenue account in the channel's currency.
      { table: ledgerTable, access: 'readWrite' },
    ],
  }),
  channelAvailabilityGet: apiFunction('channel-availability-get', "A channel's slots, free or booked", {
    tables: [{ table: reservationsTable, access: 'read' }, machineClientLookup],
  }),
  channelGet: apiFunction('channel-get', 'Read a channel (any signed-in role)', {
    tables: [{ table: reservationsTable, access: 'read' }, machineClientLookup],
  }),
  reservationCreate: {
    ...apiFunction('reservation-create', 'Book channel slots tentatively; schedule the expiry', {
      tables: grants('readWrite', coreTable, reservationsTable),
    }),
    oneTimeSchedules: { targets: ['reservation-expire'] },
  },
  reservationGet: apiFunction('reservation-get', "Read a reservation (its booker, operators); list a customer's reservations", {
    // The core table: machine clients, and the customer an operator's list names (it must be registered).
    tables: grants('read', reservationsTable, coreTable),
    keys: [listCursors],
  }),
  reservationReconfirm: {
    ...apiFunction('reservation-reconfirm', 'Reconfirm: hold the price, issue the broadcaster ticket', {
      tables: grants('readWrite', coreTable, reservationsTable, ledgerTable),
      keys: documentSigning,
    }),
    oneTimeSchedules: { targets: ['reservation-expire'] },
  },
  reservationCancel: {
    ...apiFunction('reservation-cancel', 'Cancel a reservation (the fee is captured after reconfirmation)', {
      tables: [
        marksBillingActivity,
        { table: coreTable, access: 'readWrite' },
        { table: reservationsTable, access: 'readWrite' },
        { table: ledgerTable, access: 'readWrite' },
      ],
    }),
    oneTimeSchedules: { targets: ['reservation-expire'] },
  },
  reservationUpdate: apiFunction('reservation-update', "Change a reservation's metadata", {
    tables: grants('readWrite', coreTable, reservationsTable),
  }),
  reservationOutcome: apiFunction('reservation-outcome', 'The provider reports a failed show; the hold is voided', {
    tables: grants('readWrite', coreTable, reservationsTable, ledgerTable),
  }),
  reservationViewerAdmit: apiFunction('reservation-viewer-admit', 'Admit a viewer up to capacity; issue a viewer ticket', {
    tables: grants('readWrite', coreTable, reservationsTable),
    keys: documentSigning,
  }),
  reservationViewerLeave: apiFunction('reservation-viewer-leave', "Free a viewer's seat and revoke the viewer ticket", {
    tables: grants('readWrite', coreTable, reservationsTable),
  }),
  listingsGet: apiFunction('listings-get', 'Public and password shows with OPEN/CLOSE', {
    tables: grants('read', reservationsTable),
    keys: [listCursors],
  }),
  reservationExpire: backgroundFunction(
    'reservation-expire',
    'One-time schedule target: expire a booking at its reconfirmation deadline',
    30,
    {
      tables: grants('readWrite', reservationsTable, ledgerTable),
    },
  ),
  reservationSweep: backgroundFunction(
    'reservation-sweep',
    'Scheduled: expire the bookings whose reconfirmation deadline passed (safety net)',
    120,
    {
      tables: grants('readWrite', reservationsTable, ledgerTable),
    },
  ),
  reservationComplete: backgroundFunction(
    'reservation-complete',
    'Scheduled: post the holds of shows that ran; finish cancelled and failed ones',
    120,
    {
      tables: [
        marksBillingActivity,
        { table: reservationsTable, access: 'readWrite' },
        { table: ledgerTable, access: 'readWrite' },
        // Revokes the tickets of cancelled and failed shows (ticket records, revocation lists).
        { table: coreTable, access: 'readWrite' },
      ],
    },
  ),
  reservationNotify: {
    name: 'reservation-notify',
    description: 'Scheduled: deliver due reservation notifications from the outbox',
    tables: grants('readWrite', reservationsTable),
    keys: [],
    timeoutSeconds: 60,
    memoryMegabytes: 256,
  },
  ...identityFunctions,
  ...billingFunctions,
  ...rightsFunctions,
} as const satisfies Record<string, FunctionDefinition>;

export type FunctionId = keyof typeof functions;

export const functionList: readonly FunctionDefinition[] = /* @__PURE__ */ Object.values(functions);
