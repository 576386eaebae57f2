import { applyDecorators, Injectable, UseGuards, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { Refuses } from '../openapi/refuses.decorator';
import { minPosition } from '../queries/shared/query-params';

const description =
  "A command's X-Log-Position: the answer reflects at least that write. Views built by the projector wait for it (bounded; " +
  '503 READ_MODEL_BEHIND after the wait); a resource read from its own stream is always current.';

/** Reads that come from the resource's own stream: the header is accepted (and its form checked), never waited for. */
@Injectable()
class MinPositionForm implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    minPosition(context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>().headers, {});
    return true;
  }
}

/**
 * Every read endpoint takes `X-Min-Position`, so a client can always read its own writes: `view` endpoints wait for
 * their read models (the controller passes the position to ReadModels.awaitPosition), `stream` endpoints are current.
 */
export const ReadYourWrites = (source: 'view' | 'stream') =>
  applyDecorators(
    ApiHeader({ name: 'X-Min-Position', required: false, description }),
    ...(source === 'stream' ? [UseGuards(MinPositionForm)] : [Refuses('READ_MODEL_BEHIND', 'TOO_MANY_POSITION_WAITS')]),
  );
