import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { COLLECTIONS, COLLECTION_NAMES } from '../../../shared/collections';
import { rxSchemaFor, type JsonSchemaNode } from '../../../shared/rxdb-schema';
import { generateDataset } from '../../../shared/demo/generate';

const data = generateDataset({ seed: 11, patients: 30, bookings: 300 });

/** A small structural JSON-schema check: types, required fields and no unknown properties. */
function conforms(node: JsonSchemaNode, value: unknown, path: string, errors: string[]): void {
  const types = node.type === undefined ? [] : Array.isArray(node.type) ? node.type : [node.type];
  const actual = Array.isArray(value)
    ? 'array'
    : value === null
      ? 'null'
      : Number.isInteger(value)
        ? 'integer'
        : typeof value;
  if (types.length && !types.includes(actual) && !(actual === 'integer' && types.includes('number'))) {
    errors.push(`${path}: ${actual} is not ${types.join('|')}`);
    return;
  }
  if (actual === 'object' && node.properties) {
    const obj = value as Record<string, unknown>;
    for (const r of node.required ?? []) if (!(r in obj)) errors.push(`${path}.${r}: missing`);
    for (const [k, v] of Object.entries(obj)) {
      const child = node.properties[k];
      if (!child) errors.push(`${path}.${k}: not in schema`);
      else conforms(child, v, `${path}.${k}`, errors);
    }
  }
  if (actual === 'array' && node.items)
    (value as unknown[]).forEach((v, i) => {
      conforms(node.items!, v, `${path}[${i}]`, errors);
    });
  if (typeof value === 'string' && node.maxLength !== undefined && value.length > node.maxLength)
    errors.push(`${path}: too long`);
}

describe('RxDB schemas derived from the zod schemas', () => {
  it.each(COLLECTION_NAMES)('%s: same fields, same required set, indexes that RxDB accepts', (name) => {
    const rx = rxSchemaFor(name);
    const zodJson = z.toJSONSchema(COLLECTIONS[name].schema, { target: 'draft-07', io: 'output' }) as JsonSchemaNode;
    expect(Object.keys(rx.properties).sort()).toEqual(Object.keys(zodJson.properties ?? {}).sort());
    expect([...rx.required].sort()).toEqual([...(zodJson.required ?? [])].sort());
    expect(rx.primaryKey).toBe('id');
    expect(rx.properties.id?.maxLength).toBe(26);
    expect(rx.properties).not.toHaveProperty('_deleted');
    for (const index of rx.indexes) {
      expect(index[0]).toBe('tenantId');
      for (const field of index) {
        const prop = rx.properties[field]!;
        expect(rx.required).toContain(field);
        if (prop.type === 'string') expect(prop.maxLength).toBeGreaterThan(0);
        if (prop.type === 'integer' || prop.type === 'number') {
          expect([typeof prop.minimum, typeof prop.maximum, typeof prop.multipleOf]).toEqual([
            'number',
            'number',
            'number',
          ]);
        }
      }
    }
  });

  it.each(COLLECTION_NAMES)('%s: every generated document satisfies both schemas', (name) => {
    const rx = rxSchemaFor(name);
    for (const doc of data[name]) {
      expect(COLLECTIONS[name].schema.safeParse(doc).success).toBe(true);
      const errors: string[] = [];
      conforms(rx, doc, name, errors);
      expect(errors).toEqual([]);
    }
  });

  it('keeps the total under the 13 collections the free RxDB build allows', () => {
    expect(COLLECTION_NAMES.length).toBeLessThan(13);
  });
});
