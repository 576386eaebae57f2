import { Module, type DynamicModule } from '@nestjs/common';
import type { Webhooks } from './webhooks-runtime';
import { WebhookService } from './webhook-service';
import { WebhooksController } from './webhooks.controller';

/** The webhook routes over the runtime `createApp` started (and stops). */
@Module({})
export class WebhooksModule {
  static forRoot(webhooks: Pick<Webhooks, 'service'>): DynamicModule {
    return {
      module: WebhooksModule,
      controllers: [WebhooksController],
      providers: [{ provide: WebhookService, useValue: webhooks.service }],
    };
  }
}
