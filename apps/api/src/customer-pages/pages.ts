import { html, type Html } from './html';
import type { InvitationView, PartnerCard } from './invitation-view';
import { layout, type PageOptions } from './layout';
import type { PortalSession } from './session';
import type { Strings } from './strings';

// Each page as a pure function of what it shows; the controllers decide which one and with what status.

export interface Page {
  readonly status: number;
  readonly html: Html;
}

type Frame = Omit<PageOptions, 'title' | 'body'>;

const frame = (session: PortalSession | undefined, devSignIn: boolean): Frame => ({
  signedIn: session ? { userId: session.userId, customerId: session.customerId, csrf: session.csrf } : undefined,
  devSignIn,
});

const formatDate = (iso: string) => new Date(iso).toUTCString().replace(/:\d\d GMT$/, ' UTC');

export function invitationPage(
  t: Strings,
  view: Extract<InvitationView, { status: 'open' }>,
  context: {
    session?: PortalSession;
    devSignIn: boolean;
    action: string;
    signInUrl: string;
    token: string;
    newCustomer: boolean;
    error?: string;
  },
): Page {
  const { session } = context;
  const about = html` <p>${t.invitation.invitedBy(view.partner.name, view.partner.mpnId)}</p>
    ${view.provider ? html`<p>${t.invitation.withProvider(view.provider.name, view.provider.mpnId)}</p>` : ''}
    <p>${t.invitation.meaning}</p>
    ${
      view.includeAdminPermissions
        ? html`<p>${t.invitation.adminPermissions}</p>
            <ul>
              ${view.services.map((s) => html`<li>${t.services[s] ?? s}</li>`)}
            </ul>`
        : html`<p>${t.invitation.noAdminPermissions}</p>`
    }
    <p>${t.invitation.validUntil(formatDate(view.expiresAt))}</p>`;
  let action: Html;
  if (!session) action = html`<p><a href="${context.signInUrl}">${t.invitation.signInToAccept}</a></p>`;
  else if (session.role !== 'GlobalAdmin') action = html`<p role="alert">${t.invitation.onlyGlobalAdmin}</p>`;
  else action = acceptForm(t, context);
  return {
    status: 200,
    html: layout(t, { title: t.invitation.title, body: html`${about}${action}`, ...frame(session, context.devSignIn) }),
  };
}

function acceptForm(
  t: Strings,
  context: { session?: PortalSession; action: string; token: string; newCustomer: boolean; error?: string },
): Html {
  return html`<form method="post" action="${context.action}" novalidate>
    ${context.error ? html`<p role="alert" class="dev" id="form-error">${context.error}</p>` : ''}
    <input type="hidden" name="token" value="${context.token}" />
    <input type="hidden" name="_csrf" value="${context.session?.csrf}" />
    ${
      context.newCustomer
        ? html`<fieldset>
            <legend>${t.invitation.newCustomer}</legend>
            <label for="companyName">${t.invitation.companyName}</label>
            <input type="text" id="companyName" name="companyName" required maxlength="200" autocomplete="organization" />
            <label for="primaryDomain">${t.invitation.primaryDomain}</label>
            <input
              type="text"
              id="primaryDomain"
              name="primaryDomain"
              required
              maxlength="253"
              inputmode="url"
              autocapitalize="none"
              spellcheck="false"
            />
          </fieldset>`
        : ''
    }
    <button type="submit">${t.invitation.accept}</button>
  </form>`;
}

export function outcomePage(
  t: Strings,
  outcome: 'invalid' | 'expired' | 'revoked' | 'accepted' | 'forbidden' | 'error',
  context: { session?: PortalSession; devSignIn: boolean },
): Page {
  const status = { invalid: 404, expired: 410, revoked: 410, accepted: 200, forbidden: 403, error: 500 }[outcome];
  const text = t[outcome];
  const body = html`<p>${text.body}</p>
    ${outcome === 'accepted' ? html`<p><a href="/portal">${t.done.next}</a></p>` : ''}`;
  return { status, html: layout(t, { title: text.title, body, ...frame(context.session, context.devSignIn) }) };
}

export function acceptedPage(t: Strings, partners: readonly PartnerCard[], context: { session: PortalSession; devSignIn: boolean }): Page {
  const body = html`<p class="notice" role="status">${partners.map((p) => html`${t.done.body(p.name)} `)}</p>
    <p><a href="/portal">${t.done.next}</a></p>`;
  return { status: 200, html: layout(t, { title: t.done.title, body, ...frame(context.session, context.devSignIn) }) };
}

export function signInPage(t: Strings, context: { devSignIn: boolean; oidc: boolean; next: string; csrf: string; error?: string }): Page {
  const provider = context.oidc
    ? html`<p><a href="/portal/sign-in/oidc?next=${encodeURIComponent(context.next)}">${t.signIn.withProvider}</a></p>`
    : '';
  const devForm = context.devSignIn
    ? html`${context.error ? html`<p role="alert" class="dev">${context.error}</p>` : ''}
<form method="post" action="/portal/sign-in">
<input type="hidden" name="next" value="${context.next}">
<input type="hidden" name="_csrf" value="${context.csrf}">
<label for="customerId">${t.signIn.customerId}</label>
<input type="text" id="customerId" name="customerId" required maxlength="64" autocomplete="organization" autocapitalize="none" spellcheck="false">
<label for="userId">${t.signIn.userId}</label>
<input type="text" id="userId" name="userId" required maxlength="100" autocomplete="username" autocapitalize="none" spellcheck="false">
<label for="role">${t.signIn.role}</label>
<select id="role" name="role"><option value="GlobalAdmin">${t.signIn.globalAdmin}</option><option value="User">${t.signIn.user}</option></select>
<button type="submit">${t.signIn.submit}</button>
</form>`
    : '';
  const available = context.devSignIn || context.oidc;
  const body = available ? html`<p>${t.signIn.intro}</p>${provider}${devForm}` : html`<p role="alert">${t.signIn.unavailable}</p>`;
  return { status: available ? 200 : 503, html: layout(t, { title: t.signIn.title, body, devSignIn: context.devSignIn }) };
}

export interface PortalPartner {
  readonly partnerId: string;
  readonly name: string;
  readonly relationship: string;
  readonly adminServices: readonly string[];
}

export function portalPage(
  t: Strings,
  view: { partners: readonly PortalPartner[]; holders: readonly { service: string; partnerId: string }[]; notice?: string; error?: string },
  context: { session: PortalSession; devSignIn: boolean },
): Page {
  const name = (partnerId: string) => view.partners.find((p) => p.partnerId === partnerId)?.name ?? partnerId;
  const active = view.partners.filter((p) => p.relationship === 'active');
  const isAdmin = context.session.role === 'GlobalAdmin';
  const csrf = html`<input type="hidden" name="_csrf" value="${context.session.csrf}" />`;
  const body = html`${view.notice ? html`<p class="notice" role="status">${view.notice}</p>` : ''}
    ${view.error ? html`<p class="dev" role="alert">${view.error}</p>` : ''}
    ${
      view.partners.length === 0
        ? html`<p>${t.portal.noPartners}</p>`
        : html`<table>
            <thead>
              <tr>
                <th scope="col">${t.portal.partner}</th>
                <th scope="col">${t.portal.relationship}</th>
                <th scope="col">${t.portal.adminServices}</th>
              </tr>
            </thead>
            <tbody>
              ${view.partners.map(
                (p) =>
                  html`<tr>
                    <td>${p.name}</td>
                    <td>${p.relationship}</td>
                    <td>${p.adminServices.length ? p.adminServices.map((s) => t.services[s] ?? s).join(', ') : t.portal.none}</td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }
    <h2>${t.portal.permissionsTitle}</h2>
    ${
      view.holders.length === 0
        ? html`<p>${t.portal.none}</p>`
        : html`<table>
            <thead>
              <tr>
                <th scope="col">${t.portal.service}</th>
                <th scope="col">${t.portal.holder}</th>
                <th scope="col"><span class="skip">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              ${view.holders.map((h) => {
                const others = active.filter((p) => p.partnerId !== h.partnerId);
                const label = t.services[h.service] ?? h.service;
                return html`<tr>
                  <td>${label}</td>
                  <td>${name(h.partnerId)}</td>
                  <td>
                    ${
                      isAdmin
                        ? html`<form method="post" action="/portal/admin-permissions/${h.service}/remove">
                              ${csrf}<input type="hidden" name="partnerId" value="${h.partnerId}" /><button
                                type="submit"
                                class="secondary"
                                aria-label="${t.portal.remove}: ${label}"
                              >
                                ${t.portal.remove}
                              </button>
                            </form>
                            ${
                              others.length
                                ? html`<form method="post" action="/portal/admin-permissions/${h.service}/reassign">
                                    ${csrf}<label for="to-${h.service}" class="skip">${t.portal.reassignTo} (${label})</label
                                    ><select id="to-${h.service}" name="toPartnerId">
                                      ${others.map((p) => html`<option value="${p.partnerId}">${p.name}</option>`)}</select
                                    ><button type="submit" class="secondary">${t.portal.reassign}</button>
                                  </form>`
                                : ''
                            }`
                        : ''
                    }
                  </td>
                </tr>`;
              })}
            </tbody>
          </table>`
    }`;
  return { status: 200, html: layout(t, { title: t.portal.title, body, ...frame(context.session, context.devSignIn) }) };
}
