import { MemoryOfferStore } from '../../../shared/adapters/memory/offers';
import { MemoryPartyStore } from '../../../shared/adapters/memory/parties';
import { MemoryPurchaseStore } from '../../../shared/adapters/memory/purchases';
import { MemoryRevocationStore } from '../../../shared/adapters/memory/revocations';
import { MemoryPseudonymStore, MemoryTicketStore } from '../../../shared/adapters/memory/tickets';
import { offerStoreContract } from '../../contract/offers-contract';
import { partyStoreContract } from '../../contract/parties-contract';
import { pseudonymStoreContract } from '../../contract/pseudonyms-contract';
import { purchaseStoreContract } from '../../contract/purchases-contract';
import { revocationStoreContract } from '../../contract/revocations-contract';
import { ticketStoreContract } from '../../contract/tickets-contract';

/** The in-memory stores the unit tests use, held to the same contracts as the DynamoDB ones (test/integration/stores). */
ticketStoreContract('in memory', async () => new MemoryTicketStore());
pseudonymStoreContract('in memory', async () => new MemoryPseudonymStore());
partyStoreContract('in memory', async () => new MemoryPartyStore());
offerStoreContract('in memory', async () => new MemoryOfferStore());
purchaseStoreContract('in memory', async () => new MemoryPurchaseStore());
revocationStoreContract('in memory', async () => new MemoryRevocationStore());
