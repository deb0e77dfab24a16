import { readFile } from "node:fs/promises";
import { IdentityMapError, parseIdentityMap } from "../identity/identity-map.ts";
import type { MappedUser } from "./mapped-users.ts";
import { mappedUsers } from "./mapped-users.ts";
import type { Dialect } from "./plan-model.ts";

/** The map file's users as named on the target; an unreadable file is an IdentityMapError. */
export async function readMappedUsers(path: string, to: Dialect): Promise<MappedUser[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new IdentityMapError(
      `cannot read the identity map ${path}: ${(error as NodeJS.ErrnoException).code ?? error}`,
    );
  }
  return mappedUsers(parseIdentityMap(text, path), to);
}
