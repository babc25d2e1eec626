import {
  apiFunction,
  backgroundFunction,
  grants,
  documentSigning,
  listCursors,
  type FunctionDefinition,
} from './function-definition';
import { CONTENT_KEY_CONTEXT, dataKey } from './keys';
import { coreTable } from './tables';

/**
 * The usage-rights functions (docs/usage-rights.md): the content catalogue with the usage log,
 * the redeem intake, what a holder does with a ticket, and the reservation expiry sweep. Each
 * serves several routes (the same permissions, fewer resources in the stack). Part of
 * `functions` (shared/resources/functions.ts).
 */
export const rightsFunctions = {
  contentManage: apiFunction('content-manage', 'Contents (create, search, read) and the usage log per content and per customer', {
    tables: grants('readWrite', coreTable),
    // Seals each content key in an envelope: a data key from KMS per content.
    keys: [{ key: dataKey, access: ['generateDataKey'], context: CONTENT_KEY_CONTEXT }, listCursors],
  }),
  ticketRedeem: apiFunction('ticket-redeem', 'The redeem intake: redeems, usage reports and the drain switch', {
    tables: grants('readWrite', coreTable),
    // Opens a content key's envelope to wrap it for the bound device, and nothing else of the data key's.
    keys: [{ key: dataKey, access: ['decrypt'], context: CONTENT_KEY_CONTEXT }],
  }),
  ticketShare: apiFunction('ticket-share', "A holder's ticket: one-time passwords, grants, transfers to another device", {
    tables: grants('readWrite', coreTable),
    // Signs the grantee's and the transferred tickets.
    keys: documentSigning,
  }),
  usageExpire: backgroundFunction(
    'usage-expire',
    'Scheduled: give back the seconds of usage reservations nobody reported in time',
    60,
    {
      tables: grants('readWrite', coreTable),
    },
  ),
} as const satisfies Record<string, FunctionDefinition>;
