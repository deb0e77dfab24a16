// What the target shows of the mapped users, read as its administrator: each profile (or its
// absence, for a placeholder not created yet), each following list, and for the users plan
// has follows for, whom they block. Plan predicts from it; apply reads it again to refuse a
// plan the target has moved away from.
import { createHash } from "node:crypto";
import type { MappedUser } from "./mapped-users.ts";
import type { TargetForge, TargetProfile } from "./target-forge.ts";
import { TargetError } from "./target-url.ts";

export interface TargetUser {
  mapped: MappedUser;
  profile: TargetProfile | undefined;
  /** Lower-cased, sorted. */
  following: string[];
  /** Lower-cased, sorted; read only for users with follows planned. */
  blocked: string[];
  /**
   * Mapped users this one follows who are not active: the edge is stored but listed in no
   * following list, only in the hidden user's followers (GitLab's blocked targets).
   */
  hiddenFollowing: string[];
}

export type TargetState = Map<string, TargetUser>;

export const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const lowerSorted = (logins: string[]) => [...new Set(logins.map((l) => l.toLowerCase()))].sort();

/** The digest of what predictions read from a profile: a change to any of it makes a plan stale. */
export function profileDigest(user: Pick<TargetUser, "profile" | "blocked">): string {
  const p = user.profile;
  return sha256(
    JSON.stringify(
      p
        ? [p.id, p.login.toLowerCase(), p.state, p.privateProfile, p.followingDisabled, user.blocked]
        : ["absent"],
    ),
  );
}

export const followingDigest = (following: string[]) => sha256(following.join("\n"));

/** Reads the profiles and following lists; `mapSource` names the map in messages. */
export async function readTargetState(
  target: TargetForge,
  mapped: MappedUser[],
  mapSource: string,
): Promise<TargetState> {
  const state: TargetState = new Map();
  for (const user of mapped) {
    const profile = await target.profile(user.target);
    const side = target.dialect === "github" ? user.row.github : user.row.gitlab;
    const where = `${mapSource}:${user.line}`;
    if (!profile && !user.placeholder)
      throw new TargetError(`${where}: ${target.dialect} user '${user.target}' is not on ${target.url}`);
    if (profile && side?.id !== undefined && side.id !== profile.id)
      throw new TargetError(
        `${where}: ${target.dialect} user '${user.target}' has id ${profile.id} on ${target.url}, the map says ${side.id}`,
      );
    const following = profile ? lowerSorted(await target.following(profile)) : [];
    state.set(user.target.toLowerCase(), {
      mapped: user,
      profile,
      following,
      blocked: [],
      hiddenFollowing: [],
    });
  }
  // An inactive user's followers are still listed to an administrator: the edges to it that
  // its followers' own lists hide (a repeat follow would be a 304, and they count to the cap).
  for (const [login, user] of state) {
    if (!user.profile || user.profile.state === "active") continue;
    for (const follower of lowerSorted(await target.followers(user.profile))) {
      const other = state.get(follower);
      if (other && !other.following.includes(login)) other.hiddenFollowing.push(login);
    }
  }
  return state;
}

/** Fills in whom `logins` block (GitHub's blocks stop follows silently), among the mapped users. */
export async function readBlocks(
  target: TargetForge,
  state: TargetState,
  logins: Iterable<string>,
): Promise<void> {
  if (target.dialect !== "github") return;
  for (const login of new Set([...logins].map((l) => l.toLowerCase()))) {
    const user = state.get(login);
    // A suspended user cannot sign in, so neither can a token made for it.
    if (!user?.profile || user.profile.state === "suspended") continue;
    const actor = await target.actAs(user.profile);
    user.blocked = lowerSorted(await actor.blocked()).filter((other) => state.has(other));
  }
}
