/** A refused command line: the bin prints its message, then the command's usage, and exits 2. */
export class UsageError extends Error {}
