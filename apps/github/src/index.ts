export { createGitHubApp, type GitHubAppOptions } from "./app.ts";
