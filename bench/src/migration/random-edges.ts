// The import's input: an NDJSON file of M distinct random edges among N users (user0 …), no
// self-follows, from a fixed seed, sorted by follower (as --mode overwrite wants it), with
// follow times one second apart in file order.
import { once } from "node:events";
import { createWriteStream } from "node:fs";

/** Park and Miller's minimal standard generator: the same file on every run and machine. */
function lehmer(seed: number) {
  let state = seed;
  return () => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
}

/** Writes the file and resolves once it is on disk. */
export async function writeRandomEdges(file: string, users: number, edges: number): Promise<void> {
  if (edges > users * (users - 1)) throw new Error(`${users} users cannot have ${edges} distinct edges`);
  const random = lehmer(1);
  const pairs = new Set<number>();
  while (pairs.size < edges) {
    const follower = Math.floor(random() * users);
    const followee = Math.floor(random() * users);
    if (follower !== followee) pairs.add(follower * users + followee);
  }
  const sorted = Float64Array.from(pairs).sort();
  const start = Date.parse("2024-01-01T00:00:00Z");
  const out = createWriteStream(file);
  let chunk = "";
  for (const [i, pair] of sorted.entries()) {
    const follower = `user${Math.floor(pair / users)}`;
    const followee = `user${pair % users}`;
    const at = new Date(start + i * 1000).toISOString();
    chunk += `${JSON.stringify({ follower, followee, at })}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, "drain");
      chunk = "";
    }
  }
  out.end(chunk);
  await once(out, "finish");
}
