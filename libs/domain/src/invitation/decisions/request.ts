import { isService, Service, services as allServices } from '../../catalogue';
import { DomainError } from '../../errors';
import { requireId, requireText } from '../../shared/validation';
import { PartnerKind } from '../../shared/types';
import { RequestCombinedRelationship, RequestRelationship } from '../commands';
import { InvitationContext } from '../context';
import { checkEmailDraft, defaultEmailDraft } from '../email-draft';
import { RelationshipRequested } from '../events';
import { InvitationState } from '../state';
import { shown } from '../../shared/shown';

export const defaultExpiryDays = 30;
export const maxExpiryDays = 90;
const day = 24 * 60 * 60 * 1000;

const requireTokenHash = (value: unknown): string => {
  if (typeof value !== 'string' || !/^[0-9a-f]{64}$/.test(value))
    throw new DomainError('VALIDATION', 'tokenHash must be a hex SHA-256', 'tokenHash');
  return value;
};

const requestedServices = (include: unknown, services: unknown): Service[] => {
  if (typeof include !== 'boolean')
    throw new DomainError('VALIDATION', 'includeAdminPermissions must be true or false', 'includeAdminPermissions');
  if (services === undefined) return include ? [...allServices] : [];
  if (!Array.isArray(services)) throw new DomainError('VALIDATION', 'services must be a list', 'services');
  if (!include && services.length > 0)
    throw new DomainError('VALIDATION', 'services are only asked with includeAdminPermissions', 'services');
  services.forEach((service, index) => {
    if (!isService(service)) throw new DomainError('ADMIN.SERVICE_UNKNOWN', `Unknown service ${shown(service)}`, `services[${index}]`);
  });
  if (include && services.length === 0) throw new DomainError('VALIDATION', 'Ask for at least one service', 'services');
  return allServices.filter((service) => services.includes(service));
};

const expiry = (days: unknown, now: Date): string => {
  const value = days ?? defaultExpiryDays;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > maxExpiryDays)
    throw new DomainError('VALIDATION', `expiresInDays must be a whole number from 1 to ${maxExpiryDays}`, 'expiresInDays');
  return new Date(now.getTime() + value * day).toISOString();
};

const requireInviter = (context: InvitationContext, partnerId: string, kinds: readonly PartnerKind[]): void => {
  const partner = context.actingPartner;
  if (!partner || partner.partnerId !== partnerId) throw new DomainError('PARTNER.NOT_ENROLLED', undefined, 'partnerId');
  if (!kinds.includes(partner.kind))
    throw new DomainError('PARTNER.KIND_NOT_ALLOWED', `A ${partner.kind} partner may not request this relationship`, 'partnerId');
};

const requested = (
  data: RequestRelationship['data'],
  state: InvitationState,
  now: Date,
  kind: RelationshipRequested['data']['kind'],
  providerId?: string,
): RelationshipRequested[] => {
  if (state.status !== 'none') throw new DomainError('INVITATION.ALREADY_EXISTS', undefined, 'invitationId');
  const services = requestedServices(data.includeAdminPermissions, data.services);
  return [
    {
      type: 'RelationshipRequested',
      data: {
        invitationId: requireId(data.invitationId, 'invitationId'),
        partnerId: data.partnerId,
        kind,
        ...(providerId ? { providerId } : {}),
        includeAdminPermissions: data.includeAdminPermissions,
        services,
        tokenHash: requireTokenHash(data.tokenHash),
        expiresAt: expiry(data.expiresInDays, now),
        emailDraft:
          data.emailDraft === undefined ? defaultEmailDraft(kind, data.includeAdminPermissions) : checkEmailDraft(data.emailDraft),
        requestedBy: requireText(data.requestedBy, 'requestedBy', 100),
        requestedAt: now.toISOString(),
      },
    },
  ];
};

export const requestRelationship = (
  { data }: RequestRelationship,
  state: InvitationState,
  context: InvitationContext,
): RelationshipRequested[] => {
  requireInviter(context, data.partnerId, ['direct', 'indirect-reseller']);
  return requested(data, state, context.now, 'reseller');
};

/** Only a reseller in an active partnership with the provider invites on both their behalves. */
export const requestCombinedRelationship = (
  { data }: RequestCombinedRelationship,
  state: InvitationState,
  context: InvitationContext,
): RelationshipRequested[] => {
  requireInviter(context, data.partnerId, ['indirect-reseller']);
  const providerId = requireId(data.providerId, 'providerId');
  if (!context.provider || context.provider.partnerId !== providerId)
    throw new DomainError('PARTNER.NOT_ENROLLED', undefined, 'providerId');
  if (context.provider.kind !== 'indirect-provider')
    throw new DomainError('PARTNER.KIND_NOT_ALLOWED', 'providerId must name an indirect provider', 'providerId');
  if (context.partnershipStatus !== 'active') throw new DomainError('PARTNERSHIP.NOT_ACTIVE', undefined, 'providerId');
  return requested(data, state, context.now, 'combined', providerId);
};
