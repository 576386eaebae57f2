import { ProblemException, problem } from '../../http/problem';

type Raw = Record<string, unknown> | undefined;

const refuse = (field: string, message: string) => new ProblemException(problem(400, 'VALIDATION', `${field}: ${message}`, { field }));

/** Refuses any query parameter the endpoint does not know, so a typo never silently widens a result. */
export function onlyParams(query: Raw, allowed: readonly string[]): Record<string, unknown> {
  const params = query ?? {};
  for (const name of Object.keys(params)) if (!allowed.includes(name)) throw refuse(name, 'unknown query parameter');
  return params;
}

export function stringParam(params: Record<string, unknown>, name: string, maxLength = 200): string | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw refuse(name, 'must be given once');
  if (value.length === 0 || value.length > maxLength || /[\u0000-\u001f\u007f]/.test(value))
    throw refuse(name, `must be 1-${maxLength} printable characters`);
  return value;
}

export function integerParam(params: Record<string, unknown>, name: string, min: number, max: number): number | undefined {
  const value = stringParam(params, name, 20);
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) throw refuse(name, `must be an integer from ${min} to ${max}`);
  return Number(value);
}

/** The log position a query must reflect: `X-Min-Position` header or `minPosition` parameter (decimal). */
export function minPosition(headers: Record<string, unknown>, params: Record<string, unknown>): number | undefined {
  const header = headers['x-min-position'];
  const raw = header ?? params.minPosition;
  if (raw === undefined) return undefined;
  const field = header !== undefined ? 'X-Min-Position' : 'minPosition';
  if (typeof raw !== 'string' || !/^\d{1,16}$/.test(raw)) throw refuse(field, 'must be a log position as returned in X-Log-Position');
  return Number(raw);
}
