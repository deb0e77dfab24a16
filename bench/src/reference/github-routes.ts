import type { ServerResponse } from "node:http";
import { type Caller, canWrite, findCaller } from "./callers.ts";
import type { Db } from "./db.ts";
import {
  canReadProfile,
  canSee,
  deleteFollow,
  findUserByUsername,
  followersByTime,
  insertFollow,
  isFollowing,
  type UserRow,
} from "./graph.ts";
import { linkHeader, type Request, sendEmpty, sendJson, wholeParam, withParams } from "./http-kit.ts";

const DOCS = "https://docs.github.com/rest";
const problem = (res: ServerResponse, status: number, message: string) =>
  sendJson(res, status, { message, documentation_url: DOCS, status: String(status) });
const notFound = (res: ServerResponse) => problem(res, 404, "Not Found");

/** The API's base as the client reached it: /api/v3 (Enterprise) or the root (api.github.com). */
const apiBase = (req: Request, prefix: string) => `${req.origin}${prefix}`;

function simpleUser(user: UserRow, req: Request, prefix: string) {
  const login = user.username;
  const url = `${apiBase(req, prefix)}/users/${encodeURIComponent(login)}`;
  return {
    login,
    id: user.id,
    node_id: Buffer.from(`04:User${user.id}`).toString("base64"),
    avatar_url: user.avatarUrl ?? `${req.origin}/avatars/u/${user.id}?v=4`,
    gravatar_id: "",
    url,
    html_url: `${req.origin}/${encodeURIComponent(login)}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: "User",
    user_view_type: "public",
    site_admin: user.isAdmin,
  };
}

const orNull = (value: string | null) => (value ? value : null);
const timestamp = (date: Date) => `${date.toISOString().slice(0, 19)}Z`;

function publicUser(user: UserRow, req: Request, prefix: string) {
  return {
    ...simpleUser(user, req, prefix),
    name: user.name,
    company: orNull(user.organization),
    blog: user.websiteUrl,
    location: orNull(user.location),
    email: orNull(user.publicEmail),
    hireable: null,
    bio: orNull(user.bio),
    twitter_username: orNull(user.twitter),
    public_repos: 0,
    public_gists: 0,
    followers: user.followers,
    following: user.following,
    created_at: timestamp(user.createdAt),
    updated_at: timestamp(user.updatedAt),
  };
}

/** A cursor names the last row of a page: its follow time (as PostgreSQL prints it) and the follower's id. */
function readCursor(raw: string | null): { at: string; id: number } | null | "invalid" {
  if (raw === null) return null;
  const comma = raw.indexOf(",");
  const id = raw.slice(0, comma);
  if (comma < 1 || !/^\d+$/.test(id)) return "invalid";
  return { id: Number(id), at: raw.slice(comma + 1) };
}

/** GET /users/{username}/followers, in follow-time order; Link relations as GitHub gives them. */
async function followers(
  db: Db,
  req: Request,
  res: ServerResponse,
  prefix: string,
  caller: Caller | null,
  login: string,
) {
  const perPage = wholeParam(req.query, "per_page", 30);
  const page = wholeParam(req.query, "page", 1);
  const cursor = readCursor(req.query.get("cursor"));
  if (perPage === null || page === null || cursor === "invalid")
    return problem(res, 422, "Validation Failed: page, per_page or cursor is invalid");
  const limit = Math.min(perPage, 100);
  const owner = await findUserByUsername(db, login);
  if (!owner || !canReadProfile(caller, owner)) return notFound(res);
  const rows = await followersByTime(
    db,
    owner.id,
    limit,
    cursor ? { after: cursor } : { offset: (page - 1) * limit },
  );
  const lastPage = Math.max(1, Math.ceil(owner.followers / limit));
  const base = `${req.origin}${req.path}`;
  const lastRow = rows.at(-1);
  const links =
    lastPage === 1
      ? ""
      : linkHeader({
          prev:
            page > 1
              ? withParams(base, req.query, { per_page: limit, page: page - 1, cursor: null })
              : undefined,
          next:
            page < lastPage && lastRow
              ? withParams(base, req.query, {
                  per_page: limit,
                  page: page + 1,
                  cursor: `${lastRow.id},${lastRow.followedAt}`,
                })
              : undefined,
          last:
            page < lastPage
              ? withParams(base, req.query, { per_page: limit, page: lastPage, cursor: null })
              : undefined,
          first:
            page > 1 ? withParams(base, req.query, { per_page: limit, page: 1, cursor: null }) : undefined,
        });
  sendJson(
    res,
    200,
    rows.map((u) => simpleUser(u, req, prefix)),
    links ? { Link: links } : {},
  );
}

/** GET /users/{username}/following/{target}: 204 when the first follows the second, else 404. */
async function check(db: Db, res: ServerResponse, caller: Caller | null, login: string, targetLogin: string) {
  const follower = await findUserByUsername(db, login);
  const followee = await findUserByUsername(db, targetLogin);
  if (!follower || !followee || !canSee(caller, follower) || !canSee(caller, followee)) return notFound(res);
  if (await isFollowing(db, follower.id, followee.id)) sendEmpty(res, 204);
  else notFound(res);
}

async function user(
  db: Db,
  req: Request,
  res: ServerResponse,
  prefix: string,
  caller: Caller | null,
  login: string,
) {
  const found = await findUserByUsername(db, login);
  if (!found || !canSee(caller, found)) return notFound(res);
  sendJson(res, 200, publicUser(found, req, prefix));
}

/** PUT|DELETE /user/following/{username}: 204 whether or not it changed anything. */
async function toggle(db: Db, res: ServerResponse, caller: Caller, login: string, follow: boolean) {
  if (!canWrite(caller)) return problem(res, 403, "Resource not accessible by personal access token");
  const target = await findUserByUsername(db, login);
  if (!target || !canSee(caller, target)) return notFound(res);
  if (target.id !== caller.id) {
    if (follow) await insertFollow(db, caller, target);
    else await deleteFollow(db, caller, target);
  }
  sendEmpty(res, 204);
}

const FOLLOWERS = /^\/users\/([^/]+)\/followers$/;
const CHECK = /^\/users\/([^/]+)\/following\/([^/]+)$/;
const USER = /^\/users\/([^/]+)$/;
const TOGGLE = /^\/user\/following\/([^/]+)$/;

/** The GitHub routes of the bench, under /api/v3 or at the root; false when not one of them. */
export async function githubRoutes(db: Db, req: Request, res: ServerResponse): Promise<boolean> {
  const prefix = req.path.startsWith("/api/v3/") ? "/api/v3" : "";
  const path = req.path.slice(prefix.length);
  const isRead = req.method === "GET" && (FOLLOWERS.test(path) || CHECK.test(path) || USER.test(path));
  const toggled = req.method === "PUT" || req.method === "DELETE" ? TOGGLE.exec(path) : null;
  if (!isRead && !toggled) return false;
  const auth = req.headers.authorization;
  let caller: Caller | null = null;
  if (typeof auth === "string") {
    const secret = /^(?:token|bearer)\s+(\S+)$/i.exec(auth)?.[1];
    const found = secret ? await findCaller(db, secret) : "refused";
    if (found === "refused") {
      problem(res, 401, "Bad credentials");
      return true;
    }
    caller = found;
  }
  const name = (part: string) => decodeURIComponent(part);
  if (toggled) {
    if (!caller) problem(res, 401, "Requires authentication");
    else await toggle(db, res, caller, name(toggled[1]!), req.method === "PUT");
    return true;
  }
  const list = FOLLOWERS.exec(path);
  const pair = CHECK.exec(path);
  const one = USER.exec(path);
  if (list) await followers(db, req, res, prefix, caller, name(list[1]!));
  else if (pair) await check(db, res, caller, name(pair[1]!), name(pair[2]!));
  else if (one) await user(db, req, res, prefix, caller, name(one[1]!));
  return true;
}
