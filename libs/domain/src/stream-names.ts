import { DomainError } from './errors';

export type StreamCategory = 'partner' | 'customer' | 'customerdomain' | 'invitation' | 'partnership';
export const streamCategories: readonly StreamCategory[] = ['partner', 'customer', 'customerdomain', 'invitation', 'partnership'];

// Ids are opaque (UUIDs in practice) but must not contain the separators the names rely on.
const idPattern = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;

export const isValidId = (id: unknown): id is string => typeof id === 'string' && idPattern.test(id);

const checkId = (id: string, field: string): string => {
  if (!isValidId(id)) throw new DomainError('VALIDATION', `${field} must be 1-64 letters, digits or dashes`, field);
  return id;
};

export const streamName = {
  partner: (partnerId: string) => `partner-${checkId(partnerId, 'partnerId')}`,
  customer: (customerId: string) => `customer-${checkId(customerId, 'customerId')}`,
  /** Takes an already normalised domain (see `normaliseDomain`). */
  customerDomain: (domain: string) => `customerdomain-${domain}`,
  invitation: (invitationId: string) => `invitation-${checkId(invitationId, 'invitationId')}`,
  partnership: (providerId: string, resellerId: string) =>
    `partnership-${checkId(providerId, 'providerId')}_${checkId(resellerId, 'resellerId')}`,
} as const;

export type ParsedStreamName =
  | { category: 'partner'; partnerId: string }
  | { category: 'customer'; customerId: string }
  | { category: 'customerdomain'; domain: string }
  | { category: 'invitation'; invitationId: string }
  | { category: 'partnership'; providerId: string; resellerId: string };

/** The inverse of `streamName`; undefined for a name that no helper could have produced. */
export const parseStreamName = (name: string): ParsedStreamName | undefined => {
  const dash = name.indexOf('-');
  if (dash <= 0) return undefined;
  const category = name.slice(0, dash);
  const id = name.slice(dash + 1);
  switch (category) {
    case 'partner':
      return isValidId(id) ? { category, partnerId: id } : undefined;
    case 'customer':
      return isValidId(id) ? { category, customerId: id } : undefined;
    case 'customerdomain':
      return id.length > 0 ? { category, domain: id } : undefined;
    case 'invitation':
      return isValidId(id) ? { category, invitationId: id } : undefined;
    case 'partnership': {
      const [providerId, resellerId, ...rest] = id.split('_');
      return rest.length === 0 && isValidId(providerId) && isValidId(resellerId) ? { category, providerId, resellerId } : undefined;
    }
    default:
      return undefined;
  }
};
