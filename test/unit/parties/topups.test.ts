import { topUpContract } from '../../contract/topup-contract';
import { makeWorld } from '../../fixtures/purchases-world';

topUpContract('in memory', () => makeWorld());
