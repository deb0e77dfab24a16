import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT_TOKEN, startTestServer, type TestServer } from "./test-server.ts";

// Debian's python3-gitlab belongs to the system interpreter, not to whatever python3 is first on PATH.
const PYTHON = "/usr/bin/python3";
const script = fileURLToPath(new URL("./python_gitlab_avatar.py", import.meta.url));

const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);
const GIF = Buffer.from("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==", "base64");

let server: TestServer;
let dir: string;
beforeAll(async () => {
  server = await startTestServer();
  dir = await mkdtemp(join(tmpdir(), "avatar-"));
  await writeFile(join(dir, "me.png"), PNG);
  await writeFile(join(dir, "me.gif"), GIF);
});
afterAll(async () => {
  await server.stop();
  await rm(dir, { recursive: true, force: true });
});

describe("python-gitlab uploads an avatar", () => {
  it("creates a user with one, replaces it with user.save(), and downloads each from avatar_url, byte for byte", async () => {
    const { stdout } = await promisify(execFile)(PYTHON, [script], {
      env: {
        ...process.env,
        GITLAB_URL: server.url,
        ROOT_TOKEN,
        PNG_PATH: join(dir, "me.png"),
        GIF_PATH: join(dir, "me.gif"),
      },
      timeout: 60_000,
    });
    const result = JSON.parse(stdout);
    expect(result).toEqual({
      avatar_url: expect.stringMatching(
        new RegExp(`^${server.url}/uploads/-/system/user/avatar/\\d+/avatar\\.png$`),
      ),
      private_profile: true,
      created: { content_type: "image/png", same_bytes: true },
      updated_url: result.avatar_url.replace(/\.png$/, ".gif"),
      updated: { content_type: "image/gif", same_bytes: true },
      found_by_search: [["pic", true]],
      refused: {
        code: 400,
        message: {
          avatar: [
            "file format is not supported. Please try one of the following supported formats: png, jpg, jpeg, gif, bmp, tiff, ico, webp",
          ],
        },
      },
    });
  });
});
