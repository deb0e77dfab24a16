import { createHash } from "node:crypto";
import type { ServerResponse } from "node:http";
import { type Caller, canWrite, findCaller } from "./callers.ts";
import type { Db } from "./db.ts";
import {
  canReadProfile,
  canSee,
  deleteFollow,
  findUserById,
  followersById,
  insertFollow,
  isFollowing,
  type UserRow,
} from "./graph.ts";
import {
  type Headers,
  linkHeader,
  type Request,
  sendEmpty,
  sendJson,
  wholeParam,
  withParams,
} from "./http-kit.ts";

// GitLab's JSON content type carries no charset.
const json = (res: ServerResponse, status: number, body: unknown, headers: Headers = {}) =>
  sendJson(res, status, body, { "Content-Type": "application/json", ...headers });
const message = (res: ServerResponse, status: number, text: string) => json(res, status, { message: text });

function userBasic(user: UserRow, origin: string) {
  const gravatar = createHash("md5").update(user.email.trim().toLowerCase()).digest("hex");
  return {
    id: user.id,
    username: user.username,
    public_email: user.publicEmail ?? "",
    name: user.name,
    state: user.state,
    locked: false,
    avatar_url: user.avatarUrl ?? `https://www.gravatar.com/avatar/${gravatar}?s=80&d=identicon`,
    web_url: `${origin}/${user.username}`,
  };
}

function userDetails(user: UserRow, origin: string, caller: Caller | null, isFollowed: boolean | null) {
  const readable = canReadProfile(caller, user);
  return {
    ...userBasic(user, origin),
    ...(readable ? { created_at: user.createdAt.toISOString() } : {}),
    bio: user.bio,
    location: user.location,
    linkedin: user.linkedin,
    twitter: user.twitter,
    discord: user.discord,
    website_url: user.websiteUrl,
    github: user.github,
    job_title: user.jobTitle,
    pronouns: user.pronouns,
    organization: user.organization,
    bot: false,
    work_information: user.organization || null,
    ...(isFollowed !== null
      ? { followers: user.followers, following: user.following, is_followed: isFollowed }
      : {}),
    local_time: null,
  };
}

/** GET /users/:id/followers: offset pages by `page`, or a keyset page after `cursor` (the last id seen). */
async function followers(db: Db, req: Request, res: ServerResponse, caller: Caller | null, userId: number) {
  const perPage = wholeParam(req.query, "per_page", 20);
  const page = wholeParam(req.query, "page", 1);
  const cursor = req.query.get("cursor");
  if (perPage === null || page === null || (cursor !== null && !/^\d+$/.test(cursor)))
    return message(res, 400, "400 Bad request - page, per_page or cursor is invalid");
  const limit = Math.min(perPage, 100);
  const owner = await findUserById(db, userId);
  if (!owner || !canReadProfile(caller, owner)) return message(res, 404, "404 User Not Found");
  const rows = await followersById(
    db,
    owner.id,
    limit,
    cursor !== null ? { afterId: Number(cursor) } : { offset: (page - 1) * limit },
  );
  const total = owner.followers;
  const totalPages = Math.max(1, Math.ceil(total / limit));
  const base = `${req.origin}${req.path}`;
  const last = rows.at(-1);
  const next = page < totalPages && last ? page + 1 : null;
  const prev = page > 1 ? page - 1 : null;
  const links = linkHeader({
    next:
      next && last
        ? withParams(base, req.query, { page: next, per_page: limit, cursor: last.id })
        : undefined,
    prev: prev ? withParams(base, req.query, { page: prev, per_page: limit, cursor: null }) : undefined,
    first: withParams(base, req.query, { page: 1, per_page: limit, cursor: null }),
    last: withParams(base, req.query, { page: totalPages, per_page: limit, cursor: null }),
  });
  json(
    res,
    200,
    rows.map((u) => userBasic(u, req.origin)),
    {
      Link: links,
      "X-Page": String(page),
      "X-Per-Page": String(limit),
      "X-Total": String(total),
      "X-Total-Pages": String(totalPages),
      "X-Next-Page": next ? String(next) : "",
      "X-Prev-Page": prev ? String(prev) : "",
    },
  );
}

async function user(db: Db, req: Request, res: ServerResponse, caller: Caller | null, userId: number) {
  const found = await findUserById(db, userId);
  if (!found || !canSee(caller, found)) return message(res, 404, "404 User Not Found");
  // The counts and is_followed show to another signed-in user who may read the profile.
  const showFollow =
    caller !== null &&
    caller.id !== found.id &&
    canReadProfile(caller, found) &&
    caller.followingEnabled &&
    found.followingEnabled;
  const isFollowed = showFollow ? await isFollowing(db, caller.id, found.id) : null;
  json(res, 200, userDetails(found, req.origin, caller, isFollowed));
}

/** POST /users/:id/follow and /unfollow: 201 with the user when it changed something, else 304. */
async function toggle(
  db: Db,
  req: Request,
  res: ServerResponse,
  caller: Caller,
  userId: number,
  follow: boolean,
) {
  if (!canWrite(caller)) return message(res, 403, "403 Forbidden");
  const target = await findUserById(db, userId);
  if (!target || !canSee(caller, target)) return message(res, 404, "404 User Not Found");
  if (target.id === caller.id) return sendEmpty(res, 304);
  if (follow && (!caller.followingEnabled || !target.followingEnabled))
    return message(res, 403, "403 Forbidden");
  if (follow && caller.followeeRows >= 300)
    return json(res, 400, { message: { base: ["You can't follow more than 300 users"] } });
  const changed = follow ? await insertFollow(db, caller, target) : await deleteFollow(db, caller, target);
  if (!changed) return sendEmpty(res, 304);
  json(res, 201, userBasic(target, req.origin));
}

const FOLLOWERS = /^\/api\/v4\/users\/(\d+)\/followers$/;
const USER = /^\/api\/v4\/users\/(\d+)$/;
const TOGGLE = /^\/api\/v4\/users\/(\d+)\/(follow|unfollow)$/;

/** GitLab v4's routes of the bench; false when the request is not one of them. */
export async function gitlabRoutes(db: Db, req: Request, res: ServerResponse): Promise<boolean> {
  const read = req.method === "GET" ? (FOLLOWERS.exec(req.path) ?? USER.exec(req.path)) : null;
  const write = req.method === "POST" ? TOGGLE.exec(req.path) : null;
  if (!read && !write) return false;
  const secret = req.headers["private-token"];
  let caller: Caller | null = null;
  if (typeof secret === "string") {
    const found = await findCaller(db, secret);
    if (found === "refused") {
      message(res, 401, "401 Unauthorized");
      return true;
    }
    caller = found;
  }
  if (read) {
    const userId = Number(read[1]);
    if (read[0].endsWith("/followers")) await followers(db, req, res, caller, userId);
    else await user(db, req, res, caller, userId);
  } else if (write) {
    if (!caller) message(res, 401, "401 Unauthorized");
    else await toggle(db, req, res, caller, Number(write[1]), write[2] === "follow");
  }
  return true;
}
