import { resourceFromEnv } from '../../config';
import { ActivityMarker, MarkingLedger, MarkingLedgerTransfers } from '../../domain/billing/activity';
import type { Ledger, LedgerTransfers } from '../../domain/ledger/ports';
import { systemClock } from '../../ports';
import { billingTable } from '../../resources/tables';
import { DynamoActivityIndex, putActivityMarks } from './billing-activity-dynamodb';
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

/** The marker writes markers only: the index's listing (the coordinator's) stays out of these bundles. */
const activityMarker = (env: NodeJS.ProcessEnv): ActivityMarker => {
  const client = dynamoDocumentClient();
  const tableName = resourceFromEnv(env, billingTable);
  return new ActivityMarker({ mark: (marks) => putActivityMarks(client, tableName, marks) });
};

export const billedLedgerTransfers = (env: NodeJS.ProcessEnv): LedgerTransfers =>
  new MarkingLedgerTransfers(ledgerTransfers(env), activityMarker(env), systemClock);

export const billedLedger = (env: NodeJS.ProcessEnv): Ledger => new MarkingLedger(ledger(env), activityMarker(env), systemClock);
