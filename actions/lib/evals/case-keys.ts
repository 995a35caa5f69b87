/**
 * The cases of a suite seen so far, to refuse one given twice (padding a run with copies of
 * its passing cases). A million ids as strings in a Set cost about 100 MB; this keeps a 64-bit
 * hash of each id in an open-addressing table, with the samples seen of it as bits: 12 bytes
 * a case. Two different ids share a hash with a chance of about 1 in 30 million for a million
 * cases, and then one is reported as given twice: an error, never a pass. A real copy always
 * has the same hash.
 */
const NO_SAMPLE = 31;

export class CaseKeys {
  private high = new Int32Array(1 << 10);
  private low = new Int32Array(1 << 10);
  /** Per slot, the samples seen: bits 0..30, and bit 31 for a case without samples. */
  private samples = new Int32Array(1 << 10);
  /** Samples from 31 on, as `slot:sample` (rare: more repeats than bits). */
  private highSamples: Set<string> | undefined;
  private count = 0;
  // Samples of a case usually follow each other: the id is hashed once for them.
  private lastId: string | undefined;
  private lastSlot = 0;

  /** Adds a case; false when it was there already. `sample` is undefined without samples. */
  add(id: string, sample: number | undefined): boolean {
    if (id !== this.lastId) {
      this.lastSlot = this.slotOf(id);
      this.lastId = id;
    }
    const slot = this.lastSlot;
    const bit = sample === undefined ? NO_SAMPLE : sample;
    if (bit > NO_SAMPLE || (bit === NO_SAMPLE && sample !== undefined)) {
      const key = `${slot}:${bit}`;
      this.highSamples ??= new Set();
      if (this.highSamples.has(key)) return false;
      this.highSamples.add(key);
      return true;
    }
    const mask = 1 << bit;
    const seen = this.samples[slot]!;
    if (seen & mask) return false;
    this.samples[slot] = seen | mask;
    return true;
  }

  /** The slot of an id, made when new. */
  private slotOf(id: string): number {
    let h1 = 0x811c9dc5;
    let h2 = 0x9747b28c;
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
    return this.put(h1, h2, 0);
  }

  private put(h1: number, h2: number, samples: number): number {
    const mask = this.high.length - 1;
    for (let slot = (h1 ^ h2) & mask; ; slot = (slot + 1) & mask) {
      const a = this.high[slot]!;
      const b = this.low[slot]!;
      if (a === h1 && b === h2) return slot;
      if (a === 0 && b === 0) {
        this.high[slot] = h1;
        this.low[slot] = h2;
        this.samples[slot] = samples;
        this.count++;
        return slot;
      }
    }
  }

  private grow(): void {
    const { high, low, samples } = this;
    this.high = new Int32Array(high.length * 2);
    this.low = new Int32Array(low.length * 2);
    this.samples = new Int32Array(samples.length * 2);
    this.count = 0;
    // Slots move: the cached one, and those the high samples name.
    this.lastId = undefined;
    const moved = this.highSamples ? new Map<number, number>() : undefined;
    for (let i = 0; i < high.length; i++) {
      if (high[i] === 0 && low[i] === 0) continue;
      const slot = this.put(high[i]!, low[i]!, samples[i]!);
      moved?.set(i, slot);
    }
    if (moved) {
      const renamed = new Set<string>();
      for (const key of this.highSamples!) {
        const [slot, sample] = key.split(':');
        renamed.add(`${moved.get(Number(slot))}:${sample}`);
      }
      this.highSamples = renamed;
    }
  }
}
