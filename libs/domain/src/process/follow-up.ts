import { AnyCommand } from '../commands';

/**
 * A command a process manager issues in reaction to an event. The runtime derives the appended events'
 * ids from the causing event id and `stepName`, so replaying the causing event is a no-op.
 */
export interface FollowUp<Command extends AnyCommand = AnyCommand> {
  readonly stream: string;
  readonly command: Command;
  readonly stepName: string;
}
