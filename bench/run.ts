import { benchBilling } from './billing';
import { benchBillingStatement } from './billing-statement';
import { benchFunctions } from './functions';
import { benchLedger } from './ledger';
import { benchReservations } from './reservations';
import { benchSigning } from './signing';
import { benchRights } from './rights';
import { benchTickets } from './tickets';

/**
 * `npm run bench`: prints kippu's figures. Runs inside scripts/with-emulators.ts.
 * `npm run bench -- billing ledger` runs only the sections named.
 */
const print = (line: string) => process.stdout.write(`${line}\n`);

const sections: Readonly<Record<string, (out: typeof print) => Promise<void>>> = {
  functions: benchFunctions,
  tickets: benchTickets,
  ledger: benchLedger,
  // The purchase bench once per signing mode (KIPPU_SIGNING=kms and delegated), side by side.
  purchases: benchSigning,
  reservations: benchReservations,
  billing: benchBilling,
  // One large provider statement (KIPPU_BENCH_STATEMENT_LINES, default 50,000), its worker's time and memory.
  'billing-statement': benchBillingStatement,
  rights: benchRights,
};

const requested = process.argv.slice(2);
const unknown = requested.filter((name) => !(name in sections));
if (unknown.length > 0) {
  process.stderr.write(`unknown bench section(s): ${unknown.join(', ')}; known: ${Object.keys(sections).join(', ')}\n`);
  process.exit(2);
}

print(`kippu bench — node ${process.version}, ${new Date().toISOString()}`);
for (const [name, run] of Object.entries(sections)) {
  if (requested.length === 0 || requested.includes(name)) await run(print);
}
