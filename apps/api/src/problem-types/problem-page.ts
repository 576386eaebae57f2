import { html, type Html } from '../customer-pages/html';
import { STATUS_TITLES, problemTypes, problemTypeUri, type ProblemType } from './problem-catalogue';

const page = (title: string, body: Html): string =>
  html`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>${title}</title></head>
<body>
${body}
</body>
</html>
`.text;

const FORMAT = html`<p>
  Errors of this API are <code>application/problem+json</code> documents (RFC 9457): <code>type</code> (this page),
  <code>title</code>, <code>status</code>, <code>detail</code>, the stable <code>code</code>, and where one input is at
  fault its name in <code>field</code> (<code>errors</code> lists every failed field of a validation).
</p>`;

/** The page a problem's `type` URI answers with: what the code means and the status it answers with. */
export function problemPage(type: Pick<ProblemType, 'code' | 'status' | 'title' | 'description'>): string {
  return page(
    `${type.code}: ${type.title}`,
    html`<h1><code>${type.code}</code></h1>
<p>${type.description}</p>
<p>HTTP status: ${type.status} ${type.title}</p>
${FORMAT}
<p><a href="/problems">Every problem type of this API</a></p>`,
  );
}

/** `HTTP_<status>`: what the framework refuses outside the catalogue (a method the route does not have, for one). */
export function httpStatusProblem(slug: string): ProblemType | undefined {
  const status = Number(/^http-(\d{3})$/.exec(slug)?.[1]);
  const title = STATUS_TITLES[status];
  if (!title || status < 400 || status >= 500) return undefined;
  return {
    code: `HTTP_${status}` as ProblemType['code'],
    status,
    title,
    description: `The request was refused by the HTTP framework with status ${status} (${title}); detail says why.`,
  };
}

/** Every code of the catalogue with its status and meaning, each linked to its own page. */
export function problemIndexPage(): string {
  const rows = [...problemTypes.values()].map(
    (
      type,
    ) => html`<tr><td><a href="${problemTypeUri(type.code)}"><code>${type.code}</code></a></td><td>${type.status}</td><td>${type.description}</td></tr>
`,
  );
  return page(
    'Problem types',
    html`<h1>Problem types</h1>
${FORMAT}
<table>
<thead><tr><th>code</th><th>status</th><th>meaning</th></tr></thead>
<tbody>
${rows}</tbody>
</table>`,
  );
}
