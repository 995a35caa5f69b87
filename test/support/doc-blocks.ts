/**
 * The fenced code blocks of a Markdown page, with their info strings parsed, so that tests can
 * follow a page's instructions: ```` ```sh ```` blocks are commands, ```` ```yaml file=PATH ````
 * blocks are files, `needs=github` marks what only GitHub can run.
 */
import { readFileSync } from 'node:fs';
import MarkdownIt from 'markdown-it';

export interface DocBlock {
  /** The language, the first word of the info string. */
  lang: string;
  /** The other words: `file=PATH` as { file: PATH }, a bare word as { word: '' }. */
  attrs: Record<string, string>;
  text: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** The heading the block is under. */
  section: string;
}

export function docBlocks(path: string): DocBlock[] {
  const tokens = new MarkdownIt().parse(readFileSync(path, 'utf8'), {});
  const blocks: DocBlock[] = [];
  let section = '';
  tokens.forEach((token, i) => {
    if (token.type === 'heading_open') section = tokens[i + 1]!.content;
    if (token.type !== 'fence') return;
    const [lang = '', ...words] = token.info.trim().split(/\s+/);
    const attrs = Object.fromEntries(
      words.map((w) => {
        const at = w.indexOf('=');
        return at === -1 ? [w, ''] : [w.slice(0, at), w.slice(at + 1)];
      }),
    );
    blocks.push({ lang, attrs, text: token.content, line: token.map![0] + 1, section });
  });
  return blocks;
}

/** Workflows among a page's blocks: YAML with `jobs:`. */
export function docWorkflows(path: string): DocBlock[] {
  return docBlocks(path).filter((b) => b.lang === 'yaml' && /^jobs:/m.test(b.text));
}
