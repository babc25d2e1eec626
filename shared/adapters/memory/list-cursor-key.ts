import { randomBytes } from 'node:crypto';
import type { ListCursorKey } from '../../domain/list-cursor';

/** A sealing key of this process only (tests with in-memory ports): cursors of another instance do not open. */
export const memoryListCursorKey = (): ListCursorKey => {
  const key = randomBytes(32);
  return { key: async () => key };
};
