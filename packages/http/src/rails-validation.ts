import type { FieldProblem, FieldProblemCode } from "@follow-graph/core";

/**
 * Rails' validation messages, which GitLab and GitHub (both Rails applications) put after the
 * attribute's name, one per field problem the core reports.
 */
const RAILS_MESSAGES: {
  [P in FieldProblemCode]: (problem: Extract<FieldProblem, { problem: P }>) => string;
} = {
  blank: () => "can't be blank",
  too_long: ({ max }) => `is too long (maximum is ${max} characters)`,
  not_a_username: () =>
    "can contain only letters, digits, '_', '-' and '.'. Cannot start with '-' or end in '.'",
  reserved_suffix: () => "cannot end in '.git' or '.atom'",
  not_an_email: () => "is invalid",
  null_byte: () => "cannot contain null bytes",
  wrong_type: () => "is invalid",
  taken: () => "has already been taken",
};

/** A field problem in Rails' words, e.g. "is too long (maximum is 255 characters)". */
export const railsMessage = (problem: FieldProblem) =>
  (RAILS_MESSAGES[problem.problem] as (p: FieldProblem) => string)(problem);
