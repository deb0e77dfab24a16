import { createRequestLimits } from "@follow-graph/http";
import type { GitLabEnv } from "./context.ts";
import { GitLabError } from "./errors.ts";

// Worded as GitLab's `file_too_large!` and nginx's 414 page; a front end closes after either.
const bodyTooLarge = () =>
  new GitLabError(413, { message: "413 Request Entity Too Large" }, { Connection: "close" });

export const { requestLimits, readBodyText, readBodyBytes } = createRequestLimits<GitLabEnv>({
  bodyTooLarge,
  targetTooLong: () =>
    new GitLabError(414, { message: "414 Request-URI Too Large" }, { Connection: "close" }),
});
