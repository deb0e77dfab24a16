import { createHash, randomBytes } from "node:crypto";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** A fresh secret: `prefix` plus `length` random base62 characters. */
export function generateSecret(prefix: string, length = 20): string {
  const bytes = randomBytes(length * 2);
  let out = prefix;
  for (const byte of bytes) {
    // 248 = 4 * 62: rejecting larger bytes keeps every character equally likely.
    if (byte < 248) out += ALPHABET[byte % 62];
    if (out.length === prefix.length + length) return out;
  }
  return out + generateSecret("", prefix.length + length - out.length);
}

export const digestSecret = (secret: string): Uint8Array =>
  createHash("sha256").update(secret, "utf8").digest();
