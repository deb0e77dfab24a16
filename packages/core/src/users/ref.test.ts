import { describe, expect, it } from "vitest";
import { couldNameUser, parseUserRef, refValue } from "./ref.ts";

describe("parseUserRef", () => {
  it("reads digits as an id where an id is taken, and anything else there as no reference", () => {
    expect(parseUserRef("42", "id")).toBe(42);
    expect(parseUserRef("0042", "id")).toBe(42);
    expect(parseUserRef("0", "id")).toBe(0);
    for (const text of ["", "-1", "1.5", "1e3", "alice", " 7"]) expect(parseUserRef(text, "id")).toBeNull();
  });

  it("gives no id for digits past 2^53: none was assigned, and a number would round them", () => {
    expect(parseUserRef("9007199254740991", "id")).toBe(9007199254740991);
    for (const digits of ["9007199254740992", "9007199254740993", "99999999999999999999"]) {
      expect(parseUserRef(digits, "id")).toBeNull();
      expect(parseUserRef(digits, "id_or_username")).toBeNull();
    }
  });

  it("reads digits as an id and anything else as a username where either is taken", () => {
    expect(parseUserRef("7", "id_or_username")).toBe(7);
    expect(parseUserRef("alice", "id_or_username")).toEqual({ username: "alice" });
    expect(parseUserRef("7a", "id_or_username")).toEqual({ username: "7a" });
  });

  it("reads any text as a username where only usernames are taken, digits too", () => {
    expect(parseUserRef("7", "username")).toEqual({ username: "7" });
    expect(parseUserRef("a\0b", "username")).toEqual({ username: "a\0b" });
  });
});

describe("couldNameUser", () => {
  it("is false for ids never assigned and names PostgreSQL text cannot hold, which bind as nobody", () => {
    for (const ref of [0, -1, 1.5, 2 ** 53, Number.NaN, { username: "a\0b" }]) {
      expect(couldNameUser(ref)).toBe(false);
      expect(refValue(ref)).toBe(typeof ref === "number" ? 0 : "");
    }
    for (const ref of [1, 2 ** 53 - 1, { username: "alice" }]) {
      expect(couldNameUser(ref)).toBe(true);
      expect(refValue(ref)).toBe(typeof ref === "number" ? ref : ref.username);
    }
  });
});
