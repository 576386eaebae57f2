import { SubscriptionInfo } from '@eventstore/db-client/generated/persistent_pb';
import { sourcePointText, startFromText } from './group-target';
import type { PersistentGroup } from './persistent-group';

/** GetInfo and List: every setting echoed exactly, connections and counters (ESDB-WIRE A7). */
export function subscriptionInfo(group: PersistentGroup, now: number): SubscriptionInfo {
  const { definition, isAll } = group;
  const settings = definition.settings;
  const state = group.describe();
  const rate = group.measure(now);
  const pointText = (point: number | undefined): string => (point === undefined ? '' : sourcePointText(isAll, point));
  const connections = group.connections.map((consumer) => {
    const measured = consumer.measure(now);
    const connection = new SubscriptionInfo.ConnectionInfo()
      .setFrom(consumer.identity.from)
      .setUsername(consumer.identity.username)
      .setConnectionName(consumer.identity.connectionName)
      .setAverageItemsPerSecond(measured.averagePerSecond)
      .setTotalItems(`${consumer.totalItems}`)
      .setCountSinceLastMeasurement(`${measured.countSinceLastMeasurement}`)
      .setAvailableSlots(consumer.freeSlots)
      .setInFlightMessages(consumer.inFlight.size);
    if (consumer.latencies) {
      connection.setObservedMeasurementsList(
        consumer.latencies.report().map(([key, value]) => new SubscriptionInfo.Measurement().setKey(key).setValue(`${value}`)),
      );
    }
    return connection;
  });
  return new SubscriptionInfo()
    .setEventSource(definition.eventSource)
    .setGroupName(definition.group)
    .setStatus(state.status)
    .setConnectionsList(connections)
    .setAveragePerSecond(rate.averagePerSecond)
    .setTotalItems(`${state.totalItems}`)
    .setCountSinceLastMeasurement(`${rate.countSinceLastMeasurement}`)
    .setLastCheckpointedEventPosition(pointText(state.lastCheckpoint))
    .setLastKnownEventPosition(pointText(state.lastKnown))
    .setResolveLinkTos(settings.resolveLinks)
    .setStartFrom(startFromText(isAll, definition.start))
    .setMessageTimeoutMilliseconds(settings.messageTimeoutMs)
    .setExtraStatistics(settings.extraStatistics)
    .setMaxRetryCount(settings.maxRetryCount)
    .setLiveBufferSize(settings.liveBufferSize)
    .setBufferSize(settings.historyBufferSize)
    .setReadBatchSize(settings.readBatchSize)
    .setCheckPointAfterMilliseconds(settings.checkpointAfterMs)
    .setMinCheckPointCount(settings.minCheckpointCount)
    .setMaxCheckPointCount(settings.maxCheckpointCount)
    .setReadBufferCount(state.readBufferCount)
    .setLiveBufferCount(`${state.liveBufferCount}`)
    .setRetryBufferCount(state.retryBufferCount)
    .setTotalInFlightMessages(state.inFlight)
    .setOutstandingMessagesCount(state.inFlight)
    .setNamedConsumerStrategy(settings.strategy)
    .setMaxSubscriberCount(settings.maxSubscriberCount)
    .setParkedMessageCount(`${state.parkedCount}`);
}
