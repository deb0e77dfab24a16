// What differs between two runs (or two servers) only by accident is replaced by a placeholder,
// so that what is left differs only where the dialects do: server-assigned ids become
// `{id:alice}`, secrets `{token:alice}`, the origin `{host}`, dates `{date}`, ETags `{etag}`,
// cursors `{cursor}`, and the per-run username prefix of users made through admin routes goes.

/** What one column's graph looked like once its start state was made. */
export interface NormalContext {
  /** e.g. `http://127.0.0.1:41234` */
  origin: string;
  /** Put before every username on a server the tool does not own (`""` on its own graphs). */
  prefix: string;
  /** Server-assigned id → the scenario's name for the user. */
  names: Map<number, string>;
  /** Token secret → its label, `alice` or `alice.readonly`. */
  tokens: Map<string, string>;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;
const HTTP_DATE = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} [\d:]{8} GMT$/;

/** Headers whose value is an accident of time or of the run: only their presence is kept. */
const PLACEHOLDER_HEADERS: Record<string, string> = {
  etag: "{etag}",
  "last-modified": "{date}",
  "x-ratelimit-reset": "{time}",
  "x-ratelimit-remaining": "{n}",
  "x-ratelimit-used": "{n}",
  "x-request-id": "{request-id}",
};

export function createNormalizer(context: NormalContext) {
  const secrets = [...context.tokens.entries()].sort((a, b) => b[0].length - a[0].length);
  const text = (value: string): string => {
    let out = value;
    for (const [secret, label] of secrets)
      if (out.includes(secret)) out = out.replaceAll(secret, `{token:${label}}`);
    if (context.origin) out = out.replaceAll(context.origin, "{host}");
    if (context.prefix) out = out.replace(new RegExp(escapeRegExp(context.prefix), "gi"), "");
    out = out.replace(/([?&]cursor=)[^&>\s"]+/g, "$1{cursor}");
    out = out.replace(/gravatar\.com\/avatar\/[0-9a-f]{32,64}/g, "gravatar.com/avatar/{hash}");
    // A number that is a whole path segment and a user's id: `/users/7/followers`.
    out = out.replace(/\/(\d+)(?=[/?#>]|$)/g, (whole, digits: string) => {
      const name = context.names.get(Number(digits));
      return name ? `/{id:${name}}` : whole;
    });
    if (ISO_DATE.test(out) || HTTP_DATE.test(out)) return "{date}";
    return out;
  };

  const body = (value: unknown, key?: string): unknown => {
    if (typeof value === "string") return text(value);
    if (Array.isArray(value)) return value.map((item) => body(item));
    if (value && typeof value === "object") {
      const record = value as Record<string, unknown>;
      const owner = typeof record.id === "number" ? context.names.get(record.id) : undefined;
      const out: Record<string, unknown> = {};
      for (const [k, item] of Object.entries(record)) {
        if (k === "id" && owner) out[k] = `{id:${owner}}`;
        else if (k === "node_id" && owner) out[k] = `{node_id:${owner}}`;
        else out[k] = body(item, k);
      }
      return out;
    }
    if (typeof value === "number" && (key === "user_id" || key === "id")) {
      const name = context.names.get(value);
      return name ? `{id:${name}}` : value;
    }
    return value;
  };

  const header = (name: string, value: string): string => PLACEHOLDER_HEADERS[name] ?? text(value);

  return { text, body, header };
}

export type Normalizer = ReturnType<typeof createNormalizer>;

function escapeRegExp(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
