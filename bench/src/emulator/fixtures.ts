/** `users` users (`user-1`…) with no follows: the graph reset() is timed on. */
export function usersFixture(users: number) {
  return { users: Array.from({ length: users }, (_, i) => ({ username: `user-${i + 1}` })) };
}

/**
 * `users` users and `edges` distinct follows among them, the same every time: follower i
 * follows the next users round the ring, as many as it takes.
 */
export function edgesFixture(users: number, edges: number) {
  if (edges > users * (users - 1)) throw new Error(`${edges} edges do not fit among ${users} users`);
  const follows: Array<[string, string]> = [];
  for (let step = 1; follows.length < edges; step++)
    for (let i = 0; i < users && follows.length < edges; i++)
      follows.push([`user-${i + 1}`, `user-${((i + step) % users) + 1}`]);
  return { ...usersFixture(users), follows };
}
