import { DomainError } from '../errors';

const label = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/**
 * Lower-cased, trimmed, internationalised names converted to their ASCII (punycode) form, so that
 * `Bücher.example` and `xn--bcher-kva.example` claim the same `customerdomain-` stream.
 * The WHATWG URL parser does the IDNA mapping; it is pure computation, no lookup.
 */
export const normaliseDomain = (value: unknown, field = 'primaryDomain'): string => {
  if (typeof value !== 'string') throw new DomainError('CUSTOMER.DOMAIN_INVALID', `${field} is required`, field);
  const trimmed = value.trim().toLowerCase().replace(/\.$/, '');
  if (trimmed.length === 0 || trimmed.length > 253 || /[\s/\\?#@:%]/.test(trimmed))
    throw new DomainError('CUSTOMER.DOMAIN_INVALID', `${field} is not a valid domain name`, field);
  let ascii: string;
  try {
    ascii = new URL(`http://${trimmed}`).hostname;
  } catch {
    throw new DomainError('CUSTOMER.DOMAIN_INVALID', `${field} is not a valid domain name`, field);
  }
  const labels = ascii.split('.');
  const valid =
    ascii.length <= 253 && labels.length >= 2 && labels.every((part) => label.test(part)) && /[a-z]/.test(labels[labels.length - 1]);
  if (!valid) throw new DomainError('CUSTOMER.DOMAIN_INVALID', `${field} is not a valid domain name`, field);
  return ascii;
};
