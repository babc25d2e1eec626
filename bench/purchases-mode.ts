import { benchPurchases } from './purchases';

/**
 * One run of the purchase bench in this process, with the signing mode of its environment:
 * signing.ts starts it once per mode. Prints the bench's lines, then the result as one JSON line.
 */
const result = await benchPurchases((line) => process.stdout.write(`${line}\n`));
process.stdout.write(`BENCH_RESULT ${JSON.stringify(result)}\n`);
// The shared SDK clients keep sockets open; the run is over.
process.exit(0);
