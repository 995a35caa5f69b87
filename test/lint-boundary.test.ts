import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The real ESLint with the repository's eslint.config.js, on a file that would sit in the core.
const eslint = new ESLint({ cwd: process.cwd() });

async function refusals(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax')
    .map((m) => m.message);
}

describe('the lint boundary of actions/lib', () => {
  it.each([
    ["import { readFile } from 'node:fs/promises';", 'FilePort'],
    ["import { readFileSync } from 'node:fs';", 'FilePort'],
    ["import * as fs from 'fs';", 'FilePort'],
    ["import { readFile } from 'fs/promises';", 'FilePort'],
    [
      "import { createPorts } from '../../runtime/ports/index.js';",
      'never imports actions/runtime',
    ],
    ["import { createPorts } from '../runtime/ports/index.js';", 'never imports actions/runtime'],
    ["export { cli } from '../../cli/../runtime/action.js';", 'never imports actions/runtime'],
    ["import * as core from '@actions/core';", 'use a port'],
    ["import { spawn } from 'node:child_process';", 'GitPort'],
    ["import { spawn } from 'child_process';", 'GitPort'],
    // A module loaded only when needed is still an import.
    ["const fs = await import('node:fs');", 'FilePort'],
    ["const { readFile } = await import('fs/promises');", 'FilePort'],
    [
      "const ports = await import('../../runtime/ports/index.js');",
      'never imports actions/runtime',
    ],
    ["const core = await import('@actions/core');", 'use a port'],
  ])('refuses %s', async (code, reason) => {
    const messages = await refusals(`${code}\n`, 'actions/lib/probe/probe.ts');
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(reason);
  });

  it.each([
    "import * as equal from 'ajv/dist/runtime/equal.js';",
    "import type { FilePort } from '../ports.js';",
    "import { fsPath } from './fs-path.js';",
    "const { renderMarkdown } = await import('../verdict/render/markdown.js');",
  ])('accepts %s', async (code) => {
    expect(await refusals(`${code}\n`, 'actions/lib/probe/probe.ts')).toEqual([]);
  });

  it('leaves the edges and the tests of the core free to use the file system', async () => {
    const code = "import { readFile } from 'node:fs/promises';\n";
    expect(await refusals(code, 'actions/runtime/probe.ts')).toEqual([]);
    expect(await refusals(code, 'actions/lib/probe/probe.test.ts')).toEqual([]);
  });
});
