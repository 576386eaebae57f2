import { checkTargetUrl, isPrivateAddress, RefusedTargetError, resolveTarget } from './target-address';

describe('isPrivateAddress', () => {
  it.each([
    '127.0.0.1',
    '127.255.0.9',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    'fe80::1',
    'fe80::1%eth0',
    'fd00::1',
    'fc12:3456::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.0.0.1',
    '::ffff:169.254.169.254',
    '64:ff9b::10.0.0.1',
    '64:ff9b::a9fe:a9fe',
    '[::1]',
    'localhost',
    'not-an-address',
  ])('refuses %s', (address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });

  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '192.169.0.1', '100.128.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8', '64:ff9b::808:808'])(
    'allows the public address %s',
    (address) => {
      expect(isPrivateAddress(address)).toBe(false);
    },
  );
});

describe('checkTargetUrl', () => {
  it('accepts an https URL and, only where private targets are allowed, an http one', () => {
    expect(checkTargetUrl('https://hooks.example.com/in', false)).toHaveProperty('url');
    expect(checkTargetUrl('http://hooks.example.com/in', false)).toEqual({ field: 'url', message: 'must use https:' });
    expect(checkTargetUrl('http://127.0.0.1:9/in', true)).toHaveProperty('url');
  });

  it.each([
    ['', 'must be an absolute https URL'],
    ['hooks.example.com/in', 'is not an absolute URL'],
    ['ftp://hooks.example.com/', 'must use https:'],
    ['https://user:pw@hooks.example.com/', 'must not carry credentials'],
    ['https://hooks.example.com/#x', 'must not have a fragment'],
    [`https://hooks.example.com/${'a'.repeat(2048)}`, 'must be at most 2048 characters'],
  ])('refuses %j', (text, message) => {
    expect(checkTargetUrl(text, false)).toEqual({ field: 'url', message });
  });
});

describe('resolveTarget', () => {
  const resolving =
    (...addresses: string[]) =>
    async () =>
      addresses.map((address) => ({ address, family: (address.includes(':') ? 6 : 4) as 4 | 6 }));

  it('connects to the first address when every address is public', async () => {
    await expect(resolveTarget(new URL('https://hooks.example.com/'), false, resolving('8.8.8.8', '1.1.1.1'))).resolves.toEqual({
      address: '8.8.8.8',
      family: 4,
    });
  });

  it('refuses a name when any of its addresses is private, not only the first', async () => {
    await expect(resolveTarget(new URL('https://hooks.example.com/'), false, resolving('8.8.8.8', '10.0.0.5'))).rejects.toThrow(
      RefusedTargetError,
    );
  });

  it('refuses literal private addresses without resolving, IPv6 and IPv4-mapped included', async () => {
    const never = async () => {
      throw new Error('resolved');
    };
    for (const url of [
      'https://127.0.0.1/',
      'https://[::1]/',
      'https://[::ffff:127.0.0.1]/',
      'https://[fd00::1]:8443/',
      'https://169.254.169.254/latest',
    ])
      await expect(resolveTarget(new URL(url), false, never)).rejects.toThrow(RefusedTargetError);
  });

  it('allows private addresses with the setting, and refuses a name that resolves to nothing', async () => {
    await expect(resolveTarget(new URL('http://localhost:9/'), true, resolving('127.0.0.1'))).resolves.toEqual({
      address: '127.0.0.1',
      family: 4,
    });
    await expect(resolveTarget(new URL('https://nothing.example/'), true, resolving())).rejects.toThrow(RefusedTargetError);
  });
});
