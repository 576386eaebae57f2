/** A query refused for bad input (a malformed cursor, an out-of-range limit); `field` names the parameter. */
export class QueryValidationError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}
