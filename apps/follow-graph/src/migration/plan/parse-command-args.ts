import { type ParseArgsConfig, parseArgs } from "node:util";
import { UsageError } from "../../usage-error.ts";

/** node:util's parser, strict, its refusals as UsageErrors (the bin prints them with the usage). */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig["options"]>>(
  args: string[],
  options: T,
) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
