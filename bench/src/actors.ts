import { expectStatus, gitlabAuth, inParallel } from "./http.ts";
import type { SeedReport } from "./types.ts";

export interface Actor {
  id: number;
  username: string;
  token: string;
}

export interface Cast {
  /** The signed-in user of every read scenario. */
  reader: Actor;
  /** One set of actors per toggle run, so that no run starts from another's leftovers. */
  actorSets: Actor[][];
  /** Users the actors follow and unfollow; none of them is followed by any actor to begin with. */
  targets: Array<{ id: number; username: string }>;
}

/** GitLab refuses a 301st followee; an actor must have room for every target. */
const GITLAB_FOLLOWING_CAP = 300;

/**
 * Picks seeded users (never the popular account) as the reader, the toggle actors and their
 * targets; mints each actor an `api` token through GitLab's admin route; and unfollows any
 * target an actor already follows, so that the first sweep of every toggle run is all real follows.
 */
export async function castUsers(options: {
  baseUrl: string;
  rootToken: string;
  seed: SeedReport;
  sets: number;
  actorsPerSet: number;
  targets: number;
}): Promise<Cast> {
  const { baseUrl, seed } = options;
  const api = `${baseUrl}/api/v4`;
  const root = { headers: gitlabAuth(options.rootToken) };
  const needed = 1 + options.sets * options.actorsPerSet + options.targets;
  const ids: number[] = [];
  for (let id = seed.firstUserId; id <= seed.lastUserId && ids.length < needed * 2; id++)
    if (id !== seed.popular?.id) ids.push(id);

  // Targets first, from the end of the range, then the reader and actors from the start.
  const targetIds = ids.splice(-options.targets);
  const targets = new Array<{ id: number; username: string }>(targetIds.length);
  await inParallel(targetIds.length, 8, async (i) => {
    const user = (await expectStatus(200, `${api}/users/${targetIds[i]}`, root)).json<{ username: string }>();
    targets[i] = { id: targetIds[i]!, username: user.username };
  });
  const targetSet = new Set(targetIds);

  const actors: Actor[] = [];
  let next = 0;
  const takeActor = async (): Promise<Actor | undefined> => {
    while (next < ids.length) {
      const id = ids[next++]!;
      const following = await followingOf(api, root.headers, id);
      if (following.length + targetSet.size > GITLAB_FOLLOWING_CAP - 10) continue;
      const user = (await expectStatus(200, `${api}/users/${id}`, root)).json<{ username: string }>();
      const minted = await expectStatus(201, `${api}/users/${id}/personal_access_tokens`, {
        method: "POST",
        headers: { ...root.headers, "Content-Type": "application/json" },
        body: JSON.stringify({ name: "bench", scopes: ["api"] }),
      });
      const token = minted.json<{ token: string }>().token;
      for (const followed of following)
        if (targetSet.has(followed))
          await expectStatus(201, `${api}/users/${followed}/unfollow`, {
            method: "POST",
            headers: gitlabAuth(token),
          });
      return { id, username: user.username, token };
    }
    return undefined;
  };
  const wanted = 1 + options.sets * options.actorsPerSet;
  await inParallel(wanted, 8, async () => {
    const actor = await takeActor();
    if (actor) actors.push(actor);
  });
  if (actors.length < wanted)
    throw new Error(`only ${actors.length} of the ${wanted} users needed as actors: seed more users`);
  actors.sort((a, b) => a.id - b.id);
  const [reader, ...rest] = actors as [Actor, ...Actor[]];
  const actorSets = Array.from({ length: options.sets }, (_, s) =>
    rest.slice(s * options.actorsPerSet, (s + 1) * options.actorsPerSet),
  );
  return { reader, actorSets, targets };
}

/** Every id `userId` follows, through GitLab's list and its X-Next-Page header. */
async function followingOf(api: string, headers: Record<string, string>, userId: number): Promise<number[]> {
  const ids: number[] = [];
  for (let page = "1"; page; ) {
    const answer = await expectStatus(200, `${api}/users/${userId}/following?per_page=100&page=${page}`, {
      headers,
    });
    ids.push(...answer.json<Array<{ id: number }>>().map((u) => u.id));
    page = answer.headers.get("x-next-page") ?? "";
  }
  return ids;
}
