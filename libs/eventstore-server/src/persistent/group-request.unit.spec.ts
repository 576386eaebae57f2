import { CreateReq, UpdateReq } from '@eventstore/db-client/generated/persistent_pb';
import { Empty, StreamIdentifier } from '@eventstore/db-client/generated/shared_pb';
import { InvalidPersistentRequest, PersistentSubscriptionFailure } from './errors';
import { parseGroupRequest } from './group-request';

const identifier = (name: string) => new StreamIdentifier().setStreamName(Buffer.from(name, 'utf8'));
const settings = () => new CreateReq.Settings().setReadBatchSize(20).setHistoryBufferSize(500).setLiveBufferSize(500);

function deprecatedCreate(stream: string, revision: string): CreateReq {
  return new CreateReq().setOptions(
    new CreateReq.Options().setStreamIdentifier(identifier(stream)).setGroupName('g').setSettings(settings().setRevision(revision)),
  );
}

describe('parseGroupRequest', () => {
  it('reads the deprecated stream form 6.2.1 sends: start, end and an inclusive revision', () => {
    expect(parseGroupRequest(deprecatedCreate('orders', '0'))).toMatchObject({
      eventSource: 'orders',
      group: 'g',
      start: { kind: 'start' },
    });
    expect(parseGroupRequest(deprecatedCreate('orders', '18446744073709551615')).start).toEqual({ kind: 'end' });
    expect(parseGroupRequest(deprecatedCreate('orders', '42')).start).toEqual({ kind: 'revision', revision: 42 });
  });

  it('refuses $all through the stream form', () => {
    expect(() => parseGroupRequest(deprecatedCreate('$all', '0'))).toThrow('A $all subscription needs the $all options');
  });

  it('reads the newer stream form with its own revision option', () => {
    const request = new CreateReq().setOptions(
      new CreateReq.Options()
        .setStream(new CreateReq.StreamOptions().setStreamIdentifier(identifier('ünïcode')).setEnd(new Empty()))
        .setGroupName('g')
        .setSettings(settings()),
    );
    expect(parseGroupRequest(request)).toMatchObject({ eventSource: 'ünïcode', start: { kind: 'end' }, filter: null });
  });

  it('reads the $all form with a position and a filter', () => {
    const all = new CreateReq.AllOptions()
      .setPosition(new CreateReq.Position().setCommitPosition('12').setPreparePosition('12'))
      .setFilter(
        new CreateReq.AllOptions.FilterOptions()
          .setEventType(new CreateReq.AllOptions.FilterOptions.Expression().setRegex('^[^$]'))
          .setCount(new Empty()),
      );
    const request = new CreateReq().setOptions(new CreateReq.Options().setAll(all).setGroupName('g').setSettings(settings()));
    expect(parseGroupRequest(request)).toMatchObject({
      eventSource: '$all',
      start: { kind: 'position', commit: 12, prepare: 12 },
      filter: { on: 'eventType', regex: '^[^$]', prefixes: [] },
    });
  });

  it('leaves the filter of a $all group alone on update', () => {
    const request = new UpdateReq().setOptions(
      new UpdateReq.Options()
        .setAll(new UpdateReq.AllOptions().setStart(new Empty()))
        .setGroupName('g')
        .setSettings(new UpdateReq.Settings().setReadBatchSize(1)),
    );
    expect(parseGroupRequest(request).filter).toBeUndefined();
  });

  it('refuses a bad start, a bad filter and a missing group name', () => {
    const prepareAfterCommit = new CreateReq().setOptions(
      new CreateReq.Options()
        .setAll(new CreateReq.AllOptions().setPosition(new CreateReq.Position().setCommitPosition('5').setPreparePosition('9')))
        .setGroupName('g')
        .setSettings(settings()),
    );
    expect(() => parseGroupRequest(prepareAfterCommit)).toThrow(PersistentSubscriptionFailure);
    const badRegex = new CreateReq().setOptions(
      new CreateReq.Options()
        .setAll(
          new CreateReq.AllOptions()
            .setStart(new Empty())
            .setFilter(
              new CreateReq.AllOptions.FilterOptions().setStreamIdentifier(
                new CreateReq.AllOptions.FilterOptions.Expression().setRegex('('),
              ),
            ),
        )
        .setGroupName('g')
        .setSettings(settings()),
    );
    expect(() => parseGroupRequest(badRegex)).toThrow('Invalid filter regex');
    const noGroup = deprecatedCreate('orders', '0');
    noGroup.getOptions()!.setGroupName('');
    expect(() => parseGroupRequest(noGroup)).toThrow(InvalidPersistentRequest);
  });
});
