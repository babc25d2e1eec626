import type { RevocationStore } from '../../domain/revocations/ports';
import type { RevocationEntry } from '../../domain/revocations/revocations';
import { assert } from '../../errors';
import { REVOCATION_VERSION_MAX } from '../../limits';

/** Revocation lists in memory: versions per provider, one entry per ticket, as in DynamoDB. */
export class MemoryRevocationStore implements RevocationStore {
  private readonly lists = new Map<string, RevocationEntry[]>();
  private readonly byTicket = new Map<string, RevocationEntry>();

  async append(entries: readonly Omit<RevocationEntry, 'version'>[]) {
    assert(new Set(entries.map((entry) => entry.providerId)).size <= 1, 'one append lists the tickets of one provider');
    assert(new Set(entries.map((entry) => entry.ticketId)).size === entries.length, 'one append names each ticket once');
    return entries.map((entry) => {
      const existing = this.byTicket.get(entry.ticketId);
      if (existing !== undefined) return existing;
      const list = this.lists.get(entry.providerId) ?? [];
      const stored: RevocationEntry = { ...entry, version: list.length + 1 };
      list.push(stored);
      this.lists.set(entry.providerId, list);
      this.byTicket.set(entry.ticketId, stored);
      return stored;
    });
  }

  async list(providerId: string, sinceVersion: number, limit: number) {
    assert(
      Number.isSafeInteger(sinceVersion) && sinceVersion >= 0 && sinceVersion <= REVOCATION_VERSION_MAX,
      `since ${sinceVersion} is a version the key format holds (the request schema caps it)`,
    );
    const list = this.lists.get(providerId) ?? [];
    return { entries: list.filter((entry) => entry.version > sinceVersion).slice(0, limit), latestVersion: list.length };
  }
}
