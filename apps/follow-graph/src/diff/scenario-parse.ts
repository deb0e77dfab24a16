// Reads a scenario document (JSON or YAML) into a checked Scenario. Shape problems come from
// valibot; name problems (a step's caller or target that is not one of the scenario's users)
// from the second pass. Either way the message names the source, the path and the field:
// `my.yaml: steps[2].as: no user 'zed'`.
import * as v from "valibot";
import { parseAllDocuments, parse as parseYaml } from "yaml";
import type {
  Caller,
  ListKind,
  Moderation,
  Scenario,
  ScenarioToken,
  ScenarioUser,
  Setting,
  Step,
  StepAction,
  UserState,
} from "./scenario.ts";

/** A scenario file that cannot be used: the CLI's exit 2. */
export class ScenarioError extends Error {}

const USERNAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,38}$/;
/** Words the step language gives a meaning of its own. */
const RESERVED = new Set(["root", "anonymous", "me"]);

const username = v.pipe(
  v.string("must be a username"),
  v.regex(USERNAME, "must be a username (letters, digits, '_', '.', '-')"),
  v.check((name) => !RESERVED.has(name.toLowerCase()), "is reserved ('root', 'anonymous', 'me')"),
);
const scopes = v.pipe(
  v.array(v.pipe(v.string(), v.minLength(1, "must not be empty"))),
  v.minLength(1, "must list at least one scope"),
);
const STATES = ["active", "blocked", "suspended", "banned", "deactivated"] as const;

const UserSchema = v.union(
  [
    username,
    v.strictObject({
      username,
      admin: v.optional(v.boolean()),
      private: v.optional(v.boolean()),
      state: v.optional(v.picklist(STATES, `must be one of ${STATES.join(", ")}`)),
      following: v.optional(v.boolean()),
      scopes: v.optional(scopes),
      tokens: v.optional(
        v.record(v.pipe(v.string(), v.regex(/^[a-z0-9_-]+$/i, "is not a token name")), scopes),
      ),
      count: v.optional(
        v.pipe(v.number(), v.integer("must be a whole number"), v.minValue(1), v.maxValue(1000)),
      ),
    }),
  ],
  "must be a username or a user object",
);

const pageValue = v.union([v.pipe(v.number(), v.integer()), v.string()], "must be a number or a string");
const ACTIONS = [
  "follow",
  "unfollow",
  "check",
  "list",
  "profile",
  "block",
  "unblock",
  "suspend",
  "unsuspend",
  "ban",
  "unban",
  "deactivate",
  "activate",
  "set",
] as const;
const SETTINGS = ["private", "public", "following-disabled", "following-enabled"] as const;
const LISTS = ["followers", "following"] as const;

const StepSchema = v.strictObject({
  follow: v.optional(v.string()),
  unfollow: v.optional(v.string()),
  check: v.optional(v.string()),
  list: v.optional(v.picklist(LISTS, "must be followers or following")),
  profile: v.optional(v.string()),
  block: v.optional(v.string()),
  unblock: v.optional(v.string()),
  suspend: v.optional(v.string()),
  unsuspend: v.optional(v.string()),
  ban: v.optional(v.string()),
  unban: v.optional(v.string()),
  deactivate: v.optional(v.string()),
  activate: v.optional(v.string()),
  set: v.optional(v.picklist(SETTINGS, `must be one of ${SETTINGS.join(", ")}`)),
  user: v.optional(v.string()),
  of: v.optional(v.string()),
  page: v.optional(pageValue),
  per_page: v.optional(pageValue),
  query: v.optional(v.record(v.string(), v.union([v.string(), v.number()]))),
  as: v.optional(v.string()),
  token: v.optional(v.string()),
  reported: v.optional(v.boolean()),
  intent: v.optional(v.string()),
});

const ScenarioSchema = v.strictObject({
  name: v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]*$/, "must be lower-case words joined by '-'")),
  title: v.pipe(v.string(), v.minLength(1, "must not be empty")),
  description: v.optional(v.string()),
  users: v.pipe(v.array(UserSchema), v.minLength(1, "must list at least one user")),
  follows: v.optional(
    v.array(v.strictTuple([v.string(), v.string()], "must be a pair [follower, followee]")),
  ),
  steps: v.pipe(v.array(StepSchema), v.minLength(1, "must list at least one step")),
});

type RawStep = v.InferOutput<typeof StepSchema>;

/** `steps[2].as` from valibot's path or from our own. */
function pathText(keys: (string | number)[]): string {
  return keys.map((key, i) => (typeof key === "number" ? `[${key}]` : i === 0 ? key : `.${key}`)).join("");
}

/** Parses a JSON or YAML text; `source` names it in every message. */
export function parseScenarioText(text: string, source: string): Scenario {
  let doc: unknown;
  try {
    doc = source.endsWith(".json") ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new ScenarioError(`${source}: not valid ${source.endsWith(".json") ? "JSON" : "YAML"}: ${reason}`);
  }
  return parseScenario(doc, source);
}

/**
 * A scenario file: one scenario, or a list of them (a JSON or YAML array, or YAML documents
 * separated by `---`); each is named `FILE[i]` in messages when there are several.
 */
export function parseScenarioFile(text: string, source: string): Scenario[] {
  let docs: unknown[];
  try {
    if (source.endsWith(".json")) docs = [JSON.parse(text)];
    else {
      const parsed = parseAllDocuments(text);
      if (!Array.isArray(parsed)) throw new ScenarioError(`${source}: not valid YAML: no documents`);
      for (const doc of parsed) if (doc.errors.length) throw doc.errors[0];
      docs = parsed.map((doc) => doc.toJS());
    }
  } catch (error) {
    if (error instanceof ScenarioError) throw error;
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new ScenarioError(`${source}: not valid ${source.endsWith(".json") ? "JSON" : "YAML"}: ${reason}`);
  }
  const list = docs.length === 1 && Array.isArray(docs[0]) ? (docs[0] as unknown[]) : docs;
  if (list.length === 0) throw new ScenarioError(`${source}: holds no scenario`);
  return list.map((doc, i) => parseScenario(doc, list.length === 1 ? source : `${source}[${i}]`));
}

/** Checks a parsed document and resolves its names. */
export function parseScenario(doc: unknown, source: string): Scenario {
  const result = v.safeParse(ScenarioSchema, doc);
  if (!result.success) {
    const issue = result.issues[0];
    const path = pathText((issue.path ?? []).map((p) => p.key as string | number));
    throw new ScenarioError(`${source}: ${path ? `${path}: ` : ""}${issue.message}`);
  }
  const raw = result.output;
  const fail = (keys: (string | number)[], message: string): never => {
    throw new ScenarioError(`${source}: ${pathText(keys)}: ${message}`);
  };

  const users: ScenarioUser[] = [];
  const groups = new Map<string, string[]>();
  const byName = new Map<string, ScenarioUser>();
  raw.users.forEach((entry, i) => {
    const spec = typeof entry === "string" ? { username: entry } : entry;
    const tokens: ScenarioToken[] = [{ name: "default", ...(spec.scopes ? { scopes: spec.scopes } : {}) }];
    for (const [name, tokenScopes] of Object.entries(spec.tokens ?? {})) {
      if (name === "default") fail(["users", i, "tokens", name], "'default' is the token 'scopes' sets");
      tokens.push({ name, scopes: tokenScopes });
    }
    const state: UserState = spec.state === "suspended" ? "blocked" : (spec.state ?? "active");
    const names =
      spec.count === undefined
        ? [spec.username]
        : Array.from({ length: spec.count }, (_, n) => `${spec.username}${n + 1}`);
    if (spec.count !== undefined) groups.set(spec.username.toLowerCase(), names);
    for (const name of names) {
      if (byName.has(name.toLowerCase())) fail(["users", i, "username"], `'${name}' is listed twice`);
      const user: ScenarioUser = {
        username: name,
        admin: spec.admin ?? false,
        private: spec.private ?? false,
        state,
        followingEnabled: spec.following ?? true,
        tokens,
      };
      users.push(user);
      byName.set(name.toLowerCase(), user);
    }
  });

  /** A user the scenario lists (root too where `allowRoot`), by its listed spelling. */
  const userNamed = (name: string, keys: (string | number)[], allowRoot = true): string => {
    if (allowRoot && name === "root") return "root";
    const user = byName.get(name.toLowerCase());
    if (!user) return fail(keys, `no user '${name}'`);
    return user.username;
  };

  const follows: [string, string][] = [];
  (raw.follows ?? []).forEach(([follower, followee], i) => {
    const side = (name: string, at: number) => {
      if (name.endsWith("*")) {
        const group = groups.get(name.slice(0, -1).toLowerCase());
        if (!group) fail(["follows", i, at], `no group '${name.slice(0, -1)}' (a user with count)`);
        return group as string[];
      }
      return [userNamed(name, ["follows", i, at], false)];
    };
    for (const a of side(follower, 0)) for (const b of side(followee, 1)) follows.push([a, b]);
  });

  const firstUser = users[0]!.username;
  const steps = raw.steps.map((step, i) => resolveStep(step, i, { firstUser, userNamed, byName, fail }));
  return {
    name: raw.name,
    title: raw.title,
    ...(raw.description ? { description: raw.description.trim() } : {}),
    source,
    users,
    follows,
    steps,
  };
}

interface Resolver {
  firstUser: string;
  userNamed: (name: string, keys: (string | number)[], allowRoot?: boolean) => string;
  byName: Map<string, ScenarioUser>;
  fail: (keys: (string | number)[], message: string) => never;
}

const MODERATIONS: Moderation[] = ["suspend", "unsuspend", "ban", "unban", "deactivate", "activate"];

function resolveStep(raw: RawStep, i: number, r: Resolver): Step {
  const at = (...keys: (string | number)[]) => ["steps", i, ...keys];
  const present = ACTIONS.filter((key) => raw[key] !== undefined);
  if (present.length !== 1)
    r.fail(
      at(),
      present.length === 0
        ? `needs one action: ${ACTIONS.join(", ")}`
        : `has ${present.length} actions (${present.join(", ")}); a step does one thing`,
    );
  const key = present[0]!;
  const admin = key === "set" || MODERATIONS.includes(key as Moderation);
  const allowed: Record<string, readonly string[]> = {
    check: ["of"],
    list: ["of", "page", "per_page", "query"],
    profile: [],
    set: ["user"],
  };
  for (const extra of ["user", "of", "page", "per_page", "query"] as const)
    if (raw[extra] !== undefined && !(allowed[key] ?? []).includes(extra))
      r.fail(at(extra), `does not apply to '${key}'`);

  const caller = resolveCaller(raw, i, r, admin);
  const target = (name: string, field: string) =>
    name === "me" && caller.kind === "token" ? caller.user : r.userNamed(name, at(field));
  let action: StepAction;
  switch (key) {
    case "follow":
    case "unfollow":
    case "block":
    case "unblock":
      action = { action: key, target: target(raw[key]!, key) };
      break;
    case "check":
      action = {
        action: "check",
        target: target(raw.check!, "check"),
        ...(raw.of !== undefined ? { of: target(raw.of, "of") } : {}),
      };
      break;
    case "list":
      action = {
        action: "list",
        list: raw.list as ListKind,
        ...(raw.of !== undefined ? { of: target(raw.of, "of") } : {}),
        ...(raw.page !== undefined ? { page: raw.page } : {}),
        ...(raw.per_page !== undefined ? { perPage: raw.per_page } : {}),
        query: Object.fromEntries(Object.entries(raw.query ?? {}).map(([k, value]) => [k, String(value)])),
      };
      break;
    case "profile":
      action =
        raw.profile === "me"
          ? { action: "profile" }
          : { action: "profile", of: target(raw.profile!, "profile") };
      break;
    case "set":
      if (raw.user === undefined) r.fail(at("user"), "'set' needs the user it changes");
      action = {
        action: "set",
        setting: raw.set as Setting,
        target: r.userNamed(raw.user!, at("user"), false),
      };
      break;
    default:
      action = {
        action: "moderate",
        moderation: key as Moderation,
        target: r.userNamed(raw[key]!, at(key), false),
      };
  }
  const step = { ...action, caller, reported: raw.reported ?? !admin } as Step;
  step.intent = raw.intent ?? intentOf(step);
  return step;
}

function resolveCaller(raw: RawStep, i: number, r: Resolver, admin: boolean): Caller {
  if (raw.as !== undefined && raw.token !== undefined)
    r.fail(["steps", i, "token"], "give 'as' or 'token', not both");
  if (raw.token !== undefined) {
    const [user = "", name, ...rest] = raw.token.split(".");
    if (name === undefined || rest.length > 0)
      r.fail(["steps", i, "token"], `'${raw.token}' is not USER.TOKEN (e.g. alice.readonly)`);
    const owner = r.userNamed(user, ["steps", i, "token"], false);
    const tokens = r.byName.get(owner.toLowerCase())!.tokens;
    if (!tokens.some((t) => t.name === name))
      r.fail(
        ["steps", i, "token"],
        `${owner} has no token '${name}' (it has ${tokens.map((t) => t.name).join(", ")})`,
      );
    return { kind: "token", user: owner, token: name! };
  }
  const who = raw.as ?? (admin ? "root" : r.firstUser);
  if (who === "anonymous") return { kind: "anonymous" };
  return { kind: "token", user: r.userNamed(who, ["steps", i, "as"]), token: "default" };
}

const callerWords = (caller: Caller) =>
  caller.kind === "anonymous"
    ? "anonymous"
    : caller.token === "default"
      ? caller.user
      : `${caller.user} (token ${caller.token})`;

/** The step in words, for the report. */
export function intentOf(step: Step): string {
  const who = callerWords(step.caller);
  const own = (of: string | undefined) => (of === undefined ? "own" : `${of}'s`);
  switch (step.action) {
    case "follow":
    case "block":
    case "unfollow":
    case "unblock":
      return `${who} ${step.action}s ${step.target}`;
    case "check":
      return step.of === undefined
        ? `${who} asks whether they follow ${step.target}`
        : `${who} asks whether ${step.of} follows ${step.target}`;
    case "list": {
      const params = [
        step.page !== undefined ? `page ${step.page}` : "",
        step.perPage !== undefined ? `per_page ${step.perPage}` : "",
        ...Object.entries(step.query).map(([k, value]) => `${k}=${value}`),
      ].filter(Boolean);
      return `${who} lists ${own(step.of)} ${step.list}${params.length ? ` (${params.join(", ")})` : ""}`;
    }
    case "profile":
      return `${who} reads ${own(step.of)} profile`;
    case "moderate":
      return `${who} ${step.moderation}s ${step.target}`;
    case "set": {
      const words: Record<Setting, string> = {
        private: "makes {u}'s profile private",
        public: "makes {u}'s profile public",
        "following-disabled": "turns following off for {u}",
        "following-enabled": "turns following on for {u}",
      };
      return `${who} ${words[step.setting].replace("{u}", step.target)}`;
    }
  }
}
