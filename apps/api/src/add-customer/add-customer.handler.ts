import { randomUUID } from 'node:crypto';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { normaliseDomain, streamName, type AddCustomer, type PartnershipStatus } from '@app/domain';
import { customerDecider } from '@app/domain/customer';
import type { PartnerPrincipal } from '../auth/principal';
import { metadataFor } from '../commands/command-metadata';
import { CommandRunner } from '../commands/command-runner';
import type { Written } from '../http/http-result';
import { derivedId, seededEventIds } from '../idempotency/idempotency-ids';
import type { AddCustomerDto } from './add-customer.dto';
import { temporaryPassword } from './temporary-password';

export interface AddCustomerOutcome extends Written {
  customerId: string;
  primaryDomain: string;
  adminUserName: string;
  /** Shown once in the response; never stored. */
  temporaryPassword: string;
  subscriptionIds: string[];
}

export class AddCustomerCommand extends Command<AddCustomerOutcome> {
  constructor(
    readonly principal: PartnerPrincipal,
    readonly body: AddCustomerDto,
    /**
     * The seed of the caller's Idempotency-Key: the new ids and event ids derive from it, so a retry after a
     * crash resumes the same customer and the store de-duplicates the re-appended events.
     */
    readonly idempotencySeed?: string,
  ) {
    super();
  }
}

/** The customer id an idempotent AddCustomer uses: a retry that finds its own domain claim completes it. */
export function customerIdFor(idempotencySeed: string): string {
  return derivedId(idempotencySeed, 'customer');
}

/** Claims the primary domain, then appends the customer with "no stream" (`CommandRunner.runClaimingDomain`). */
@CommandHandler(AddCustomerCommand)
export class AddCustomerHandler implements ICommandHandler<AddCustomerCommand> {
  constructor(private readonly runner: CommandRunner) {}

  async execute({ principal, body, idempotencySeed }: AddCustomerCommand): Promise<AddCustomerOutcome> {
    const actingPartner = await this.runner.authorize('AddCustomer', principal);
    const primaryDomain = normaliseDomain(body.primaryDomain);
    const customerId = idempotencySeed === undefined ? randomUUID() : customerIdFor(idempotencySeed);
    const subscriptions = (body.subscriptions ?? []).map((s, i) => ({
      subscriptionId: idempotencySeed === undefined ? randomUUID() : derivedId(idempotencySeed, 'subscription', i),
      offerId: s.offerId,
      licenseCount: s.licenseCount,
    }));
    const adminUserName = `admin@${primaryDomain}`;
    const command: AddCustomer = {
      type: 'AddCustomer',
      data: {
        customerId,
        partnerId: principal.partnerId,
        companyName: body.companyName,
        primaryDomain,
        address: body.address,
        primaryContact: body.primaryContact,
        agreement: {
          accepted: body.agreement.accepted,
          signerName: body.agreement.signerName,
          signerEmail: body.agreement.signerEmail,
          signedAt: body.agreement.signedAt,
          attestedBy: principal.userId,
        },
        adminUserName,
        ...(body.resellerId === undefined ? {} : { resellerId: body.resellerId }),
        ...(subscriptions.length === 0 ? {} : { subscriptions }),
      },
    };
    const partnershipStatus: PartnershipStatus | undefined =
      body.resellerId === undefined ? undefined : await this.runner.partnershipStatus(principal.partnerId, body.resellerId);
    const customerStream = streamName.customer(customerId);
    const adding = {
      streamName: customerStream,
      decider: customerDecider,
      command,
      context: { now: new Date(), actingPartner, partnershipStatus },
      metadata: metadataFor(principal, 'AddCustomer'),
      expectNew: true,
      eventIds: seededEventIds(idempotencySeed, customerStream),
    };
    const result = await this.runner.runClaimingDomain(adding, idempotencySeed, () => ({ domain: primaryDomain, customerId }));
    return {
      customerId,
      primaryDomain,
      adminUserName,
      temporaryPassword: temporaryPassword(),
      subscriptionIds: subscriptions.map((s) => s.subscriptionId),
      revision: result.revision,
      position: result.position,
    };
  }
}
