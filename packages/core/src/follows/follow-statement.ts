import { getTableColumns, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { Db } from "../db/database.ts";
import { prepareJson } from "../db/json-statement.ts";
import { tokens, users } from "../db/schema.ts";
import type { CallerPolicy, RefusedState } from "../tokens/caller.ts";
import type { Token } from "../tokens/repository.ts";
import { scopeSetsGranting } from "../tokens/scopes.ts";
import { refValue } from "../users/ref.ts";
import type { User, UserRef } from "../users/user.ts";
import type { FollowOutcome, FollowRules, UnfollowOutcome } from "./types.ts";

// The write path's one statement: a call of follow_graph_toggle, the function migration
// 0003_one_statement_writes owns (docs/writes.md says why a function and how it maps onto Citus).

/** Who writes: a secret's digest judged under the route's policy, or a user already known. */
export type WriteActor = { digest: Uint8Array; policy: CallerPolicy } | { actorId: number };

/** A policy as the function's parameters: what it refuses, with scopes as sets to contain. */
export function policyParams(policy: CallerPolicy) {
  const refused = new Set<RefusedState>();
  let adminOnly = false;
  const scopeGroups: string[][][] = [];
  for (const rule of policy.checks) {
    if (rule.check === "account") for (const state of rule.refused) refused.add(state);
    else if (rule.check === "admin") adminOnly = true;
    else scopeGroups.push(scopeSetsGranting(policy.dialect, rule.anyOf));
  }
  return { refusedStates: [...refused], adminOnly, scopeGroups };
}

/** Today as `isExpired` reads it (the UTC date), for the function's expiry test. */
const today = (now: Date) => now.toISOString().slice(0, 10);

export const toggleSql = () => sql`select follow_graph_toggle(
        ${sql.placeholder("follow")}::boolean,
        ${sql.placeholder("digest")}::bytea, ${sql.placeholder("actorId")}::bigint,
        ${sql.placeholder("today")}::date, ${sql.placeholder("refusedStates")}::jsonb,
        ${sql.placeholder("adminOnly")}::boolean, ${sql.placeholder("scopeGroups")}::jsonb,
        ${sql.placeholder("targetId")}::bigint, ${sql.placeholder("targetUsername")}::text,
        ${sql.placeholder("visibleOnly")}::boolean, ${sql.placeholder("followeeLimit")}::integer) as r`;

/**
 * A row as `to_jsonb` writes it (column names) turned into the row drizzle returns (field
 * names, timestamps as Dates).
 */
function rowReviver<T extends PgTable>(table: T) {
  const columns = Object.entries(getTableColumns(table)).map(([key, column]) => ({
    key,
    name: column.name,
    timestamp: column.columnType === "PgTimestamp",
  }));
  return <R>(json: Record<string, unknown>): R => {
    const row: Record<string, unknown> = {};
    for (const { key, name, timestamp } of columns) {
      const value = json[name];
      row[key] = timestamp && typeof value === "string" ? new Date(value) : value;
    }
    return row as R;
  };
}

const reviveToken = rowReviver(tokens);
const reviveUser = rowReviver(users);

type Row = Record<string, unknown>;
interface ToggleJson {
  caller: { token: Row; user: Row } | null;
  admitted: boolean;
  outcome?: FollowOutcome | UnfollowOutcome | "not_found";
  target?: Row | null;
}

/** What one call answers: the caller's token and owner as found, and the write's result when admitted. */
export interface Toggled<O> {
  found: { token: Token; user: User } | null;
  /** False when the policy refused the caller (or no token was found): nothing was written. */
  admitted: boolean;
  outcome: O | "not_found" | null;
  target: User | null;
}

/** Prepares the follow/unfollow call once per database. */
export function prepareToggle(db: Db) {
  const run = prepareJson<ToggleJson>(db, "follow_graph_toggle", toggleSql());
  const noPolicy = { refusedStates: [], adminOnly: false, scopeGroups: [] };
  // Routes pass their policies as constants: each is compiled once.
  const policies = new WeakMap<CallerPolicy, ReturnType<typeof policyParams>>();
  const compiled = (policy: CallerPolicy) => {
    const known = policies.get(policy);
    if (known) return known;
    const params = policyParams(policy);
    policies.set(policy, params);
    return params;
  };

  return async function toggle<O extends FollowOutcome | UnfollowOutcome>(
    follow: O extends FollowOutcome ? true : false,
    actor: WriteActor,
    targetRef: UserRef,
    rules: FollowRules,
    now: Date,
  ): Promise<Toggled<O>> {
    const policy = "digest" in actor ? compiled(actor.policy) : noPolicy;
    const target = refValue(targetRef);
    const json = await run({
      follow,
      digest: "digest" in actor ? actor.digest : null,
      actorId: "actorId" in actor ? actor.actorId : null,
      today: today(now),
      refusedStates: JSON.stringify(policy.refusedStates),
      adminOnly: policy.adminOnly,
      scopeGroups: JSON.stringify(policy.scopeGroups),
      targetId: typeof target === "number" ? target : null,
      targetUsername: typeof target === "string" ? target : null,
      visibleOnly: rules.visibleTargetsOnly ?? false,
      followeeLimit: rules.followeeLimit ?? null,
    });
    return {
      found: json.caller && {
        token: reviveToken<Token>(json.caller.token),
        user: reviveUser<User>(json.caller.user),
      },
      admitted: json.admitted,
      outcome: (json.outcome as O | "not_found" | undefined) ?? null,
      target: json.target ? reviveUser<User>(json.target) : null,
    };
  };
}

export type Toggle = ReturnType<typeof prepareToggle>;
