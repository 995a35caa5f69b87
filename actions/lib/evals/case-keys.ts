/**
 * The cases of a suite seen so far, to refuse one given twice (padding a run with copies of
 * its passing cases). A million ids as strings in a Set cost about 100 MB; this keeps a 64-bit
 * hash of each (id, sample) in an open-addressing table: 8 bytes a case. Two different cases
 * share a hash with a probability of about 1 in 10^7 for a million cases, and then one is
 * reported as given twice: an error, never a pass. A real copy always has the same hash.
 */
export class CaseKeys {
  private high = new Int32Array(1 << 10);
  private low = new Int32Array(1 << 10);
  private count = 0;

  /** Adds a case; false when it was there already. `sample` is undefined without samples. */
  add(id: string, sample: number | undefined): boolean {
    let h1 = 0x811c9dc5 ^ (sample ?? -1);
    let h2 = 0x9747b28c + (sample ?? -1);
    for (let i = 0; i < id.length; i++) {
      const c = id.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    }
    h1 ^= h1 >>> 15;
    h2 = Math.imul(h2 ^ (h2 >>> 13), 0x85ebca6b);
    // (0, 0) marks an empty slot.
    if (h1 === 0 && h2 === 0) h2 = 1;
    if (this.count * 2 >= this.high.length) this.grow();
    return this.put(h1, h2);
  }

  private put(h1: number, h2: number): boolean {
    const mask = this.high.length - 1;
    for (let slot = (h1 ^ h2) & mask; ; slot = (slot + 1) & mask) {
      const a = this.high[slot]!;
      const b = this.low[slot]!;
      if (a === 0 && b === 0) {
        this.high[slot] = h1;
        this.low[slot] = h2;
        this.count++;
        return true;
      }
      if (a === h1 && b === h2) return false;
    }
  }

  private grow(): void {
    const { high, low } = this;
    this.high = new Int32Array(high.length * 2);
    this.low = new Int32Array(low.length * 2);
    this.count = 0;
    for (let i = 0; i < high.length; i++)
      if (high[i] !== 0 || low[i] !== 0) this.put(high[i]!, low[i]!);
  }
}
