import { describe, expect, it } from 'vitest';
import { functionList } from '../../../shared/resources/functions';
import { inputsOf } from '../../fixtures/function-bundles';

/**
 * A function that serves several routes tells them apart by the operation id of the route a
 * request came by. It reads it from the generated table of the operation ids of such routes
 * (shared/http/operation-inputs.ts, `OPERATION_IDS`), not from the route table itself, which
 * a bundle would hold whole and build at import (about 4 KiB and seventy calls): the route
 * table is for the stack, the local server and the OpenAPI document.
 * This bundles every function as the stack does and checks that none holds the route table,
 * and that the functions serving several routes hold the generated operation ids instead.
 */
const SEVERAL_ROUTES = ['content-manage', 'device-manage', 'purchase-get', 'reservation-get', 'ticket-redeem', 'ticket-share'];
const ROUTE_TABLE = ['shared/resources/routes.ts', 'shared/resources/routes-rights.ts'];
const OPERATION_IDS = 'shared/http/operation-inputs.ts';

describe('the function bundles', () => {
  it(
    'hold no route table, and the functions that serve several routes read the generated operation ids',
    { timeout: 120_000 },
    async () => {
      // Prepare
      const watched = new Set([...ROUTE_TABLE, OPERATION_IDS]);

      // Act
      const held = await inputsOf(
        functionList.map((definition) => definition.name),
        (path) => watched.has(path),
      );

      // Assess
      expect(held.size).toBe(functionList.length);
      expect([...held].filter(([, inputs]) => ROUTE_TABLE.some((path) => path in inputs)).map(([name]) => name)).toEqual([]);
      for (const name of SEVERAL_ROUTES) expect(held.get(name)?.[OPERATION_IDS], name).toBeGreaterThan(0);
    },
  );
});
