import { readIdentityMap } from "../identity/identity-map.ts";
import type { MappedUser } from "./mapped-users.ts";
import { mappedUsers } from "./mapped-users.ts";
import type { Dialect } from "./plan-model.ts";

/** The map file's users as named on the target; an unreadable file is an IdentityMapError. */
export async function readMappedUsers(path: string, to: Dialect): Promise<MappedUser[]> {
  return mappedUsers(await readIdentityMap(path), to);
}
