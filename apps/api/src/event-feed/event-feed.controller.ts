import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { FeedQuery } from './feed-query.dto';
import { AnswersText } from '../openapi/answers.decorator';
import { Refuses } from '../openapi/refuses.decorator';
import { ApiHeader, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal } from '../auth/auth.decorators';
import type { PartnerPrincipal } from '../auth/principal';
import { problem, ProblemException } from '../http/problem';
import { EventFeed } from './event-feed.service';
import { feedRequestOf } from './feed-request';
import { ReadYourWrites } from '../http/read-your-writes';

/** Tells an EventSource how long to wait before it reconnects (with Last-Event-ID) after the stream ends. */
const RETRY_MS = 2_000;

@ApiTags('events')
@Controller('v1/events')
export class EventFeedController {
  constructor(private readonly feed: EventFeed) {}

  @Get('stream')
  @AnswersText(
    200,
    'Server-sent events: one CloudEvent per event, a comment line as heartbeat',
    'id: 48213\nevent: com.csp-relationships.RelationshipRemoved.v1\ndata: {"specversion":"1.0",…}\n\n',
  )
  @Refuses('TOO_MANY_STREAMS')
  // Subscribed to the store itself: always current, X-Min-Position is accepted and its form checked.
  @ReadYourWrites('stream')
  @ApiProduces('text/event-stream')
  @ApiOperation({
    summary:
      "Server-Sent Events: the caller's own events as CloudEvents (structured JSON in `data:`), `id:` the event's log position. Starts at the log's current end unless resumed (`Last-Event-ID`, or `?lastEventId=`) or `?from=start`; a heartbeat comment keeps idle connections open. A client too far behind is cut off and resumes with Last-Event-ID.",
  })
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'The id: of the last event received' })
  async streamEvents(
    @CurrentPrincipal() principal: PartnerPrincipal,
    @Query() query: FeedQuery,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const request = feedRequestOf(query, lastEventId);
    const admission = await this.feed.hub.open({ partnerId: principal.partnerId, ...request, disconnect: () => reply.raw.destroy() });
    if ('refused' in admission) {
      reply.header('retry-after', '5');
      throw new ProblemException(
        problem(
          429,
          'TOO_MANY_STREAMS',
          admission.refused === 'partner'
            ? 'This partner already has the most event streams allowed open at once; close one first.'
            : 'The API serves the most event streams it allows at once; retry shortly.',
        ),
      );
    }
    const { stream, release } = admission;
    reply.raw.once('close', () => {
      release();
      stream.destroy();
    });
    stream.unshift(`retry: ${RETRY_MS}\n: connected\n\n`);
    void reply
      .header('content-type', 'text/event-stream; charset=utf-8')
      .header('cache-control', 'no-store')
      // Proxies that buffer responses (nginx) would hold events back.
      .header('x-accel-buffering', 'no')
      .send(stream);
  }
}
