import { assert, DomainError } from '../../errors';
import {
  BILLING_ENTRIES_PAGE_SIZE,
  BILLING_STATEMENT_PAGE_LINES_DEFAULT,
  BILLING_STATEMENT_PAGES_MAX,
  BILLING_STATEMENT_STEP_ENTRIES_PER_PAGE_LINE,
} from '../../limits';
import type { BuildContext, IndexEntry, PageUnits, StatementBuild, StepOutcome } from './build-state';
import type { BillingDeps } from './deps';
import { addFigures, addTotals, kindPlanOf, type AnyLine, type KindPlan } from './paged-kinds';
import { makePage, splitLines, tooManyPages } from './pages';
import type { Period } from './period';
import type { LedgerHistory, StatementWriter } from './ports';
import { pagedStatementCsv } from './statement-csv';
import { carriedDue } from './statement-settle';
import type { PagedStatementBody, ReconciliationFigures, StatementBody, StatementPageRef } from './types';
import {
  accountWindowOf,
  byBillingOrder,
  entryRole,
  isSettlementTransfer,
  readTransfers,
  type WindowEntry,
  type WindowInput,
} from './window';

/**
 * A statement too large for one message, built one step per statement message
 * (docs/billing.md, "A statement built across messages"):
 *
 *  - **scan** steps read the window account by account from a stored history cursor, at most
 *    a step's entries each (BILLING_STATEMENT_STEP_ENTRIES_PER_PAGE_LINE × the page's lines),
 *    read their transfers and store the statement's entries as one part of its index;
 *  - the **sort** step reads the index, puts it in billing order, groups it into lines and
 *    stores, for each page, the entries of its lines;
 *  - each **page** step reads its page's entries and their transfers again and the catalog,
 *    builds the page's lines, stores the page (keyed by the statement and the page) and adds
 *    its totals, movement and reconciliation figures to the build; the last page's step ends
 *    the statement (its settlement, the document listing every page's digests), which the
 *    caller posts, signs and stores as any statement.
 *
 * Every step writes its parts first and then the build's next state, on the condition that it
 * is still at the step it read: a redelivered or racing message redoes at most one step and
 * then either carries on (it moved the build) or stops (another did). Parts are a pure function
 * of the window below the fixed cut-off, so writing one again writes the same bytes.
 */
export type BuildDeps = Pick<BillingDeps, 'history' | 'catalog' | 'clock' | 'payoutMinimumMinor' | 'statementPageLines'> & {
  readonly statements: StatementWriter;
};

export const pageLinesOf = (deps: Pick<BillingDeps, 'statementPageLines'>): number =>
  deps.statementPageLines ?? BILLING_STATEMENT_PAGE_LINES_DEFAULT;

/** The entries one step reads at most (and a window built in one message holds at most). */
export const stepEntriesOf = (deps: Pick<BillingDeps, 'statementPageLines'>): number =>
  BILLING_STATEMENT_STEP_ENTRIES_PER_PAGE_LINE * pageLinesOf(deps);

const numbered = (name: string, index: number): string => `${name}#${String(index).padStart(5, '0')}`;

const windowInputOf = (context: BuildContext, build: StatementBuild): WindowInput => ({
  accountIds: context.accountIds,
  period: context.period,
  asOfMs: context.asOfMs,
  ...(build.previous === undefined ? {} : { previous: build.previous }),
  ...(build.previousPeriodAsOfMs === undefined ? {} : { previousPeriodAsOfMs: build.previousPeriodAsOfMs }),
});

/** A new build (step 0), for a window found too large for one message; false when another worker created it first. */
export const startBuild = async (
  deps: BuildDeps,
  context: BuildContext,
  input: Pick<StatementBuild, 'previous' | 'previousPeriodAsOfMs'>,
): Promise<boolean> => {
  const openingBalances: Record<string, number> = {};
  for (const accountId of context.accountIds) openingBalances[accountId] = input.previous?.closingBalances[accountId] ?? 0;
  return deps.statements.advanceBuild(
    {
      statementId: context.statementId,
      step: 0,
      period: context.period.id,
      party: { kind: context.message.kind, partyId: context.message.partyId, currency: context.message.currency },
      movedAtMs: deps.clock.now(),
      pageLines: pageLinesOf(deps),
      ...(input.previous === undefined ? {} : { previous: input.previous }),
      ...(input.previousPeriodAsOfMs === undefined ? {} : { previousPeriodAsOfMs: input.previousPeriodAsOfMs }),
      phase: 'scan',
      scan: { account: 0, parts: 0, entries: 0 },
      openingBalances,
      magnitude: '0',
      itemsRead: 0,
      pages: [],
      lineCount: 0,
      movedMinor: 0,
    },
    undefined,
  );
};

const advanced = async (deps: BuildDeps, next: StatementBuild, from: StatementBuild): Promise<StepOutcome> =>
  (await deps.statements.advanceBuild({ ...next, movedAtMs: deps.clock.now() }, from.step))
    ? { outcome: 'continued' }
    : { outcome: 'elsewhere' };

const windowEntryOf = (entry: IndexEntry, transfer: WindowEntry['transfer'], period: Period): WindowEntry => ({
  transferId: entry[0],
  accountId: entry[1],
  kind: entry[2],
  counterAccountId: entry[3],
  postedChangeMinor: entry[4],
  effectiveAtMs: entry[5],
  recordedAtMs: entry[6],
  billedAtMs: entry[7],
  late: entry[7] < period.startMs,
  transfer,
});

/**
 * A text the build's step needs is gone: another worker finished the build and dropped it (or
 * moved it on) after this step read it, so this one stops. A build still at this step without its
 * text is a fault.
 */
const textGone = async (deps: BuildDeps, build: StatementBuild, what: string): Promise<StepOutcome> => {
  const now = await deps.statements.build(build.statementId);
  assert(now === undefined || now.step !== build.step, `${what} of ${build.statementId} is stored`);
  return { outcome: 'elsewhere' };
};

const transfersOf = async (history: LedgerHistory, ids: readonly string[]) => readTransfers(history, [...new Set(ids)]);

/** One scan step: the next entries of the window from the stored cursor, their transfers, one part of the index. */
const scanStep = async (deps: BuildDeps, context: BuildContext, plan: KindPlan, build: StatementBuild): Promise<StepOutcome> => {
  const input = windowInputOf(context, build);
  const stepEntries = stepEntriesOf(deps);
  const opening: Record<string, number> = { ...build.openingBalances };
  const candidates: { entry: Parameters<typeof entryRole>[1]; billedAtMs: number }[] = [];
  let { account, cursor } = build.scan;
  let seen = 0;
  let itemsRead = 0;
  while (account < context.accountIds.length && seen < stepEntries) {
    const accountId = context.accountIds[account] as string;
    const page = await deps.history.entriesRecorded(accountId, accountWindowOf(input), {
      limit: Math.min(BILLING_ENTRIES_PAGE_SIZE, stepEntries),
      ...(cursor === undefined ? {} : { cursor }),
    });
    itemsRead += page.itemsRead;
    seen += page.entries.length;
    for (const entry of page.entries) {
      const role = entryRole(input, entry);
      if (role.role === 'opening') opening[accountId] = (opening[accountId] ?? 0) + entry.postedChangeMinor;
      if (role.role === 'entry') candidates.push({ entry, billedAtMs: role.billedAtMs });
    }
    cursor = page.nextCursor;
    if (cursor === undefined) account += 1;
  }
  const fetched = await transfersOf(
    deps.history,
    candidates.map(({ entry }) => entry.transferId),
  );
  const index: IndexEntry[] = [];
  let magnitude = BigInt(build.magnitude);
  for (const { entry, billedAtMs } of candidates) {
    const transfer = fetched.transfers.get(entry.transferId);
    assert(transfer !== undefined, `the transfer ${entry.transferId} of an entry exists`);
    if (isSettlementTransfer(transfer)) continue;
    const lineKey = plan.lineKeyOf({ ...entry, billedAtMs, late: billedAtMs < context.period.startMs, transfer });
    if (lineKey === undefined) continue;
    magnitude += BigInt(Math.abs(entry.postedChangeMinor));
    index.push([
      entry.transferId,
      entry.accountId,
      entry.kind,
      entry.counterAccountId,
      entry.postedChangeMinor,
      entry.effectiveAtMs,
      entry.recordedAtMs,
      billedAtMs,
      lineKey,
      transfer.reversesTransferId ?? '',
    ]);
  }
  const parts = build.scan.parts + (index.length > 0 ? 1 : 0);
  if (index.length > 0) await deps.statements.putBuildText(context.statementId, numbered('index', parts), JSON.stringify(index));
  return advanced(
    deps,
    {
      ...build,
      step: build.step + 1,
      phase: account >= context.accountIds.length ? 'sort' : 'scan',
      scan: { account, ...(cursor === undefined ? {} : { cursor }), parts, entries: build.scan.entries + index.length },
      openingBalances: opening,
      magnitude: String(magnitude),
      itemsRead: build.itemsRead + itemsRead + fetched.itemsRead,
    },
    build,
  );
};

const byIndexOrder = (left: IndexEntry, right: IndexEntry): number =>
  byBillingOrder(
    { billedAtMs: left[7], recordedAtMs: left[6], transferId: left[0], accountId: left[1] },
    { billedAtMs: right[7], recordedAtMs: right[6], transferId: right[0], accountId: right[1] },
  );

const amountTooLarge = (): DomainError =>
  new DomainError(
    'STATEMENT_AMOUNT_TOO_LARGE',
    `The statement's amounts would pass ${Number.MAX_SAFE_INTEGER} minor units (2^53 − 1), beyond what a statement states exactly.`,
  );

/** The sort step: the whole index in billing order, grouped into lines, cut into the entries of each page. */
const sortStep = async (deps: BuildDeps, context: BuildContext, plan: KindPlan, build: StatementBuild): Promise<StepOutcome> => {
  const index: IndexEntry[] = [];
  for (let part = 1; part <= build.scan.parts; part += 1) {
    const text = await deps.statements.buildText(context.statementId, numbered('index', part));
    if (text === undefined) return textGone(deps, build, `part ${part} of the index`);
    for (const entry of JSON.parse(text) as IndexEntry[]) index.push(entry);
  }
  index.sort(byIndexOrder);
  const lines = new Map<string, IndexEntry[]>();
  for (const entry of index) {
    const line = lines.get(entry[8]);
    if (line === undefined) lines.set(entry[8], [entry]);
    else line.push(entry);
  }
  const units = [...lines.values()];
  const openingMinor = build.openingBalances[plan.settledAccountId] ?? 0;
  if (!Number.isSafeInteger(openingMinor)) throw amountTooLarge();
  if (BigInt(build.magnitude) + BigInt(Math.abs(openingMinor)) > BigInt(Number.MAX_SAFE_INTEGER)) throw amountTooLarge();
  const carried =
    build.previous === undefined ? openingMinor !== 0 : carriedDue(context.message.kind, openingMinor, deps.payoutMinimumMinor);
  if (units.length === 0 && !carried) {
    return { outcome: 'nothing', itemsRead: build.itemsRead };
  }
  const onStatement = new Set(index.map((entry) => entry[0]));
  const { pageLines } = build;
  const prefixLines = plan.prefixLines(openingMinor).length;
  const unitPages = Math.max(1, Math.ceil((prefixLines + units.length) / pageLines));
  if (unitPages > BILLING_STATEMENT_PAGES_MAX) throw tooManyPages(pageLines);
  for (let page = 1; page <= unitPages; page += 1) {
    const onPage = units.slice(Math.max(0, (page - 1) * pageLines - prefixLines), page * pageLines - prefixLines);
    const reversed = new Set(onPage.flat().flatMap((entry) => (entry[9] !== '' && onStatement.has(entry[9]) ? [entry[9]] : [])));
    const text: PageUnits = { units: onPage, reversedOnStatement: [...reversed] };
    await deps.statements.putBuildText(context.statementId, numbered('units', page), JSON.stringify(text));
  }
  return advanced(
    deps,
    {
      ...build,
      step: build.step + 1,
      phase: 'pages',
      layout: { unitPages, prefixLines },
      totals: plan.totalsOf([]),
      reconciliation: plan.figuresOf([], []),
    },
    build,
  );
};

/** A page step: its lines from its entries (their transfers read again) and the catalog; the last one ends the statement. */
const pageStep = async (deps: BuildDeps, context: BuildContext, plan: KindPlan, build: StatementBuild): Promise<StepOutcome> => {
  const { layout, totals, reconciliation } = build;
  assert(layout !== undefined && totals !== undefined && reconciliation !== undefined, 'a build in its pages is sorted');
  const page = build.pages.length + 1;
  const text = await deps.statements.buildText(context.statementId, numbered('units', page));
  if (text === undefined) return textGone(deps, build, `the entries of page ${page}`);
  const { units, reversedOnStatement } = JSON.parse(text) as PageUnits;
  const flat = units.flat();
  const fetched = await transfersOf(
    deps.history,
    flat.map((entry) => entry[0]),
  );
  const entries = flat.map((entry) => {
    const transfer = fetched.transfers.get(entry[0]);
    assert(transfer !== undefined, `the transfer ${entry[0]} of an entry exists`);
    return windowEntryOf(entry, transfer, context.period);
  });
  const references = [
    ...new Set(entries.flatMap((entry) => (entry.transfer.reference === undefined ? [] : [entry.transfer.reference]))),
  ];
  const catalog = await deps.catalog.describe(references);
  const onStatement = new Set([...entries.map((entry) => entry.transferId), ...reversedOnStatement]);
  const movement = plan.linesOf(entries, onStatement, catalog);
  const openingMinor = build.openingBalances[plan.settledAccountId] ?? 0;
  const lines: AnyLine[] = [...(page === 1 ? plan.prefixLines(openingMinor) : []), ...movement];
  const sums = {
    totals: addTotals(totals, plan.totalsOf(movement)),
    reconciliation: addFigures(reconciliation, plan.figuresOf(entries, movement)),
    movedMinor: build.movedMinor + plan.movedBy(movement),
    itemsRead: build.itemsRead + fetched.itemsRead,
  };
  const head = {
    id: context.statementId,
    partyId: context.message.partyId,
    period: context.period.id,
    kind: plan.statementKind,
    currency: context.message.currency,
  };
  if (page < layout.unitPages) {
    const made = makePage({ ...head, totals: sums.totals } as unknown as StatementBody, page, lines, build.lineCount + 1);
    await deps.statements.putPage(context.statementId, build.pageLines, page, made.documents);
    return advanced(
      deps,
      { ...build, ...sums, step: build.step + 1, pages: [...build.pages, made.ref], lineCount: build.lineCount + lines.length },
      build,
    );
  }
  return finishStatement(deps, plan, build, { page, head, lines, openingMinor, sums });
};

/**
 * The last page's step: the settlement and the closing totals, the last page (and one more
 * when the settlement line does not fit), and the document listing every page: a statement of
 * at most one page is whole, as a one-message build makes it.
 */
const finishStatement = (
  deps: BuildDeps,
  plan: KindPlan,
  build: StatementBuild,
  last: {
    readonly page: number;
    readonly head: Pick<StatementBody, 'id' | 'partyId' | 'period' | 'kind' | 'currency'>;
    readonly lines: readonly AnyLine[];
    readonly openingMinor: number;
    readonly sums: {
      readonly totals: StatementBody['totals'];
      readonly reconciliation: ReconciliationFigures;
      readonly movedMinor: number;
      readonly itemsRead: number;
    };
  },
): StepOutcome => {
  const { page, head, lines, openingMinor, sums } = last;
  const finished = plan.finish(openingMinor, sums.movedMinor, sums.totals);
  const ending = [...lines, ...finished.suffix];
  const lineCount = build.lineCount + ending.length;
  const common = {
    lineCount,
    ...(finished.settlement === undefined ? {} : { settlement: finished.settlement }),
    closingBalances: finished.closingBalances,
    reconciliation: sums.reconciliation,
    itemsRead: sums.itemsRead,
  };
  const { pageLines } = build;
  if (lineCount <= pageLines) {
    return {
      outcome: 'finished',
      statement: {
        ...common,
        body: { ...head, totals: finished.totals, lines: ending, ...finished.withheldMember } as unknown as StatementBody,
      },
    };
  }
  const source = { ...head, totals: finished.totals, ...finished.withheldMember } as unknown as StatementBody;
  const chunks = splitLines(ending, pageLines);
  if (page - 1 + chunks.length > BILLING_STATEMENT_PAGES_MAX) throw tooManyPages(pageLines);
  const made = chunks.map((chunk, index) => makePage(source, page + index, chunk, build.lineCount + 1 + index * pageLines));
  const refs: StatementPageRef[] = [...build.pages, ...made.map(({ ref }) => ref)];
  return {
    outcome: 'finished',
    statement: {
      ...common,
      paged: {
        document: {
          ...head,
          totals: finished.totals,
          lineCount,
          pages: refs,
          ...finished.withheldMember,
        } as unknown as PagedStatementBody,
        csv: pagedStatementCsv(source),
        lastPages: made.map(({ ref, documents }) => ({ page: ref.page, documents })),
        pageLines,
      },
    },
  };
};

/** Does the build's next step. */
export const stepBuild = async (deps: BuildDeps, context: BuildContext, build: StatementBuild): Promise<StepOutcome> => {
  const plan = kindPlanOf(context.message, { ...context, payoutMinimumMinor: deps.payoutMinimumMinor });
  switch (build.phase) {
    case 'scan':
      return scanStep(deps, context, plan, build);
    case 'sort':
      return sortStep(deps, context, plan, build);
    case 'pages':
      return pageStep(deps, context, plan, build);
  }
};
