import { benchBilling } from './billing';
import { benchFunctions } from './functions';
import { benchLedger } from './ledger';
import { benchPurchases } from './purchases';
import { benchReservations } from './reservations';
import { benchTickets } from './tickets';

/** `npm run bench`: prints kippu's figures. Runs inside scripts/with-emulators.ts. */
const print = (line: string) => process.stdout.write(`${line}\n`);

print(`kippu bench — node ${process.version}, ${new Date().toISOString()}`);
await benchFunctions(print);
await benchTickets(print);
await benchLedger(print);
await benchPurchases(print);
await benchReservations(print);
await benchBilling(print);
