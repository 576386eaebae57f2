import { html, type Html } from './html';
import type { Strings } from './strings';

export interface PageOptions {
  readonly title: string;
  readonly body: Html;
  /** Shown in the header with a sign-out button. */
  readonly signedIn?: { userId: string; customerId: string; csrf: string };
  readonly devSignIn?: boolean;
}

/** The frame of every page: one stylesheet, no script, landmarks and a skip link for keyboard and screen readers. */
export const layout = (t: Strings, { title, body, signedIn, devSignIn }: PageOptions): Html =>
  html`<!doctype html>
    <html lang="${t.lang}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title} · ${t.product}</title>
        <link rel="stylesheet" href="/portal/styles.css" />
      </head>
      <body>
        <a class="skip" href="#main">${t.skipToContent}</a>
        <header>
          <p class="product">${t.product}</p>
          ${
            signedIn
              ? html`<form method="post" action="/portal/sign-out" class="session">
                  <span>${t.signIn.signedInAs(signedIn.userId, signedIn.customerId)}</span>
                  <input type="hidden" name="_csrf" value="${signedIn.csrf}" /><button type="submit" class="secondary">
                    ${t.signIn.signOut}
                  </button>
                </form>`
              : ''
          }
          ${devSignIn ? html`<p class="dev" role="note">${t.devBanner}</p>` : ''}
        </header>
        <main id="main" tabindex="-1">
          <h1>${title}</h1>
          ${body}
        </main>
      </body>
    </html> `;
