import { MemoryDeviceStore } from '../../../shared/adapters/memory/identity-devices';
import { MemoryRegistrationStore } from '../../../shared/adapters/memory/identity-registrations';
import { MemorySessionStore } from '../../../shared/adapters/memory/identity-sessions';
import { identityStoresContract } from '../../contract/identity-stores-contract';

identityStoresContract('in memory', async () => ({
  registrations: new MemoryRegistrationStore(),
  devices: new MemoryDeviceStore(),
  sessions: new MemorySessionStore(),
}));
