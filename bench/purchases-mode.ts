import { benchPurchases } from './purchases';
import { benchReconfirms } from './reconfirms';
import { benchRefunds } from './refunds';
import { instrument, newTally } from './requests';

/**
 * One run of the purchase bench, then the reconfirm and refund benches, in this process, with the signing
 * mode of its environment: signing.ts starts it once per mode. Prints the benches' lines, then
 * the purchase result as one JSON line.
 */
const print = (line: string) => process.stdout.write(`${line}\n`);
const tally = { current: newTally() };
instrument(tally);
const result = await benchPurchases(print, tally);
await benchReconfirms(tally, print);
await benchRefunds(tally, print);
process.stdout.write(`BENCH_RESULT ${JSON.stringify(result)}\n`);
// The shared SDK clients keep sockets open; the run is over.
process.exit(0);
