// The edges the local graph wants on the target: those between two mapped users, renamed to
// the users' target logins.
import type { GraphTarget } from "../contracts.ts";
import { createLocalMatcher, type MappedUser } from "./mapped-users.ts";

/** A follower→followee pair of target logins, lower-cased: the key plan compares by. */
export const edgeKey = (follower: string, followee: string) =>
  `${follower.toLowerCase()}\n${followee.toLowerCase()}`;

export async function desiredEdges(
  local: GraphTarget,
  mapped: MappedUser[],
): Promise<Map<string, [string, string]>> {
  const match = createLocalMatcher(mapped);
  const targetOf = new Map<string, string>();
  for await (const page of local.readUsers()) {
    for (const user of page) {
      const found = match(user);
      if (found) targetOf.set(user.login.toLowerCase(), found.target);
    }
  }
  const desired = new Map<string, [string, string]>();
  if (targetOf.size === 0) return desired;
  for await (const page of local.readEdges({ users: [...targetOf.keys()] })) {
    for (const edge of page) {
      const follower = targetOf.get(edge.follower.toLowerCase());
      const followee = targetOf.get(edge.followee.toLowerCase());
      if (follower && followee) desired.set(edgeKey(follower, followee), [follower, followee]);
    }
  }
  return desired;
}
