/** One page of a listing: every list endpoint answers `{ items, nextCursor }`. */
export interface Page<Item> {
  readonly items: readonly Item[];
  /** Absent on the last page; a cursor the listing did not hand out is INVALID_CURSOR. */
  readonly nextCursor: string | undefined;
}
