/** A same-site path to return to after signing in; anything else (another host, `//x`, `/\x`) goes to the portal. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])[\x21-\x7e]*$/.test(next) ? next : '/portal';
}
