// A step's answer in a few words (`201 + user`, `200 + 2 users (bob, carol)`, `304`,
// `403 insufficient_scope`) and the aspects in which columns' answers differ.
import type { Difference, Exchange, StepOutcome } from "./report-model.ts";

const NAMES_SHOWN = 3;

const isUser = (value: unknown): value is Record<string, unknown> =>
  Boolean(value) &&
  typeof value === "object" &&
  ("username" in (value as object) || "login" in (value as object));
const nameOf = (user: Record<string, unknown>) => String(user.username ?? user.login);

/** What kind of body it is, dialect-neutrally: `user`, `2 users (bob, carol)`, `empty`, `error`… */
export function bodyKind(body: unknown, withNames = true): string {
  if (body === null || body === "") return "empty";
  if (Array.isArray(body)) {
    if (body.length === 0) return "0 users";
    if (!body.every(isUser)) return `${body.length} items`;
    const count = `${body.length} ${body.length === 1 ? "user" : "users"}`;
    if (!withNames || body.length > NAMES_SHOWN) return count;
    return `${count} (${body.map(nameOf).join(", ")})`;
  }
  if (isUser(body)) return "user";
  if (typeof body === "object") {
    const record = body as Record<string, unknown>;
    if ("error" in record || "message" in record) return "error";
    return "object";
  }
  return "text";
}

/** GitLab's machine-readable error word, e.g. `insufficient_scope`; undefined for prose. */
function errorWord(body: unknown): string | undefined {
  if (!body || typeof body !== "object") return undefined;
  const error = (body as Record<string, unknown>).error;
  return typeof error === "string" && /^[a-z_]+$/.test(error) ? error : undefined;
}

/** The step's answer in a few words; `empty`: no body at all (not a JSON `null`). */
export function summarize(exchange: Exchange, action: string, empty: boolean): string {
  const { status, body } = exchange.response;
  // GitLab's moderation answers `true`, or `null` when nothing changed.
  if (!empty && (body === null || typeof body === "boolean")) return `${status} + ${String(body)}`;
  if (status >= 300 || body === null || body === "") {
    const word = errorWord(body);
    return word ? `${status} ${word}` : String(status);
  }
  if (action === "check" && body && typeof body === "object" && "is_followed" in body)
    return `${status} + is_followed: ${String((body as { is_followed: unknown }).is_followed)}`;
  const kind = bodyKind(body);
  return kind === "object" || kind === "text" ? String(status) : `${status} + ${kind}`;
}

/** The relations a Link header offers, sorted (clients look them up by name): `first, last, next, prev`. */
function linkRels(link: string | undefined): string {
  if (link === undefined) return "absent";
  const rels = [...link.matchAll(/rel="([^"]+)"/g)].map((m) => m[1]).sort();
  return rels.length ? rels.join(", ") : "present";
}

/** Headers a client of either dialect acts on when they are there: a limit, a wait. */
const SHARED_HEADERS = ["retry-after"];

type Values = Record<string, string>;

const differing = (values: Values) => new Set(Object.values(values)).size > 1;

/**
 * Where the columns' answers differ. `strict` (conformance: one dialect on two servers)
 * compares whole normalized bodies and header values; otherwise (two dialects) only what
 * can mean the same in both: the status, the kind of body, the Link relations offered and
 * whether a Retry-After is there. Headers one dialect always sends and the other never
 * does (X-Total, X-Accepted-OAuth-Scopes) are in the exchanges, not among the differences.
 */
export function differencesOf(outcomes: Record<string, StepOutcome>, strict: boolean): Difference[] {
  const columns = Object.entries(outcomes).filter(([, outcome]) => outcome.error === undefined);
  if (columns.length < 2) return [];
  const answered = columns.filter((entry): entry is [string, StepOutcome & { exchange: Exchange }] =>
    Boolean(entry[1].exchange),
  );
  const differences: Difference[] = [];
  const add = (aspect: string, values: Values) => {
    if (differing(values)) differences.push({ aspect, values });
  };
  add(
    "status",
    Object.fromEntries(
      columns.map(([id, outcome]) => [
        id,
        outcome.exchange ? String(outcome.exchange.response.status) : "n/a",
      ]),
    ),
  );
  if (answered.length < 2) return differences;
  const each = (value: (exchange: Exchange) => string): Values =>
    Object.fromEntries(answered.map(([id, outcome]) => [id, value(outcome.exchange)]));
  if (strict) {
    add(
      "body",
      each((e) => JSON.stringify(e.response.body)),
    );
    const names = new Set(answered.flatMap(([, o]) => Object.keys(o.exchange.response.headers)));
    for (const name of [...names].sort())
      add(
        `header:${name}`,
        each((e) => e.response.headers[name] ?? "absent"),
      );
    return differences;
  }
  add(
    "body",
    each((e) => bodyKind(e.response.body)),
  );
  add(
    "header:link",
    each((e) => linkRels(e.response.headers.link)),
  );
  for (const name of SHARED_HEADERS)
    add(
      `header:${name}`,
      each((e) => (e.response.headers[name] === undefined ? "absent" : "present")),
    );
  return differences;
}
