import { followUpEventId, uuidV5 } from './deterministic-id';

describe('uuidV5', () => {
  it('matches the RFC 4122 reference value for the DNS namespace', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('gives the same id for the same cause and step, different ids otherwise', () => {
    const cause = 'c0a8b5a2-2f7e-4a53-9d4e-0a1b2c3d4e5f';
    expect(followUpEventId(cause, 'establish', 0)).toBe(followUpEventId(cause, 'establish', 0));
    expect(followUpEventId(cause, 'establish', 0)).not.toBe(followUpEventId(cause, 'establish', 1));
    expect(followUpEventId(cause, 'establish', 0)).not.toBe(followUpEventId(cause, 'grant', 0));
  });
});
