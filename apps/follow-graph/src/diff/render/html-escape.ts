// Everything in a report is data from servers and scenario files: bodies can hold `<script>`.
// Every text and attribute value goes through here.
const entities: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => entities[char]!);
}

/** An element id from a scenario's name: ids and `#` links must not hold spaces or quotes. */
export function scenarioAnchor(index: number, name: string): string {
  return `scenario-${index + 1}-${name.replace(/[^A-Za-z0-9_-]+/g, "-")}`;
}
