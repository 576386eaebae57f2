export type ErrorKind = 'VALIDATION' | 'NOT_FOUND' | 'CONFLICT' | 'FORBIDDEN' | 'RULE';

/**
 * Every way a command can be refused, with a stable code the API documents and maps once to HTTP.
 * The kind says which family it belongs to; RULE is a business rule that is not a plain conflict.
 */
export const errorCatalogue = {
  VALIDATION: { kind: 'VALIDATION', description: 'A field is missing, malformed or out of bounds.' },
  NOT_FOUND: { kind: 'NOT_FOUND', description: 'The resource does not exist for this caller.' },
  CONFLICT: { kind: 'CONFLICT', description: 'The resource is not in a state that allows the command.' },
  FORBIDDEN: { kind: 'FORBIDDEN', description: 'The caller may not issue this command.' },

  'ROLE.FORBIDDEN': { kind: 'FORBIDDEN', description: "The user's role may not issue this command." },
  'PARTNER.NOT_ENROLLED': { kind: 'FORBIDDEN', description: 'The partner must be enrolled before it can act.' },
  'PARTNER.ALREADY_ENROLLED': { kind: 'CONFLICT', description: 'The partner is already enrolled.' },
  'PARTNER.KIND_NOT_ALLOWED': { kind: 'FORBIDDEN', description: 'This kind of partner may not do this.' },

  'CUSTOMER.NOT_FOUND': { kind: 'NOT_FOUND', description: 'No such customer.' },
  'CUSTOMER.ALREADY_EXISTS': { kind: 'CONFLICT', description: 'A customer with this id already exists.' },
  'CUSTOMER.DOMAIN_TAKEN': { kind: 'CONFLICT', description: 'Another customer already has this primary domain.' },
  'CUSTOMER.DOMAIN_INVALID': { kind: 'VALIDATION', description: 'The domain is not a valid DNS name.' },
  'CUSTOMER.DETAILS_REQUIRED': { kind: 'VALIDATION', description: 'A new customer needs its company name and primary domain.' },

  'AGREEMENT.DATE_IN_FUTURE': { kind: 'VALIDATION', description: 'The customer agreement cannot be signed in the future.' },
  'AGREEMENT.ATTESTATION_REQUIRED': { kind: 'VALIDATION', description: 'Who signed the customer agreement and when is mandatory.' },

  'RELATIONSHIP.ALREADY_ACTIVE': { kind: 'CONFLICT', description: 'The partner already has an active relationship with this customer.' },
  'RELATIONSHIP.NOT_ACTIVE': { kind: 'CONFLICT', description: 'The partner has no active relationship with this customer.' },
  'RELATIONSHIP.CONFIRMATION_REQUIRED': { kind: 'VALIDATION', description: 'Removal needs the good-faith and notice confirmations.' },

  'INVITATION.NOT_FOUND': { kind: 'NOT_FOUND', description: 'No such invitation.' },
  'INVITATION.ALREADY_EXISTS': { kind: 'CONFLICT', description: 'An invitation with this id already exists.' },
  'INVITATION.EXPIRED': { kind: 'RULE', description: 'The invitation has expired.' },
  'INVITATION.REVOKED': { kind: 'RULE', description: 'The invitation was revoked.' },
  'INVITATION.ALREADY_ACCEPTED_BY_CUSTOMER': { kind: 'CONFLICT', description: 'This customer already accepted this invitation.' },
  'INVITATION.TOKEN_INVALID': { kind: 'FORBIDDEN', description: 'The link token does not match the invitation.' },
  'INVITATION.LINK_MISSING_FROM_EMAIL': { kind: 'VALIDATION', description: 'The email text must keep the personalised link placeholder.' },
  'INVITATION.NOT_EXPIRED_YET': { kind: 'CONFLICT', description: 'The invitation has not reached its expiry time.' },

  'PARTNERSHIP.NOT_FOUND': { kind: 'NOT_FOUND', description: 'No partnership between these partners.' },
  'PARTNERSHIP.NOT_ACTIVE': { kind: 'RULE', description: 'The provider-reseller partnership is not active.' },
  'PARTNERSHIP.ALREADY_REQUESTED': { kind: 'CONFLICT', description: 'The partnership was already requested.' },
  'PARTNERSHIP.ALREADY_ACTIVE': { kind: 'CONFLICT', description: 'The partnership is already active.' },
  'PARTNERSHIP.NOT_REQUESTED': { kind: 'CONFLICT', description: 'There is no pending partnership request to accept.' },

  'ASSOCIATION.CUSTOMER_NOT_SERVED': { kind: 'NOT_FOUND', description: 'The provider has no active relationship with this customer.' },

  'ADMIN.HELD_BY_OTHER_PARTNER': { kind: 'CONFLICT', description: 'Another partner holds admin permissions for this service.' },
  'ADMIN.NOT_HELD': { kind: 'CONFLICT', description: 'The partner holds no admin permissions for this service.' },
  'ADMIN.SERVICE_UNKNOWN': { kind: 'VALIDATION', description: 'No such service.' },

  'SUBSCRIPTION.NOT_FOUND': { kind: 'NOT_FOUND', description: 'No such subscription for this customer and partner.' },
  'SUBSCRIPTION.ALREADY_EXISTS': { kind: 'CONFLICT', description: 'A subscription with this id already exists.' },
  'SUBSCRIPTION.OFFER_UNKNOWN': { kind: 'VALIDATION', description: 'The offer is not in the catalogue.' },
  'SUBSCRIPTION.LICENSE_COUNT_INVALID': {
    kind: 'VALIDATION',
    description: 'The license count must be a whole number from 1 to 1,000,000.',
  },

  'SUPPORT.RESELLER_NOT_ASSOCIATED': {
    kind: 'RULE',
    description: 'Only a reseller associated with the customer or subscription can be its support contact.',
  },
} as const satisfies Record<string, { kind: ErrorKind; description: string }>;

export type ErrorCode = keyof typeof errorCatalogue;

export class DomainError extends Error {
  readonly kind: ErrorKind;

  constructor(
    readonly code: ErrorCode,
    message: string = errorCatalogue[code].description,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'DomainError';
    this.kind = errorCatalogue[code].kind;
  }
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;
