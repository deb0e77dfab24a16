import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { counterDrift, createTestDatabase, rowsOf, type TestDatabase } from "../testing/index.ts";
import { type SeedOptions, type SeedResult, seedGraph, seedOptionsProblem } from "./service.ts";

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.cleanup());

async function rows(query: ReturnType<typeof sql>) {
  const result = await t.database.db.execute(query);
  return rowsOf(result);
}
const one = async (query: ReturnType<typeof sql>) => Number(Object.values((await rows(query))[0]!)[0]);

/** Every counter of every user equals what COUNT(*) says, by the schema's definitions. */
const expectCountersExact = async () => expect(await counterDrift(t.database.db)).toEqual([]);

/** The graph among the users a seed made, in ordinals 1..N, so seeds can be compared. */
async function ordinalEdges({ firstUserId: first, lastUserId: last }: SeedResult) {
  return (
    await rows(sql`
      select follower_id - ${first}::bigint + 1 as f, followee_id - ${first}::bigint + 1 as e from follows
      where follower_id between ${first}::bigint and ${last}::bigint
      order by created_at`)
  ).map((r) => `${r.f}>${r.e}`);
}

async function expectSeeded(options: SeedOptions, result: SeedResult) {
  const { firstUserId: first, lastUserId: last } = result;
  const mine = sql`between ${first}::bigint and ${last}::bigint`;
  expect(result.lastUserId - result.firstUserId + 1).toBe(options.users);
  expect(await one(sql`select count(*) from users where id ${mine} and state = 'active'`)).toBe(
    options.users,
  );
  expect(await one(sql`select count(*) from follows where follower_id ${mine}`)).toBe(options.edges);
  expect(await one(sql`select count(*) from follows where followee_id ${mine}`)).toBe(options.edges);
  expect(await one(sql`select count(*) from follows where follower_id = followee_id`)).toBe(0);
  if (options.popular != null) {
    expect(result.popular).toEqual({ id: first, username: `seed-${first}`, followers: options.popular });
    expect(await one(sql`select count(*) from follows where followee_id = ${first}::bigint`)).toBe(
      options.popular,
    );
    expect((await t.core.users.findUser(first))?.counts.followers).toBe(options.popular);
  }
  // GitHub lists followers by follow time: no two follows of one list may share it.
  for (const side of ["followee_id", "follower_id"])
    expect(
      await one(sql`select count(*) from (select 1 from follows group by ${sql.raw(side)}, created_at
        having count(*) > 1) as ties`),
    ).toBe(0);
  expect(await one(sql`select count(*) from follows where created_at > now()`)).toBe(0);
  await expectCountersExact();
}

describe("seedGraph", () => {
  it("adds exactly N users and M follows, K of them to the first user, with exact counters", async () => {
    const root = await t.core.users.ensureRoot();
    const options = { users: 200, edges: 2000, popular: 150, randomSeed: 42 };
    const steps: string[] = [];
    const result = await seedGraph(t.database.db, options, (step, done, total) =>
      steps.push(`${step} ${done}/${total}`),
    );
    expect(result).toMatchObject({ users: 200, edges: 2000, firstUserId: root.id + 1 });
    await expectSeeded(options, result);
    expect(steps[0]).toBe("users 0/200");
    expect(steps).toContain("edges 2000/2000");
    expect(steps.at(-1)).toBe("vacuum analyze 1/1");

    // A second seed takes fresh ids, so its names do not collide; the same random seed
    // draws the same graph.
    const again = await seedGraph(t.database.db, options);
    expect(again.firstUserId).toBe(result.lastUserId + 1);
    await expectSeeded(options, again);
    expect(await ordinalEdges(again)).toEqual(await ordinalEdges(result));
  });

  it.each([
    { users: 1, edges: 0 },
    { users: 2, edges: 2 },
    { users: 5, edges: 20, popular: 4 },
    { users: 12, edges: 125, popular: 4 },
    { users: 30, edges: 600, popular: null },
    { users: 30, edges: 10, popular: 0 },
  ])("seeds the edge cases %j, dense graphs included", async (options) => {
    await expectSeeded(options, await seedGraph(t.database.db, options));
  });

  it("refuses options that cannot be seeded", async () => {
    expect(seedOptionsProblem({ users: 0, edges: 0 })).toMatch(/users must be/);
    expect(seedOptionsProblem({ users: 5, edges: 21 })).toMatch(/at most users × \(users - 1\) = 20/);
    expect(seedOptionsProblem({ users: 5, edges: 3, popular: 5 })).toMatch(
      /popular must be at most users - 1 = 4/,
    );
    expect(seedOptionsProblem({ users: 5, edges: 3, popular: 4 })).toMatch(/at least popular = 4/);
    expect(seedOptionsProblem({ users: 5, edges: 20, popular: 3 })).toMatch(
      /at most popular \+ \(users - 1\)² = 19/,
    );
    expect(seedOptionsProblem({ users: 5, edges: 19, popular: 3 })).toBeNull();
    await expect(seedGraph(t.database.db, { users: 2, edges: 3 })).rejects.toMatchObject({
      code: "invalid_input",
    });
  });

  it("reports a taken name as a domain error and writes nothing", async () => {
    // The user made here takes the next id, so the seed's first user would be the one after it.
    const next = (await one(sql`select max(id) from users`)) + 2;
    await t.core.users.createUser({ username: `SEED-${next}`, name: "squatter", email: "squat@example.com" });
    const before = await one(sql`select count(*) from users`);
    await expect(seedGraph(t.database.db, { users: 3, edges: 2 })).rejects.toMatchObject({
      code: "username_taken",
      message: expect.stringContaining("nothing was written"),
    });
    expect(await one(sql`select count(*) from users`)).toBe(before);
    await expectCountersExact();
  });
});
