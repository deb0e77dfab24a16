import type { CoreDeps } from "../deps.ts";
import { DomainError } from "../errors/domain-error.ts";
import { type Caller, digestFor, type Identified, identifyIn } from "../tokens/caller.ts";
import { callerFrom } from "../tokens/caller-sql.ts";
import { canReadProfile, canSeeUser, isListed, type UserRef, type UserSummary } from "../users/user.ts";
import { type CursorScope, type Direction, type Seek, seekFor } from "./cursor.ts";
import { keyOf } from "./reads.ts";
import type { ListResult, Page } from "./types.ts";

const notFound = () => new DomainError("user_not_found");

/**
 * One page of who follows `owner` (followers) or whom it follows (following), if the caller
 * may read its lists (else `user_not_found`): the page, its owner and its caller in one
 * statement. A cursor seeks in the index from the row it names, so a page costs the same
 * however deep it is; a genuine cursor issued for another page is ignored (see `seekFor`)
 * and a forged one refused (`invalid_cursor`).
 */
export async function list(
  deps: Pick<CoreDeps, "followReads" | "cursors" | "stamp">,
  direction: Direction,
  caller: Caller,
  ownerRef: UserRef,
  page: Page,
): Promise<ListResult> {
  const { cursors } = deps;
  const asked = { direction, order: page.order, limit: page.limit, offset: page.offset };
  const scopeOf = (ownerId: number): CursorScope => ({ ...asked, ownerId });
  const read = (start: { offset: number } | Seek) =>
    deps.followReads.selectListPage(digestFor(caller), direction, ownerRef, page.order, page.limit, start);
  const byNumber = { offset: page.offset };
  // The cursor's signature is checked before the read; so is its owner when named by id.
  const opened = page.cursor === undefined ? undefined : await cursors.open(page.cursor);
  const seek =
    opened && seekFor(opened, { ...asked, ownerId: typeof ownerRef === "number" ? ownerRef : undefined });
  let found = await read(seek ?? byNumber);
  if (seek && found.owner && found.owner.id !== opened?.scope.ownerId)
    // A username is resolved by the read itself, so only now is it plain that the cursor was
    // issued for another user's list and the seek started from one of that list's rows: the
    // page is read again by its number. One more round trip, only on this rare path (a link
    // edited to name another user); an owner named by id is compared before the read.
    found = await read(byNumber);
  const { viewer, identified } = identifyIn(caller, callerFrom(found.caller), deps.stamp);
  const owner = found.owner;
  if (!owner || !canReadProfile(viewer, owner)) throw notFound();
  const scope = scopeOf(owner.id);
  const items = found.page;
  const total = owner.listed;
  const first = items[0];
  const last = items.at(-1);
  const [prev, next] = await Promise.all([
    first && page.offset > 0
      ? cursors.seal({ ...scope, offset: page.offset - page.limit }, { toward: "before", key: keyOf(first) })
      : undefined,
    last && items.length === page.limit && page.offset + page.limit < total
      ? cursors.seal({ ...scope, offset: page.offset + page.limit }, { toward: "after", key: keyOf(last) })
      : undefined,
  ]);
  let users: UserSummary[] | undefined;
  return {
    caller: identified,
    owner,
    items,
    get users() {
      users ??= items.map((item) => item.user);
      return users;
    },
    total,
    cursors: { ...(prev ? { prev } : {}), ...(next ? { next } : {}) },
  };
}

/**
 * Whether `follower` follows `followee` as the follower's following list shows it: the
 * edge is stored and both ends are listed. A follower whose lists the viewer may not
 * read, or a followee it may not see, is `user_not_found`. One statement, caller included.
 */
export async function followsAsListed(
  deps: Pick<CoreDeps, "followReads" | "stamp">,
  caller: Caller,
  follower: UserRef,
  followee: UserRef,
): Promise<{ follows: boolean; caller: Identified | null }> {
  const found = await deps.followReads.selectCheck(digestFor(caller), follower, followee);
  const { viewer, identified } = identifyIn(caller, callerFrom(found.caller), deps.stamp);
  const from = found.follower;
  const to = found.followee;
  if (!from || !canReadProfile(viewer, from) || !to || !canSeeUser(viewer, to)) throw notFound();
  return { follows: isListed(from) && isListed(to) && found.follows, caller: identified };
}
