import { USER_AGENT } from "./lua.ts";

export interface Answer {
  status: number;
  headers: Headers;
  body: Uint8Array;
  text(): string;
  json<T>(): T;
}

/** fetch with the bench's User-Agent, the body read in full. */
export async function call(url: string, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(url, {
    ...init,
    headers: { "User-Agent": USER_AGENT, ...(init.headers as Record<string, string> | undefined) },
  });
  const body = new Uint8Array(await response.arrayBuffer());
  const text = () => Buffer.from(body).toString("utf8");
  return {
    status: response.status,
    headers: response.headers,
    body,
    text,
    json: <T>() => JSON.parse(text()) as T,
  };
}

/** Like call(), but anything other than `expect` is an error naming the request. */
export async function expectStatus(expect: number | number[], url: string, init: RequestInit = {}) {
  const answer = await call(url, init);
  const allowed = Array.isArray(expect) ? expect : [expect];
  if (!allowed.includes(answer.status))
    throw new Error(
      `${init.method ?? "GET"} ${url}: expected ${allowed.join(" or ")}, got ${answer.status} ${answer.text().slice(0, 300)}`,
    );
  return answer;
}

export const gitlabAuth = (token: string) => ({ "PRIVATE-TOKEN": token });

/** Runs `work` for 0..count-1, at most `width` at a time. */
export async function inParallel(count: number, width: number, work: (index: number) => Promise<unknown>) {
  let next = 0;
  const worker = async () => {
    while (next < count) await work(next++);
  };
  await Promise.all(Array.from({ length: Math.min(width, count) }, worker));
}
