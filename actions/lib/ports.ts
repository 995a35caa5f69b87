/**
 * The narrow interfaces the core needs from the outside world. The runtime implements them
 * with node:fs, simple-git and Octokit; tests use the same implementations on real temp
 * repositories. Paths are relative to the repository root, with forward slashes.
 */

export interface FileStat {
  kind: 'file' | 'dir' | 'other';
  size: number;
}

export interface FilePort {
  /** Whole file. Throws UserError (not found, a directory, unreadable) with the path. */
  read(path: string): Promise<Uint8Array>;
  /** The file in chunks, for inputs too large to hold in memory. */
  stream(path: string): AsyncIterable<Uint8Array>;
  stat(path: string): Promise<FileStat | null>;
  /** Files matching any of the globs, sorted, never outside the root. */
  glob(patterns: readonly string[]): Promise<string[]>;
  write(path: string, data: string | Uint8Array): Promise<void>;
  append(path: string, data: string): Promise<void>;
}

export interface CommitInfo {
  sha: string;
  date: Date;
}

export interface GitPort {
  /** The checked-out commit, or null outside a git repository. */
  head(): Promise<string | null>;
  /** Commit sha of a branch, tag or sha (local or on the remote-tracking refs), or null. */
  resolve(ref: string): Promise<string | null>;
  /** A file's bytes at a ref without checking it out; null when the ref or file does not exist. */
  show(ref: string, path: string): Promise<Uint8Array | null>;
  /** The newest commit at or before `ref` (default HEAD) that touched any of the paths. */
  lastChange(paths: readonly string[], ref?: string): Promise<CommitInfo | null>;
  /** Whether `ancestor` is `commit` itself or one of its ancestors. */
  isAncestor(ancestor: string, commit: string): Promise<boolean>;
  /** True in a shallow clone, whose cut-off history makes `lastChange` unreliable. */
  isShallow(): Promise<boolean>;
  /** Of the paths (globs allowed), those with uncommitted changes, untracked files included. */
  uncommitted(paths: readonly string[]): Promise<string[]>;
}

export interface Clock {
  now(): Date;
}

export interface Ports {
  files: FilePort;
  git: GitPort;
  clock: Clock;
}

/** What the run is about: the commit, and the pull request when there is one. */
export interface RunInfo {
  commit: string | null;
  /** e.g. pull_request, push, workflow_dispatch, or `local` from the CLI. */
  event: string;
  actor?: string;
  repository?: { owner: string; repo: string };
  pullRequest?: {
    number: number;
    author: string;
    base: { ref: string; sha: string };
    head: { ref: string; sha: string };
  };
}
