import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { MachineClientRecord, MachineClientStore, SessionRecord, SessionStore } from '../../domain/identity/ports';
import { countDown, countUp } from './counters';
import { deleteExisting, putIfAbsent, putNew, transactWrite } from './conditional-writes';
import { readItem, recordOf } from './items';

/**
 * Sessions, DPoP proof ids and machine-client mappings in the core table:
 *   `SESSION#<token id>` / `SESSION`              the device a session's access token was issued to
 *   `DPOP#<jkt>#<jti>` / `DPOP`                   a proof id seen, kept past the proof's acceptance window
 *   `MACHINE_CLIENT#<client id>` / `MACHINE_CLIENT`  the provider or agent an app client acts as
 *   `PARTY#<role>#<party id>` / `MACHINE_CLIENTS` how many app clients the party holds
 * `ttl` removes sessions and proof ids once they can no longer matter (cleanup only: a proof
 * past its window is refused as stale before its id is looked at).
 */
const sessionKey = (tokenId: string) => ({ pk: `SESSION#${tokenId}`, sk: 'SESSION' });
const proofKey = (jkt: string, jti: string) => ({ pk: `DPOP#${jkt}#${jti}`, sk: 'DPOP' });
const machineClientKey = (clientId: string) => ({ pk: `MACHINE_CLIENT#${clientId}`, sk: 'MACHINE_CLIENT' });
const partyCounterKey = (role: string, partyId: string) => ({ pk: `PARTY#${role}#${partyId}`, sk: 'MACHINE_CLIENTS' });
const epochSeconds = (epochMs: number) => Math.ceil(epochMs / 1000);

/**
 * One machine client by its id, as every API function reads it to resolve a machine token
 * (machine-clients-wiring.ts): a function of its own, so that those bundles do not carry the
 * whole session store.
 */
export const readMachineClient = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  clientId: string,
): Promise<MachineClientRecord | undefined> => {
  const item = await readItem(client, tableName, machineClientKey(clientId));
  return item === undefined ? undefined : recordOf<MachineClientRecord>(item, 'entity');
};

/** One session by its token id, as every API function reads it to check a customer's token (session-check-wiring.ts). */
export const readSession = async (
  client: DynamoDBDocumentClient,
  tableName: string,
  tokenId: string,
): Promise<SessionRecord | undefined> => {
  const item = await readItem(client, tableName, sessionKey(tokenId));
  return item === undefined ? undefined : recordOf<SessionRecord>(item, 'entity', 'ttl');
};

export class DynamoSessionStore implements SessionStore, MachineClientStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async putSession(session: SessionRecord): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...sessionKey(session.tokenId), entity: 'session', ...session, ttl: epochSeconds(session.expiresAtMs) },
      }),
    );
  }

  getSession(tokenId: string): Promise<SessionRecord | undefined> {
    return readSession(this.client, this.tableName, tokenId);
  }

  rememberProof(jkt: string, jti: string, keepUntilMs: number): Promise<boolean> {
    return putIfAbsent(this.client, {
      TableName: this.tableName,
      Item: { ...proofKey(jkt, jti), entity: 'dpop-proof', keepUntilMs, ttl: epochSeconds(keepUntilMs) },
    });
  }

  async putMachineClient(record: MachineClientRecord, clientsMax: number): Promise<boolean> {
    try {
      await transactWrite(this.client, [
        putNew(this.tableName, { ...machineClientKey(record.clientId), entity: 'machine-client', ...record }),
        countUp(this.tableName, partyCounterKey(record.role, record.partyId), 'count', { max: clientsMax }),
      ]);
      return true;
    } catch (error) {
      if (error instanceof TransactionCanceledException) return false;
      throw error;
    }
  }

  getMachineClient(clientId: string): Promise<MachineClientRecord | undefined> {
    return readMachineClient(this.client, this.tableName, clientId);
  }

  async removeMachineClient(clientId: string): Promise<boolean> {
    const record = await this.getMachineClient(clientId);
    if (record === undefined) return false;
    try {
      await transactWrite(this.client, [
        deleteExisting(this.tableName, machineClientKey(clientId)),
        countDown(this.tableName, partyCounterKey(record.role, record.partyId), 'count'),
      ]);
      return true;
    } catch (error) {
      // A concurrent removal of the same mapping won.
      if (error instanceof TransactionCanceledException) return false;
      throw error;
    }
  }
}
