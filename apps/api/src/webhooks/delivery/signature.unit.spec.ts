import { Webhook } from 'standardwebhooks';
import { newSigningSecret, signatureHeaders } from './signature';

describe('Standard Webhooks signatures', () => {
  const body = JSON.stringify({ specversion: '1.0', id: 'e1', type: 'com.csp-relationships.CustomerAdded.v1', data: { customerId: 'c1' } });
  const now = Math.floor(Date.now() / 1000);

  it('verify with the reference library', () => {
    const secret = newSigningSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const headers = signatureHeaders([secret], 'delivery-1', now, body);
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
  });

  it('carry one signature per secret during a rotation, each verifying on its own', () => {
    const [current, previous] = [newSigningSecret(), newSigningSecret()];
    const headers = signatureHeaders([current, previous], 'delivery-2', now, body);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    for (const secret of [current, previous]) expect(() => new Webhook(secret).verify(body, headers)).not.toThrow();
  });

  it('do not verify with another secret, another body or another id', () => {
    const secret = newSigningSecret();
    const headers = signatureHeaders([secret], 'delivery-3', now, body);
    expect(() => new Webhook(newSigningSecret()).verify(body, headers)).toThrow();
    expect(() => new Webhook(secret).verify(body.replace('c1', 'c2'), headers)).toThrow();
    expect(() => new Webhook(secret).verify(body, { ...headers, 'webhook-id': 'delivery-4' })).toThrow();
  });
});
