import { describe, expect, it } from 'vitest';
import { latencyBounds, latencyHistogram } from './histogram.js';

describe('latency bucket edges', () => {
  it.each([
    // min, max, slow threshold -> edges
    [230, 6100, 5000, [500, 1000, 2000, 5000]],
    [230, 6100, 3000, [500, 1000, 2000, 3000, 5000]],
    [230, 1900, 5000, [500, 1000]],
    // Over many decades the steps are decades, and never more than 11 edges (12 buckets).
    [0.5, 900_000, 5000, [1, 10, 100, 1000, 5000, 10_000, 100_000]],
    // All alike: one edge above them holds them all.
    [800, 800, 5000, [1000]],
    [0, 0, 5000, [1]],
    [510, 590, 5000, [1000]],
  ])('%s..%s ms, slow %s -> %j', (min, max, slow, edges) => {
    expect(latencyBounds(min, max, slow)).toEqual(edges);
  });

  it('stays bounded whatever the spread', () => {
    expect(latencyBounds(1e-9, 1e15, 5000).length).toBeLessThanOrEqual(11);
  });
});

describe('the latency histogram', () => {
  it('counts each latency once, an edge in the bucket it closes', () => {
    const latencies = Float64Array.from([230, 500, 501, 1000, 4000, 5000, 5001, 6100]);
    expect(latencyHistogram(latencies, 5000)).toEqual([
      { bucket: '≤ 500', count: 2 },
      { bucket: '500–1000', count: 2 },
      { bucket: '1000–2000', count: 0 },
      { bucket: '2000–5000', count: 2 },
      { bucket: '> 5000', count: 2 },
    ]);
  });

  it('is empty without interactions', () => {
    expect(latencyHistogram(new Float64Array(0), 5000)).toEqual([]);
  });
});
