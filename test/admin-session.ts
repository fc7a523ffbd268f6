/** Test helpers for the newsroom over real HTTP (inject): sign in through the form, post forms. */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';

/** A browser's cookie jar reduced to what the newsroom sets. */
export interface Browser {
  cookies: Record<string, string>;
  /** The CSRF token of the signed-in session (read from a page's hidden `_csrf` input). */
  csrf: string;
}

/** The value of the first `_csrf` hidden input in a page. */
export function csrfIn(html: string): string {
  const match = /name="_csrf" value="([^"]*)"/.exec(html);
  if (!match) throw new Error('no _csrf field in page');
  return match[1]!;
}

/** Keeps the cookies a response sets (and drops cleared ones). */
export function remember(browser: Browser, response: LightMyRequestResponse): void {
  for (const cookie of response.cookies as {
    name: string;
    value: string;
    maxAge?: number;
    expires?: Date;
  }[]) {
    const cleared = cookie.value === '' || (cookie.expires && cookie.expires.getTime() <= Date.now());
    if (cleared) delete browser.cookies[cookie.name];
    else browser.cookies[cookie.name] = cookie.value;
  }
}

export function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

/** GET with the browser's cookies. */
export async function get(
  app: FastifyInstance,
  browser: Browser,
  url: string,
): Promise<LightMyRequestResponse> {
  const response = await app.inject({ method: 'GET', url, cookies: browser.cookies });
  remember(browser, response);
  return response;
}

/** POSTs a form with the browser's cookies and (unless given) its CSRF token. */
export async function post(
  app: FastifyInstance,
  browser: Browser,
  url: string,
  fields: Record<string, string> = {},
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  const response = await app.inject({
    method: 'POST',
    url,
    cookies: browser.cookies,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    payload: form({ _csrf: browser.csrf, ...fields }),
  });
  remember(browser, response);
  return response;
}

/** Opens the sign-in page and submits it; returns the browser and the POST's response. */
export async function attemptSignIn(
  app: FastifyInstance,
  username: string,
  password: string,
  extra: { next?: string; ip?: string } = {},
): Promise<{ browser: Browser; response: LightMyRequestResponse }> {
  const browser: Browser = { cookies: {}, csrf: '' };
  const page = await get(app, browser, '/login');
  expect(page.statusCode).toBe(200);
  browser.csrf = csrfIn(page.body);
  const response = await app.inject({
    method: 'POST',
    url: '/login',
    cookies: browser.cookies,
    remoteAddress: extra.ip ?? '127.0.0.1',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: form({ _csrf: browser.csrf, username, password, next: extra.next ?? '' }),
  });
  remember(browser, response);
  return { browser, response };
}

/** Signs in (which must succeed) and picks up the session's CSRF token from the account page. */
export async function signedIn(app: FastifyInstance, username: string, password: string): Promise<Browser> {
  const { browser, response } = await attemptSignIn(app, username, password);
  expect(response.statusCode, response.body.slice(0, 300)).toBe(303);
  expect(browser.cookies.dl_session).toBeTruthy();
  const account = await get(app, browser, '/admin/account');
  expect(account.statusCode).toBe(200);
  browser.csrf = csrfIn(account.body);
  return browser;
}
