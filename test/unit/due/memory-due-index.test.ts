import { MemoryDueIndex } from '../../../shared/adapters/memory/due-index';
import type { DueEntry } from '../../../shared/domain/due/ports';
import { dueIndexContract } from '../../contract/due-index-contract';

dueIndexContract('in memory', async (layout, shardOf) => {
  const index = new MemoryDueIndex<DueEntry>(layout, shardOf);
  return {
    index,
    put: async (id, dueAtMs) => index.put({ id }, dueAtMs),
    remove: async (id) => index.remove(id),
  };
});
