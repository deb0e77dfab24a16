import type { Context } from "hono";
import type { GitLabEnv } from "./context.ts";
import { GitLabError } from "./errors.ts";
import { readBodyBytes, readBodyText } from "./request-limits.ts";

/**
 * Grape's `params`. Null-prototype, because the caller chooses the names: `constructor[]=1`
 * or `__proto__` must be a parameter like any other, never a property of Object.prototype.
 */
export type Params = Record<string, unknown>;

/** An empty `Params`: no inherited names. */
export const emptyParams = (): Params => Object.create(null);

const malformed = () => new GitLabError(400, { error: "message body does not match declared format" });

/**
 * `a[]=1&a[]=2` becomes `{a: ["1","2"]}`, as Rack parses form and query strings; a multipart
 * body's file parts stay `File`s.
 */
export function fromSearchParams(search: Iterable<[string, string | File]>): Params {
  const params = emptyParams();
  for (const [rawKey, value] of search) {
    if (rawKey.endsWith("[]")) {
      const key = rawKey.slice(0, -2);
      const earlier = params[key];
      params[key] = Array.isArray(earlier) ? [...earlier, value] : [value];
    } else params[rawKey] = value;
  }
  return params;
}

/**
 * Grape's `params`: the query string merged with a JSON or form body, the body winning.
 * A body that cannot be parsed is a 400, never a crash; one over the size limit a 413.
 */
export async function readParams(c: Context<GitLabEnv>): Promise<Params> {
  const query = fromSearchParams(new URL(c.req.url).searchParams);
  if (c.req.method === "GET" || c.req.method === "HEAD") return query;
  const type = (c.req.header("content-type") ?? "").toLowerCase();
  if (type.includes("multipart/form-data")) return Object.assign(query, await readMultipart(c));
  const text = await readBodyText(c);
  if (text.trim() === "") return query;
  if (type.includes("application/json")) {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw malformed();
    }
    if (body === null || typeof body !== "object" || Array.isArray(body)) throw malformed();
    // JSON.parse makes `"__proto__"` an own key; Object.assign onto a null prototype keeps it one.
    return Object.assign(query, body);
  }
  return Object.assign(query, fromSearchParams(new URLSearchParams(text)));
}

/**
 * A `multipart/form-data` body (python-gitlab's and `curl -F`'s uploads), parsed by the Web
 * platform's own parser from bytes read under the body limit. A body it cannot parse is a 400.
 */
async function readMultipart(c: Context<GitLabEnv>): Promise<Params> {
  const bytes = await readBodyBytes(c);
  if (bytes.length === 0) return emptyParams();
  const contentType = c.req.header("content-type") ?? "";
  let form: FormData;
  try {
    form = await new Response(bytes, { headers: { "Content-Type": contentType } }).formData();
  } catch {
    throw malformed();
  }
  return fromSearchParams(form);
}

const INTEGER = /^[+-]?\d+$/;

/** Grape's Integer coercion: integers and integer strings; anything else is invalid. */
export function coerceInteger(value: unknown): bigint | undefined {
  if (typeof value === "number" && Number.isInteger(value)) return BigInt(value);
  if (typeof value === "string" && INTEGER.test(value.trim())) return BigInt(value.trim());
  return undefined;
}

// Grape coerces Booleans with dry-types' Params::Bool, which reads each of these words in lower
// case, capitalised or upper case: python-gitlab's multipart bodies carry Python's `True`.
const spellings = (words: string[]) =>
  new Set(words.flatMap((w) => [w, w.charAt(0).toUpperCase() + w.slice(1), w.toUpperCase()]));
const TRUE_SPELLINGS = spellings(["1", "on", "t", "true", "y", "yes"]);
const FALSE_SPELLINGS = spellings(["0", "off", "f", "false", "n", "no"]);

/** Grape's Boolean coercion: JSON's booleans and numbers 1/0, or one of dry-types' spellings. */
export function coerceBoolean(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (value === 1 || (typeof value === "string" && TRUE_SPELLINGS.has(value))) return true;
  if (value === 0 || (typeof value === "string" && FALSE_SPELLINGS.has(value))) return false;
  return undefined;
}

export const isPresent = (value: unknown) => value !== undefined && value !== null && value !== "";
