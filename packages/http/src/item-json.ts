/**
 * A bounded memo of list items' JSON, one per dialect: for each user id, the JSON built last
 * and what it was built from (the request's `context`, e.g. its origin, and the item's
 * `source`, the user's fields as the read returned them). An item is reused only when a fresh
 * read brings the very same source under the same context, so an answer is never stale; it
 * saves building and stringifying the same users' items on every page a crawler reads.
 */
export function createItemJsonMemo(limit: number) {
  const entries = new Map<number, { context: string; source: string; json: string }>();
  return {
    json(id: number, context: string, source: string, build: () => string): string {
      const known = entries.get(id);
      if (known !== undefined && known.source === source && known.context === context) return known.json;
      const json = build();
      if (known === undefined && entries.size >= limit) {
        // The oldest entry goes first: a hard bound, and cheap enough for every miss.
        const oldest = entries.keys().next();
        if (!oldest.done) entries.delete(oldest.value);
      }
      entries.set(id, { context, source, json });
      return json;
    },
    get size() {
      return entries.size;
    },
  };
}

export type ItemJsonMemo = ReturnType<typeof createItemJsonMemo>;
