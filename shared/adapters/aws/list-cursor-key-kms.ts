import { GenerateMacCommand } from '@aws-sdk/client-kms';
import { resourceFromEnv } from '../../config';
import type { ListCursorKey } from '../../domain/list-cursor';
import { assert } from '../../errors';
import { listCursorKey } from '../../resources/keys';
import { sharedKmsClient } from './kms-shared';

/** The message whose HMAC under the list cursor key is the key that seals cursors. */
const DERIVATION_LABEL = 'kippu list cursor sealing key v1';

/**
 * The sealing key, derived on the first cursor a container seals or opens (one
 * kms:GenerateMac) and kept for the container's life; a failed derivation is not kept, the
 * next list tries again. The container's KMS client (kms-shared.ts) is constructed then, not
 * at init. The command is imported statically, by name: a dynamic import of the client
 * package would make the bundler keep every command and error schema of it (about 40 KiB
 * parsed at each cold start, docs/cost.md), where this keeps the client class and the one
 * command. Functions that list nothing do not bundle this.
 */
export const kmsListCursorKey = (env: NodeJS.ProcessEnv): ListCursorKey => {
  const keyId = resourceFromEnv(env, listCursorKey);
  let derived: Promise<Uint8Array> | undefined;
  const derive = async (): Promise<Uint8Array> => {
    const answer = await sharedKmsClient().send(
      new GenerateMacCommand({ KeyId: keyId, MacAlgorithm: 'HMAC_SHA_256', Message: Buffer.from(DERIVATION_LABEL, 'utf8') }),
    );
    assert(answer.Mac !== undefined && answer.Mac.length === 32, 'KMS GenerateMac answers a 32-byte HMAC-SHA-256');
    return answer.Mac;
  };
  return {
    key: () =>
      (derived ??= derive().catch((error: unknown) => {
        derived = undefined;
        throw error;
      })),
  };
};
