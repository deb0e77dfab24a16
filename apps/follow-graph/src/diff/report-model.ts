// The diff tool's result: what the runner produces and every format renders. This shape is the
// `--format json` output, documented in the README; change it only by adding fields (and bump
// `version` when a field changes meaning), since CI jobs assert on it.

/** Where a column's requests went: a dialect, and for GitHub the layout. */
export type ColumnDialect = "gitlab" | "github-enterprise" | "github";

/** One column of the report: a dialect of this server, or (conformance) another server. */
export interface ReportColumn {
  /** Stable key used in `outcomes`, e.g. `gitlab`, `github-enterprise`, `github`, `this`, `other`. */
  id: string;
  /** Shown as the column's heading, e.g. `GitLab (/api/v4)`. */
  label: string;
  dialect: ColumnDialect;
  /** The base URL the column's requests went to, host normalized to `{host}` in the report. */
  baseUrl: string;
}

/** One HTTP exchange, normalized (ids assigned by the server, tokens, dates, ETags, host). */
export interface Exchange {
  request: {
    method: string;
    /** Path and query, relative to the origin, e.g. `/api/v4/users/{id:bob}/follow`. */
    path: string;
    /** The request headers that matter (auth shown as `{token:alice}`), lower-case names. */
    headers: Record<string, string>;
    body?: unknown;
  };
  response: {
    status: number;
    /** The headers clients read (Link, X-Total…, X-RateLimit-*, Retry-After, X-Accepted-OAuth-Scopes…). */
    headers: Record<string, string>;
    /** JSON when it parsed, else the text; `null` when empty. */
    body: unknown;
  };
}

/** What one column did for one step. */
export interface StepOutcome {
  /** A short outcome, e.g. `201 + user`, `304`, `204`, `200 + 2 users`, `404`. */
  summary: string;
  /** Absent when the step does not apply to this column (see `notApplicable`). */
  exchange?: Exchange;
  /** Why the step has no request in this column, e.g. `GitLab has no user-to-user blocks`. */
  notApplicable?: string;
  /** The step failed to run here (unreachable server, bad setup): the reason. */
  error?: string;
}

/** A part of the answers that is not the same in every column. */
export interface Difference {
  /** `status`, `body`, `header:link`, `body.length`, … */
  aspect: string;
  /** Each column's value of that aspect, as text. */
  values: Record<string, string>;
}

export interface StepResult {
  /** 0-based position in the scenario's steps. */
  index: number;
  /** The step's action, e.g. `follow`, `list`. */
  action: string;
  /** The step in words, e.g. `alice follows bob again`. */
  intent: string;
  /** Whether the step is part of the scenario's outcome (the summary matrix). */
  reported: boolean;
  /** Keyed by column id. */
  outcomes: Record<string, StepOutcome>;
  differences: Difference[];
}

export interface ScenarioResult {
  /** The scenario's name, as passed on the command line, e.g. `follow-repeat-self`. */
  name: string;
  /** A short title, e.g. `follow / repeat / self`. */
  title: string;
  description?: string;
  /** The summary matrix's cell per column: the reported steps' summaries joined by ` / `. */
  outcome: Record<string, string>;
  steps: StepResult[];
  /** Whether any reported step's outcomes differ between columns. */
  differs: boolean;
  /** The scenario could not finish: the reason; its steps so far are still listed. */
  error?: string;
}

export interface DiffReport {
  version: 1;
  /** `dialects`: the three layouts of one server; `conformance`: this server against another. */
  mode: "dialects" | "conformance";
  /** ISO 8601; the only field that changes between two identical runs. */
  generatedAt: string;
  /** Which server the tool ran against: `fresh` (an in-memory graph it created) or a URL. */
  server: string;
  columns: ReportColumn[];
  scenarios: ScenarioResult[];
  totals: { scenarios: number; steps: number; differingSteps: number; failedSteps: number };
}
