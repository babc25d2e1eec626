import type { ReservationConfig } from '../../config';
import type { Logger } from '../../logger';
import type { BusinessMetrics, Clock, SecretHasher } from '../../ports';
import type { LedgerTransfers } from '../ledger/ports';
import type { PartyStore } from '../parties/ports';
import type { RevocationStore } from '../revocations/ports';
import type { TicketDeps } from '../tickets/issue';
import type { ExpiryScheduler, Notifier, ReservationRecords, ReservationStore } from './ports';

/**
 * Everything the reservation use cases may use. Each use case takes only the part it needs
 * (a Pick), so a function is wired with only the resources it is granted.
 */
export interface ReservationDeps {
  readonly store: ReservationStore;
  /** Registered parties: bookers, friends and viewers must be registered customers; the provider's fee terms. */
  readonly parties: PartyStore;
  readonly ledger: LedgerTransfers;
  readonly tickets: TicketDeps;
  /** The providers' revocation lists: tickets of a cancelled or failed show are appended. */
  readonly revocations: RevocationStore;
  readonly scheduler: ExpiryScheduler;
  readonly notifier: Notifier;
  readonly clock: Clock;
  readonly reservationConfig: ReservationConfig;
  /** Show passwords: hashed when set, checked when a viewer is admitted. */
  readonly passwords: SecretHasher;
  readonly logger: Logger;
  readonly metrics: BusinessMetrics;
}

/** The store as far as reading a reservation and finishing it go (ports.ts, ReservationRecords). */
export interface ReservationRecordsDeps {
  readonly store: ReservationRecords;
}
