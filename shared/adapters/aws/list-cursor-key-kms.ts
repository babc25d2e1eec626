import { resourceFromEnv } from '../../config';
import type { ListCursorKey } from '../../domain/list-cursor';
import { listCursorKey } from '../../resources/keys';
import { generateMac } from './list-cursor-mac-kms';

/** The message whose HMAC under the list cursor key is the key that seals cursors. */
const DERIVATION_LABEL = 'kippu list cursor sealing key v1';

/**
 * The sealing key, derived on the first cursor a container seals or opens (one
 * kms:GenerateMac) and kept for the container's life; a failed derivation is not kept, the
 * next list tries again. The container's KMS client (kms-shared.ts) and the one command are
 * imported then too (list-cursor-mac-kms.ts), not at init: most list requests of a container
 * never need them again, and functions that list nothing do not bundle this.
 */
export const kmsListCursorKey = (env: NodeJS.ProcessEnv): ListCursorKey => {
  const keyId = resourceFromEnv(env, listCursorKey);
  let derived: Promise<Uint8Array> | undefined;
  const derive = async (): Promise<Uint8Array> => generateMac(keyId, DERIVATION_LABEL);
  return {
    key: () =>
      (derived ??= derive().catch((error: unknown) => {
        derived = undefined;
        throw error;
      })),
  };
};
