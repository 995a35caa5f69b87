import { describe, expect, it } from 'vitest';
import { compileSchemaFragment } from './json-schema.js';

describe('compileSchemaFragment: one ajv instance for every fragment', () => {
  it('refuses a misspelt keyword and a wrong keyword type', () => {
    expect(() => compileSchemaFragment({ requried: ['license'] })).toThrow(/requried/);
    expect(() => compileSchemaFragment({ required: 'license' })).toThrow(/must be array/);
  });

  it('keeps fragments apart: two with the same $id each validate by their own rules', () => {
    const a = compileSchemaFragment({ $id: 'card', required: ['license'] });
    const b = compileSchemaFragment({ $id: 'card', required: ['owner'] });
    expect(a({ license: 'MIT' })).toBe(true);
    expect(b({ license: 'MIT' })).toBe(false);
    expect(b.errors?.[0]?.params).toEqual({ missingProperty: 'owner' });
  });

  it('checks the formats a card uses', () => {
    const v = compileSchemaFragment({ properties: { owner: { format: 'email' } } });
    expect(v({ owner: 'a@example.com' })).toBe(true);
    expect(v({ owner: 'not an address' })).toBe(false);
  });
});
