import * as v from "valibot";
import type { ImportedUser } from "../contracts.ts";
import { type BadRecords, badRecords } from "./bad-records.ts";
import { numberedLines, sourceName } from "./source-lines.ts";
import { ImportFileError, type ImportUnit } from "./units.ts";

const login = v.pipe(v.string(), v.minLength(1));
const ref = v.union([login, v.pipe(v.number(), v.integer())], "must be a login or a user line's id");
const externalId = v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)));

/** An edge, by logins, or by the ids of user lines earlier in the file. */
const EdgeLine = v.strictObject({
  follower: ref,
  followee: ref,
  at: v.optional(
    v.pipe(
      v.string(),
      v.check((s) => !Number.isNaN(Date.parse(s)), "must be an ISO 8601 time"),
    ),
  ),
});

/** A user: its login, the id edge lines may name it by, and what it was on each forge. */
const UserLine = v.strictObject({
  login,
  id: v.optional(v.pipe(v.number(), v.integer())),
  name: v.optional(v.string()),
  identities: v.optional(
    v.strictObject({
      github: v.optional(v.strictObject({ login, id: externalId })),
      gitlab: v.optional(v.strictObject({ username: login, id: externalId })),
    }),
  ),
});

/** Edges per unit when merging, where no follower's list has to arrive whole. */
const MERGE_UNIT = 1000;

const issue = (issues: readonly v.BaseIssue<unknown>[]) => {
  const first = issues[0]!;
  const path = (first.path ?? []).map((p) => String(p.key)).join(".");
  return path ? `${path} ${first.message}` : first.message;
};

/**
 * `import ndjson`: one JSON object a line, an edge `{"follower","followee","at"?}` (logins, or
 * ids of user lines) or a user `{"login","id"?,"name"?,"identities"?}`; blank lines are
 * skipped. Consecutive lines of one follower form one unit, the follower's following list
 * whole; `together` (overwrite) refuses a follower whose lines come back after another's.
 */
export async function* readNdjson(
  path: string,
  together: boolean,
  bad: BadRecords = badRecords("abort", () => {}),
): AsyncIterable<ImportUnit> {
  const name = sourceName(path);
  const loginsById = new Map<number, string>();
  const finished = new Set<string>();
  let unit: ImportUnit = { users: [], edges: [] };
  let follower: string | undefined;

  for await (const { text, line } of numberedLines(path)) {
    const where = `${name}:${line}`;
    if (text.trim() === "") continue;
    let record: unknown;
    try {
      record = JSON.parse(text);
    } catch {
      bad.report(where, "is not valid JSON");
      continue;
    }
    const isUser = typeof record === "object" && record !== null && "login" in record;
    if (isUser) {
      const parsed = v.safeParse(UserLine, record);
      if (!parsed.success) {
        bad.report(where, `user line: ${issue(parsed.issues)}`);
        continue;
      }
      const { id, ...user } = parsed.output;
      if (id !== undefined) loginsById.set(id, user.login);
      unit.users.push({ user: user as ImportedUser, where });
      continue;
    }
    const parsed = v.safeParse(EdgeLine, record);
    if (!parsed.success) {
      bad.report(where, `edge line: ${issue(parsed.issues)}`);
      continue;
    }
    // Strict: an id must be a user line's before it.
    const loginOf = (r: string | number, side: string) => {
      if (typeof r === "string") return r;
      const found = loginsById.get(r);
      if (found === undefined) bad.report(where, `${side} ${r} is no id of a user line before it`);
      return found;
    };
    const from = loginOf(parsed.output.follower, "follower");
    const to = loginOf(parsed.output.followee, "followee");
    if (from === undefined || to === undefined) continue;
    const edge = {
      follower: from,
      followee: to,
      ...(parsed.output.at ? { at: new Date(parsed.output.at) } : {}),
    };
    const key = edge.follower.toLowerCase();
    if (key !== follower) {
      if (follower !== undefined) {
        if (together) finished.add(follower);
        yield unit;
        unit = { users: [], edges: [] };
      }
      if (together && finished.has(key))
        throw new ImportFileError(
          where,
          `'${edge.follower}' has lines before another follower's: --mode overwrite needs each follower's lines together (sort the file by follower)`,
        );
      follower = key;
      unit.owner = { list: "following", login: edge.follower, where };
    }
    unit.edges.push({ edge, where });
    // Merging needs no list whole: a long run of one follower goes in pieces, memory stays small.
    if (!together && unit.edges.length >= MERGE_UNIT) {
      yield unit;
      unit = { users: [], edges: [], ...(unit.owner ? { owner: unit.owner } : {}) };
    }
  }
  if (unit.users.length || unit.edges.length) yield unit;
}
