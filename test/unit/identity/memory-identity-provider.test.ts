import { MemoryIdentityProvider } from '../../../shared/adapters/memory/identity-provider';
import { identityProviderContract } from '../../contract/identity-provider-contract';

identityProviderContract('in memory', async () => new MemoryIdentityProvider());
