import { describe, expect, it } from "vitest";
import {
  DOMAIN_ERROR_CODES,
  DomainError,
  type DomainErrorData,
  describeDomainError,
} from "./domain-error.ts";

// One example of each code's data; a new code fails to compile here until it has one.
const EXAMPLES: DomainErrorData = {
  user_not_found: null,
  token_not_found: null,
  username_taken: null,
  email_taken: null,
  invalid_input: { fields: { username: [{ problem: "blank" }, { problem: "too_long", max: 255 }] } },
  transition_refused: { reason: "not_active", action: "ban", from: "blocked" },
  conflict: null,
  unavailable: null,
  internal: null,
  invalid_cursor: null,
  caller_refused: { reason: "expired" },
  avatar_refused: { reason: "too_large", maxBytes: 204800 },
};

describe("DomainError", () => {
  it("carries its code and data, and words itself on one line from them", () => {
    const error = new DomainError("transition_refused", { reason: "own_account", action: "demote" });
    expect(error).toMatchObject({
      name: "DomainError",
      code: "transition_refused",
      data: { reason: "own_account", action: "demote" },
      message: "Nobody may take administrator rights from their own account",
    });
    expect(new DomainError("user_not_found")).toMatchObject({ data: null, message: "No such user" });
  });

  it("takes a diagnostic sentence as its message instead, which no dialect shows", () => {
    const error = new DomainError("unavailable", "Seeding failed: disk full");
    expect(error).toMatchObject({ code: "unavailable", data: null, message: "Seeding failed: disk full" });
  });

  it.each(DOMAIN_ERROR_CODES)("words %s in plain English, in neither dialect's shape", (code) => {
    const words = describeDomainError(code, EXAMPLES[code]);
    expect(words).toMatch(/^[A-Z][^\n]+$/);
    // Dialect shapes: GitLab's "404 User Not Found" / "403 Forbidden - …", GitHub's "Not Found".
    expect(words).not.toMatch(/^\d{3} |Forbidden|Not Found|Validation Failed/);
  });

  it("lists every field problem of invalid_input", () => {
    expect(describeDomainError("invalid_input", EXAMPLES.invalid_input)).toBe(
      "Invalid input: username is blank; username is longer than 255 characters",
    );
  });
});
