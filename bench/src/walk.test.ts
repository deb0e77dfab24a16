import { describe, expect, it } from "vitest";
import { checkWalk, describeError } from "./walk.ts";

describe("checkWalk", () => {
  it("passes every follower once, in id order where the dialect promises it", () => {
    expect(checkWalk([3, 5, 9], 3, true)).toBeUndefined();
    expect(checkWalk([9, 3, 5], 3, false)).toBeUndefined();
  });

  it("names what is wrong", () => {
    expect(checkWalk([3, 5, 5], 3, false)).toBe("1 followers came back more than once");
    expect(checkWalk([3, 5], 3, false)).toBe("2 followers instead of 3");
    expect(checkWalk([5, 3, 9], 3, true)).toBe("not in ascending id order");
  });
});

describe("describeError", () => {
  it("follows the causes that fetch hides its reasons in", () => {
    const error = new TypeError("fetch failed", { cause: new Error("other side closed") });
    expect(describeError(error)).toBe("fetch failed: other side closed");
    expect(describeError("plain")).toBe("plain");
  });
});
