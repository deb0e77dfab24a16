// How long a live import waits when a source says so: Retry-After as seconds or as an HTTP
// date, and the epoch-seconds resets of X-RateLimit-Reset and GitLab's RateLimit-Reset.
import { describe, expect, it } from "vitest";
import { resetSeconds, retryAfterSeconds } from "../src/migration/forge/rate-wait.ts";

const NOW = Date.parse("2026-12-03T10:00:00Z");

describe("rate-limit waits", () => {
  it("reads Retry-After as delta seconds or as an HTTP date, and nothing else", () => {
    expect(retryAfterSeconds("30", NOW)).toBe(30);
    expect(retryAfterSeconds(" 0 ", NOW)).toBe(0);
    expect(retryAfterSeconds("Thu, 03 Dec 2026 10:01:30 GMT", NOW)).toBe(90);
    // A date already past is no wait, not a negative one.
    expect(retryAfterSeconds("Thu, 03 Dec 2026 09:00:00 GMT", NOW)).toBe(0);
    for (const unreadable of [undefined, null, "", "soon", "-5", "1.5"])
      expect(retryAfterSeconds(unreadable, NOW)).toBeUndefined();
  });

  it("waits until one second after an epoch-seconds reset", () => {
    expect(resetSeconds(String(NOW / 1000 + 42), NOW)).toBe(43);
    expect(resetSeconds(String(NOW / 1000 - 100), NOW)).toBe(0);
    expect(resetSeconds("not-a-time", NOW)).toBeUndefined();
    expect(resetSeconds(undefined, NOW)).toBeUndefined();
  });
});
