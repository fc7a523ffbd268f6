/**
 * The readable API reference at /api/v1/docs: a server-rendered page generated from the same
 * OpenAPI document as /api/v1/openapi.json (every operation, its parameters, body and response
 * fields), plus authentication, rate limits and the error codes. No scripts: it satisfies the
 * site's strict CSP and works anywhere.
 */
import { ERRORS } from '../errors.js';

type Json = Record<string, unknown>;

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
}

/** Backticks in descriptions become <code>; everything else is escaped text. */
function prose(text: unknown): string {
  return typeof text === 'string' ? escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>') : '';
}

function typeOf(schema: Json | undefined): string {
  if (!schema) return '';
  if (Array.isArray(schema.anyOf)) return (schema.anyOf as Json[]).map(typeOf).join(' | ');
  const type = Array.isArray(schema.type) ? schema.type.join(' | ') : String(schema.type ?? 'any');
  if (type === 'array') return `array of ${typeOf(schema.items as Json)}`;
  const values = Array.isArray(schema.enum) ? ` (${schema.enum.join(', ')})` : '';
  return `${type}${values}`;
}

/** Rows of the top-level fields of an object schema (of the array items for lists). */
function fieldRows(schema: Json | undefined): string {
  const properties = (schema?.properties ?? {}) as Record<string, Json>;
  const required = new Set((schema?.required ?? []) as string[]);
  return Object.entries(properties)
    .map(
      ([name, field]) =>
        `<tr><td><code>${escapeHtml(name)}</code>${required.has(name) ? ' (required)' : ''}</td>` +
        `<td>${escapeHtml(typeOf(field))}</td><td>${prose(field.description)}</td></tr>`,
    )
    .join('');
}

function table(head: string, rows: string): string {
  return rows === '' ? '' : `<table><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
}

function operation(method: string, path: string, op: Json): string {
  const parameters = (op.parameters ?? []) as Json[];
  const paramRows = parameters
    .map(
      (p) =>
        `<tr><td><code>${escapeHtml(String(p.name))}</code>${p.required ? ' (required)' : ''}</td>` +
        `<td>${escapeHtml(String(p.in))}</td><td>${escapeHtml(typeOf(p.schema as Json))}</td>` +
        `<td>${prose(p.description ?? (p.schema as Json | undefined)?.description)}</td></tr>`,
    )
    .join('');
  const body = (op.requestBody as Json | undefined)?.content as Record<string, Json> | undefined;
  const bodySchema = body?.['application/json']?.schema as Json | undefined;
  const responses = Object.entries((op.responses ?? {}) as Record<string, Json>)
    .map(([status, response]) => {
      const content = (response.content ?? {}) as Record<string, Json>;
      const [type, media] = Object.entries(content)[0] ?? [];
      const schema = media?.schema as Json | undefined;
      return (
        `<h4>${escapeHtml(status)}${type ? ` <code>${escapeHtml(type)}</code>` : ''}</h4>` +
        `<p>${prose(response.description)}</p>` +
        (status.startsWith('2')
          ? table('<th>field</th><th>type</th><th>meaning</th>', fieldRows(schema))
          : '')
      );
    })
    .join('');
  const id = `${method}-${path}`.replace(/[^a-zA-Z0-9]+/g, '-');
  return (
    `<section id="${escapeHtml(id)}"><h3><code>${method.toUpperCase()} ${escapeHtml(path)}</code></h3>` +
    `<p><strong>${prose(op.summary)}</strong></p><p>${prose(op.description)}</p>` +
    table('<th>parameter</th><th>in</th><th>type</th><th>meaning</th>', paramRows) +
    (bodySchema
      ? `<h4>JSON body</h4>${table('<th>field</th><th>type</th><th>meaning</th>', fieldRows(bodySchema))}`
      : '') +
    responses +
    '</section>'
  );
}

/** The whole page for an OpenAPI document. */
export function renderDocsPage(spec: Json, limits: { anonymous: number; perKey: number }): string {
  const info = (spec.info ?? {}) as Json;
  const paths = (spec.paths ?? {}) as Record<string, Record<string, Json>>;
  const operations = Object.entries(paths)
    .flatMap(([path, methods]) =>
      Object.entries(methods)
        .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
        .map(([method, op]) => operation(method, path, op)),
    )
    .join('');
  const errors = Object.entries(ERRORS)
    .map(
      ([code, { status, message }]) =>
        `<tr id="${code}"><td><code>${code}</code></td><td>${status}</td><td>${escapeHtml(message)}</td></tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(String(info.title ?? 'API'))}</title><link rel="stylesheet" href="/assets/site.css"></head>
<body><main class="page">
<h1>${escapeHtml(String(info.title ?? 'API'))} ${escapeHtml(String(info.version ?? ''))}</h1>
<p>${prose(info.description)}</p>
<p>Machine-readable: <a href="/api/v1/openapi.json">OpenAPI 3.1 document</a>.</p>
<h2>Authentication</h2>
<p>Reading needs no key. Partners send <code>Authorization: Bearer dl_…</code> (or <code>X-Api-Key: dl_…</code>);
an unknown or revoked key is refused with 401, never treated as anonymous. Keys with the <code>write</code>
scope may create items as drafts or for review.</p>
<h2>Rate limits</h2>
<p>${limits.anonymous} requests per minute per IP address without a key, ${limits.perKey} per minute per key.
Every answer carries <code>RateLimit-Limit</code>, <code>RateLimit-Remaining</code> and <code>RateLimit-Reset</code>
(seconds); a 429 adds <code>Retry-After</code>.</p>
<h2>Cross-origin use</h2>
<p>GET and HEAD answers allow any origin (<code>Access-Control-Allow-Origin: *</code>); writes are for servers.</p>
<h2>Operations</h2>
${operations}
<h2>Errors</h2>
<p>Errors are <code>application/problem+json</code>: <code>type</code>, <code>title</code>, <code>status</code>,
<code>code</code>, <code>detail</code> and, for invalid values, <code>errors</code> (field → problem).</p>
${table('<th>code</th><th>status</th><th>meaning</th>', errors)}
</main></body></html>`;
}
