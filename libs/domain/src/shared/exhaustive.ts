/**
 * The `never` parameter makes a forgotten case a compile error; at run time an event type this build
 * does not know (written by a newer version) leaves the state unchanged.
 */
export const exhaustive = <T>(_unhandled: never, fallback: T): T => fallback;
