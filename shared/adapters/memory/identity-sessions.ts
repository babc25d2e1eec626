import type { MachineClientRecord, MachineClientStore, SessionRecord, SessionStore } from '../../domain/identity/ports';

/** Sessions, proof ids and machine-client mappings in memory, for unit tests, with the DynamoDB store's rules. */
export class MemorySessionStore implements SessionStore, MachineClientStore {
  readonly sessions = new Map<string, SessionRecord>();
  readonly proofs = new Set<string>();
  readonly machineClients = new Map<string, MachineClientRecord>();

  async putSession(session: SessionRecord) {
    this.sessions.set(session.tokenId, session);
  }

  async getSession(tokenId: string) {
    return this.sessions.get(tokenId);
  }

  async rememberProof(jkt: string, jti: string) {
    const key = `${jkt}#${jti}`;
    if (this.proofs.has(key)) return false;
    this.proofs.add(key);
    return true;
  }

  async putMachineClient(record: MachineClientRecord, clientsMax: number) {
    if (this.machineClients.has(record.clientId)) return false;
    const held = [...this.machineClients.values()].filter(
      (existing) => existing.role === record.role && existing.partyId === record.partyId,
    ).length;
    if (held >= clientsMax) return false;
    this.machineClients.set(record.clientId, record);
    return true;
  }

  async getMachineClient(clientId: string) {
    return this.machineClients.get(clientId);
  }

  async removeMachineClient(clientId: string) {
    return this.machineClients.delete(clientId);
  }
}
