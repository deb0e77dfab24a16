// The report's columns and where their requests go. Without conformance flags: the three
// layouts of one server (a fresh in-memory one, or `--url`). With them: one dialect on this
// server beside the same dialect on another, both set up through that dialect's admin routes
// so the two columns are made the same way and a second instance of this server agrees
// completely.
import { type Emulator, startEmulator } from "../emulator.ts";
import type { ColumnPlan } from "./runner.ts";
import { hasControlApi, type Server, SetupError } from "./start-state.ts";

/** A command line the tool cannot act on: a one-line reason and this exit status. */
export class DiffSetupError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super(message);
  }
}

export interface Columns {
  plans: ColumnPlan[];
  /** What the run will do to a graph the tool did not create, said before it starts. */
  notice?: string;
  close(): Promise<void>;
}

interface Target {
  url: string;
  token: string;
}

/** Origin and path of a URL a user typed; a bad one is exit 2. */
function parseUrl(flag: string, text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new DiffSetupError(`follow-graph diff: ${flag} '${text}' is not a URL`, 2);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new DiffSetupError(`follow-graph diff: ${flag} '${text}' is not an http(s) URL`, 2);
  return url;
}

const trimSlashes = (path: string) => path.replace(/\/+$/, "");

/** `--url`: the origin, whatever API prefix the user wrote after it. */
function runningServer(target: Target): Server {
  const url = parseUrl("--url", target.url);
  const path = trimSlashes(url.pathname).replace(/\/api\/v[34]$/, "");
  return { origin: `${url.origin}${path}`, adminToken: target.token, label: target.url };
}

async function fresh(): Promise<{ server: Server; emulator: Emulator }> {
  const emulator = await startEmulator();
  return {
    emulator,
    server: { origin: emulator.coordinates.url, adminToken: emulator.rootToken, label: "this server" },
  };
}

async function controlProbe(server: Server): Promise<boolean> {
  try {
    return await hasControlApi(server);
  } catch (error) {
    if (error instanceof SetupError) throw new DiffSetupError(`follow-graph diff: ${error.message}`, 1);
    throw error;
  }
}

/** The three layouts of one server. */
export async function dialectColumns(running: Target | undefined): Promise<Columns> {
  let server: Server;
  let close = async () => {};
  let setup: ColumnPlan["setup"] = "control";
  let notice: string | undefined;
  if (running) {
    server = runningServer(running);
    if (await controlProbe(server)) {
      notice = `resetting the graph at ${running.url} before each scenario (--url; its control API is on)`;
    } else {
      setup = "admin";
      notice = `adding each scenario's users to ${running.url} under a fresh prefix (--url; its control API is off, nothing there is reset)`;
    }
  } else {
    const started = await fresh();
    server = started.server;
    close = () => started.emulator.server.stop();
  }
  const plan = (id: string, label: string, dialect: "gitlab" | "github", githubBase: string): ColumnPlan => ({
    column: {
      id,
      label,
      dialect: id as ColumnPlan["column"]["dialect"],
      baseUrl: `{host}${dialect === "gitlab" ? "/api/v4" : githubBase}`,
    },
    server,
    dialect,
    githubBase,
    setup,
    bothDialects: true,
    group: "dialects",
  });
  return {
    plans: [
      plan("gitlab", "GitLab (/api/v4)", "gitlab", ""),
      plan("github-enterprise", "GitHub Enterprise (/api/v3)", "github", "/api/v3"),
      plan("github", "GitHub (api.github.com)", "github", ""),
    ],
    ...(notice ? { notice } : {}),
    close,
  };
}

/** The other server of a conformance run: its origin, and GitHub's path prefix there. */
function otherServer(flag: string, target: Target, dialect: "gitlab" | "github") {
  const url = parseUrl(flag, target.url);
  if (dialect === "github" && url.hostname === "api.github.com")
    throw new DiffSetupError(
      `follow-graph diff: ${flag} cannot be api.github.com: scenarios need users made through admin routes, which only GitHub Enterprise Server has`,
      2,
    );
  const path = trimSlashes(url.pathname);
  if (dialect === "gitlab") {
    const origin = `${url.origin}${path.replace(/\/api\/v4$/, "")}`;
    return { server: { origin, adminToken: target.token, label: target.url }, githubBase: "" };
  }
  // GHES answers under /api/v3; anything else (this server's root layout) is taken as given.
  const githubBase = path.endsWith("/api/v3") ? "/api/v3" : "";
  const origin = `${url.origin}${path.slice(0, path.length - githubBase.length)}`;
  return { server: { origin, adminToken: target.token, label: target.url }, githubBase };
}

/** One dialect here beside that dialect on another server, per `--against-…` flag. */
export async function conformanceColumns(targets: {
  running: Target | undefined;
  gitlab: Target | undefined;
  github: Target | undefined;
}): Promise<Columns> {
  const others = [
    ...(targets.gitlab
      ? [{ dialect: "gitlab" as const, ...otherServer("--against-gitlab", targets.gitlab, "gitlab") }]
      : []),
    ...(targets.github
      ? [{ dialect: "github" as const, ...otherServer("--against-github", targets.github, "github") }]
      : []),
  ];
  let here: Server;
  let close = async () => {};
  if (targets.running) here = runningServer(targets.running);
  else {
    const started = await fresh();
    here = started.server;
    close = () => started.emulator.server.stop();
  }
  const plans: ColumnPlan[] = others.flatMap(({ dialect, server, githubBase }) => {
    const name = dialect === "gitlab" ? "GitLab" : "GitHub";
    const columnDialect = dialect === "gitlab" ? "gitlab" : githubBase ? "github-enterprise" : "github";
    const base = dialect === "gitlab" ? "/api/v4" : githubBase;
    const plan = (id: string, label: string, at: Server): ColumnPlan => ({
      column: { id, label, dialect: columnDialect, baseUrl: `{host}${base}` },
      server: at,
      dialect,
      githubBase,
      setup: "admin",
      bothDialects: false,
      group: dialect,
    });
    return [
      plan(`${dialect}-this`, `${name}: ${targets.running ? targets.running.url : "this server"}`, here),
      plan(`${dialect}-other`, `${name}: ${server.label}`, server),
    ];
  });
  return {
    plans,
    notice: `adding each scenario's users to ${others.map((o) => o.server.label).join(" and ")}${targets.running ? ` and ${targets.running.url}` : ""} under a fresh prefix, through their admin routes; they stay there`,
    close,
  };
}
