export { createGitLabApp, type GitLabAppOptions } from "./app.ts";
