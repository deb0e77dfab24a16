import { describe, expect, it } from "vitest";
import { createItemJsonMemo } from "./item-json.ts";

describe("createItemJsonMemo", () => {
  const counting = () => {
    let builds = 0;
    return {
      build: (text: string) => () => {
        builds++;
        return text;
      },
      builds: () => builds,
    };
  };

  it("reuses an item's JSON while its source and context are unchanged", () => {
    const memo = createItemJsonMemo(10);
    const { build, builds } = counting();
    expect(memo.json(1, "ctx", "(1,a)", build("A"))).toBe("A");
    expect(memo.json(1, "ctx", "(1,a)", build("never"))).toBe("A");
    expect(builds()).toBe(1);
  });

  it("rebuilds when the user's fields or the request's context differ, and keeps the new one", () => {
    const memo = createItemJsonMemo(10);
    const { build, builds } = counting();
    memo.json(1, "ctx", "(1,a)", build("A"));
    expect(memo.json(1, "ctx", "(1,renamed)", build("B"))).toBe("B");
    expect(memo.json(1, "other", "(1,renamed)", build("C"))).toBe("C");
    expect(memo.json(1, "other", "(1,renamed)", build("never"))).toBe("C");
    expect(builds()).toBe(3);
  });

  it("never holds more than its limit, dropping the oldest first", () => {
    const memo = createItemJsonMemo(3);
    const { build, builds } = counting();
    for (const id of [1, 2, 3, 4]) memo.json(id, "ctx", `(${id})`, build(`J${id}`));
    expect(memo.size).toBe(3);
    expect(memo.json(4, "ctx", "(4)", build("never"))).toBe("J4");
    expect(memo.json(1, "ctx", "(1)", build("again"))).toBe("again");
    expect(builds()).toBe(5);
    expect(memo.size).toBe(3);
  });
});
