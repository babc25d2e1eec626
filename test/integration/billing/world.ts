import { realSleep } from '../../../shared/contention';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoActivityIndex } from '../../../shared/adapters/aws/billing-activity-dynamodb';
import { DynamoChargeCatalog } from '../../../shared/adapters/aws/billing-catalog-dynamodb';
import { DynamoBillingRunStore } from '../../../shared/adapters/aws/billing-runs-dynamodb';
import { DynamoStatementStore } from '../../../shared/adapters/aws/billing-statements-dynamodb';
import { DynamoLedgerHistory } from '../../../shared/adapters/aws/ledger-history-dynamodb';
import { DynamoDbLedger } from '../../../shared/adapters/aws/ledger-dynamodb';
import { DynamoDbLedgerEntries } from '../../../shared/adapters/aws/ledger-entries-dynamodb';
import { DynamoOfferStore } from '../../../shared/adapters/aws/offers-dynamodb';
import { DynamoPartyStore } from '../../../shared/adapters/aws/parties-dynamodb';
import { DynamoPurchaseStore } from '../../../shared/adapters/aws/purchases-dynamodb';
import { DynamoReservationStore } from '../../../shared/adapters/aws/reservations-dynamodb';
import { DynamoRevocationStore } from '../../../shared/adapters/aws/revocations-dynamodb';
import { DynamoPseudonymStore, DynamoTicketStore } from '../../../shared/adapters/aws/tickets-dynamodb';
import { ticketSigner } from '../../../shared/adapters/aws/signing-wiring';
import { ManualClock } from '../../fixtures/clock';
import { billingTable, coreTable, ledgerTable, reservationsTable } from '../../../shared/resources/tables';
import { BILLING_WORLD_START_MS, makeBillingWorld } from '../../fixtures/billing-world';
import { dynamo, freshTable } from './tables';

/**
 * A billing world on every real adapter: DynamoDB Local (fresh ledger, core, reservations and
 * billing tables, so it has its own calendar and activity index) and the KMS signing key in moto.
 * `statementPageLines` pages statements (and builds larger ones across messages) as the
 * deployed setting would.
 */
export const realBillingWorld = async (options: { statementPageLines?: number } = {}) => {
  const { documentClient } = dynamo();
  const [ledgerName, coreName, reservationsName, billingName] = await Promise.all([
    freshTable(ledgerTable),
    freshTable(coreTable),
    freshTable(reservationsTable),
    freshTable(billingTable),
  ]);
  const clock = new ManualClock(BILLING_WORLD_START_MS);
  const world = makeBillingWorld({
    clock,
    baseLedger: new DynamoDbLedger({ client: documentClient, tableName: ledgerName, clock }),
    ledgerEntries: new DynamoDbLedgerEntries({ client: documentClient, tableName: ledgerName }),
    history: new DynamoLedgerHistory(documentClient, ledgerName),
    catalog: new DynamoChargeCatalog(documentClient, { core: coreName, reservations: reservationsName }),
    activity: new DynamoActivityIndex(documentClient, billingName),
    runs: new DynamoBillingRunStore(documentClient, billingName),
    statements: new DynamoStatementStore(documentClient, billingName),
    reservationStore: new DynamoReservationStore(documentClient, reservationsName, realSleep, coreName),
    parties: new DynamoPartyStore(documentClient, coreName),
    offers: new DynamoOfferStore(documentClient, coreName),
    purchases: new DynamoPurchaseStore(documentClient, coreName),
    ticketStore: new DynamoTicketStore(documentClient, coreName),
    pseudonyms: new DynamoPseudonymStore(documentClient, coreName),
    revocations: new DynamoRevocationStore(documentClient, coreName),
    signer: ticketSigner(process.env),
    ...options,
  });
  const transferCount = async (): Promise<number> => {
    const answer = await documentClient.send(
      new ScanCommand({
        TableName: ledgerName,
        FilterExpression: 'begins_with(pk, :transfer)',
        ExpressionAttributeValues: { ':transfer': 'TRANSFER#' },
        Select: 'COUNT',
      }),
    );
    return answer.Count ?? 0;
  };
  return { world, transferCount, billingTableName: billingName };
};
