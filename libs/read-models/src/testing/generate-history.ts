import { services, offers, Service } from '@app/domain';

export interface GeneratedEvent {
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly streamId: string;
}

export interface HistoryOptions {
  readonly seed: number;
  readonly events: number;
  readonly customers: number;
  readonly directPartners: number;
  readonly providers: number;
  readonly resellers: number;
  /** Customers of the one big provider (`provider-big`), counted within `customers`. */
  readonly bigProviderCustomers?: number;
}

const adjectives = [
  'Blue',
  'Bright',
  'Contoso',
  'Fabrikam',
  'Northwind',
  'Adatum',
  'Litware',
  'Proseware',
  'Tailspin',
  'Wingtip',
  'Alpine',
  'Coho',
];
const nouns = ['Traders', 'Systems', 'Logistics', 'Health', 'Foods', 'Energy', 'Labs', 'Bank', 'Retail', 'Media', 'Works', 'Partners'];

/** Mulberry32: small, fast and reproducible from a seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface CustomerState {
  id: string;
  owner: string;
  partners: Set<string>;
  subscriptions: { id: string; licenseCount: number }[];
  resellers: string[];
  admin: Map<Service, string>;
}

/**
 * A reproducible, plausible event history: partners enrol, providers and resellers partner up, customers
 * are added (some associated with a reseller, with admin permissions and subscriptions), and then
 * everyday activity interleaves with new customers: invitations and their outcomes, removals,
 * re-establishments, imports, detail changes, license changes, partners of record, support contacts.
 * Yields events lazily so a million-event history never sits in memory at once.
 */
export function* generateHistory(options: HistoryOptions): Generator<GeneratedEvent> {
  const rnd = seededRandom(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)];
  let clock = Date.UTC(2025, 0, 1);
  const now = () => new Date((clock += 1000)).toISOString();
  let emitted = 0;
  const emit = function* (event: GeneratedEvent) {
    emitted++;
    yield event;
  };

  const directs = Array.from({ length: options.directPartners }, (_, i) => `direct-${i}`);
  const providers = ['provider-big', ...Array.from({ length: Math.max(0, options.providers - 1) }, (_, i) => `provider-${i}`)];
  const resellers = Array.from({ length: options.resellers }, (_, i) => `reseller-${i}`);
  const enrol = (partnerId: string, kind: string) => ({
    type: 'PartnerEnrolled',
    streamId: `partner-${partnerId}`,
    data: {
      partnerId,
      kind,
      name: `${pick(adjectives)} ${pick(nouns)} ${partnerId}`,
      mpnId: String(100000 + emitted),
      country: 'NO',
      enrolledAt: now(),
    },
  });
  for (const p of directs) yield* emit(enrol(p, 'direct'));
  for (const p of providers) yield* emit(enrol(p, 'indirect-provider'));
  for (const r of resellers) yield* emit(enrol(r, 'indirect-reseller'));

  const resellersOf = new Map<string, string[]>(providers.map((p) => [p, []]));
  for (const r of resellers) {
    const chosen = new Set([pick(providers), ...(rnd() < 0.5 ? [pick(providers)] : [])]);
    for (const p of chosen) {
      const streamId = `partnership-${p}_${r}`;
      yield* emit({ type: 'PartnershipRequested', streamId, data: { providerId: p, resellerId: r, requestedBy: 'u', requestedAt: now() } });
      yield* emit({ type: 'PartnershipAccepted', streamId, data: { providerId: p, resellerId: r, acceptedBy: 'u', acceptedAt: now() } });
      resellersOf.get(p)!.push(r);
    }
  }
  // The big provider always has resellers to filter by.
  for (const r of resellers.slice(0, 20)) {
    if (resellersOf.get('provider-big')!.includes(r)) continue;
    const streamId = `partnership-provider-big_${r}`;
    yield* emit({
      type: 'PartnershipRequested',
      streamId,
      data: { providerId: 'provider-big', resellerId: r, requestedBy: 'u', requestedAt: now() },
    });
    yield* emit({
      type: 'PartnershipAccepted',
      streamId,
      data: { providerId: 'provider-big', resellerId: r, acceptedBy: 'u', acceptedAt: now() },
    });
    resellersOf.get('provider-big')!.push(r);
  }

  const customers: CustomerState[] = [];
  const pendingInvitations: { id: string; partnerId: string; providerId?: string }[] = [];
  let invitationCount = 0;
  let subscriptionCount = 0;
  const big = options.bigProviderCustomers ?? 0;
  const sellers = [...directs, ...providers.slice(1)];

  function* addCustomer(index: number): Generator<GeneratedEvent> {
    const id = `c-${String(index).padStart(7, '0')}`;
    const owner = index < big ? 'provider-big' : pick(sellers);
    const streamId = `customer-${id}`;
    const at = now();
    const companyName = `${pick(adjectives)} ${pick(nouns)} ${index}`;
    const state: CustomerState = { id, owner, partners: new Set([owner]), subscriptions: [], resellers: [], admin: new Map() };
    customers.push(state);
    yield* emit({
      type: 'CustomerDomainClaimed',
      streamId: `customerdomain-${id}.example`,
      data: { domain: `${id}.example`, customerId: id, claimedAt: at },
    });
    yield* emit({
      type: 'CustomerAdded',
      streamId,
      data: {
        customerId: id,
        partnerId: owner,
        companyName,
        primaryDomain: `${companyName.toLowerCase().replace(/ /g, '-')}.example`,
        address: { line1: '1 Main St', city: 'Oslo', postalCode: '0150', country: 'NO' },
        primaryContact: { firstName: 'Ann', lastName: 'Lee', email: `admin@${id}.example` },
        agreement: { signerName: 'Ann Lee', signerEmail: `admin@${id}.example`, signedAt: at, attestedBy: 'u' },
        adminUserName: `admin@${id}.example`,
        addedAt: at,
      },
    });
    yield* emit({
      type: 'RelationshipEstablished',
      streamId,
      data: { customerId: id, partnerId: owner, origin: 'added', establishedAt: at },
    });
    const partnersOfOwner = resellersOf.get(owner);
    if (partnersOfOwner && partnersOfOwner.length > 0 && rnd() < 0.6) {
      const resellerId = pick(partnersOfOwner);
      state.resellers.push(resellerId);
      yield* emit({
        type: 'ResellerAssociated',
        streamId: `partnership-${owner}_${resellerId}`,
        data: { providerId: owner, resellerId, customerId: id, grantAdmin: true, associatedAt: at },
      });
      yield* emit({
        type: 'ResellerAssociationRecorded',
        streamId,
        data: { customerId: id, providerId: owner, resellerId, recordedAt: at },
      });
      const service = pick(services);
      state.admin.set(service, resellerId);
      yield* emit({
        type: 'AdminPermissionsGranted',
        streamId,
        data: { customerId: id, partnerId: resellerId, service, via: 'reseller-association', grantedAt: at },
      });
    }
    if (rnd() < 0.5) yield* addSubscription(state);
  }

  function* addSubscription(state: CustomerState): Generator<GeneratedEvent> {
    const offer = pick(offers);
    const subscriptionId = `s-${++subscriptionCount}`;
    const licenseCount = 1 + Math.floor(rnd() * 50);
    state.subscriptions.push({ id: subscriptionId, licenseCount });
    yield* emit({
      type: 'SubscriptionAdded',
      streamId: `customer-${state.id}`,
      data: {
        customerId: state.id,
        subscriptionId,
        offerId: offer.offerId,
        service: offer.service,
        licenseCount,
        partnerId: state.owner,
        supportContactId: state.owner,
        addedAt: now(),
      },
    });
  }

  function* activity(): Generator<GeneratedEvent> {
    const roll = rnd();
    const c = pick(customers);
    const streamId = `customer-${c.id}`;
    const at = now();
    if (roll < 0.15) return yield* addSubscription(c);
    if (roll < 0.3 && c.subscriptions.length > 0) {
      const s = pick(c.subscriptions);
      const licenseCount = 1 + Math.floor(rnd() * 100);
      yield* emit({
        type: 'LicenseCountChanged',
        streamId,
        data: {
          customerId: c.id,
          subscriptionId: s.id,
          partnerId: c.owner,
          previousLicenseCount: s.licenseCount,
          licenseCount,
          changedAt: at,
        },
      });
      s.licenseCount = licenseCount;
      return;
    }
    if (roll < 0.38 && c.subscriptions.length > 0 && c.resellers.length > 0) {
      const s = pick(c.subscriptions);
      const resellerId = pick(c.resellers);
      yield* emit({
        type: 'ResellerAssociated',
        streamId: `partnership-${c.owner}_${resellerId}`,
        data: { providerId: c.owner, resellerId, customerId: c.id, subscriptionId: s.id, grantAdmin: false, associatedAt: at },
      });
      yield* emit({
        type: 'PartnerOfRecordAssigned',
        streamId,
        data: { customerId: c.id, subscriptionId: s.id, providerId: c.owner, partnerId: resellerId, assignedAt: at },
      });
      if (rnd() < 0.5) {
        yield* emit({
          type: 'SupportContactDesignated',
          streamId,
          data: {
            customerId: c.id,
            subscriptionId: s.id,
            supportContactId: resellerId,
            contactKind: 'reseller',
            designatedBy: 'u',
            designatedAt: at,
          },
        });
      }
      return;
    }
    if (roll < 0.45) {
      yield* emit({
        type: 'CustomerDetailsUpdated',
        streamId,
        data: { customerId: c.id, partnerId: c.owner, companyName: `${pick(adjectives)} ${pick(nouns)} ${c.id}`, updatedAt: at },
      });
      return;
    }
    if (roll < 0.52) {
      const partnerId = pick(directs);
      const invitationId = `i-${++invitationCount}`;
      const providerId = rnd() < 0.3 ? pick(providers) : undefined;
      pendingInvitations.push({ id: invitationId, partnerId, providerId });
      yield* emit({
        type: 'RelationshipRequested',
        streamId: `invitation-${invitationId}`,
        data: {
          invitationId,
          partnerId,
          kind: providerId ? 'combined' : 'reseller',
          ...(providerId ? { providerId } : {}),
          includeAdminPermissions: !providerId,
          services: providerId ? [] : [pick(services)],
          tokenHash: 'ab'.repeat(32),
          expiresAt: new Date(clock + 30 * 86400_000).toISOString(),
          emailDraft: 'Join us: {{invitationLink}}',
          requestedBy: 'u',
          requestedAt: at,
        },
      });
      return;
    }
    if (roll < 0.62 && pendingInvitations.length > 0) {
      const invitation = pendingInvitations.splice(Math.floor(rnd() * pendingInvitations.length), 1)[0];
      const outcome = rnd();
      const base = { invitationId: invitation.id, partnerId: invitation.partnerId };
      const invitationStream = `invitation-${invitation.id}`;
      if (outcome < 0.6) {
        const kind = invitation.providerId ? 'combined' : 'reseller';
        yield* emit({
          type: 'InvitationAccepted',
          streamId: invitationStream,
          data: {
            ...base,
            kind,
            ...(invitation.providerId ? { providerId: invitation.providerId } : {}),
            customerId: c.id,
            acceptedBy: 'ga',
            includeAdminPermissions: false,
            services: [],
            acceptedAt: at,
          },
        });
        for (const partnerId of [invitation.partnerId, ...(invitation.providerId ? [invitation.providerId] : [])]) {
          c.partners.add(partnerId);
          yield* emit({
            type: 'RelationshipEstablished',
            streamId,
            data: {
              customerId: c.id,
              partnerId,
              origin: kind === 'combined' ? 'combined-invitation' : 'invitation',
              invitationId: invitation.id,
              establishedAt: at,
            },
          });
        }
      } else if (outcome < 0.8) {
        yield* emit({ type: 'InvitationRevoked', streamId: invitationStream, data: { ...base, revokedBy: 'u', revokedAt: at } });
      } else {
        yield* emit({ type: 'InvitationExpired', streamId: invitationStream, data: { ...base, expiresAt: at, expiredAt: at } });
      }
      return;
    }
    if (roll < 0.7 && c.partners.size > 0) {
      const partnerId = pick([...c.partners]);
      c.partners.delete(partnerId);
      yield* emit({
        type: 'RelationshipRemoved',
        streamId,
        data: {
          customerId: c.id,
          partnerId,
          reason: 'contract ended',
          goodFaithConfirmed: true,
          noticeResponsibilityConfirmed: true,
          removedBy: 'ga',
          removedAt: at,
        },
      });
      return;
    }
    if (roll < 0.76) {
      const partnerId = c.partners.has(c.owner) ? pick(directs) : c.owner;
      c.partners.add(partnerId);
      yield* emit({
        type: 'CustomerImported',
        streamId,
        data: { customerId: c.id, partnerId, companyName: 'Imported name', primaryDomain: `${c.id}.example`, importedAt: at },
      });
      yield* emit({
        type: 'RelationshipEstablished',
        streamId,
        data: { customerId: c.id, partnerId, origin: 'imported', establishedAt: at },
      });
      return;
    }
    if (roll < 0.82 && c.admin.size > 0) {
      const [service, partnerId] = pick([...c.admin.entries()]);
      c.admin.delete(service);
      yield* emit({
        type: 'AdminPermissionsRemoved',
        streamId,
        data: { customerId: c.id, partnerId, service, removedBy: 'ga', via: 'removal', removedAt: at },
      });
      return;
    }
    if (roll < 0.9) {
      const service = pick(services);
      const partnerId = pick([...c.partners, c.owner]);
      c.admin.set(service, partnerId);
      yield* emit({
        type: 'AdminPermissionsGranted',
        streamId,
        data: { customerId: c.id, partnerId, service, via: 'reassignment', grantedAt: at },
      });
      return;
    }
    return yield* addSubscription(c);
  }

  let created = 0;
  while (emitted < options.events || created < options.customers) {
    const customersLeft = options.customers - created;
    const eventsLeft = Math.max(1, options.events - emitted);
    // New customers take ~4.5 events each; spread them over the history so activity interleaves.
    if (customersLeft > 0 && (customers.length === 0 || rnd() < Math.min(1, (customersLeft * 4.5) / eventsLeft))) {
      yield* addCustomer(created++);
    } else {
      yield* activity();
    }
  }
}
