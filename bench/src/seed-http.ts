import { inParallel } from "./http.ts";
import type { SeedSize } from "./seed.ts";
import type { SeedReport } from "./types.ts";

/**
 * A stand-in for `pnpm cli seed` while the CLI lacks it: the same graph shape made through the
 * GitLab admin routes of a running gateway (root's token, `Sudo` to follow as each user). It is
 * one request per user and per edge, so it suits only small graphs.
 */
export async function seedOverHttp(baseUrl: string, rootToken: string, size: SeedSize): Promise<SeedReport> {
  const started = performance.now();
  const headers = { "PRIVATE-TOKEN": rootToken, "Content-Type": "application/json" };
  const send = async (path: string, init: RequestInit, expect: number[]) => {
    const response = await fetch(`${baseUrl}/api/v4${path}`, {
      ...init,
      headers: { ...headers, ...init.headers },
    });
    const text = await response.text();
    if (!expect.includes(response.status)) throw new Error(`${path}: ${response.status} ${text}`);
    return text;
  };
  const ids: number[] = [];
  await inParallel(size.users - 1, 16, async (i) => {
    const username = `bench${i}`;
    const text = await send(
      "/users",
      {
        method: "POST",
        body: JSON.stringify({
          username,
          name: username,
          email: `${username}@bench.test`,
          password: "bench-password",
        }),
      },
      [201],
    );
    ids[i] = (JSON.parse(text) as { id: number }).id;
  });
  // bench0 is the popular account.
  const [popularId, ...others] = ids as [number, ...number[]];
  const follow = (follower: number, followee: number) =>
    send(`/users/${followee}/follow`, { method: "POST", headers: { Sudo: String(follower) } }, [201, 304]);
  const fans = others.slice(0, size.popular);
  await inParallel(fans.length, 16, (i) => follow(fans[i]!, popularId));

  // Random edges among the other users; GitLab caps each user's followees at 300.
  const pairs = new Set<string>();
  const outDegree = new Map<number, number>();
  let attempts = 0;
  while (pairs.size < size.edges && attempts++ < size.edges * 10) {
    const from = others[Math.floor(Math.random() * others.length)]!;
    const to = others[Math.floor(Math.random() * others.length)]!;
    if (from === to || (outDegree.get(from) ?? 0) >= 250 || pairs.has(`${from}:${to}`)) continue;
    pairs.add(`${from}:${to}`);
    outDegree.set(from, (outDegree.get(from) ?? 0) + 1);
  }
  const edges = [...pairs].map((p) => p.split(":").map(Number) as [number, number]);
  await inParallel(edges.length, 16, (i) => follow(...edges[i]!));
  return {
    users: ids.length,
    edges: fans.length + edges.length,
    firstUserId: ids.reduce((a, b) => Math.min(a, b)),
    lastUserId: ids.reduce((a, b) => Math.max(a, b)),
    popular: { id: popularId, username: "bench0", followers: fans.length },
    seconds: (performance.now() - started) / 1000,
    wallSeconds: (performance.now() - started) / 1000,
    via: "http",
  };
}
