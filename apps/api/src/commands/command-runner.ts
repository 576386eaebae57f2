import { Injectable } from '@nestjs/common';
import {
  authorize,
  DomainError,
  streamName,
  type CommandName,
  type CustomerCommand,
  type CustomerEvent,
  type CustomerLookup,
  type PartnerRef,
  type PartnershipStatus,
} from '@app/domain';
import { partnerDecider, toPartnerRef } from '@app/domain/partner';
import { customerDecider, toCustomerLookup, type CustomerState } from '@app/domain/customer';
import { partnershipDecider, partnershipStatusOf } from '@app/domain/partnership';
import { AggregateStore, type CommandMetadata, type CommandResult, type Decider, type DomainEvent } from '@app/event-store';
import { actorOf, type Principal } from '../auth/principal';
import { metadataFor } from './command-metadata';

export interface RunRequest<S, C extends { type: CommandName }, E extends DomainEvent, Ctx> {
  streamName: string;
  decider: Decider<S, C, E, Ctx>;
  command: C;
  context: Ctx;
  metadata: CommandMetadata;
  ifMatch?: bigint;
  expectNew?: boolean;
  /** Deterministic event ids (a keyed retry re-appends the same ones); random without. */
  eventIds?: (index: number) => string;
}

/**
 * What every use-case handler shares: the role check from the domain's table against the caller's
 * enrolled partner kind, the lookups decisions need, and the generic command path.
 */
@Injectable()
export class CommandRunner {
  constructor(readonly aggregates: AggregateStore) {}

  /** Throws unless the caller may issue the command; returns the caller's partner when it is a partner. */
  async authorize(commandName: CommandName, principal: Principal): Promise<PartnerRef | undefined> {
    const partner = principal.kind === 'partner' ? await this.partner(principal.partnerId) : undefined;
    authorize(commandName, actorOf(principal), partner?.kind);
    return partner;
  }

  async partner(partnerId: string): Promise<PartnerRef | undefined> {
    const { state } = await this.aggregates.load(streamName.partner(partnerId), partnerDecider);
    return toPartnerRef(state);
  }

  async customer(customerId: string): Promise<CustomerLookup | undefined> {
    const { state } = await this.aggregates.load(streamName.customer(customerId), customerDecider);
    return toCustomerLookup(state);
  }

  async partnershipStatus(providerId: string, resellerId: string): Promise<PartnershipStatus> {
    const { state } = await this.aggregates.load(streamName.partnership(providerId, resellerId), partnershipDecider);
    return partnershipStatusOf(state);
  }

  run<S, C extends { type: CommandName }, E extends DomainEvent, Ctx>(request: RunRequest<S, C, E, Ctx>): Promise<CommandResult<S, E>> {
    return this.aggregates.execute(request);
  }

  /** A command on one customer stream issued by a partner or customer user: authorize, resolve, decide, append. */
  async runOnCustomer(
    principal: Principal,
    command: CustomerCommand,
    options: { ifMatch?: bigint; partnershipStatus?: PartnershipStatus; eventIds?: (index: number) => string } = {},
  ): Promise<CommandResult<CustomerState, CustomerEvent>> {
    const actingPartner = await this.authorize(command.type, principal);
    return this.run({
      streamName: streamName.customer(command.data.customerId),
      decider: customerDecider,
      command,
      context: { now: new Date(), actingPartner, partnershipStatus: options.partnershipStatus },
      metadata: metadataFor(principal, command.type),
      ifMatch: options.ifMatch,
      eventIds: options.eventIds,
    });
  }
}

export const notFound = (what: string, field: string): DomainError => new DomainError('NOT_FOUND', `No such ${what}`, field);
