import { CreateReq, UpdateReq } from '@eventstore/db-client/generated/persistent_pb';
import { PersistentSubscriptionFailure } from './errors';
import { settingsFromProto } from './settings';

const base = () =>
  new CreateReq.Settings()
    .setResolveLinks(true)
    .setExtraStatistics(true)
    .setMaxRetryCount(4)
    .setMinCheckpointCount(2)
    .setMaxCheckpointCount(9)
    .setMaxSubscriberCount(3)
    .setLiveBufferSize(50)
    .setReadBatchSize(7)
    .setHistoryBufferSize(60)
    .setMessageTimeoutMs(1500)
    .setCheckpointAfterMs(250)
    .setNamedConsumerStrategy(CreateReq.ConsumerStrategy.PINNED);

describe('settingsFromProto', () => {
  it('maps every field the client sends', () => {
    expect(settingsFromProto(base())).toEqual({
      resolveLinks: true,
      extraStatistics: true,
      messageTimeoutMs: 1500,
      checkpointAfterMs: 250,
      maxRetryCount: 4,
      minCheckpointCount: 2,
      maxCheckpointCount: 9,
      maxSubscriberCount: 3,
      liveBufferSize: 50,
      readBatchSize: 7,
      historyBufferSize: 60,
      strategy: 'Pinned',
    });
  });

  it('prefers a non-empty consumer_strategy string over the deprecated enum', () => {
    expect(settingsFromProto(base().setConsumerStrategy('RoundRobin')).strategy).toBe('RoundRobin');
  });

  it('accepts PinnedByCorrelation, which only the string field can carry', () => {
    expect(settingsFromProto(base().setConsumerStrategy('PinnedByCorrelation')).strategy).toBe('PinnedByCorrelation');
  });

  it('refuses an unknown strategy name with a reason', () => {
    expect(() => settingsFromProto(base().setConsumerStrategy('Random'))).toThrow(PersistentSubscriptionFailure);
    expect(() => settingsFromProto(base().setConsumerStrategy('Random'))).toThrow('Unknown consumer strategy: Random');
  });

  it('converts the tick variants (100 ns) to milliseconds', () => {
    const settings = base().setMessageTimeoutTicks('30000000').setCheckpointAfterTicks('20000000');
    expect(settingsFromProto(settings)).toMatchObject({ messageTimeoutMs: 3000, checkpointAfterMs: 2000 });
  });

  it('reads the update form, which has no consumer_strategy string', () => {
    const update = new UpdateReq.Settings().setReadBatchSize(1).setNamedConsumerStrategy(UpdateReq.ConsumerStrategy.DISPATCHTOSINGLE);
    expect(settingsFromProto(update).strategy).toBe('DispatchToSingle');
  });

  it('refuses negative counts and a zero read batch size', () => {
    expect(() => settingsFromProto(base().setMaxRetryCount(-1))).toThrow('maxRetryCount must be a non-negative integer');
    expect(() => settingsFromProto(base().setReadBatchSize(0))).toThrow('readBatchSize must be greater than 0');
    expect(() => settingsFromProto(undefined)).toThrow('Settings are required');
  });
});
