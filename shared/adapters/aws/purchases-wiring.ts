import { purchaseConfigOf, resourceFromEnv, signingPolicyOf, type CoreConfig } from '../../config';
import type { OfferDeps } from '../../domain/offers/offers';
import type { LedgerTransfers } from '../../domain/ledger/ports';
import type { CarrierLinkCreateDeps } from '../../domain/parties/carrier-links';
import type { PartyDeps } from '../../domain/parties/parties';
import type { PurchaseDeps } from '../../domain/purchases/create';
import type { DocketReadDeps } from '../../domain/purchases/docket';
import type { RecoveryDeps } from '../../domain/purchases/recover';
import type { RefundDeps } from '../../domain/purchases/refund';
import type { SettlementDeps } from '../../domain/purchases/settle';
import type { SignedListDeps } from '../../domain/revocations/revocations';
import type { Logger } from '../../logger';
import { randomIds } from '../../ids';
import { systemClock } from '../../ports';
import { functionMetrics } from '../powertools/metrics';
import { settlementQueue } from '../../resources/queues';
import { coreTable, ledgerTable } from '../../resources/tables';
import { dynamoDocumentClient } from './clients';
import { DynamoContentStore } from './contents-dynamodb';
import { DynamoDeviceStore } from './identity-devices-dynamodb';
import { DynamoOfferStore } from './offers-dynamodb';
import { pendingHoldsIndex } from './ledger-due-index';
import { DynamoPurchaseStore, recoveryWatermarkKey } from './purchases-dynamodb';
import { SqsSettlementQueue } from './settlement-queue-sqs';
import { sqs } from './sqs-client';
import { DynamoPseudonymStore } from './tickets-dynamodb';
import { billedLedger, billedLedgerTransfers } from './billed-ledger';
import { delegatedKeyStore, documentSigner, ticketSigner } from './signing-wiring';
import { ledgerAccounts, ledgerTransfers, partyStore, revocationStore, ticketDeps, ticketStore } from './wiring';

/**
 * The wiring of the purchase path's functions (see wiring.ts): built once per container,
 * each builder reading only the resources its function was given.
 */
const coreTableName = (env: NodeJS.ProcessEnv): string => resourceFromEnv(env, coreTable);

const contentStore = (env: NodeJS.ProcessEnv): DynamoContentStore =>
  new DynamoContentStore(dynamoDocumentClient(), coreTableName(env));

const settlementQueueOf = (env: NodeJS.ProcessEnv): SqsSettlementQueue =>
  new SqsSettlementQueue(sqs(), resourceFromEnv(env, settlementQueue));

/** Registering parties (providers, agents, customers): the ledger only opens their accounts. */
export const partyRegistrationDeps = (env: NodeJS.ProcessEnv): PartyDeps => ({
  parties: partyStore(env),
  ledger: ledgerAccounts(env),
  clock: systemClock,
  defaultCurrency: purchaseConfigOf(env).defaultCurrency,
});

/** A carrier's links: the party store only (a link opens no account until it is redeemed). */
export const carrierLinkDeps = (env: NodeJS.ProcessEnv): CarrierLinkCreateDeps => {
  const config = purchaseConfigOf(env);
  return {
    parties: partyStore(env),
    clock: systemClock,
    ids: randomIds,
    defaultCurrency: config.defaultCurrency,
    linkSeconds: config.carrierLinkSeconds,
  };
};

/** Parties with the transfers level, for a top-up: it moves money into the wallet it opens. */
export const partyDeps = (env: NodeJS.ProcessEnv): PartyDeps<LedgerTransfers> => ({
  parties: partyStore(env),
  ledger: ledgerTransfers(env),
  clock: systemClock,
  defaultCurrency: purchaseConfigOf(env).defaultCurrency,
});

export const offerDeps = (env: NodeJS.ProcessEnv, config: CoreConfig): OfferDeps => ({
  offers: offerStore(env),
  parties: partyStore(env),
  contents: contentStore(env),
  ledger: ledgerAccounts(env),
  clock: systemClock,
  ticketValiditySecondsMax: config.ticketValiditySecondsMax,
});

export const offerStore = (env: NodeJS.ProcessEnv): DynamoOfferStore =>
  new DynamoOfferStore(dynamoDocumentClient(), coreTableName(env));

export const purchaseStore = (env: NodeJS.ProcessEnv): DynamoPurchaseStore =>
  new DynamoPurchaseStore(dynamoDocumentClient(), coreTableName(env));

export const purchaseDeps = (env: NodeJS.ProcessEnv, config: CoreConfig): PurchaseDeps => ({
  parties: partyStore(env),
  contents: contentStore(env),
  devices: new DynamoDeviceStore(dynamoDocumentClient(), coreTableName(env)),
  offers: offerStore(env),
  purchases: purchaseStore(env),
  ledger: ledgerTransfers(env),
  tickets: ticketDeps(env, config),
  revocations: revocationStore(env),
  settlementQueue: settlementQueueOf(env),
  clock: systemClock,
  holdTimeoutSeconds: purchaseConfigOf(env).holdTimeoutSeconds,
  metrics: functionMetrics(env),
});

export const settlementDeps = (env: NodeJS.ProcessEnv, config: CoreConfig, logger: Logger): SettlementDeps => ({
  purchases: purchaseStore(env),
  ledger: billedLedger(env),
  ticketStore: ticketStore(env),
  pseudonyms: new DynamoPseudonymStore(dynamoDocumentClient(), coreTableName(env)),
  revocations: revocationStore(env),
  signer: documentSigner(env, config),
  issuer: config.issuer,
  clock: systemClock,
  logger,
  metrics: functionMetrics(env),
  maxReceiveCount: settlementQueue.maxReceiveCount,
});

export const recoveryDeps = (env: NodeJS.ProcessEnv, config: CoreConfig): RecoveryDeps => ({
  purchases: purchaseStore(env),
  // A purchase whose request crashed before storing its ticket gets it issued before its message is sent.
  offers: offerStore(env),
  devices: new DynamoDeviceStore(dynamoDocumentClient(), coreTableName(env)),
  tickets: ticketDeps(env, config),
  revocations: revocationStore(env),
  // The ledger's hold due index, read only; the sweep's watermark is kept beside the purchases.
  holds: pendingHoldsIndex({
    client: dynamoDocumentClient(),
    ledgerTableName: resourceFromEnv(env, ledgerTable),
    watermark: { tableName: coreTableName(env), key: recoveryWatermarkKey },
  }),
  settlementQueue: settlementQueueOf(env),
  clock: systemClock,
  settlementGraceSeconds: purchaseConfigOf(env).settlementGraceSeconds,
  holdTimeoutSeconds: purchaseConfigOf(env).holdTimeoutSeconds,
});

/** The customers' pseudonyms towards providers (the `sub` of tickets and dockets). */
export const pseudonymStore = (env: NodeJS.ProcessEnv): DynamoPseudonymStore =>
  new DynamoPseudonymStore(dynamoDocumentClient(), coreTableName(env));

export const refundDeps = (env: NodeJS.ProcessEnv, config: CoreConfig): RefundDeps => ({
  purchases: purchaseStore(env),
  ledger: billedLedgerTransfers(env),
  ticketStore: ticketStore(env),
  revocations: revocationStore(env),
  clock: systemClock,
  metrics: functionMetrics(env),
  // A refund docket is signed as a docket is: the window's delegated key, or KMS (refund-docket.ts).
  refundDockets: {
    signer: documentSigner(env, config),
    issuer: config.issuer,
    pseudonyms: pseudonymStore(env),
  },
});

export const revocationListDeps = (env: NodeJS.ProcessEnv, config: CoreConfig): SignedListDeps => ({
  revocations: revocationStore(env),
  // provider-revocations-get only reads the core table: it never creates a delegated key.
  signer: documentSigner(env, config, { createMissingKeys: false }),
  issuer: config.issuer,
  clock: systemClock,
});

/**
 * What serving a docket needs but the purchases (servedDocket, servedPurchases): the KMS key
 * itself, which signs again a docket whose key is leaving the JWK Set, and the delegated keys,
 * to learn how long a docket's key stays listed. Every function that answers a purchase or a
 * docket has it, with the KMS key's Sign and the core table's write (shared/resources/functions.ts).
 */
export const docketReadDeps = (env: NodeJS.ProcessEnv, config: CoreConfig): Omit<DocketReadDeps, 'purchases'> => ({
  rootSigner: ticketSigner(env),
  keys: delegatedKeyStore(env),
  clock: systemClock,
  policy: signingPolicyOf(config),
});
