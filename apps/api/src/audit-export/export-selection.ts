import type { ExportScope } from '@app/audit';
import type { AuditorPrincipal } from '../auth/principal';
import { ProblemException, problem } from '../http/problem';
import type { ProblemCode } from '../problem-types/problem-catalogue';
import type { ExportQuery } from './export-query.dto';

/** What an export holds: one customer's streams, one partner's, or the whole log; and whose eyes it is for. */
export interface ExportRequest {
  scope: ExportScope;
  /** Events not about this partner are written as redacted lines; undefined: nothing is redacted. */
  redactFor?: string;
}

const refuse = (status: number, code: ProblemCode, detail: string, field: string) =>
  new ProblemException(problem(status, code, detail, { field }));

/** Which of `customer=<id>` | `partner=<id>` | `all=true` (each checked by `ExportQuery`), and whether the auditor may ask for it. */
export function exportRequestOf(query: ExportQuery, auditor: AuditorPrincipal): ExportRequest {
  const given = (['customer', 'partner', 'all'] as const).filter((name) => query[name] !== undefined);
  if (given.length !== 1) throw refuse(400, 'VALIDATION', 'Give exactly one of customer, partner or all=true.', given[1] ?? 'customer');
  const redactFor = auditor.role === 'Auditor' ? auditor.partnerId : undefined;
  const visibleTo = redactFor ?? 'platform';
  if (query.all !== undefined) {
    // The whole log is the platform's compliance team's alone.
    if (auditor.role !== 'PlatformAuditor') throw refuse(403, 'FORBIDDEN', 'Only a PlatformAuditor may export the whole log.', 'all');
    return { scope: { kind: 'all', visibleTo } };
  }
  const kind = query.customer !== undefined ? 'customer' : 'partner';
  const id = query[kind]!;
  // Another partner's export answers as an unknown partner would.
  if (kind === 'partner' && redactFor !== undefined && id !== redactFor) throw notFound('partner');
  return { scope: { kind, id, visibleTo }, redactFor };
}

export const notFound = (kind: 'customer' | 'partner') => refuse(404, 'NOT_FOUND', `No ${kind} with this id.`, kind);
