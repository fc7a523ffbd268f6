/**
 * JSON Schema (draft 2020-12) of JSON Feed 1.1 as Dateline writes it: the spec's required fields
 * and types (https://jsonfeed.org/version/1.1), its "content_html or content_text" rule, RFC 3339
 * dates and URIs. Tests validate every JSON feed against it; integrators may use it too.
 */
export const JSON_FEED_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  required: ['version', 'title', 'items'],
  properties: {
    version: { const: 'https://jsonfeed.org/version/1.1' },
    title: { type: 'string' },
    home_page_url: { type: 'string', format: 'uri' },
    feed_url: { type: 'string', format: 'uri' },
    description: { type: 'string' },
    language: { type: 'string', pattern: '^[a-z]{2,3}(-[A-Za-z0-9]+)*$' },
    authors: {
      type: 'array',
      items: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
    },
    items: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id'],
        anyOf: [{ required: ['content_html'] }, { required: ['content_text'] }],
        properties: {
          id: { type: 'string', minLength: 1 },
          url: { type: 'string', format: 'uri' },
          title: { type: 'string' },
          content_html: { type: 'string' },
          content_text: { type: 'string' },
          summary: { type: 'string' },
          date_published: { type: 'string', format: 'date-time' },
          date_modified: { type: 'string', format: 'date-time' },
          language: { type: 'string' },
          tags: { type: 'array', items: { type: 'string' } },
          attachments: {
            type: 'array',
            items: {
              type: 'object',
              required: ['url', 'mime_type'],
              properties: {
                url: { type: 'string', format: 'uri' },
                mime_type: { type: 'string', minLength: 1 },
                title: { type: 'string' },
                size_in_bytes: { type: 'integer', minimum: 0 },
              },
            },
          },
        },
        // Extensions must start with an underscore (spec: "Extensions").
        patternProperties: { '^_': { type: 'object' } },
        additionalProperties: false,
      },
    },
  },
  patternProperties: { '^_': { type: 'object' } },
  additionalProperties: false,
} as const;
