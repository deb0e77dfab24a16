import { describe, expect, it } from "vitest";
import { luaString, staticScript, toggleScript } from "./lua.ts";

describe("wrk scripts", () => {
  it("quotes strings for Lua", () => {
    expect(luaString('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(luaString("é\n")).toBe('"\\195\\169\\10"');
  });

  it("counts statuses in Lua only when a scenario expects one outside 2xx/3xx", () => {
    const plain = staticScript({ method: "GET", headers: { "PRIVATE-TOKEN": "t" } });
    expect(plain).toContain('wrk.headers["PRIVATE-TOKEN"] = "t"');
    expect(plain).not.toContain("function response");
    const checked = staticScript({ method: "GET", headers: {}, expect: [404] });
    expect(checked).toContain("[404] = true");
    expect(checked).toContain("function response");
    expect(checked).not.toContain("shed = shed + 1");
  });

  it("counts 503s apart as shed load when asked, expecting a 200 otherwise", () => {
    const shedding = staticScript({ method: "GET", headers: {}, countShed: true });
    expect(shedding).toContain("[200] = true");
    expect(shedding).toContain("if status == 503 then shed = shed + 1");
  });

  it("spreads the actors over wrk's threads and sends each write a zero length", () => {
    const script = toggleScript({
      dialect: "github",
      actors: [{ token: "a" }, { token: "b" }],
      targets: [{ id: 7, username: "seven" }],
      threads: 2,
      prefix: "/api/v3",
    });
    expect(script).toContain("(i - 1) % 2 == tid");
    expect(script).toContain('"/api/v3/user/following/" .. target.username');
    expect(script).toContain('wrk.format(follow and "PUT" or "DELETE", path, headers, "")');
  });
});
