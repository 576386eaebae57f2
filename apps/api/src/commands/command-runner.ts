import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  authorize,
  DomainError,
  type AbandonCustomerCreation,
  type ClaimCustomerDomain,
  streamName,
  type CommandName,
  type DomainCommand,
  type CustomerCommand,
  type CustomerDomainCommand,
  type CustomerDomainContext,
  type CustomerDomainEvent,
  type CustomerEvent,
  type CustomerLookup,
  type PartnerRef,
  type PartnershipStatus,
} from '@app/domain';
import { partnerDecider, toPartnerRef } from '@app/domain/partner';
import { customerDecider, toCustomerLookup, type CustomerState } from '@app/domain/customer';
import { partnershipDecider, partnershipStatusOf } from '@app/domain/partnership';
import { invitationDecider, type InvitationState } from '@app/domain/invitation';
import { customerDomainDecider, type CustomerDomainState } from '@app/domain/customer-domain';
import type { Decider, DomainEvent } from '@app/domain';
import { AggregateStore, type Aggregate, type CommandMetadata, type CommandResult } from '@app/event-store';
import { actorOf, type Principal } from '../auth/principal';
import type { AppConfig } from '../config';
import { APP_CONFIG } from '../infrastructure/resources.module';
import { seededEventIds } from '../idempotency/idempotency-ids';
import { ApiMetrics, outcomeOf } from '../metrics/api-metrics';
import { metadataFor } from './command-metadata';

export interface RunRequest<S, C extends DomainCommand<CommandName>, E extends DomainEvent, Ctx> {
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

type ClaimRequest = RunRequest<CustomerDomainState, CustomerDomainCommand, CustomerDomainEvent, CustomerDomainContext>;

/**
 * What every use-case handler shares: the role check from the domain's table against the caller's
 * enrolled partner kind, the lookups decisions need, and the generic command path.
 */
@Injectable()
export class CommandRunner {
  constructor(
    readonly aggregates: AggregateStore,
    @Optional() @Inject(APP_CONFIG) private readonly config?: Pick<AppConfig, 'domainClaimGraceMs'>,
    @Optional() private readonly metrics?: ApiMetrics,
  ) {}

  /** Throws unless the caller may issue the command; returns the caller's partner when it is a partner. */
  async authorize(commandName: CommandName, principal: Principal): Promise<PartnerRef | undefined> {
    // Checked by the guard in this request: the role is the token's, and an enrolment never changes once made.
    if (principal.authorized?.command === commandName) return principal.authorized.partner;
    const partner = principal.kind === 'partner' ? await this.partner(principal.partnerId) : undefined;
    authorize(commandName, actorOf(principal), partner?.kind);
    return partner;
  }

  /** An enrolment never changes once made, so only a cached "not enrolled" (maybe stale) is read again. */
  async partner(partnerId: string): Promise<PartnerRef | undefined> {
    const stream = streamName.partner(partnerId);
    const cached = toPartnerRef((await this.aggregates.load(stream, partnerDecider)).state);
    return cached ?? toPartnerRef((await this.aggregates.read(stream, partnerDecider)).state);
  }

  // Lookups that rules depend on are read from the store, not the cache: another instance may have changed
  // the stream, and a stale answer would let a command through or refuse it for as long as the cache holds.
  async customer(customerId: string): Promise<CustomerLookup | undefined> {
    const { state } = await this.aggregates.read(streamName.customer(customerId), customerDecider);
    return toCustomerLookup(state);
  }

  /** The invitation as the store holds it, with its revision (a command decided on it passes it on as `current`). */
  invitation(invitationId: string): Promise<Aggregate<InvitationState>> {
    return this.aggregates.read(streamName.invitation(invitationId), invitationDecider);
  }

  async partnershipStatus(providerId: string, resellerId: string): Promise<PartnershipStatus> {
    const { state } = await this.aggregates.read(streamName.partnership(providerId, resellerId), partnershipDecider);
    return partnershipStatusOf(state);
  }

  /**
   * Decides `request` on `state` before the handler touches another stream (a domain claim), so a refused
   * command claims nothing. A refused command with deterministic ids may be its own earlier attempt: it goes
   * down the command path, which answers that attempt's result (`earlier`) or refuses again.
   */
  async decideFirst<S, C extends DomainCommand<CommandName>, E extends DomainEvent, Ctx>(
    request: RunRequest<S, C, E, Ctx>,
    state: S,
  ): Promise<{ planned: E[] } | { earlier: CommandResult<S, E> }> {
    try {
      return { planned: request.decider.decide(request.command, state, request.context) };
    } catch (refusal) {
      if (request.eventIds === undefined) {
        this.metrics?.countCommand(request.command.type, outcomeOf(refusal));
        throw refusal;
      }
      return { earlier: await this.run(request) };
    }
  }

  run<S, C extends DomainCommand<CommandName>, E extends DomainEvent, Ctx>(
    request: RunRequest<S, C, E, Ctx>,
  ): Promise<CommandResult<S, E>> {
    const name = request.command.type;
    return this.aggregates.execute(request).then(
      (result) => {
        this.metrics?.countCommand(name, 'accepted');
        return result;
      },
      (error: unknown) => {
        this.metrics?.countCommand(name, outcomeOf(error));
        throw error;
      },
    );
  }

  /**
   * A command that may bring a customer into being (adding, importing, accepting an invitation as a new customer).
   * Decided first on what the stream holds, so a refused command claims nothing; `claimFor` then names the primary
   * domain to claim, if any, on `customerdomain-{domain}` (the first claim wins); then the command is appended.
   */
  async runClaimingDomain<S, C extends DomainCommand<CommandName>, E extends DomainEvent, Ctx extends { now: Date }>(
    request: RunRequest<S, C, E, Ctx>,
    idempotencySeed: string | undefined,
    claimFor: (planned: E[], streamExists: boolean) => ClaimCustomerDomain['data'] | undefined,
    /** The stream as the caller just read it from the store, so it is not read twice. */
    read?: Aggregate<S>,
  ): Promise<CommandResult<S, E>> {
    // Read, not cached: a stale "does not exist" would claim a domain for a customer that exists.
    const current = request.expectNew
      ? { state: request.decider.initialState(), revision: null }
      : (read ?? (await this.aggregates.read(request.streamName, request.decider)));
    const checked = await this.decideFirst(request, current.state);
    if ('earlier' in checked) return checked.earlier;
    const claim = claimFor(checked.planned, current.revision !== null);
    if (claim) {
      const claimStream = streamName.customerDomain(claim.domain);
      await this.claimCustomerDomain({
        streamName: claimStream,
        decider: customerDomainDecider,
        command: { type: 'ClaimCustomerDomain', data: claim },
        context: { now: request.context.now },
        metadata: request.metadata,
        expectNew: request.expectNew,
        eventIds: seededEventIds(idempotencySeed, claimStream),
      });
    }
    return this.run(request);
  }

  /**
   * A claim held by another customer whose stream is still empty may be orphaned (the command that claimed
   * it failed halfway). Its creation is then abandoned on the customer stream (with "no stream", refused
   * within the grace period), which resolves the claim decider's lookup; the takeover is appended at the
   * claim stream's revision, so of two racing takeovers one wins and a late creation loses.
   */
  private async claimCustomerDomain(request: ClaimRequest): Promise<CommandResult<CustomerDomainState, CustomerDomainEvent>> {
    try {
      return await this.aggregates.execute(request);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'CUSTOMER.DOMAIN_TAKEN') throw error;
      const claim = (await this.aggregates.read(request.streamName, customerDomainDecider)).state;
      if (claim.status !== 'claimed' || (await this.customer(claim.customerId)) !== undefined) throw error;
      const abandon: AbandonCustomerCreation = {
        type: 'AbandonCustomerCreation',
        data: { customerId: claim.customerId, primaryDomain: claim.domain, claimedAt: claim.claimedAt },
      };
      try {
        await this.aggregates.execute({
          streamName: streamName.customer(claim.customerId),
          decider: customerDecider,
          command: abandon,
          context: { now: request.context.now, claimGraceMs: this.config?.domainClaimGraceMs },
          metadata: { ...request.metadata, command: abandon.type },
          expectNew: true,
        });
      } catch (refusal) {
        throw refusal instanceof DomainError ? error : refusal;
      }
      const claimant = { customerId: claim.customerId, abandoned: true };
      return this.aggregates.execute({ ...request, context: { ...request.context, claimant }, expectNew: false, eventIds: undefined });
    }
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
