import { z } from 'zod';
import { COLLECTIONS, type CollectionName } from './collections';

/**
 * The RxDB JSON schema of a collection, derived from its zod schema. RxDB needs a few things JSON
 * Schema alone does not say: the primary key, the indexes, a maxLength on every indexed string and
 * minimum/maximum/multipleOf on every indexed number (so it can build sortable index strings).
 * Refinements (cross-field rules) cannot be expressed in JSON Schema; writes are checked with the zod
 * schema before they reach the database.
 */
export interface JsonSchemaNode {
  type?: string | string[];
  properties?: Record<string, JsonSchemaNode>;
  required?: string[];
  items?: JsonSchemaNode;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  multipleOf?: number;
  [key: string]: unknown;
}

export interface RxCollectionJsonSchema extends JsonSchemaNode {
  title: string;
  version: number;
  primaryKey: 'id';
  type: 'object';
  properties: Record<string, JsonSchemaNode>;
  required: string[];
  indexes: string[][];
}

function stripDialect(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(stripDialect);
  if (node && typeof node === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      if (k === '$schema') continue;
      out[k] = stripDialect(v);
    }
    return out;
  }
  return node;
}

export function rxSchemaFor(name: CollectionName): RxCollectionJsonSchema {
  const spec = COLLECTIONS[name];
  const json = stripDialect(z.toJSONSchema(spec.schema, { target: 'draft-07', io: 'output' })) as JsonSchemaNode;
  const properties = json.properties ?? {};
  const required = json.required ?? [];
  for (const field of new Set(spec.indexes.flat())) {
    const prop = properties[field];
    if (!prop) throw new Error(`${name}: index field ${field} is not in the schema`);
    if (!required.includes(field)) throw new Error(`${name}: index field ${field} must be required`);
    if (prop.type === 'string' && Array.isArray(prop.enum)) {
      prop.maxLength ??= Math.max(...prop.enum.map((v) => String(v).length));
    }
    if (prop.type === 'string' && prop.maxLength === undefined) {
      throw new Error(`${name}: indexed string ${field} needs a maximum length`);
    }
    if (prop.type === 'integer' || prop.type === 'number') {
      if (prop.minimum === undefined || prop.maximum === undefined) {
        throw new Error(`${name}: indexed number ${field} needs a minimum and a maximum`);
      }
      prop.multipleOf ??= prop.type === 'integer' ? 1 : 0.01;
    }
  }
  return {
    ...json,
    title: name,
    version: spec.version,
    primaryKey: 'id',
    type: 'object',
    properties,
    required,
    indexes: spec.indexes.map((i) => [...i]),
  };
}
