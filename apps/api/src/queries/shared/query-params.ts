import { ProblemException, problem } from '../../http/problem';

const refuse = (field: string, message: string) => new ProblemException(problem(400, 'VALIDATION', `${field}: ${message}`, { field }));

/** The log position a query must reflect: `X-Min-Position` header or `minPosition` parameter (decimal). */
export function minPosition(headers: Record<string, unknown>, params: Record<string, unknown>): number | undefined {
  const header = headers['x-min-position'];
  const raw = header ?? params.minPosition;
  if (raw === undefined) return undefined;
  const field = header !== undefined ? 'X-Min-Position' : 'minPosition';
  if (typeof raw !== 'string' || !/^\d{1,16}$/.test(raw)) throw refuse(field, 'must be a log position as returned in X-Log-Position');
  return Number(raw);
}
