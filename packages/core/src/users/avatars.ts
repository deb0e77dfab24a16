import { inTransaction } from "../db/transaction.ts";
import type { CoreDeps } from "../deps.ts";
import { DomainError } from "../errors/domain-error.ts";
import { selectAvatar, upsertAvatar } from "./avatars-repository.ts";
import { couldNameUser } from "./ref.ts";
import type { User } from "./user.ts";

/** GitLab's cap on an avatar (`Avatarable::MAXIMUM_FILE_SIZE`). */
export const MAX_AVATAR_BYTES = 200 * 1024;

/** Why an uploaded avatar is refused, as data each dialect words. */
export type AvatarRefusal = { reason: "too_large"; maxBytes: number } | { reason: "not_an_image" };

interface ImageFormat {
  extension: string;
  contentType: string;
  /** Whether `bytes` begin as a file of this format does. */
  matches(bytes: Uint8Array): boolean;
}

const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0) =>
  bytes.length >= at + prefix.length && prefix.every((byte, i) => bytes[at + i] === byte);
const ascii = (text: string) => [...text].map((char) => char.charCodeAt(0));

/**
 * The formats GitLab accepts as avatars (`SAFE_IMAGE_EXT`: png, jpg, gif, bmp, tiff, ico,
 * webp), recognised by their magic bytes rather than by a name or type the client chose, so
 * nothing served back as an image can be HTML or script.
 */
export const AVATAR_FORMATS: readonly ImageFormat[] = [
  {
    extension: "png",
    contentType: "image/png",
    matches: (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  },
  { extension: "jpg", contentType: "image/jpeg", matches: (b) => startsWith(b, [0xff, 0xd8, 0xff]) },
  {
    extension: "gif",
    contentType: "image/gif",
    matches: (b) => startsWith(b, ascii("GIF87a")) || startsWith(b, ascii("GIF89a")),
  },
  {
    extension: "bmp",
    contentType: "image/bmp",
    matches: (b) => startsWith(b, ascii("BM")) && b.length >= 26,
  },
  {
    extension: "tiff",
    contentType: "image/tiff",
    matches: (b) => startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a]),
  },
  {
    extension: "ico",
    contentType: "image/vnd.microsoft.icon",
    // Reserved 0, type 1 (icon), and at least one image in the directory.
    matches: (b) => startsWith(b, [0x00, 0x00, 0x01, 0x00]) && b.length >= 6 && (b[4]! | b[5]!) !== 0,
  },
  {
    extension: "webp",
    contentType: "image/webp",
    matches: (b) => startsWith(b, ascii("RIFF")) && startsWith(b, ascii("WEBP"), 8),
  },
];

/** An uploaded avatar that passed the checks: its bytes and the format they are in. */
export interface AvatarImage {
  bytes: Uint8Array;
  extension: string;
  contentType: string;
}

/**
 * Checks an upload as GitLab does before storing it: at most 200 KiB, and an image in one of
 * the formats above. Pure, so an adapter can check before it writes anything else.
 */
export function checkAvatar(bytes: Uint8Array): AvatarImage {
  if (bytes.length > MAX_AVATAR_BYTES)
    throw new DomainError("avatar_refused", { reason: "too_large", maxBytes: MAX_AVATAR_BYTES });
  const format = AVATAR_FORMATS.find((f) => f.matches(bytes));
  if (!format) throw new DomainError("avatar_refused", { reason: "not_an_image" });
  return { bytes, extension: format.extension, contentType: format.contentType };
}

const extensionOf = (contentType: string) =>
  AVATAR_FORMATS.find((f) => f.contentType === contentType)?.extension ?? "bin";

/** Where an uploaded avatar is served, in GitLab's path shape, under the server's origin. */
const avatarPath = (userId: number, extension: string) =>
  `/uploads/-/system/user/avatar/${userId}/avatar.${extension}`;

/**
 * Stores `bytes` as the user's avatar (checked first) and points the user's `avatarUrl` at
 * where it is served under `origin`, in one transaction; returns the user as it now is.
 */
export async function setAvatar(
  deps: Pick<CoreDeps, "db" | "usersRepo">,
  userId: number,
  bytes: Uint8Array,
  origin: string,
): Promise<User> {
  const image = checkAvatar(bytes);
  return inTransaction(deps.db, async (tx) => {
    const [current] = await deps.usersRepo.lockUsers(tx, [userId]);
    if (!current) throw new DomainError("user_not_found");
    await upsertAvatar(tx, { userId, contentType: image.contentType, bytes: image.bytes });
    const avatarUrl = `${origin}${avatarPath(userId, image.extension)}`;
    const user = await deps.usersRepo.updateUser(tx, userId, { avatarUrl });
    if (!user) throw new DomainError("user_not_found");
    return user;
  });
}

/** A stored avatar as it is served: bytes, type, the extension its URL ends in, and when it changed. */
export interface StoredAvatar extends AvatarImage {
  updatedAt: Date;
}

/** The avatar `userId` uploaded, or null when there is none (or the id names nobody). */
export async function readAvatar(deps: Pick<CoreDeps, "db">, userId: number): Promise<StoredAvatar | null> {
  if (!couldNameUser(userId)) return null;
  const row = await selectAvatar(deps.db, userId);
  return row && { ...row, extension: extensionOf(row.contentType) };
}
