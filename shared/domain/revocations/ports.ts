import type { RevocationEntry } from './revocations';

/**
 * The providers' revocation lists, declared by their consumer (refunds, settlement,
 * reservations and the signed list endpoint). Versions per provider are 1, 2, 3 … gap-free.
 */
export interface RevocationStore {
  /**
   * Gives each ticket the provider's next version, once: a ticket listed already (by an
   * earlier or a concurrent append) keeps its first entry. All entries are of one provider
   * and name distinct tickets; the answer is their entries in the same order. Many tickets
   * move the list's head together (as many per write as the store's write allows), not once
   * each. Throws DomainError TRANSACTION_CONFLICT when concurrent appends for the provider
   * kept winning the race for the next version beyond a bounded number of attempts: the
   * tickets appended before that stay listed, and the caller's retry lists the rest.
   */
  append(entries: readonly Omit<RevocationEntry, 'version'>[]): Promise<RevocationEntry[]>;
  /**
   * Entries with version > sinceVersion in version order, at most `limit`, and the list's
   * latest version (0 for a provider with no list). `sinceVersion` is at most
   * REVOCATION_VERSION_MAX (the request schema caps it; more is a broken invariant).
   */
  list(providerId: string, sinceVersion: number, limit: number): Promise<{ entries: RevocationEntry[]; latestVersion: number }>;
}
