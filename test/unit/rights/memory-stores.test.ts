import { EnvelopeContentKeyVault } from '../../../shared/adapters/content-key-envelope';
import { MemoryDataKeys } from '../../../shared/adapters/memory/content-keys';
import { MemoryContentStore } from '../../../shared/adapters/memory/contents';
import { MemoryAllowanceStore, MemoryIntakeStore } from '../../../shared/adapters/memory/rights';
import { MemoryTicketStore } from '../../../shared/adapters/memory/tickets';
import { contentsContract } from '../../contract/contents-contract';
import { rightsContract } from '../../contract/rights-contract';

rightsContract('in memory', async () => {
  const tickets = new MemoryTicketStore();
  return { tickets, allowances: new MemoryAllowanceStore(tickets), intake: new MemoryIntakeStore() };
});

contentsContract('in memory', async () => ({
  contents: new MemoryContentStore(),
  vault: new EnvelopeContentKeyVault(new MemoryDataKeys()),
}));
