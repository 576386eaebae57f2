import { currentTraceparent, inSpan, linksToTraceparents, ROOT_CONTEXT, SpanKind, SpanStatusCode, tracingOn } from '@app/tracing';
import { describeOutcome, type AttemptOutcome, type ClaimedDelivery } from '../outbox/outbox-store';

/**
 * Runs one delivery attempt in a client span of its own (README, "Traces"): the root of a new trace, linked to the
 * append that wrote the event rather than its child. As a child, the POST's `traceparent` would hand this partner's
 * receiver the trace id of the request that caused the event, which another partner may have chosen, and retries
 * hours later would stretch that request's trace. `send` gets the span's traceparent for the POST (undefined with
 * traces off), so a receiver that traces continues the attempt's trace. The URL is not recorded: its path or query
 * may carry the receiver's own credentials.
 */
export function inDeliverySpan(
  delivery: ClaimedDelivery,
  send: (traceparent: string | undefined) => Promise<AttemptOutcome>,
): Promise<AttemptOutcome> {
  if (!tracingOn()) return send(undefined);
  const url = new URL(delivery.url);
  const options = {
    kind: SpanKind.CLIENT,
    parent: ROOT_CONTEXT,
    links: linksToTraceparents([{ traceparent: delivery.traceparent ?? undefined }]),
    attributes: {
      'http.request.method': 'POST',
      'server.address': url.hostname,
      'server.port': Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
      'webhook.id': delivery.webhook_id,
      'webhook.delivery_id': delivery.delivery_id,
      'webhook.attempt': delivery.attempts + 1,
      'webhook.event_id': delivery.event_id,
      'webhook.event_type': delivery.event_type,
    },
  };
  return inSpan('webhook delivery', options, async (span) => {
    const outcome = await send(currentTraceparent());
    if (outcome.statusCode !== undefined) span?.setAttribute('http.response.status_code', outcome.statusCode);
    if (!outcome.ok) {
      span?.setAttribute('error.type', outcome.statusCode === undefined ? '_OTHER' : String(outcome.statusCode));
      span?.setStatus({ code: SpanStatusCode.ERROR, message: describeOutcome(outcome) });
    }
    return outcome;
  });
}
