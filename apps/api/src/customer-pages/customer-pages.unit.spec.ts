import { isPageRoute } from './form-body';
import { html, raw } from './html';
import { safeNext } from './safe-next';
import { cookieValue, PortalSessions } from './session';

describe("the customer's pages, unit by unit", () => {
  it('escapes every interpolated value unless it is markup built here', () => {
    const name = `<script>alert("x")</script>&'`;
    expect(html`<p title="${name}">${name}</p>${raw('<br>')}`.text).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;</p><br>',
    );
    expect(html`${[html`<li>${'a<'}</li>`, html`<li>${2}</li>`]}${undefined}${null}${false}`.text).toBe('<li>a&lt;</li><li>2</li>');
  });

  it.each([
    ['/invitations/abc/accept?token=x', '/invitations/abc/accept?token=x'],
    ['/portal', '/portal'],
    ['//evil.example/x', '/portal'],
    ['/\\evil.example', '/portal'],
    ['https://evil.example/', '/portal'],
    ['/with space', '/portal'],
    [undefined, '/portal'],
  ])('returns after sign-in only to a path of this site: %s', (next, expected) => expect(safeNext(next)).toBe(expected));

  it.each([
    ['/portal/sign-in', true],
    ['/invitations/i-1/accept', true],
    ['/invitations/i-1/accept?token=x', true],
    ['/v1/invitations/i-1/accept', false],
    ['/v1/customers', false],
    ['/portalx', false],
  ])('takes form posts only on the pages: %s', (url, expected) => expect(isPageRoute(url)).toBe(expected));

  it('reads back the session it signed, and nothing signed with another secret or tampered with', async () => {
    const sessions = new PortalSessions('a-secret-of-the-deployment-0123456789', false);
    const cookie = await sessions.cookie({ customerId: 'c-1', userId: 'ada', role: 'GlobalAdmin', csrf: 'k' });
    expect(cookie).toMatch(/^csp_portal=[^;]+; Path=\/; Max-Age=1800; HttpOnly; SameSite=Lax$/);
    const value = cookie.split(';')[0];
    expect(await sessions.read(`other=1; ${value}`)).toEqual({ customerId: 'c-1', userId: 'ada', role: 'GlobalAdmin', csrf: 'k' });
    expect(await new PortalSessions('another-secret-of-the-deployment-012345', false).read(value)).toBeUndefined();
    expect(await sessions.read(`${value.slice(0, -2)}xx`)).toBeUndefined();
    expect(new PortalSessions('s', true).cookieName).toBe('__Host-csp_portal');
    expect(
      (await new PortalSessions('s', true).cookie({ customerId: 'c', userId: 'u', role: 'User', csrf: 'k' })).endsWith('; Secure'),
    ).toBe(true);
  });

  it('finds one cookie among several', () => {
    expect(cookieValue('a=1; csp_portal=xyz; b=2', 'csp_portal')).toBe('xyz');
    expect(cookieValue('csp_portal_login=1', 'csp_portal')).toBeUndefined();
    expect(cookieValue(undefined, 'csp_portal')).toBeUndefined();
  });
});
