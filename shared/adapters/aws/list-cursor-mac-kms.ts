import { GenerateMacCommand } from '@aws-sdk/client-kms';
import { assert } from '../../errors';
import { sharedKmsClient } from './kms-shared';

/**
 * The one KMS call of the list cursor key (list-cursor-key-kms.ts), in a module of its own
 * that it imports on the first cursor: a dynamic import of the client package itself would
 * make the bundler keep every command and error schema of it, where this keeps the client
 * and the one command.
 */
export const generateMac = async (keyId: string, message: string): Promise<Uint8Array> => {
  const answer = await sharedKmsClient().send(
    new GenerateMacCommand({ KeyId: keyId, MacAlgorithm: 'HMAC_SHA_256', Message: Buffer.from(message, 'utf8') }),
  );
  assert(answer.Mac !== undefined && answer.Mac.length === 32, 'KMS GenerateMac answers a 32-byte HMAC-SHA-256');
  return answer.Mac;
};
