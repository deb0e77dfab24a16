// What the database can hold, so that a value it never could is answered as "nobody" (or
// refused) before it reaches a driver that would fail on it.

/**
 * Whether `id` can be a stored id: identity columns count from 1, and every id the core hands
 * out stays below 2^53, past which a number no longer holds a whole number exactly.
 */
export const couldBeId = (id: number): boolean => Number.isSafeInteger(id) && id > 0;

/**
 * Decimal digits as an id (of a user or a token), or null when they are no id at all: not
 * digits, or past 2^53, where no id was ever assigned and no number could hold one exactly.
 * Digits within range come back as they are, even ones no row has (0).
 */
export function parseId(digits: string): number | null {
  if (!/^\d+$/.test(digits)) return null;
  const id = Number(digits);
  return Number.isSafeInteger(id) ? id : null;
}

/** Whether PostgreSQL text can hold `text`: it cannot hold NUL (the drivers refuse to send it). */
export const couldBeText = (text: string): boolean => !text.includes("\0");
