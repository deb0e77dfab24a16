import { IdentityMapError } from "../identity/identity-map.ts";
import { PlanFileError } from "./plan-file.ts";
import { TargetError } from "./target-url.ts";

/** Errors plan and apply report as one line and exit 1 for; anything else goes on up. */
export const isReportedError = (error: unknown): error is Error =>
  error instanceof TargetError || error instanceof IdentityMapError || error instanceof PlanFileError;
