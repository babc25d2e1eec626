import { MemoryReservationStore } from '../../../shared/adapters/memory/reservations';
import { reservationStoreContract } from '../../contract/reservations-store-contract';

reservationStoreContract('in memory', async () => new MemoryReservationStore());
