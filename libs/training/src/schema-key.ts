/** A parsed config without its `$schema` key: editor metadata (config-json-schemas.ts), not part of the experiment. */
export function withoutSchemaKey(json: unknown): unknown {
  if (typeof json !== 'object' || json === null || Array.isArray(json) || !('$schema' in json)) return json;
  const rest = { ...(json as Record<string, unknown>) };
  delete rest['$schema'];
  return rest;
}
