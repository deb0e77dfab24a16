// The identity map: who a user is on each forge, one CSV row per person, columns
// `github_login,github_id,gitlab_username,gitlab_id` (either side may be empty). Import reads
// it to record both sides, export writes it, plan and apply read it to name users on the target.
import { readFile } from "node:fs/promises";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import type { ForgeIdentities } from "../contracts.ts";

export const IDENTITY_MAP_COLUMNS = ["github_login", "github_id", "gitlab_username", "gitlab_id"] as const;

/** A map that cannot be used: the message names the file and the line. */
export class IdentityMapError extends Error {}

export interface IdentityRow extends ForgeIdentities {
  /** 1-based line of the CSV, for messages. */
  line: number;
}

const GITHUB_LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
const GITLAB_USERNAME = /^[A-Za-z0-9_.][A-Za-z0-9_.-]{0,254}$/;

function readId(text: string, where: string): number | undefined {
  if (text === "") return undefined;
  if (!/^[1-9]\d{0,15}$/.test(text)) throw new IdentityMapError(`${where}: '${text}' is not a numeric id`);
  return Number(text);
}

/** Parses a map's text; `source` names it in every message. */
export function parseIdentityMap(text: string, source: string): IdentityRow[] {
  let records: string[][];
  try {
    records = parse(text, { skip_empty_lines: true, trim: true, relax_column_count: false });
  } catch (error) {
    throw new IdentityMapError(`${source}: not a CSV file: ${(error as Error).message.split("\n")[0]}`);
  }
  const [header, ...rows] = records;
  if (!header || header.join(",") !== IDENTITY_MAP_COLUMNS.join(","))
    throw new IdentityMapError(`${source}:1: the header must be ${IDENTITY_MAP_COLUMNS.join(",")}`);
  const seen = new Map<string, number>();
  return rows.map((cells, i) => {
    const line = i + 2;
    const where = `${source}:${line}`;
    const [githubLogin = "", githubId = "", gitlabUsername = "", gitlabId = ""] = cells;
    if (githubLogin === "" && gitlabUsername === "")
      throw new IdentityMapError(`${where}: needs a github_login or a gitlab_username`);
    if (githubLogin !== "" && !GITHUB_LOGIN.test(githubLogin))
      throw new IdentityMapError(`${where}: '${githubLogin}' is not a GitHub login`);
    if (gitlabUsername !== "" && !GITLAB_USERNAME.test(gitlabUsername))
      throw new IdentityMapError(`${where}: '${gitlabUsername}' is not a GitLab username`);
    if (githubLogin === "" && githubId !== "")
      throw new IdentityMapError(`${where}: a github_id needs its github_login`);
    if (gitlabUsername === "" && gitlabId !== "")
      throw new IdentityMapError(`${where}: a gitlab_id needs its gitlab_username`);
    for (const key of [
      githubLogin && `github:${githubLogin.toLowerCase()}`,
      gitlabUsername && `gitlab:${gitlabUsername.toLowerCase()}`,
    ]) {
      if (!key) continue;
      const earlier = seen.get(key);
      if (earlier)
        throw new IdentityMapError(`${where}: ${key.replace(":", " ")} is also on line ${earlier}`);
      seen.set(key, line);
    }
    const ghId = readId(githubId, where);
    const glId = readId(gitlabId, where);
    return {
      line,
      ...(githubLogin ? { github: { login: githubLogin, ...(ghId !== undefined ? { id: ghId } : {}) } } : {}),
      ...(gitlabUsername
        ? { gitlab: { username: gitlabUsername, ...(glId !== undefined ? { id: glId } : {}) } }
        : {}),
    };
  });
}

/** The map file's rows; an unreadable or malformed file is an IdentityMapError naming file:line. */
export async function readIdentityMap(path: string): Promise<IdentityRow[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new IdentityMapError(
      `cannot read the identity map ${path}: ${(error as NodeJS.ErrnoException).code ?? error}`,
    );
  }
  return parseIdentityMap(text, path);
}

/** The map's CSV text, header first. */
export function formatIdentityMap(rows: ForgeIdentities[]): string {
  return stringify(
    rows.map((row) => [
      row.github?.login ?? "",
      row.github?.id ?? "",
      row.gitlab?.username ?? "",
      row.gitlab?.id ?? "",
    ]),
    { header: true, columns: [...IDENTITY_MAP_COLUMNS] },
  );
}

/**
 * The name a user known on one forge only gets on the other: recognizable as a stand-in and
 * reassignable later, as GitLab's placeholder users and GitHub's mannequins are. A valid login
 * and username on both forges.
 */
export function placeholderLogin(knownOn: "github" | "gitlab", login: string): string {
  const suffix = `-${knownOn}-placeholder`;
  const clean = login
    .replace(/[^A-Za-z0-9-]/g, "-")
    .replace(/-+/g, "-")
    .replace(/^-|-$/g, "");
  // GitHub's logins end at 39 characters; the suffix must survive the cut.
  const stem = clean.slice(0, 39 - suffix.length).replace(/-$/, "") || "user";
  return `${stem}${suffix}`;
}

/** Whether a login is a placeholder `placeholderLogin` made. */
export const isPlaceholderLogin = (login: string) => /-(github|gitlab)-placeholder$/i.test(login);
