import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { parseIfMatch } from './etag';

export const IfMatch = createParamDecorator((_data: unknown, context: ExecutionContext) =>
  parseIfMatch(context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>().headers['if-match']),
);
