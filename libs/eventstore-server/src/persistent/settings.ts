import { CreateReq, UpdateReq } from '@eventstore/db-client/generated/persistent_pb';
import { PersistentSubscriptionFailure } from './errors';

/** The enum knows the first three; `PinnedByCorrelation` (ESDB 22+) only comes as the `consumer_strategy` string. */
export const consumerStrategies = ['DispatchToSingle', 'RoundRobin', 'Pinned', 'PinnedByCorrelation'] as const;
export type ConsumerStrategyName = (typeof consumerStrategies)[number];

/** Everything GetInfo and List echo back; the client compares the whole object after create and update. */
export interface GroupSettings {
  resolveLinks: boolean;
  extraStatistics: boolean;
  messageTimeoutMs: number;
  checkpointAfterMs: number;
  maxRetryCount: number;
  minCheckpointCount: number;
  maxCheckpointCount: number;
  /** 0 = unbounded. */
  maxSubscriberCount: number;
  liveBufferSize: number;
  readBatchSize: number;
  historyBufferSize: number;
  strategy: ConsumerStrategyName;
}

type ProtoSettings = CreateReq.Settings | UpdateReq.Settings;

const TICKS_PER_MS = 10_000n;

/** The enum values of `named_consumer_strategy` in their protocol order. */
const strategyByEnum: Record<number, ConsumerStrategyName> = {
  [CreateReq.ConsumerStrategy.DISPATCHTOSINGLE]: 'DispatchToSingle',
  [CreateReq.ConsumerStrategy.ROUNDROBIN]: 'RoundRobin',
  [CreateReq.ConsumerStrategy.PINNED]: 'Pinned',
};

function parseStrategyName(name: string): ConsumerStrategyName {
  const known = consumerStrategies.find((strategy) => strategy === name);
  if (!known) throw new PersistentSubscriptionFailure(`Unknown consumer strategy: ${name}`);
  return known;
}

function ticksToMs(ticks: string, field: string): number {
  const value = BigInt(ticks) / TICKS_PER_MS;
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < 0n) {
    throw new PersistentSubscriptionFailure(`${field} is out of range`);
  }
  return Number(value);
}

function messageTimeoutOf(settings: ProtoSettings): number {
  switch (settings.getMessageTimeoutCase()) {
    case CreateReq.Settings.MessageTimeoutCase.MESSAGE_TIMEOUT_TICKS:
      return ticksToMs(settings.getMessageTimeoutTicks(), 'message timeout');
    default:
      return settings.getMessageTimeoutMs();
  }
}

function checkpointAfterOf(settings: ProtoSettings): number {
  switch (settings.getCheckpointAfterCase()) {
    case CreateReq.Settings.CheckpointAfterCase.CHECKPOINT_AFTER_TICKS:
      return ticksToMs(settings.getCheckpointAfterTicks(), 'checkpoint after');
    default:
      return settings.getCheckpointAfterMs();
  }
}

/**
 * The string field wins over the deprecated enum when it is non-empty, as on the real server. Only creation's
 * settings have it; asked by method rather than `instanceof`, since the generated classes may be loaded twice.
 */
function strategyOf(settings: ProtoSettings): ConsumerStrategyName {
  const named = 'getConsumerStrategy' in settings ? settings.getConsumerStrategy() : '';
  if (named !== '') return parseStrategyName(named);
  const fromEnum = strategyByEnum[settings.getNamedConsumerStrategy()];
  if (!fromEnum) throw new PersistentSubscriptionFailure(`Unknown consumer strategy: ${settings.getNamedConsumerStrategy()}`);
  return fromEnum;
}

export function settingsFromProto(settings: ProtoSettings | undefined): GroupSettings {
  if (!settings) throw new PersistentSubscriptionFailure('Settings are required');
  const parsed: GroupSettings = {
    resolveLinks: settings.getResolveLinks(),
    extraStatistics: settings.getExtraStatistics(),
    messageTimeoutMs: messageTimeoutOf(settings),
    checkpointAfterMs: checkpointAfterOf(settings),
    maxRetryCount: settings.getMaxRetryCount(),
    minCheckpointCount: settings.getMinCheckpointCount(),
    maxCheckpointCount: settings.getMaxCheckpointCount(),
    maxSubscriberCount: settings.getMaxSubscriberCount(),
    liveBufferSize: settings.getLiveBufferSize(),
    readBatchSize: settings.getReadBatchSize(),
    historyBufferSize: settings.getHistoryBufferSize(),
    strategy: strategyOf(settings),
  };
  validateSettings(parsed);
  return parsed;
}

const nonNegative: ReadonlyArray<keyof GroupSettings> = [
  'messageTimeoutMs',
  'checkpointAfterMs',
  'maxRetryCount',
  'minCheckpointCount',
  'maxCheckpointCount',
  'maxSubscriberCount',
  'liveBufferSize',
  'readBatchSize',
  'historyBufferSize',
];

export function validateSettings(settings: GroupSettings): void {
  for (const key of nonNegative) {
    const value = settings[key] as number;
    if (!Number.isInteger(value) || value < 0) {
      throw new PersistentSubscriptionFailure(`${key} must be a non-negative integer, got ${value}`);
    }
  }
  if (settings.readBatchSize === 0) throw new PersistentSubscriptionFailure('readBatchSize must be greater than 0');
}
