import fc from "fast-check";
import { type Dialect, type Placeholder, placeholdersOf, ROUTES } from "./routes.ts";

/**
 * Requests as fast-check generates them: symbolic where they name a fixture (the n-th user,
 * the n-th token), so a case stays meaningful whatever the world's ids are; `resolve.ts`
 * turns one into the bytes sent.
 */

/** A user of the world by position, or a literal segment (already as it goes in the path). */
export type PathArg =
  | { kind: "user"; index: number; spelling: "id" | "username" | "upper" }
  | { kind: "token"; index: number }
  | { kind: "raw"; segment: string };

export type Credential =
  | { kind: "none" }
  | { kind: "fixture"; index: number; form: TokenForm }
  | { kind: "garbage"; value: string; form: TokenForm }
  /** An `Authorization` header no token can be read from. */
  | { kind: "malformed"; header: string };

export const TOKEN_FORMS = [
  "PRIVATE-TOKEN",
  "Bearer",
  "token",
  "Basic token:x-oauth-basic",
  "Basic login:token",
  "private_token query",
  "access_token query",
  "private_token body",
] as const;
export type TokenForm = (typeof TOKEN_FORMS)[number];

export type Body =
  | { kind: "none"; contentLength: boolean }
  | { kind: "json"; text: string; contentType: string | null }
  | { kind: "form"; pairs: [string, string][]; contentType: string | null }
  | { kind: "multipart"; text: string; contentType: string | null }
  | { kind: "text"; text: string; contentType: string | null }
  /** Past any body limit: a form or JSON of this many bytes. */
  | { kind: "huge"; bytes: number; json: boolean };

export interface FuzzCase {
  route: number;
  /** Another method than the route's own, to reach the wrong-method answers. */
  method: string | null;
  args: PathArg[];
  /** Raw `key=value` pieces, joined with `&` (each side already encoded, or deliberately not). */
  query: string[];
  credential: Credential;
  sudo: PathArg | null;
  headers: [string, string][];
  userAgent: boolean;
  body: Body;
  /** Sent again with the ETag of its answer in If-None-Match, when it had one. */
  conditional: boolean;
  /** Sent to the gateway built with a GitHub rate limit (the identify-first mount order). */
  rateLimited: boolean;
}

const HOSTILE_NAMES = [
  "__proto__",
  "constructor",
  "toString",
  "valueOf",
  "hasOwnProperty",
  "isPrototypeOf",
  "propertyIsEnumerable",
  "toLocaleString",
  "__defineGetter__",
  "__lookupSetter__",
  "prototype",
  "then",
  "length",
];

const KNOWN_NAMES = [
  "page",
  "per_page",
  "cursor",
  "username",
  "private_token",
  "access_token",
  "sudo",
  "name",
  "scopes",
  "email",
  "password",
  "reset_password",
  "force_random_password",
  "skip_confirmation",
  "admin",
  "private_profile",
  "enabled_following",
  "bio",
  "note",
  "expires_at",
  "description",
  "login",
  "suspended",
  "reason",
];

const NUMBERS = [
  "0",
  "1",
  "-1",
  "2",
  "100",
  "101",
  "-9007199254740993",
  "9007199254740991",
  "9007199254740992",
  "9007199254740993",
  "18446744073709551616",
  "99999999999999999999999999999999999999",
  "1e309",
  "-0",
  "1.5",
  "0x10",
  " 7 ",
  "+3",
  "NaN",
  "Infinity",
  "1099511627777",
];

/** Percent-encoding a decoder chokes on, NULs, overlong and surrogate UTF-8. */
const BAD_ENCODINGS = [
  "%",
  "%Z",
  "%ZZ",
  "%E0%A4",
  "%C0%80",
  "%FF%FE",
  "%uD800",
  "%ED%A0%80",
  "%00",
  "a%00b",
  "%25%",
  "%2",
];

/** `arbitrary` once in `1 + misses` draws, null otherwise. */
const rarely = <T>(arbitrary: fc.Arbitrary<T>, misses: number): fc.Arbitrary<T | null> =>
  fc.oneof({ weight: misses, arbitrary: fc.constant(null) }, { weight: 1, arbitrary });

const unicodeText = fc.string({ unit: "grapheme", maxLength: 12 });
const anyText = fc.string({ unit: "binary", maxLength: 12 });

/** Percent-encodes what `encodeURIComponent` can, lone surrogates as U+FFFD. */
export function encode(value: string): string {
  return encodeURIComponent(
    value.replace(/[\uD800-\uDFFF]/g, (ch, i: number, s: string) => {
      const code = ch.charCodeAt(0);
      const next = s.charCodeAt(i + 1);
      const prev = s.charCodeAt(i - 1);
      const paired = code < 0xdc00 ? next >= 0xdc00 && next <= 0xdfff : prev >= 0xd800 && prev < 0xdc00;
      return paired ? ch : "\uFFFD";
    }),
  );
}

const paramName: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...KNOWN_NAMES) },
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_NAMES) },
  { weight: 1, arbitrary: unicodeText },
  { weight: 1, arbitrary: fc.constantFrom("", "[]", "[", "]", "a[", "[a]", "a]b", "a[]]") },
);

/** Names as Rack reads them: plain, `x[]`, `x[y]`, `x[][y]`, `x[y][z]`. */
const bracketedName = fc
  .tuple(
    paramName,
    fc.constantFrom("", "[]", "[k]", "[][k]", "[k][]", "[k][j]", "[__proto__]", "[constructor][prototype]"),
    paramName,
  )
  .map(([name, shape, inner]) => name + shape.replace("k", inner).replace("j", "x"));

const paramValue: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NUMBERS) },
  { weight: 2, arbitrary: unicodeText },
  { weight: 1, arbitrary: anyText },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "",
      "true",
      "false",
      "null",
      "api",
      "api,read_user",
      "sudo,",
      "read_user,,api",
      "2099-12-31",
      "2000-01-01",
      "2099-02-30",
      "fz_user_1",
      "root",
      "\u0000",
      "a\u0000b",
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom("eyJ4IjoxfQ", "AAAA", "_-_-", "x".repeat(300)) },
);

/** One `key=value` piece: encoded, sent raw, or with a broken escape spliced in. */
const pair: fc.Arbitrary<string> = fc
  .tuple(
    bracketedName,
    paramValue,
    fc.constantFrom("encoded", "encoded", "raw", "bad"),
    fc.constantFrom(...BAD_ENCODINGS),
    fc.boolean(),
  )
  .map(([key, value, how, bad, hasValue]) => {
    const k = how === "raw" ? key.replace(/[#&=?\s]/g, encode) : encode(key);
    const v =
      how === "bad"
        ? `${encode(value)}${bad}`
        : how === "raw"
          ? value.replace(/[#&\s]/g, encode)
          : encode(value);
    return hasValue ? `${k}=${v}` : k;
  });

/** A query: a few pieces, sometimes one key repeated, sometimes one enormous piece. */
const query: fc.Arbitrary<string[]> = fc.oneof(
  { weight: 12, arbitrary: fc.array(pair, { maxLength: 6 }) },
  { weight: 4, arbitrary: fc.array(pair, { minLength: 1, maxLength: 3 }).map((p) => [...p, ...p]) },
  { weight: 6, arbitrary: fc.constant([] as string[]) },
  { weight: 1, arbitrary: fc.integer({ min: 2_000, max: 20_000 }).map((n) => [`filler=${"q".repeat(n)}`]) },
);

const userArg = (spellings: ("id" | "username" | "upper")[]): fc.Arbitrary<PathArg> =>
  fc.record({
    kind: fc.constant("user" as const),
    index: fc.nat(40),
    spelling: fc.constantFrom(...spellings),
  });

const rawSegment = (junk: string[]): fc.Arbitrary<PathArg> =>
  fc
    .oneof(
      fc.constantFrom(
        ...junk,
        ...BAD_ENCODINGS,
        "..",
        "%2e%2e",
        "%2F",
        "a%2Fb",
        "%20",
        "~",
        "-",
        "_",
        "a.b",
        ".json",
      ),
      unicodeText.map(encode),
      anyText.map(encode),
      fc.constantFrom(...HOSTILE_NAMES),
    )
    .map((segment) => ({ kind: "raw" as const, segment }));

const MISSING_IDS = [
  "0",
  "987654321",
  "9007199254740991",
  "9007199254740993",
  "18446744073709551616",
  "99999999999999999999999999999",
];
const MISSING_NAMES = ["no-such-user", "NO-SUCH-USER", "a".repeat(40), "x", "root-", "-root", "ro_ot"];

const argFor: Record<Placeholder, fc.Arbitrary<PathArg>> = {
  id: fc.oneof(
    { weight: 6, arbitrary: userArg(["id"]) },
    { weight: 2, arbitrary: rawSegment(MISSING_IDS) },
    { weight: 1, arbitrary: rawSegment(["-1", "1e3", "1.0", "0x1", "+1", "01"]) },
  ),
  gh_id: fc.oneof(
    { weight: 6, arbitrary: userArg(["id"]) },
    { weight: 2, arbitrary: rawSegment(MISSING_IDS) },
  ),
  token_id: fc.oneof(
    { weight: 4, arbitrary: fc.record({ kind: fc.constant("token" as const), index: fc.nat(40) }) },
    { weight: 2, arbitrary: rawSegment(MISSING_IDS) },
  ),
  username: fc.oneof(
    { weight: 6, arbitrary: userArg(["username", "upper"]) },
    { weight: 2, arbitrary: rawSegment(MISSING_NAMES) },
  ),
  target: fc.oneof(
    { weight: 6, arbitrary: userArg(["username", "upper"]) },
    { weight: 2, arbitrary: rawSegment(MISSING_NAMES) },
  ),
};

const garbageToken = fc.oneof(
  fc.constantFrom(
    "",
    " ",
    "glpat-aaaaaaaaaaaaaaaaaaaa",
    "gho_0000",
    "null",
    "undefined",
    "\u00ff\u00fe",
    "x".repeat(300),
    "a b",
    "%00",
    "Zm9vOmJhcg==",
  ),
  fc.string({ unit: fc.integer({ min: 0x21, max: 0xff }).map((c) => String.fromCharCode(c)), maxLength: 40 }),
);

const GITLAB_FORMS: TokenForm[] = [
  "PRIVATE-TOKEN",
  "Bearer",
  "private_token query",
  "access_token query",
  "private_token body",
];
const GITHUB_FORMS: TokenForm[] = ["Bearer", "token", "Basic token:x-oauth-basic", "Basic login:token"];

/** Mostly a form the route's dialect reads, sometimes one only the other dialect does. */
const tokenForm = (dialect: Dialect): fc.Arbitrary<TokenForm> =>
  fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...(dialect === "gitlab" ? GITLAB_FORMS : GITHUB_FORMS)) },
    { weight: 1, arbitrary: fc.constantFrom(...TOKEN_FORMS) },
  );

/** Root's token a quarter of the time (admin routes then get past their guards), else any fixture. */
const fixtureIndex = fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 3, arbitrary: fc.nat(40) });

const credential = (dialect: Dialect): fc.Arbitrary<Credential> =>
  fc.oneof(
    { weight: 2, arbitrary: fc.constant({ kind: "none" as const }) },
    {
      weight: 12,
      arbitrary: fc.record({
        kind: fc.constant("fixture" as const),
        index: fixtureIndex,
        form: tokenForm(dialect),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant("garbage" as const),
        value: garbageToken,
        form: tokenForm(dialect),
      }),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(
          "token",
          "Bearer",
          "Basic",
          "Basic !!!",
          "Basic Og==",
          "Basic dXNlcg==",
          "Digest abc",
          "token a b",
          "bearer\tx",
          "Negotiate",
          "x",
        )
        .map((header) => ({ kind: "malformed" as const, header })),
    },
  );

/** Header values Node would send: Latin-1 without NUL, CR or LF. */
const headerValue = fc.oneof(
  fc.string({
    unit: fc
      .integer({ min: 0x20, max: 0xff })
      .filter((c) => c !== 0x7f)
      .map((c) => String.fromCharCode(c)),
    maxLength: 30,
  }),
  fc.constantFrom("", "*", "\u00e9t\u00e9"),
);

const optionalHeaders: fc.Arbitrary<[string, string][]> = fc
  .tuple(
    rarely(
      fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom("2022-11-28", "2026-03-10", " 2022-11-28 ") },
        { weight: 1, arbitrary: fc.constantFrom("2022-11-28T00:00", "1999-01-01", "latest", "") },
        { weight: 1, arbitrary: headerValue },
      ),
      6,
    ),
    rarely(
      fc.oneof(
        fc.constantFrom(
          "application/json",
          "application/vnd.github+json",
          "application/vnd.github.v3.raw+json",
          "application/vnd.github.full+json",
          "*/*",
          "text/html",
          "application/xml;q=0.9, */*;q=0.1",
        ),
        headerValue,
      ),
      2,
    ),
    rarely(fc.oneof(fc.constantFrom("*", 'W/"abc"', '"abc"', '"a", W/"b"', ",,", 'W/""'), headerValue), 4),
    rarely(
      fc.tuple(
        fc.constantFrom(
          "__proto__",
          "constructor",
          "X-HTTP-Method-Override",
          "X-Forwarded-For",
          "X-Forwarded-Host",
          "Content-Encoding",
          "Transfer-Encoding-Junk",
          "Cookie",
        ),
        headerValue,
      ),
      4,
    ),
  )
  .map(([version, accept, ifNoneMatch, extra]) => [
    ...(version !== null ? [["X-GitHub-Api-Version", version] as [string, string]] : []),
    ...(accept !== null ? [["Accept", accept] as [string, string]] : []),
    ...(ifNoneMatch !== null ? [["If-None-Match", ifNoneMatch] as [string, string]] : []),
    ...(extra !== null ? [extra] : []),
  ]);

/** A JSON number written as is: 2^53+1 would round on its way through a JS number. */
class RawNumber {
  constructor(readonly text: string) {}
}

/** JSON values of the wrong type for whatever field they land in. */
const wrongTyped: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    null,
    true,
    false,
    0,
    -1,
    1.5,
    new RawNumber("9007199254740993"),
    new RawNumber("-9007199254740993"),
    new RawNumber("1e400"),
    new RawNumber("123456789012345678901234567890"),
    1e308,
    "",
    "api",
    ["api"],
    [],
    {},
    [null],
    { scopes: ["api"] },
  ),
  fc.constantFrom(...NUMBERS),
  unicodeText,
  fc.jsonValue({ maxDepth: 3 }),
);

const jsonObject = fc
  .array(
    fc.tuple(
      fc.oneof(fc.constantFrom(...KNOWN_NAMES), fc.constantFrom(...HOSTILE_NAMES), unicodeText),
      wrongTyped,
    ),
    { maxLength: 6 },
  )
  // Built as text: `__proto__` must arrive as a key, which an object literal would swallow.
  .map(
    (entries) =>
      `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v instanceof RawNumber ? v.text : JSON.stringify(v)}`).join(",")}}`,
  );

const deepJson = fc
  .tuple(fc.integer({ min: 50, max: 5_000 }), fc.boolean())
  .map(([depth, arrays]) =>
    arrays ? `${"[".repeat(depth)}${"]".repeat(depth)}` : `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`,
  );

const jsonText = fc.oneof(
  { weight: 6, arbitrary: jsonObject },
  { weight: 1, arbitrary: deepJson },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v) ?? "null") },
  { weight: 2, arbitrary: jsonObject.chain((t) => fc.nat(t.length).map((n) => t.slice(0, n))) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "{",
      "{'a':1}",
      "NaN",
      '{"a":1,}',
      "\u0000",
      '{"a":"\\ud800"}',
      '{"__proto__":{"isAdmin":true},"admin":true}',
      "[1,2",
      "\ufeff{}",
    ),
  },
);

const CONTENT_TYPES = [
  null,
  "text/plain",
  "application/xml",
  "application/json; charset=utf-16",
  "APPLICATION/JSON",
  "application/vnd.github+json",
  "application/merge-patch+json",
  "multipart/form-data",
  "application/x-www-form-urlencoded; charset=latin1",
  "};;=",
];

const contentType = (own: string) =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constant(own) },
    { weight: 1, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
  );

const multipartText = fc
  .tuple(fc.array(fc.tuple(bracketedName, paramValue), { maxLength: 4 }), fc.boolean())
  .map(([fields, complete]) => {
    const parts = fields.map(
      ([name, value]) =>
        `--fzb\r\nContent-Disposition: form-data; name="${name.replace(/["\r\n]/g, "")}"\r\n\r\n${value}\r\n`,
    );
    return `${parts.join("")}${complete ? "--fzb--\r\n" : "--fz"}`;
  });

const body: fc.Arbitrary<Body> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("none" as const), contentLength: fc.boolean() }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("json" as const),
      text: jsonText,
      contentType: contentType("application/json"),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("form" as const),
      pairs: fc.array(fc.tuple(bracketedName, paramValue), { maxLength: 6 }),
      contentType: contentType("application/x-www-form-urlencoded"),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("multipart" as const),
      text: multipartText,
      contentType: contentType("multipart/form-data; boundary=fzb"),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("text" as const),
      text: anyText,
      contentType: fc.constantFrom(...CONTENT_TYPES),
    }),
  },
  {
    weight: 1,
    arbitrary: rarely(
      fc.record({
        kind: fc.constant("huge" as const),
        bytes: fc.constantFrom(1_048_577, 1_500_000),
        json: fc.boolean(),
      }),
      5,
    ).map((b) => b ?? { kind: "none" as const, contentLength: true }),
  },
);

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/** One request to one route of the catalogue, with everything around it generated. */
export const fuzzCase: fc.Arbitrary<FuzzCase> = fc.nat(ROUTES.length - 1).chain((route) =>
  fc.record({
    route: fc.constant(route),
    method: rarely(fc.constantFrom(...METHODS), 8),
    args: fc.tuple(...placeholdersOf(ROUTES[route]!.template).map((p) => argFor[p])),
    query,
    credential: credential(ROUTES[route]!.dialect),
    sudo: rarely(
      fc.oneof(userArg(["id", "username"]), rawSegment(["0", "987654321", "no-such-user", ""])),
      6,
    ),
    headers: optionalHeaders,
    userAgent: fc.oneof(
      { weight: 9, arbitrary: fc.constant(true) },
      { weight: 1, arbitrary: fc.constant(false) },
    ),
    body,
    conditional: fc.oneof(
      { weight: 4, arbitrary: fc.constant(false) },
      { weight: 1, arbitrary: fc.constant(true) },
    ),
    rateLimited: fc.oneof(
      { weight: 3, arbitrary: fc.constant(false) },
      { weight: 1, arbitrary: fc.constant(true) },
    ),
  }),
);
