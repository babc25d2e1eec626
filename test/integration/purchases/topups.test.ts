import { dynamoDocumentClient } from '../../../shared/adapters/aws/clients';
import { DynamoOfferStore } from '../../../shared/adapters/aws/offers-dynamodb';
import { DynamoPartyStore } from '../../../shared/adapters/aws/parties-dynamodb';
import { DynamoPurchaseStore } from '../../../shared/adapters/aws/purchases-dynamodb';
import { DynamoRevocationStore } from '../../../shared/adapters/aws/revocations-dynamodb';
import { documentSigner } from '../../../shared/adapters/aws/signing-wiring';
import { DynamoPseudonymStore, DynamoTicketStore } from '../../../shared/adapters/aws/tickets-dynamodb';
import { ledger, ledgerEntries } from '../../../shared/adapters/aws/wiring';
import { loadConfig, resourceFromEnv } from '../../../shared/config';
import { coreTable } from '../../../shared/resources/tables';
import { topUpContract } from '../../contract/topup-contract';
import { ManualClock } from '../../fixtures/clock';
import { makeWorld } from '../../fixtures/purchases-world';

/** The top-up scenarios on the deployed adapters: DynamoDB Local's core table and ledger. */
const config = loadConfig(process.env);
const tableName = resourceFromEnv(process.env, coreTable);
const client = dynamoDocumentClient();

topUpContract('DynamoDB', () =>
  makeWorld({
    clock: new ManualClock(Date.now()),
    ledger: ledger(process.env),
    ledgerEntries: ledgerEntries(process.env),
    parties: new DynamoPartyStore(client, tableName),
    offers: new DynamoOfferStore(client, tableName),
    purchases: new DynamoPurchaseStore(client, tableName),
    ticketStore: new DynamoTicketStore(client, tableName),
    pseudonyms: new DynamoPseudonymStore(client, tableName),
    revocations: new DynamoRevocationStore(client, tableName),
    signer: documentSigner(process.env, config),
  }),
);
