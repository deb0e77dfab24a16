import type { CallerRefusal } from "../tokens/caller.ts";
import type { AvatarRefusal } from "../users/avatars.ts";
import type { TransitionRefusal } from "../users/moderation.ts";

/** What is wrong with one field's value, as data: each dialect words it its own way. */
export type FieldProblem =
  | { problem: "blank" }
  | { problem: "too_long"; max: number }
  /** Not a name both dialects can route (characters, first or last character). */
  | { problem: "not_a_username" }
  /** Ends in `.git` or `.atom`, which would shadow a repository path. */
  | { problem: "reserved_suffix" }
  | { problem: "not_an_email" }
  /** PostgreSQL text cannot store NUL. */
  | { problem: "null_byte" }
  | { problem: "wrong_type" }
  | { problem: "taken" };

export type FieldProblemCode = FieldProblem["problem"];

/** Field-level problems, keyed by the core's field name (`publicEmail`, not a wire name). */
export type FieldProblems = Partial<Record<string, FieldProblem[]>>;

/**
 * The closed set of things the core refuses, each with the data a dialect needs to word it.
 * Each dialect answers every code through one exhaustive table, so adding a code here is a
 * compile error until both dialects (and the neutral wording below) answer it.
 */
export interface DomainErrorData {
  user_not_found: null;
  token_not_found: null;
  username_taken: null;
  email_taken: null;
  invalid_input: { fields: FieldProblems };
  transition_refused: TransitionRefusal;
  conflict: null;
  unavailable: null;
  /** Something failed that no input explains and no retry mends (a bug): the dialects' 500. */
  internal: null;
  invalid_cursor: null;
  /** The caller's token or account does not pass the route's policy. */
  caller_refused: CallerRefusal;
  /** An uploaded avatar too large or not in an image format both dialects serve. */
  avatar_refused: AvatarRefusal;
}

export type DomainErrorCode = keyof DomainErrorData;

export const DOMAIN_ERROR_CODES = Object.keys({
  user_not_found: true,
  token_not_found: true,
  username_taken: true,
  email_taken: true,
  invalid_input: true,
  transition_refused: true,
  conflict: true,
  unavailable: true,
  internal: true,
  invalid_cursor: true,
  caller_refused: true,
  avatar_refused: true,
} satisfies Record<DomainErrorCode, true>) as DomainErrorCode[];

/**
 * A code without data takes at most a diagnostic sentence (the driver's words, a seed's
 * problem); a code with data takes its data, then that sentence. The sentence becomes the
 * message, for the CLI and logs; no dialect shows it.
 */
type DomainErrorArgs<C extends DomainErrorCode> = DomainErrorData[C] extends null
  ? [detail?: string]
  : [data: DomainErrorData[C], detail?: string];

/**
 * Answers for every code, each given that code's data (and whatever the dialect knows of the
 * request, `context`): the shape of a dialect's error table.
 */
export type DomainErrorAnswers<R, Context = void> = {
  [C in DomainErrorCode]: (data: DomainErrorData[C], context: Context) => R;
};

export class DomainError<C extends DomainErrorCode = DomainErrorCode> extends Error {
  override readonly name = "DomainError";
  readonly data: DomainErrorData[C];
  /** The field problems of an `invalid_input`, the one code whose data is about fields. */
  readonly fields?: FieldProblems;
  constructor(
    readonly code: C,
    ...args: DomainErrorArgs<C>
  ) {
    const [first, second] = args as [unknown, string | undefined];
    const data = (typeof first === "string" || first === undefined ? null : first) as DomainErrorData[C];
    const detail = typeof first === "string" ? first : second;
    super(detail ?? describeDomainError(code, data));
    this.data = data;
    if (code === "invalid_input") this.fields = (data as DomainErrorData["invalid_input"]).fields;
  }
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;

/** The answer `table` gives for `error`'s code, handed that code's data and `context`. */
export const answerDomainError = <R, Context = void>(
  error: DomainError,
  table: DomainErrorAnswers<R, Context>,
  context: Context,
): R => (table[error.code] as (data: unknown, context: Context) => R)(error.data, context);

const OWN_ACCOUNT_VERBS: Record<Extract<TransitionRefusal, { reason: "own_account" }>["action"], string> = {
  block: "block",
  delete: "delete",
  demote: "take administrator rights from",
};

const FIELD_PROBLEMS: {
  [P in FieldProblemCode]: (problem: Extract<FieldProblem, { problem: P }>) => string;
} = {
  blank: () => "is blank",
  too_long: ({ max }) => `is longer than ${max} characters`,
  not_a_username: () => "is not a valid username",
  reserved_suffix: () => "ends in .git or .atom",
  not_an_email: () => "is not an email address",
  null_byte: () => "contains a NUL byte",
  wrong_type: () => "has the wrong type",
  taken: () => "is already taken",
};

/** One field problem in the core's neutral words ("is blank", "is already taken"). */
export const describeFieldProblem = (problem: FieldProblem) =>
  (FIELD_PROBLEMS[problem.problem] as (p: FieldProblem) => string)(problem);

const CALLER_REFUSALS: Record<CallerRefusal["reason"], string> = {
  unknown_token: "The token is not known",
  expired: "The token has expired",
  revoked: "The token has been revoked",
  account_blocked: "The token's account is blocked",
  account_banned: "The token's account is banned",
  account_deactivated: "The token's account is deactivated",
  not_admin: "The token's account is not an administrator",
  insufficient_scope: "The token lacks the scope this needs",
};

/**
 * The core's own plain-English wording, one line, in neither dialect's words: what the CLI
 * prints and what logs show. The dialects word codes in their own tables.
 */
const NEUTRAL: DomainErrorAnswers<string> = {
  user_not_found: () => "No such user",
  token_not_found: () => "No such token",
  // Kept as the core has always worded it: the CLI prints it and scripts may match it.
  username_taken: () => "Username has already been taken",
  email_taken: () => "Email has already been taken",
  invalid_input: ({ fields }) =>
    `Invalid input: ${Object.entries(fields)
      .flatMap(([field, problems = []]) => problems.map((p) => `${field} ${describeFieldProblem(p)}`))
      .join("; ")}`,
  transition_refused: (refusal) => {
    switch (refusal.reason) {
      case "own_account":
        return `Nobody may ${OWN_ACCOUNT_VERBS[refusal.action]} their own account`;
      case "deactivated":
        return "A deactivated user must be activated before being unblocked";
      case "not_active":
        return `Only an active user can be banned (this one is ${refusal.from})`;
      case "not_banned":
        return `Only a banned user can be unbanned (this one is ${refusal.from})`;
      case "blocked":
        return `A ${refusal.from} user must be unblocked to be ${refusal.action}d`;
    }
  },
  conflict: () => "Too many concurrent changes; retry",
  unavailable: () => "The database could not complete the request",
  internal: () => "The server could not complete the request",
  invalid_cursor: () => "The cursor is invalid",
  caller_refused: (refusal) => CALLER_REFUSALS[refusal.reason],
  avatar_refused: (refusal) =>
    refusal.reason === "too_large"
      ? `The avatar is larger than ${refusal.maxBytes} bytes`
      : "The avatar is not a PNG, JPEG, GIF, BMP, TIFF, ICO or WebP image",
};

export function describeDomainError<C extends DomainErrorCode>(code: C, data: DomainErrorData[C]): string {
  return (NEUTRAL[code] as (data: DomainErrorData[C]) => string)(data);
}
