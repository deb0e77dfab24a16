import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { DomainError } from "../errors/domain-error.ts";
import type { KeysRepository } from "../keys/repository.ts";
import type { ListOrder } from "./reads.ts";

export type Direction = "followers" | "following";

/** A row's place in a list: when the follow was made (µs since the epoch) and the listed user. */
export interface RowKey {
  followedAt: number;
  userId: number;
}

/** Which list a cursor walks, and the page it stands for (rows before it, page size). */
export interface CursorScope {
  direction: Direction;
  ownerId: number;
  order: ListOrder;
  limit: number;
  offset: number;
}

/** Where a page starts: after the last row of the page before it, or before the first of the one after. */
export type Seek = { toward: "after" | "before"; key: RowKey };

const VERSION = "1";
const MAC_BYTES = 12;
const PAYLOAD =
  /^1\|(followers|following)\|(user_id|followed_at)\|(\d{1,16})\|(\d{1,3})\|(\d{1,16})\|([ab])\|(\d{1,16})\|(\d{1,16})$/;

/** A cursor that is not one this server signed, or whose payload was altered or garbled. */
export const invalidCursor = () =>
  new DomainError("invalid_cursor", "The cursor is not one this server issued; drop it to start over");

/** What a genuine cursor says: the page it was issued for and where that page starts. */
export interface OpenedCursor {
  scope: CursorScope;
  seek: Seek;
}

/**
 * Where the page `asked` starts if `opened` was issued for that very page, else undefined:
 * the page is then served by its number, exactly as without a cursor. A client that edits
 * `page` or `per_page` in a link (to jump or to resize) keeps a cursor that is genuine but
 * for another page, and neither GitHub nor GitLab would refuse that request. `ownerId` is
 * undefined while the owner is known only by username: the caller compares it after the read.
 */
export function seekFor(
  opened: OpenedCursor,
  asked: Omit<CursorScope, "ownerId"> & { ownerId: number | undefined },
): Seek | undefined {
  const { scope } = opened;
  const samePage =
    scope.direction === asked.direction &&
    scope.order === asked.order &&
    scope.limit === asked.limit &&
    scope.offset === asked.offset &&
    (asked.ownerId === undefined || scope.ownerId === asked.ownerId);
  return samePage ? opened.seek : undefined;
}

/**
 * Opaque, signed page cursors. A cursor names a list, a page of it and the row key to seek
 * from; the signature (HMAC with a key kept in the database, so cursors outlive restarts and
 * work on every instance) means a forged or altered cursor is refused rather than trusted,
 * while a genuine one issued for another list or page is not a seek for this one (`seekFor`).
 */
export function createCursors(keys: KeysRepository) {
  let key: Promise<Uint8Array> | undefined;
  const signingKey = () => {
    key ??= keys.selectOrInsertKey("cursor", randomBytes(32)).catch((error) => {
      key = undefined;
      throw error;
    });
    return key;
  };
  const mac = async (payload: string) =>
    createHmac("sha256", await signingKey())
      .update(payload)
      .digest()
      .subarray(0, MAC_BYTES);

  return {
    async seal(scope: CursorScope, seek: Seek): Promise<string> {
      const payload = [
        VERSION,
        scope.direction,
        scope.order,
        scope.ownerId,
        scope.limit,
        scope.offset,
        seek.toward === "after" ? "a" : "b",
        seek.key.followedAt,
        seek.key.userId,
      ].join("|");
      return `${Buffer.from(payload).toString("base64url")}.${(await mac(payload)).toString("base64url")}`;
    },

    /**
     * What a genuine cursor says (refusing any other); whether it is for the page asked for
     * is `seekFor`'s question.
     */
    async open(cursor: string): Promise<OpenedCursor> {
      const [encoded, signature, extra] = cursor.split(".");
      if (!encoded || !signature || extra !== undefined) throw invalidCursor();
      const payload = Buffer.from(encoded, "base64url").toString("latin1");
      const given = Buffer.from(signature, "base64url");
      const match = PAYLOAD.exec(payload);
      if (!match || given.length !== MAC_BYTES || !timingSafeEqual(given, await mac(payload)))
        throw invalidCursor();
      const [, direction, order, ownerId, limit, offset, toward, followedAt, userId] = match;
      const scope: CursorScope = {
        direction: direction as Direction,
        order: order as ListOrder,
        ownerId: Number(ownerId),
        limit: Number(limit),
        offset: Number(offset),
      };
      return {
        scope,
        seek: {
          toward: toward === "a" ? "after" : "before",
          key: { followedAt: Number(followedAt), userId: Number(userId) },
        },
      };
    },
  };
}

export type Cursors = ReturnType<typeof createCursors>;
