import { describe, expect, it } from "vitest";
import { deepPageOf, parseLinkHeader } from "./scenarios.ts";

describe("parseLinkHeader", () => {
  it("maps each rel to its URL, cursors and all", () => {
    const header =
      '<http://h/api/v3/users/p/followers?per_page=100&page=1000&cursor=ab_c-9>; rel="next", <http://h/api/v3/users/p/followers?per_page=100&page=1>; rel="first"';
    expect(parseLinkHeader(header)).toEqual({
      next: "http://h/api/v3/users/p/followers?per_page=100&page=1000&cursor=ab_c-9",
      first: "http://h/api/v3/users/p/followers?per_page=100&page=1",
    });
    expect(parseLinkHeader(null)).toEqual({});
  });
});

describe("deepPageOf", () => {
  it("is page 1,000 of 100,000 followers, else the last page, never page 1", () => {
    expect(deepPageOf(100_000)).toBe(1000);
    expect(deepPageOf(250_000)).toBe(1000);
    expect(deepPageOf(2_050)).toBe(21);
    expect(deepPageOf(90)).toBe(2);
  });
});
