import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generatedFiles } from '../scripts/generate.js';

const files = await generatedFiles();

describe('generated files', () => {
  it.each(Object.entries(files))('%s is up to date (run npm run generate)', (path, content) => {
    expect(readFileSync(path, 'utf8')).toBe(content);
  });
});
