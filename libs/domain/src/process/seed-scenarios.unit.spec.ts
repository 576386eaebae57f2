import { services } from '../catalogue';
import { AnyCommand } from '../commands';
import { customerDecider, toCustomerLookup } from '../customer';
import { customerDomainDecider } from '../customer-domain';
import { AnyDomainEvent } from '../events';
import { invitationDecider } from '../invitation';
import { partnerDecider, toPartnerRef } from '../partner';
import { partnershipDecider, partnershipStatusOf } from '../partnership';
import { Decider, fold } from '../shared/decider';
import { parseStreamName, streamName } from '../stream-names';
import { addCustomerData, now, tokenHash } from '../testing/fixtures';
import { react } from './react';

// The seed scenarios of DOMAIN.md across streams, with an in-memory log standing in for the store and a
// loop standing in for the process manager: each follow-up is decided against its stream's current state.

type AnyDecider = Decider<unknown, AnyCommand, AnyDomainEvent, object>;
const deciders: Record<string, AnyDecider> = {
  partner: partnerDecider as unknown as AnyDecider,
  customer: customerDecider as unknown as AnyDecider,
  customerdomain: customerDomainDecider as unknown as AnyDecider,
  invitation: invitationDecider as unknown as AnyDecider,
  partnership: partnershipDecider as unknown as AnyDecider,
};

class World {
  readonly streams = new Map<string, AnyDomainEvent[]>();
  readonly log: { stream: string; event: AnyDomainEvent }[] = [];
  private processed = 0;

  events(stream: string): AnyDomainEvent[] {
    return this.streams.get(stream) ?? [];
  }

  state<S>(stream: string): S {
    return fold(this.decider(stream), this.events(stream)) as S;
  }

  execute(stream: string, command: AnyCommand, context: object = {}): AnyDomainEvent[] {
    const decider = this.decider(stream);
    const emitted = decider.decide(command, fold(decider, this.events(stream)), { now, ...context });
    this.streams.set(stream, [...this.events(stream), ...emitted]);
    for (const event of emitted) this.log.push({ stream, event });
    return emitted;
  }

  /** Runs the process manager until nothing is left to react to. */
  settle(): void {
    while (this.processed < this.log.length) {
      const { stream, event } = this.log[this.processed++];
      for (const followUp of react(event, stream)) this.execute(followUp.stream, followUp.command);
    }
  }

  /** A process manager that lost its checkpoint replays the whole log: nothing new may come of it. */
  replayAll(): number {
    const before = this.log.length;
    for (const { stream, event } of [...this.log])
      for (const followUp of react(event, stream)) this.execute(followUp.stream, followUp.command);
    return this.log.length - before;
  }

  partnerRef(partnerId: string) {
    return toPartnerRef(this.state(streamName.partner(partnerId)));
  }

  private decider(stream: string): AnyDecider {
    const category = parseStreamName(stream)?.category;
    if (!category) throw new Error(`bad stream ${stream}`);
    return deciders[category];
  }
}

const enrol = (world: World, partnerId: string, kind: 'direct' | 'indirect-provider' | 'indirect-reseller') =>
  world.execute(streamName.partner(partnerId), {
    type: 'EnrolPartner',
    data: { partnerId, kind, name: partnerId, mpnId: '1234567', country: 'US' },
  });

const partnered = (world: World, providerId: string, resellerId: string) => {
  const stream = streamName.partnership(providerId, resellerId);
  world.execute(
    stream,
    { type: 'RequestPartnership', data: { providerId, resellerId, requestedBy: 'prov-admin' } },
    {
      provider: world.partnerRef(providerId),
      reseller: world.partnerRef(resellerId),
    },
  );
  world.execute(stream, { type: 'AcceptPartnership', data: { providerId, resellerId, acceptedBy: 'res-admin' } });
};

const customerOf = (world: World, customerId: string) => {
  const state = world.state<ReturnType<typeof customerDecider.initialState>>(streamName.customer(customerId));
  if (state.status !== 'exists') throw new Error('customer missing');
  return state;
};

describe('seed scenarios across streams', () => {
  it('a provider partners with a reseller and adds a customer associated with it', () => {
    const world = new World();
    enrol(world, 'prov', 'indirect-provider');
    enrol(world, 'res', 'indirect-reseller');
    partnered(world, 'prov', 'res');
    const data = addCustomerData({ customerId: 'cust', partnerId: 'prov', resellerId: 'res' });
    world.execute(streamName.customerDomain(data.primaryDomain), {
      type: 'ClaimCustomerDomain',
      data: { domain: data.primaryDomain, customerId: 'cust' },
    });
    world.execute(
      streamName.customer('cust'),
      { type: 'AddCustomer', data },
      {
        actingPartner: world.partnerRef('prov'),
        partnershipStatus: partnershipStatusOf(world.state(streamName.partnership('prov', 'res'))),
      },
    );
    world.settle();

    expect(world.events(streamName.partnership('prov', 'res')).map((e) => e.type)).toContain('ResellerAssociated');
    const customer = customerOf(world, 'cust');
    expect(customer.associations).toEqual([{ providerId: 'prov', resellerId: 'res' }]);
    expect(customer.adminHolders).toEqual(Object.fromEntries(services.map((s) => [s, 'res'])));
    expect(world.replayAll()).toBe(0);

    // The domain is taken for anyone else.
    expect(() =>
      world.execute(streamName.customerDomain(data.primaryDomain), {
        type: 'ClaimCustomerDomain',
        data: { domain: 'CONTOSO.example', customerId: 'other' },
      }),
    ).toThrow(expect.objectContaining({ code: 'CUSTOMER.DOMAIN_TAKEN' }));
  });

  it('a partnership removed between AddCustomer and the association declines it, and nothing is mirrored', () => {
    const world = new World();
    enrol(world, 'prov', 'indirect-provider');
    enrol(world, 'res', 'indirect-reseller');
    partnered(world, 'prov', 'res');
    world.execute(
      streamName.customer('cust'),
      { type: 'AddCustomer', data: addCustomerData({ customerId: 'cust', partnerId: 'prov', resellerId: 'res' }) },
      {
        actingPartner: world.partnerRef('prov'),
        partnershipStatus: 'active',
      },
    );
    world.execute(streamName.partnership('prov', 'res'), {
      type: 'RemovePartnership',
      data: { providerId: 'prov', resellerId: 'res', removedBy: 'prov-admin' },
    });
    world.settle();
    expect(
      world
        .events(streamName.partnership('prov', 'res'))
        .map((e) => e.type)
        .at(-1),
    ).toBe('ResellerAssociationDeclined');
    expect(customerOf(world, 'cust').associations).toEqual([]);
    expect(world.replayAll()).toBe(0);
  });

  it('a direct partner invites a new customer, the customer accepts, then the relationship is removed', () => {
    const world = new World();
    enrol(world, 'dir', 'direct');
    const invitation = streamName.invitation('inv');
    world.execute(
      invitation,
      {
        type: 'RequestRelationship',
        data: { invitationId: 'inv', partnerId: 'dir', requestedBy: 'u', includeAdminPermissions: true, services: ['exchange'], tokenHash },
      },
      {
        actingPartner: world.partnerRef('dir'),
      },
    );
    world.execute(streamName.customerDomain('northwind.example'), {
      type: 'ClaimCustomerDomain',
      data: { domain: 'northwind.example', customerId: 'nw' },
    });
    world.execute(invitation, {
      type: 'AcceptInvitation',
      data: {
        invitationId: 'inv',
        customerId: 'nw',
        acceptedBy: 'nw-admin',
        tokenHash,
        newCustomer: { companyName: 'Northwind', primaryDomain: 'northwind.example' },
      },
    });
    world.settle();

    let customer = customerOf(world, 'nw');
    expect(customer.companyName).toBe('Northwind');
    expect(customer.relationships.dir).toMatchObject({ active: true, origin: 'invitation', invitationId: 'inv' });
    expect(customer.adminHolders).toEqual({ exchange: 'dir' });

    world.execute(
      streamName.customer('nw'),
      {
        type: 'RemoveRelationship',
        data: {
          customerId: 'nw',
          partnerId: 'dir',
          reason: 'ended',
          goodFaithConfirmed: true,
          noticeResponsibilityConfirmed: true,
          removedBy: 'dir-admin',
        },
      },
      { actingPartner: world.partnerRef('dir') },
    );
    customer = customerOf(world, 'nw');
    expect(customer.relationships.dir.active).toBe(false);
    expect(customer.adminHolders).toEqual({ exchange: 'dir' });
    // A replay of the acceptance after the removal does not bring the relationship back.
    expect(world.replayAll()).toBe(0);

    const lookup = toCustomerLookup(customer);
    expect(() =>
      world.execute(
        invitation,
        { type: 'AcceptInvitation', data: { invitationId: 'inv', customerId: 'nw', acceptedBy: 'nw-admin', tokenHash } },
        { customer: lookup },
      ),
    ).toThrow(expect.objectContaining({ code: 'INVITATION.ALREADY_ACCEPTED_BY_CUSTOMER' }));
  });

  it('a reseller invites a customer together with its provider: one acceptance, two relationships', () => {
    const world = new World();
    enrol(world, 'prov', 'indirect-provider');
    enrol(world, 'res', 'indirect-reseller');
    partnered(world, 'prov', 'res');
    const invitation = streamName.invitation('inv');
    world.execute(
      invitation,
      {
        type: 'RequestCombinedRelationship',
        data: { invitationId: 'inv', partnerId: 'res', providerId: 'prov', requestedBy: 'u', includeAdminPermissions: false, tokenHash },
      },
      { actingPartner: world.partnerRef('res'), provider: world.partnerRef('prov'), partnershipStatus: 'active' },
    );
    world.execute(
      streamName.customer('cust'),
      { type: 'AddCustomer', data: addCustomerData({ customerId: 'cust', partnerId: 'dir' }) },
      {
        actingPartner: { partnerId: 'dir', kind: 'direct' },
      },
    );
    world.execute(
      invitation,
      { type: 'AcceptInvitation', data: { invitationId: 'inv', customerId: 'cust', acceptedBy: 'c-admin', tokenHash } },
      {
        customer: toCustomerLookup(world.state(streamName.customer('cust'))),
        partnershipStatus: 'active',
      },
    );
    world.settle();

    const customer = customerOf(world, 'cust');
    expect(
      Object.values(customer.relationships)
        .filter((r) => r.origin === 'combined-invitation')
        .map((r) => r.partnerId),
    ).toEqual(['res', 'prov']);
    expect(customer.relationships.dir.active).toBe(true);
    expect(world.replayAll()).toBe(0);
  });

  it('a combined invitation accepted after the partnership ended: the reseller only, and the partnership stream says why', () => {
    const world = new World();
    enrol(world, 'prov', 'indirect-provider');
    enrol(world, 'res', 'indirect-reseller');
    partnered(world, 'prov', 'res');
    const invitation = streamName.invitation('inv');
    world.execute(
      invitation,
      {
        type: 'RequestCombinedRelationship',
        data: { invitationId: 'inv', partnerId: 'res', providerId: 'prov', requestedBy: 'u', includeAdminPermissions: false, tokenHash },
      },
      { actingPartner: world.partnerRef('res'), provider: world.partnerRef('prov'), partnershipStatus: 'active' },
    );
    // The acceptance decides on a snapshot that still shows the partnership active...
    world.execute(
      invitation,
      {
        type: 'AcceptInvitation',
        data: {
          invitationId: 'inv',
          customerId: 'cust',
          acceptedBy: 'c-admin',
          tokenHash,
          newCustomer: { companyName: 'Northwind', primaryDomain: 'northwind.example' },
        },
      },
      { partnershipStatus: 'active' },
    );
    // ...while the provider removes the partnership before the process manager gets to it.
    const partnershipStream = streamName.partnership('prov', 'res');
    world.execute(partnershipStream, {
      type: 'RemovePartnership',
      data: { providerId: 'prov', resellerId: 'res', removedBy: 'prov-admin' },
    });
    world.settle();

    const customer = customerOf(world, 'cust');
    expect(Object.keys(customer.relationships)).toEqual(['res']);
    expect(
      world
        .events(partnershipStream)
        .map((e) => e.type)
        .slice(-2),
    ).toEqual(['PartnershipRemoved', 'CombinedInvitationDeclined']);
    expect(world.replayAll()).toBe(0);
  });

  it('a provider makes its reseller partner of record and its support contact', () => {
    const world = new World();
    enrol(world, 'prov', 'indirect-provider');
    enrol(world, 'res', 'indirect-reseller');
    partnered(world, 'prov', 'res');
    const provider = world.partnerRef('prov');
    world.execute(
      streamName.customer('cust'),
      { type: 'AddCustomer', data: addCustomerData({ customerId: 'cust', partnerId: 'prov' }) },
      { actingPartner: provider },
    );
    world.execute(
      streamName.customer('cust'),
      {
        type: 'AddSubscription',
        data: {
          customerId: 'cust',
          partnerId: 'prov',
          subscriptionId: 'sub',
          offerId: 'teams-essentials',
          licenseCount: 5,
          partnerOfRecordId: 'res',
        },
      },
      { actingPartner: provider, partnershipStatus: 'active' },
    );
    world.settle();
    expect(customerOf(world, 'cust').subscriptions.sub.partnerOfRecordId).toBe('res');

    world.execute(
      streamName.customer('cust'),
      {
        type: 'DesignateSupportContact',
        data: {
          customerId: 'cust',
          partnerId: 'prov',
          subscriptionId: 'sub',
          supportContact: { kind: 'reseller', resellerId: 'res' },
          designatedBy: 'helpdesk',
        },
      },
      { actingPartner: provider },
    );
    expect(customerOf(world, 'cust').subscriptions.sub.supportContactId).toBe('res');
    expect(world.replayAll()).toBe(0);
  });
});
