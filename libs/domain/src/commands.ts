import { CustomerCommand } from './customer/commands';
import { CustomerDomainCommand } from './customer-domain/commands';
import { InvitationCommand } from './invitation/commands';
import { PartnerCommand } from './partner/commands';
import { PartnershipCommand } from './partnership/commands';

export type AnyCommand = PartnerCommand | CustomerCommand | CustomerDomainCommand | InvitationCommand | PartnershipCommand;
export type CommandName = AnyCommand['type'];
