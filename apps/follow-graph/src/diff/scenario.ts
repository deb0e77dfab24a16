// The diff tool's step language, resolved: what the parser (scenario-parse.ts) hands the runner.
// Every name here is already checked, so the runner never meets an unknown user or token.

/** GitLab's `blocked` is GitHub's suspension; `banned` and `deactivated` are GitLab's alone. */
export type UserState = "active" | "blocked" | "banned" | "deactivated";

export interface ScenarioToken {
  /** `default` for the token `as: alice` uses; otherwise the name `token: alice.NAME` uses. */
  name: string;
  /** As written (GitLab or GitHub words); absent: the fixture default (`api`, admins also `admin_mode`). */
  scopes?: string[];
}

export interface ScenarioUser {
  username: string;
  admin: boolean;
  private: boolean;
  state: UserState;
  followingEnabled: boolean;
  tokens: ScenarioToken[];
}

/** Who sends a step: a user's token, root, or nobody. */
export type Caller = { kind: "anonymous" } | { kind: "token"; user: string; token: string };

export type ListKind = "followers" | "following";

/** Administrator actions on a user: sent by root. */
export type Moderation = "suspend" | "unsuspend" | "ban" | "unban" | "deactivate" | "activate";

/** Settings root changes on a user's profile. */
export type Setting = "private" | "public" | "following-disabled" | "following-enabled";

export type StepAction =
  | { action: "follow" | "unfollow" | "block" | "unblock"; target: string }
  | { action: "check"; target: string; of?: string }
  | {
      action: "list";
      list: ListKind;
      of?: string;
      page?: number | string;
      perPage?: number | string;
      query: Record<string, string>;
    }
  | { action: "profile"; of?: string }
  | { action: "moderate"; moderation: Moderation; target: string }
  | { action: "set"; setting: Setting; target: string };

export type Step = StepAction & {
  caller: Caller;
  reported: boolean;
  /** The step in words, given or made from the step. */
  intent: string;
};

export interface Scenario {
  name: string;
  title: string;
  description?: string;
  /** Where it came from, for messages: `catalogue` or a file path. */
  source: string;
  users: ScenarioUser[];
  /** The start state's follows, [follower, followee], groups already expanded. */
  follows: [string, string][];
  steps: Step[];
}
