import type { Viewer } from "../users/user.ts";
import { type CallerJson, callerFrom } from "./caller-sql.ts";
import type { TokenJudge, TokenResolution } from "./judge.ts";
import { digestSecret } from "./secret.ts";

/**
 * A caller the core identifies itself, in the same statement as the read it asks for, so a
 * token costs no round trip of its own. `accept` is the dialect's judgement of the token
 * (its error wording, scopes, account states): it returns the viewer or throws, and the read's
 * result is used only after it has returned.
 */
export interface TokenCaller {
  secret: string;
  accept(resolution: TokenResolution): Viewer | Promise<Viewer>;
}

/** Whom a read is for: a viewer already known, or a token to identify on the way. */
export type Asker = Viewer | TokenCaller;

export const isTokenCaller = (asker: Asker): asker is TokenCaller =>
  asker !== null && "secret" in asker && "accept" in asker;

/** The digest a hot read looks its caller up by, or null when the viewer is already known. */
export const digestFor = (asker: Asker): Uint8Array | null =>
  isTokenCaller(asker) ? digestSecret(asker.secret) : null;

/**
 * The dialect's refusal of a caller, carried through the core untouched: it is the answer to
 * the request, not a failure of the core's own.
 */
export class CallerRefused {
  constructor(readonly refusal: unknown) {}
}

/** The viewer a hot read is for: known already, or the token's owner once the dialect accepts it. */
export async function viewerFor(asker: Asker, found: CallerJson, judge: TokenJudge): Promise<Viewer> {
  if (!isTokenCaller(asker)) return asker;
  try {
    return await asker.accept(judge(callerFrom(found)));
  } catch (refusal) {
    throw new CallerRefused(refusal);
  }
}
