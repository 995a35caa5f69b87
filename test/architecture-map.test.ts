import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { implementedGates } from '../actions/lib/gates.js';

const LIB = 'actions/lib';
const KINDS = ['gate', 'release command', 'post-release command', 'infrastructure'];

/** The rows of the folder map in docs/architecture.md about actions/lib: `cards/` → `gate`. */
function folderMap(): Map<string, string> {
  const page = readFileSync('docs/architecture.md', 'utf8');
  const section = page.split('\n## The folder map\n')[1]?.split('\n## ')[0] ?? '';
  const rows = section.matchAll(/^\| `actions\/lib\/([^`]+)` +\| ([^|]*?) +\|/gm);
  return new Map([...rows].map((m) => [m[1]!, m[2]!]));
}

/** What a newcomer sees at the top of actions/lib: its folders and its modules. */
function libEntries(): string[] {
  return readdirSync(LIB, { withFileTypes: true })
    .filter((e) => e.isDirectory() || (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')))
    .map((e) => (e.isDirectory() ? `${e.name}/` : e.name))
    .sort();
}

describe('the folder map of docs/architecture.md', () => {
  const map = folderMap();

  it('lists every folder and module of actions/lib, and nothing else', () => {
    expect([...map.keys()].sort()).toEqual(libEntries());
  });

  it('labels each with one of the four kinds', () => {
    for (const [entry, kind] of map) expect(KINDS, entry).toContain(kind);
  });

  it('labels as a gate exactly the folders with a gate.ts, which are the registered gates', () => {
    const labelled = [...map].filter(([, kind]) => kind === 'gate').map(([entry]) => entry);
    const withGate = libEntries().filter(
      (e) => e.endsWith('/') && existsSync(`${LIB}/${e}gate.ts`),
    );
    expect(labelled.sort()).toEqual(withGate);
    expect(
      implementedGates()
        .map((name) => `${name}/`)
        .sort(),
    ).toEqual(withGate);
  });

  it('has gates.ts import every gate the same way, from its folder', () => {
    const registry = readFileSync(`${LIB}/gates.ts`, 'utf8');
    const imported = [...registry.matchAll(/from '\.\/([a-z-]+)\/gate\.js'/g)].map((m) => m[1]);
    expect(imported.sort()).toEqual(implementedGates().sort());
  });
});
