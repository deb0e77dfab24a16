import type { Database } from "@follow-graph/core";
import { rowsOf, sql } from "@follow-graph/core/testing";
import type { HttpRequest } from "./resolve.ts";
import { isEnterprisePath } from "./routes.ts";

/** What a response broke, by kind, so a long run can count them. */
export type ViolationKind = "5xx" | "wrong shape" | "stored change" | "inconsistent graph" | "crash";

export interface Violation {
  kind: ViolationKind;
  detail: string;
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/** GitLab: `{message}` from its helpers or `{error}` from Grape, nothing else. */
function gitlabErrorProblem(body: unknown): string | null {
  if (!isObject(body)) return "not a JSON object";
  return "message" in body || typeof body.error === "string" ? null : "neither message nor error";
}

/** GitHub's basic-error / validation-error: message, documentation_url, and the status as a string. */
function githubErrorProblem(body: unknown, status: number): string | null {
  if (!isObject(body)) return "not a JSON object";
  if (typeof body.message !== "string") return "no string message";
  if (
    typeof body.documentation_url !== "string" ||
    !body.documentation_url.startsWith("https://docs.github.com/")
  )
    return "no documentation_url";
  if (body.status !== String(status)) return `status ${JSON.stringify(body.status)} is not "${status}"`;
  return null;
}

/**
 * Refusals GitHub's front end makes before its API does, in their own plain shapes
 * (github-dialect.md): no User-Agent on api.github.com, and a write with no length.
 */
function githubFrontEndRefusal(req: HttpRequest, answer: Answer): boolean {
  const header = (name: string) => req.headers.some(([k]) => k.toLowerCase() === name);
  if (answer.status === 403 && !isEnterprisePath(req.target) && !header("user-agent"))
    return answer.text.startsWith("Request forbidden by administrative rules.");
  if (answer.status === 411) return !header("content-length") && answer.text.includes("411 Length Required");
  return false;
}

/**
 * The response-side invariants: no 5xx but a deliberate 503 with Retry-After, every error
 * body in its dialect's shape, and every JSON content type actually JSON.
 */
export function checkAnswer(req: HttpRequest, answer: Answer): Violation[] {
  const { status, headers, text } = answer;
  const out: Violation[] = [];
  if (status >= 500 && !(status === 503 && headers.get("retry-after")))
    out.push({ kind: "5xx", detail: `${status} ${text.slice(0, 300)}` });
  const json = /^application\/json/i.test(headers.get("content-type") ?? "");
  const parsed = json && text !== "" ? parseJson(text) : null;
  if (parsed && !parsed.ok)
    out.push({ kind: "wrong shape", detail: `Content-Type JSON but the body is not: ${text.slice(0, 200)}` });
  if (status < 400 || req.method === "HEAD") return out;
  if (req.dialect === "github" && githubFrontEndRefusal(req, answer)) return out;
  const body = parsed?.ok ? parsed.value : undefined;
  const problem = !json
    ? `Content-Type ${headers.get("content-type")} on an error`
    : req.dialect === "gitlab"
      ? gitlabErrorProblem(body)
      : githubErrorProblem(body, status);
  if (problem) out.push({ kind: "wrong shape", detail: `${status} ${problem}: ${text.slice(0, 300)}` });
  return out;
}

/**
 * One digest of everything stored that a request could change (token use stamps excepted,
 * as in the seeder's snapshot), computed in the database in one round trip.
 */
export async function storedDigest(db: Database["db"]): Promise<string> {
  const result = await db.execute(sql`
    select md5(concat_ws('|',
      (select string_agg(u::text, ',' order by u.id) from users u),
      (select string_agg(c::text, ',' order by c.user_id) from user_counters c),
      (select string_agg(f::text, ',' order by f.follower_id, f.followee_id) from follows f),
      (select string_agg(concat_ws(';', t.id, t.user_id, t.name, t.scopes::text, t.expires_at, t.revoked_at), ','
        order by t.id) from tokens t))) as digest`);
  return String(rowsOf(result)[0]!.digest);
}

/** Users whose counters differ from the edges they count (schema.ts defines each counter). */
export async function inconsistentCounters(db: Database["db"]): Promise<number[]> {
  const result = await db.execute(sql`
    select u.id from users u left join user_counters c on c.user_id = u.id
    where c.user_id is null
      or c.followers <> (select count(*) from follows f join users o on o.id = f.follower_id
        where f.followee_id = u.id and o.state = 'active')
      or c.following <> (select count(*) from follows f join users o on o.id = f.followee_id
        where f.follower_id = u.id and o.state = 'active')
      or c.followee_rows <> (select count(*) from follows f where f.follower_id = u.id)
      or c.follower_rows <> (select count(*) from follows f where f.followee_id = u.id)
    order by u.id`);
  return rowsOf(result).map((r) => Number(r.id));
}
