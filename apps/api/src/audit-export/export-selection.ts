import { isValidId } from '@app/domain';
import type { ExportScope } from '@app/audit';
import type { AuditorPrincipal } from '../auth/principal';
import { ProblemException, problem } from '../http/problem';
import type { ProblemCode } from '../problem-types/problem-catalogue';
import { onlyParams, stringParam } from '../queries/shared/query-params';

/** What an export holds: one customer's streams, one partner's, or the whole log; and whose eyes it is for. */
export interface ExportRequest {
  scope: ExportScope;
  /** Events not about this partner are written as redacted lines; undefined: nothing is redacted. */
  redactFor?: string;
}

const refuse = (status: number, code: ProblemCode, detail: string, field: string) =>
  new ProblemException(problem(status, code, detail, { field }));

/** Reads `customer=<id>` | `partner=<id>` | `all=true` and checks the auditor may ask for it at all. */
export function exportRequestOf(query: Record<string, unknown> | undefined, auditor: AuditorPrincipal): ExportRequest {
  const params = onlyParams(query, ['customer', 'partner', 'all']);
  const given = ['customer', 'partner', 'all'].filter((name) => params[name] !== undefined);
  if (given.length !== 1) throw refuse(400, 'VALIDATION', 'Give exactly one of customer, partner or all=true.', given[1] ?? 'customer');
  const redactFor = auditor.role === 'Auditor' ? auditor.partnerId : undefined;
  const visibleTo = redactFor ?? 'platform';
  const all = stringParam(params, 'all', 5);
  if (all !== undefined) {
    if (all !== 'true') throw refuse(400, 'VALIDATION', 'all: must be true.', 'all');
    // The whole log is the platform's compliance team's alone.
    if (auditor.role !== 'PlatformAuditor') throw refuse(403, 'FORBIDDEN', 'Only a PlatformAuditor may export the whole log.', 'all');
    return { scope: { kind: 'all', visibleTo } };
  }
  const kind = params.customer !== undefined ? 'customer' : 'partner';
  const id = stringParam(params, kind, 64)!;
  if (!isValidId(id)) throw refuse(400, 'VALIDATION', `${kind}: must be 1-64 letters, digits or dashes.`, kind);
  // Another partner's export answers as an unknown partner would.
  if (kind === 'partner' && redactFor !== undefined && id !== redactFor) throw notFound('partner');
  return { scope: { kind, id, visibleTo }, redactFor };
}

export const notFound = (kind: 'customer' | 'partner') => refuse(404, 'NOT_FOUND', `No ${kind} with this id.`, kind);
