import { Command } from '@nestjs/cqrs';
import type { CustomerEvent } from '@app/domain';
import type { CustomerState } from '@app/domain/customer';
import type { CommandResult } from '@app/event-store';
import type { Principal } from '../auth/principal';

/** The CQRS message of every single-stream customer use case: who asks, for which customer, on which revision. */
export abstract class CustomerUseCaseCommand<P extends Principal, B> extends Command<CommandResult<CustomerState, CustomerEvent>> {
  constructor(
    readonly principal: P,
    readonly customerId: string,
    readonly body: B,
    readonly ifMatch?: bigint,
  ) {
    super();
  }
}
