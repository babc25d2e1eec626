import { MemoryDelegatedKeyStore, MemorySigningKeyPairs } from '../../../shared/adapters/memory/signing';
import { delegatedKeyStoreContract, signingKeyPairsContract } from '../../contract/signing-contract';

/** The in-memory key store and key pairs against the same contract as DynamoDB and KMS. */
delegatedKeyStoreContract('in memory', async () => new MemoryDelegatedKeyStore());
signingKeyPairsContract('in memory', async () => new MemorySigningKeyPairs());
