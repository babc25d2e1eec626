import type { MachineClientRecord, MachineClientStore } from '../domain/identity/ports';
import { MACHINE_CLIENT_CACHE_ENTRIES_MAX, MACHINE_CLIENT_CACHE_SECONDS } from '../limits';
import type { Clock } from '../ports';
import type { MachineClientLookup } from './auth';

/**
 * The client-id → party mapping as the API reads it: one store read per client per container
 * every MACHINE_CLIENT_CACHE_SECONDS, so a machine token costs a lookup only on its first
 * request in a container, and a deleted credential stops acting within that time. The store is
 * built on first use, so functions that never see a machine token never touch it.
 */
export class CachedMachineClients implements MachineClientLookup {
  private readonly entries = new Map<
    string,
    { readonly record: MachineClientRecord | undefined; readonly expiresAtMs: number }
  >();
  private store: Pick<MachineClientStore, 'getMachineClient'> | undefined;

  constructor(
    private readonly openStore: () => Pick<MachineClientStore, 'getMachineClient'>,
    private readonly clock: Clock,
  ) {}

  async lookup(clientId: string): Promise<MachineClientRecord | undefined> {
    const nowMs = this.clock.now();
    const cached = this.entries.get(clientId);
    if (cached !== undefined && cached.expiresAtMs > nowMs) return cached.record;
    this.store ??= this.openStore();
    const record = await this.store.getMachineClient(clientId);
    if (this.entries.size >= MACHINE_CLIENT_CACHE_ENTRIES_MAX) this.entries.clear();
    this.entries.set(clientId, { record, expiresAtMs: nowMs + MACHINE_CLIENT_CACHE_SECONDS * 1000 });
    return record;
  }
}
