/**
 * The JSON Schemas of the server's requests and answers: fastify validates requests with them and
 * serializes answers through them, and @fastify/swagger builds the OpenAPI document (GET
 * /openapi.json) from them, so the document cannot drift from what the server does.
 */

const slot = {
  type: 'object',
  required: ['type', 'value', 'start', 'end'],
  properties: {
    type: { type: 'string', description: 'slot type (MASSIVE: date, time, place_name, …)' },
    value: { type: 'string', description: 'the text of the slot, text.slice(start, end)' },
    start: { type: 'integer', description: 'first character (UTF-16 offset into the text)' },
    end: { type: 'integer', description: 'one past the last character' },
  },
} as const;

export const parseResultSchema = {
  type: 'object',
  required: ['locale', 'localeFrom', 'slots', 'scores', 'latencyMs'],
  properties: {
    locale: { type: 'string', description: 'the locale the text was parsed as' },
    localeFrom: { type: 'string', description: '"request", or the script the locale was read from ("script: latin")' },
    domain: { type: 'string', description: 'absent for a model that predicts no domain (NER)' },
    intent: { type: 'string', description: 'absent for a model that predicts no intent (NER)' },
    slots: { type: 'array', items: slot },
    scores: {
      type: 'object',
      properties: { intent: { type: 'number', description: "the model's probability of its intent, where it gives one" } },
    },
    latencyMs: { type: 'number', description: 'time spent parsing, in the server' },
  },
} as const;

export const errorSchema = {
  type: 'object',
  required: ['error', 'message'],
  properties: {
    error: { type: 'string', description: '"bad request", "busy" or "internal error"' },
    message: { type: 'string', description: 'what was wrong, for a person to read' },
  },
} as const;

/** A request to parse one text (also one item of a batch). */
export const textRequestSchema = (maxTextLength: number) =>
  ({
    type: 'object',
    required: ['text'],
    additionalProperties: false,
    properties: {
      text: { type: 'string', minLength: 1, maxLength: maxTextLength },
      locale: { type: 'string', maxLength: 16, description: 'a served locale; without it the text’s script decides' },
    },
  }) as const;

export const batchRequestSchema = (maxTextLength: number, maxBatchSize: number) =>
  ({
    type: 'object',
    required: ['items'],
    additionalProperties: false,
    properties: { items: { type: 'array', minItems: 1, maxItems: maxBatchSize, items: textRequestSchema(maxTextLength) } },
  }) as const;

/** One item's answer in a batch: a parse, or the refusal a single /parse would have answered with its status. */
export const batchResultSchema = {
  type: 'object',
  required: ['results'],
  properties: {
    results: {
      type: 'array',
      items: {
        anyOf: [
          parseResultSchema,
          {
            type: 'object',
            required: ['error', 'message', 'status'],
            properties: { ...errorSchema.properties, status: { type: 'integer', description: 'the HTTP status /parse would answer' } },
          },
        ],
      },
    },
  },
} as const;

export const healthSchema = {
  type: 'object',
  required: ['status', 'locales'],
  properties: { status: { type: 'string' }, locales: { type: 'array', items: { type: 'string' } } },
} as const;

export const modelsSchema = {
  type: 'object',
  required: ['models'],
  properties: {
    models: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'locales'],
        properties: { name: { type: 'string' }, locales: { type: 'array', items: { type: 'string' } } },
      },
    },
  },
} as const;

/** The error answers every route may give, by status. */
export const errorResponses = (...statuses: number[]) => Object.fromEntries(statuses.map((status) => [status, errorSchema]));
