/**
 * Contract checking for API tests: every response a test receives is validated against the
 * schema the served /api/v1/openapi.json declares for its operation, status and content type
 * (JSON Schema 2020-12, as OpenAPI 3.1 uses), so the published document cannot drift from what
 * the server sends.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { expect } from 'vitest';

// biome-ignore lint/suspicious/noExplicitAny: parsed JSON of the OpenAPI document, walked by key
export type Json = Record<string, any>;
type Response = Awaited<ReturnType<FastifyInstance['inject']>>;

export interface ApiClient {
  readonly spec: Json;
  /** Injects a request and validates the answer against the OpenAPI document; returns it. */
  request(options: InjectOptions & { url: string }): Promise<Response>;
  get(url: string, headers?: Record<string, string>): Promise<Response>;
}

/** The operation of the spec whose path template matches `path`, with its template. */
function findOperation(
  spec: Json,
  method: string,
  path: string,
): { template: string; operation: Json } | null {
  const candidates = Object.keys(spec.paths as Json)
    .map((template) => ({
      template,
      pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
      literal: !template.includes('{'),
    }))
    // A literal path (/items/by-path) wins over a template (/items/{id}), as in the router.
    .sort((a, b) => Number(b.literal) - Number(a.literal));
  for (const c of candidates) {
    const operation = spec.paths[c.template]?.[method.toLowerCase()];
    if (c.pattern.test(path) && operation) return { template: c.template, operation };
  }
  return null;
}

export async function apiClient(app: FastifyInstance): Promise<ApiClient> {
  const served = await app.inject('/api/v1/openapi.json');
  expect(served.statusCode).toBe(200);
  const spec = served.json() as Json;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  const compiled = new WeakMap<object, ValidateFunction>();
  const validate = (schema: Json, body: unknown, where: string) => {
    let fn = compiled.get(schema);
    if (!fn) {
      fn = ajv.compile(schema);
      compiled.set(schema, fn);
    }
    if (!fn(body))
      throw new Error(`${where}: response does not match its schema: ${ajv.errorsText(fn.errors)}`);
  };
  // Unknown routes have no operation: they answer with the problem schema every operation shares.
  const anyProblem = Object.values(spec.paths as Json)
    .flatMap((methods) => Object.values(methods as Json))
    .map((op) => (op as Json).responses?.['4XX']?.content?.['application/problem+json']?.schema)
    .find((s) => s !== undefined) as Json;

  const check = (method: string, url: string, res: Response) => {
    const path = url.split('?')[0]!;
    const where = `${method} ${url} → ${res.statusCode}`;
    const contentType = String(res.headers['content-type'] ?? '')
      .split(';')[0]!
      .trim();
    const found = findOperation(spec, method, path);
    if (!found) {
      expect(res.statusCode, where).toBeGreaterThanOrEqual(400);
      expect(contentType, where).toBe('application/problem+json');
      validate(anyProblem, res.json(), where);
      return;
    }
    const responses = found.operation.responses as Json;
    const status = String(res.statusCode);
    const entry = responses[status] ?? responses[`${status[0]}XX`] ?? responses.default;
    if (!entry) throw new Error(`${where}: status not documented for ${found.template}`);
    if (res.body === '') {
      expect(entry.content, `${where}: documented with a body`).toBeUndefined();
      return;
    }
    const media = entry.content?.[contentType];
    if (!media) throw new Error(`${where}: content type ${contentType} not documented`);
    validate(media.schema as Json, res.json(), where);
  };

  const request = async (options: InjectOptions & { url: string }) => {
    const res = await app.inject(options);
    check(options.method ?? 'GET', options.url, res);
    return res;
  };
  return {
    spec,
    request,
    get: (url, headers = {}) => request({ method: 'GET', url, headers }),
  };
}
