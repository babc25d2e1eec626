import { resourceFromEnv } from '../../config';
import { ActivityMarker, MarkingLedger, MarkingLedgerTransfers } from '../../domain/billing/activity';
import type { Ledger, LedgerTransfers } from '../../domain/ledger/ports';
import { systemClock } from '../../ports';
import { billingTable } from '../../resources/tables';
import { DynamoActivityIndex } from './billing-activity-dynamodb';
import { dynamoDocumentClient } from './clients';
import { ledger, ledgerTransfers } from './wiring';

/**
 * The ledger of every function that moves a billed party's money (settlement, refunds,
 * reservation captures, the operator's transfers, remittance adjustments): it writes the
 * activity markers a billing run lists (docs/billing.md). One marker cache per container.
 * Two levels, like the ledger's: the settlement worker takes the whole `billedLedger` (its
 * groups are marked too); the other functions take `billedLedgerTransfers`, which does not
 * bundle groups or expiry.
 */
export const activityIndex = (env: NodeJS.ProcessEnv): DynamoActivityIndex =>
  new DynamoActivityIndex(dynamoDocumentClient(), resourceFromEnv(env, billingTable));

export const billedLedgerTransfers = (env: NodeJS.ProcessEnv): LedgerTransfers =>
  new MarkingLedgerTransfers(ledgerTransfers(env), new ActivityMarker(activityIndex(env)), systemClock);

export const billedLedger = (env: NodeJS.ProcessEnv): Ledger =>
  new MarkingLedger(ledger(env), new ActivityMarker(activityIndex(env)), systemClock);
