import type { Dialect } from "./plan-model.ts";

/** A user as the target's admin view shows it: what predictions read. */
export interface TargetProfile {
  id: number;
  login: string;
  /** GitLab's `state`, or `suspended` for a GitHub user with `suspended_at`. */
  state: "active" | "blocked" | "banned" | "deactivated" | "suspended" | string;
  privateProfile: boolean;
  /** GitLab leaves the counts out when either side turned following off. */
  followingDisabled: boolean;
  /** The visible following count, when shown. */
  following: number | null;
}

/** The answer to one write made as a user: its status only (bodies are not needed). */
export interface WriteAnswer {
  status: number;
}

/** Writes made as one user of the target (GitLab Sudo, a GHES impersonation token). */
export interface TargetActor {
  follow(followee: TargetProfile): Promise<WriteAnswer>;
  unfollow(followee: TargetProfile): Promise<WriteAnswer>;
  /** GitHub: the logins this user blocks; GitLab has no user blocks. */
  blocked(): Promise<string[]>;
}

/** A live forge as plan and apply use it, through the forge's own client, as an administrator. */
export interface TargetForge {
  readonly dialect: Dialect;
  /** The base the client talks to, for messages and the plan file. */
  readonly url: string;
  /** Checks the token belongs to an administrator who can act as others; a one-line refusal if not. */
  checkAdmin(): Promise<void>;
  /** The user by login; undefined when the target says there is none. */
  profile(login: string): Promise<TargetProfile | undefined>;
  /** Every login `user` follows, as listed to an administrator. */
  following(user: TargetProfile): Promise<string[]>;
  /** Every login following `user`, as listed to an administrator. */
  followers(user: TargetProfile): Promise<string[]>;
  /** Creates a placeholder user through the admin API. */
  createPlaceholder(login: string): Promise<TargetProfile>;
  actAs(user: TargetProfile): Promise<TargetActor>;
  /** Gives back what acting as users took (GHES impersonation tokens). */
  close(): Promise<void>;
}
