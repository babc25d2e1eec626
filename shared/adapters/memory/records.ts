/**
 * Creates in memory behave like the conditional puts of the DynamoDB stores: the first record
 * written with an id is kept, a repeat (or a racer) gets it back. Check and write happen with
 * no `await` in between, so concurrent creates cannot both win.
 */
export const putIfAbsent = <Stored extends { readonly id: string }>(
  records: Map<string, Stored>,
  record: Stored,
): { readonly created: boolean; readonly stored: Stored } => {
  const existing = records.get(record.id);
  if (existing !== undefined) return { created: false, stored: existing };
  records.set(record.id, record);
  return { created: true, stored: record };
};
