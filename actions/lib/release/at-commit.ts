import type { CommitInfo, GitPort, Ports, RefUpdate } from '../ports.js';

/**
 * The ports as a gate sees them when it judges `commit` without a checkout: its files read
 * from git, and HEAD meaning that commit. Everything else is the repository's own.
 */
export function portsAt(ports: Ports, commit: string): Ports {
  return { ...ports, files: ports.git.filesAt(commit), git: new GitAtCommit(ports.git, commit) };
}

class GitAtCommit implements GitPort {
  constructor(
    private readonly git: GitPort,
    private readonly commit: string,
  ) {}

  private pin(ref: string): string {
    return ref === 'HEAD' ? this.commit : ref;
  }

  head() {
    return Promise.resolve(this.commit);
  }
  resolve(ref: string) {
    return this.git.resolve(this.pin(ref));
  }
  resolveBranch(name: string) {
    return this.git.resolveBranch(name);
  }
  show(ref: string, path: string) {
    return this.git.show(this.pin(ref), path);
  }
  lastChange(paths: readonly string[], ref = 'HEAD'): Promise<CommitInfo | null> {
    return this.git.lastChange(paths, this.pin(ref));
  }
  isAncestor(ancestor: string, commit: string) {
    return this.git.isAncestor(this.pin(ancestor), this.pin(commit));
  }
  isShallow() {
    return this.git.isShallow();
  }
  /** A commit has no uncommitted changes: the gates judge it as committed. */
  uncommitted(): Promise<string[]> {
    return Promise.resolve([]);
  }
  fetchRefs(remote: string, patterns: readonly string[]) {
    return this.git.fetchRefs(remote, patterns);
  }
  changedFiles(base: string, head = 'HEAD') {
    return this.git.changedFiles(this.pin(base), this.pin(head));
  }
  readCommit(commit: string) {
    return this.git.readCommit(this.pin(commit));
  }
  diffTrees(from: string, to: string) {
    return this.git.diffTrees(this.pin(from), this.pin(to));
  }
  filesAt(commit: string) {
    return this.git.filesAt(this.pin(commit));
  }
  writeBlob(text: string) {
    return this.git.writeBlob(text);
  }
  writeTree(files: readonly { path: string; blob: string }[]) {
    return this.git.writeTree(files);
  }
  mixTree(base: string, from: string, paths: readonly string[]) {
    return this.git.mixTree(this.pin(base), this.pin(from), paths);
  }
  treeWith(base: string, files: readonly { path: string; blob: string }[]) {
    return this.git.treeWith(this.pin(base), files);
  }
  createCommit(commit: Parameters<GitPort['createCommit']>[0]) {
    return this.git.createCommit(commit);
  }
  createTag(tag: Parameters<GitPort['createTag']>[0]) {
    return this.git.createTag(tag);
  }
  push(remote: string, updates: readonly RefUpdate[]) {
    return this.git.push(remote, updates);
  }

  commitsSince(to: string, exclude: readonly string[]) {
    return this.git.commitsSince(this.pin(to), exclude);
  }

  remoteUrl(remote: string) {
    return this.git.remoteUrl(remote);
  }
}
