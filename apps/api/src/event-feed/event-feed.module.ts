import { Module } from '@nestjs/common';
import { EventFeedController } from './event-feed.controller';
import { EventFeed } from './event-feed.service';

/** `GET /v1/events/stream`: the live feed over one shared subscription (README, "Live feed and store subscriptions"). */
@Module({ controllers: [EventFeedController], providers: [EventFeed] })
export class EventFeedModule {}
