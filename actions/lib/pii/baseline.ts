import { randomBytes, scryptSync } from 'node:crypto';
import { UserError } from '../errors.js';
import { canonical } from './allowlist.js';
import { PII_TYPES, type PiiType } from './types.js';

/**
 * Accepted findings, so a team can adopt the gate on an old golden set: each is the file it
 * is in and a salted scrypt hash of its canonical value, never the value. The salt is random
 * per baseline and stored in it; scrypt makes guessing short values (a 9-digit SSN) from the
 * hashes cost days of CPU instead of seconds.
 */
interface BaselineFile {
  version: 1;
  kdf: { name: 'scrypt'; N: number; r: number; p: number; keylen: number };
  salt: string;
  findings: { type: PiiType; file: string; hash: string }[];
}

const KDF = { name: 'scrypt', N: 2048, r: 8, p: 1, keylen: 16 } as const;

export class Baseline {
  private readonly accepted: Set<string>;
  private readonly cache = new Map<string, string>();

  constructor(readonly data: BaselineFile) {
    this.accepted = new Set(data.findings.map((f) => `${f.file}\0${f.hash}`));
  }

  static empty(): Baseline {
    return new Baseline({
      version: 1,
      kdf: { ...KDF },
      salt: randomBytes(16).toString('base64'),
      findings: [],
    });
  }

  /** Reads a baseline file; any other shape is a located error. */
  static parse(text: string, file: string): Baseline {
    const bad = (what: string) =>
      new UserError({
        message: `${file} is not a PII baseline: ${what}`,
        hint: 'write it with `release-gates pii-scan --write-baseline FILE PATH...`',
        location: { file },
      });
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      throw bad('not valid JSON');
    }
    const d = data as Partial<BaselineFile>;
    if (d?.version !== 1) throw bad('"version" must be 1');
    if (
      d.kdf?.name !== 'scrypt' ||
      ![d.kdf.N, d.kdf.r, d.kdf.p, d.kdf.keylen].every(Number.isInteger)
    )
      throw bad('"kdf" must name scrypt with integer N, r, p and keylen');
    if (typeof d.salt !== 'string' || d.salt.length < 16)
      throw bad('"salt" must be a base64 string');
    if (
      !Array.isArray(d.findings) ||
      !d.findings.every(
        (f) =>
          (PII_TYPES as readonly string[]).includes(f?.type) &&
          typeof f.file === 'string' &&
          typeof f.hash === 'string',
      )
    )
      throw bad('"findings" must be a list of { type, file, hash }');
    return new Baseline(d as BaselineFile);
  }

  hash(type: PiiType, value: string): string {
    const key = `${type}\0${canonical(type, value)}`;
    let hash = this.cache.get(key);
    if (!hash) {
      const { N, r, p, keylen } = this.data.kdf;
      hash = scryptSync(key, Buffer.from(this.data.salt, 'base64'), keylen, { N, r, p }).toString(
        'base64',
      );
      this.cache.set(key, hash);
    }
    return hash;
  }

  has(type: PiiType, value: string, file: string): boolean {
    return this.accepted.has(`${file}\0${this.hash(type, value)}`);
  }

  /** A baseline with the same salt accepting exactly these findings. */
  with(findings: { type: PiiType; value: string; file: string }[]): Baseline {
    const entries = new Map<string, { type: PiiType; file: string; hash: string }>();
    for (const f of findings) {
      const hash = this.hash(f.type, f.value);
      entries.set(`${f.file}\0${f.type}\0${hash}`, { type: f.type, file: f.file, hash });
    }
    const sorted = [...entries.values()].sort(
      (a, b) =>
        a.file.localeCompare(b.file) ||
        a.type.localeCompare(b.type) ||
        a.hash.localeCompare(b.hash),
    );
    const next = new Baseline({ ...this.data, findings: sorted });
    for (const [k, v] of this.cache) next.cache.set(k, v);
    return next;
  }

  toJSON(): string {
    return JSON.stringify(this.data, null, 2) + '\n';
  }
}
