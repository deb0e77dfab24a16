import { SECRET_PARAMETERS } from "./presented-token.ts";

/** One request the emulator answered, as a test reads it back. Never a secret. */
export interface JournalEntry {
  method: string;
  /** The path and query, minus any parameter that carries a token. */
  path: string;
  dialect: "gitlab" | "github";
  status: number;
  durationMs: number;
  /** The signed-in user's id, or null for an anonymous caller or a token that names nobody. */
  callerId: number | null;
  /** ISO 8601: when the request arrived. */
  at: string;
}

/** How many entries the journal keeps; the oldest go first. */
export const JOURNAL_CAPACITY = 1000;

/** `url`'s path and query without token parameters, as the journal shows it. */
export function journalPath(url: string): string {
  const parsed = new URL(url);
  for (const name of SECRET_PARAMETERS) parsed.searchParams.delete(name);
  return parsed.pathname + parsed.search;
}

/** The last JOURNAL_CAPACITY requests, oldest first: a ring buffer. */
export function createJournal(capacity = JOURNAL_CAPACITY) {
  const ring: JournalEntry[] = new Array(capacity);
  let next = 0;
  let size = 0;
  return {
    record(entry: JournalEntry) {
      ring[next] = entry;
      next = (next + 1) % capacity;
      size = Math.min(size + 1, capacity);
    },
    entries(): JournalEntry[] {
      const start = (next - size + capacity) % capacity;
      return Array.from({ length: size }, (_, i) => ring[(start + i) % capacity]!);
    },
    clear() {
      next = 0;
      size = 0;
    },
  };
}

export type Journal = ReturnType<typeof createJournal>;
