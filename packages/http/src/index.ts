export { createItemJsonMemo, type ItemJsonMemo } from "./item-json.ts";
export {
  type DialectDescriptions,
  jsonContent,
  type OperationDescription,
  operationDescriber,
} from "./openapi-operation.ts";
export { type OpenApiParameter, parametersOf } from "./openapi-parameters.ts";
export { railsMessage } from "./rails-validation.ts";
export {
  ClientGoneError,
  createRequestLimits,
  DEFAULT_MAX_BODY_BYTES,
  type LimitRefusals,
  type LimitsEnv,
  MAX_REQUEST_TARGET,
} from "./request-limits.ts";
export { requestTargetOf } from "./request-target.ts";
