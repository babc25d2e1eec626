/** `ticket-create` -> `TicketCreate`, `ticketSigning` -> `TicketSigning`: construct ids from names and declaration ids. */
export const pascal = (name: string): string =>
  name
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');

/** A resource built elsewhere for a declaration, or an error that says where it is missing. */
export const required = <T>(map: ReadonlyMap<string, T>, id: string, what: string, where: string): T => {
  const value = map.get(id);
  if (value === undefined) throw new Error(`${what} ${id} is declared in shared/resources but missing from ${where}`);
  return value;
};
