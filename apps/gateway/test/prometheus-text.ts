// A strict reader of Prometheus' text exposition format 0.0.4, for tests: every line must be a
// HELP, a TYPE or a sample of valid syntax, every sample must belong to a family whose TYPE came
// first, and histograms must be whole (ascending `le`, cumulative counts, +Inf equal to _count).
// prom-client has no parser of its own, and a lenient one would let a malformed line pass.

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  name: string;
  help: string;
  type: "counter" | "gauge" | "histogram" | "summary" | "untyped";
  samples: Sample[];
}

const NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
const HELP = new RegExp(`^# HELP (${NAME}) (.*)$`);
const TYPE = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`);
const SAMPLE = new RegExp(`^(${NAME})(\\{.*\\})? (\\S+)( -?\\d+)?$`);
const LABEL = /^([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"(,|$)/;
const VALUE = /^(?:[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|NaN|[+-]Inf)$/;
const SUFFIXES: Record<Family["type"], string[]> = {
  counter: [""],
  gauge: [""],
  untyped: [""],
  histogram: ["_bucket", "_sum", "_count"],
  summary: ["", "_sum", "_count"],
};

function parseLabels(text: string, line: number): Record<string, string> {
  const labels: Record<string, string> = {};
  let rest = text.slice(1, -1);
  while (rest.length) {
    const match = LABEL.exec(rest);
    if (!match) throw new Error(`line ${line}: bad labels ${text}`);
    const [whole, name, raw] = match as unknown as [string, string, string];
    if (name in labels) throw new Error(`line ${line}: label ${name} twice`);
    labels[name] = raw.replace(/\\(["\\n])/g, (_, c: string) => (c === "n" ? "\n" : c));
    rest = rest.slice(whole.length);
  }
  return labels;
}

const toNumber = (text: string) =>
  text === "+Inf" ? Number.POSITIVE_INFINITY : text === "-Inf" ? Number.NEGATIVE_INFINITY : Number(text);

export function parsePrometheusText(text: string): Map<string, Family> {
  if (!text.endsWith("\n")) throw new Error("the exposition must end with a line feed");
  const families = new Map<string, Family>();
  const helps = new Map<string, string>();
  const lines = text.slice(0, -1).split("\n");
  lines.forEach((line, index) => {
    const number = index + 1;
    if (line === "") return;
    const help = HELP.exec(line);
    if (help) {
      if (helps.has(help[1]!)) throw new Error(`line ${number}: HELP for ${help[1]} twice`);
      helps.set(help[1]!, help[2]!);
      return;
    }
    const type = TYPE.exec(line);
    if (type) {
      const name = type[1]!;
      if (families.has(name)) throw new Error(`line ${number}: TYPE for ${name} twice`);
      families.set(name, { name, help: helps.get(name) ?? "", type: type[2] as Family["type"], samples: [] });
      return;
    }
    if (line.startsWith("#")) throw new Error(`line ${number}: not a HELP or TYPE comment: ${line}`);
    const sample = SAMPLE.exec(line);
    if (!sample || !VALUE.test(sample[3]!)) throw new Error(`line ${number}: not a sample: ${line}`);
    const name = sample[1]!;
    const family = [...families.values()].find((f) =>
      SUFFIXES[f.type].some((suffix) => `${f.name}${suffix}` === name),
    );
    if (!family) throw new Error(`line ${number}: ${name} has no TYPE before it`);
    family.samples.push({
      name,
      labels: sample[2] ? parseLabels(sample[2], number) : {},
      value: toNumber(sample[3]!),
    });
  });
  for (const family of families.values()) if (family.type === "histogram") checkHistogram(family);
  return families;
}

/** Buckets ascend by `le`, their counts never fall, and +Inf is the series' _count. */
function checkHistogram(family: Family) {
  const series = new Map<string, Sample[]>();
  const keyOf = (labels: Record<string, string>) =>
    JSON.stringify(
      Object.entries(labels)
        .filter(([name]) => name !== "le")
        .sort(),
    );
  for (const sample of family.samples.filter((s) => s.name.endsWith("_bucket"))) {
    if (sample.labels.le === undefined) throw new Error(`${family.name}: a bucket without le`);
    const key = keyOf(sample.labels);
    series.set(key, [...(series.get(key) ?? []), sample]);
  }
  for (const [key, buckets] of series) {
    const bounds = buckets.map((b) => toNumber(b.labels.le!));
    for (let i = 1; i < buckets.length; i++) {
      if (!(bounds[i]! > bounds[i - 1]!)) throw new Error(`${family.name} ${key}: le out of order`);
      if (buckets[i]!.value < buckets[i - 1]!.value)
        throw new Error(`${family.name} ${key}: buckets not cumulative`);
    }
    if (bounds.at(-1) !== Number.POSITIVE_INFINITY) throw new Error(`${family.name} ${key}: no +Inf bucket`);
    const count = family.samples.find((s) => s.name === `${family.name}_count` && keyOf(s.labels) === key);
    if (count?.value !== buckets.at(-1)!.value) throw new Error(`${family.name} ${key}: +Inf is not _count`);
  }
}

/** The value of the one sample of `name` whose labels include `labels`, or undefined. */
export function sampleValue(
  families: Map<string, Family>,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  for (const family of families.values())
    for (const sample of family.samples)
      if (sample.name === name && Object.entries(labels).every(([k, v]) => sample.labels[k] === v))
        return sample.value;
  return undefined;
}
