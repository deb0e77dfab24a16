// The sample report the renderer tests share: three columns, differences, a setup step, a step
// that does not apply to GitLab, a failed step, a `|` in a title and a `<script>` in a body.
import { readFileSync } from "node:fs";
import type { DiffReport } from "../src/diff/report-model.ts";

export function sampleReport(): DiffReport {
  return JSON.parse(readFileSync(new URL("fixtures/diff-report-sample.json", import.meta.url), "utf8"));
}
