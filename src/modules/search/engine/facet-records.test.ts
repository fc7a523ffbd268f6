import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../../test/random.js';
import { Bitset } from './bitset.js';
import type { CountedBy } from './facet-count-kernel.js';
import { buildFacetRecords, countRecords, FACET_SLOTS, type FacetColumns } from './facet-records.js';

const BOTH_WAYS: readonly CountedBy[] = ['members', 'columns'];

/** Columns of `size` documents with 0..maxFacets distinct facets each, out of `facetCount`. */
function columns(size: number, facetCount: number, maxFacets: number, seed: number): FacetColumns {
  const next = seededRandom(seed);
  const offsets = new Uint32Array(size + 1);
  const list: number[] = [];
  const docs: number[][] = Array.from({ length: facetCount }, () => []);
  for (let d = 0; d < size; d++) {
    const wanted = Math.floor(next() * (maxFacets + 1));
    const mine = new Set<number>();
    while (mine.size < Math.min(wanted, facetCount)) mine.add(Math.floor(next() * facetCount));
    list.push(...mine);
    for (const f of mine) docs[f]!.push(d);
    offsets[d + 1] = list.length;
  }
  return {
    size,
    type: Uint8Array.from({ length: size }, () => Math.floor(next() * 3)),
    typeCount: 3,
    language: Uint8Array.from({ length: size }, () => Math.floor(next() * 6)),
    languageCount: 6,
    // Newest first: years fall with the ordinal, as in the index.
    year: Uint16Array.from({ length: size }, (_, d) => 2026 - Math.floor((d * 30) / size)),
    offsets,
    facetList: Uint32Array.from(list),
    facetCount,
    facetDocs: docs.map((d) => Uint32Array.from(d)),
  };
}

/** The counts by reading each member's lists: what countRecords must agree with. */
function scan(c: FacetColumns, set: Bitset) {
  const facets = new Uint32Array(c.facetCount);
  const types = new Uint32Array(c.typeCount);
  const languages = new Uint32Array(c.languageCount);
  const years = new Map<number, number>();
  set.each((d) => {
    for (let k = c.offsets[d]!; k < c.offsets[d + 1]!; k++) facets[c.facetList[k]!]!++;
    types[c.type[d]!]!++;
    languages[c.language[d]!]!++;
    years.set(c.year[d]!, (years.get(c.year[d]!) ?? 0) + 1);
    return true;
  });
  return { facets, types, languages, years };
}

function countedBy(c: FacetColumns, set: Bitset, by?: CountedBy) {
  const records = buildFacetRecords(c);
  const { counters: all, years } = countRecords(records, set, by);
  return {
    records,
    facets: all.slice(0, c.facetCount),
    types: all.slice(records.typeBase, records.typeBase + c.typeCount),
    languages: all.slice(records.languageBase, records.languageBase + c.languageCount),
    years,
  };
}

/** Members drawn with probability `share` from ordinals [from, to) (a date range is such a span). */
/** `c` with the facets of `common` (same documents) added first: ordinals 0.. are common's. */
function withCommonFacets(c: FacetColumns, common: FacetColumns): FacetColumns {
  return {
    ...c,
    offsets: Uint32Array.from({ length: c.size + 1 }, (_, d) => c.offsets[d]! + common.offsets[d]!),
    facetList: Uint32Array.from(
      Array.from({ length: c.size }, (_, d) => [
        ...common.facetList.subarray(common.offsets[d], common.offsets[d + 1]),
        ...[...c.facetList.subarray(c.offsets[d], c.offsets[d + 1])].map((f) => f + common.facetCount),
      ]).flat(),
    ),
    facetCount: c.facetCount + common.facetCount,
    facetDocs: [...common.facetDocs, ...c.facetDocs],
  };
}

/** `c` with one facet more per `twins` entry, holding the same documents as that facet. */
function withTwins(c: FacetColumns, twins: readonly number[]): FacetColumns {
  const lists = Array.from({ length: c.size }, (_, d) => [
    ...c.facetList.subarray(c.offsets[d], c.offsets[d + 1]),
  ]);
  twins.forEach((f, i) => {
    for (const d of c.facetDocs[f]!) lists[d]!.push(c.facetCount + i);
  });
  const offsets = new Uint32Array(c.size + 1);
  lists.forEach((l, d) => {
    offsets[d + 1] = offsets[d]! + l.length;
  });
  return {
    ...c,
    offsets,
    facetList: Uint32Array.from(lists.flat()),
    facetCount: c.facetCount + twins.length,
    facetDocs: [...c.facetDocs, ...twins.map((f) => c.facetDocs[f]!)],
  };
}

/** Columns of `size` documents whose facets are `facetsOf(d, next)` (distinct), out of `facetCount`. */
function columnsOf(
  size: number,
  facetCount: number,
  seed: number,
  facetsOf: (d: number, next: () => number) => number[],
): FacetColumns {
  const next = seededRandom(seed);
  const lists = Array.from({ length: size }, (_, d) => [...new Set(facetsOf(d, next))]);
  const offsets = new Uint32Array(size + 1);
  lists.forEach((l, d) => {
    offsets[d + 1] = offsets[d]! + l.length;
  });
  const docs: number[][] = Array.from({ length: facetCount }, () => []);
  lists.forEach((l, d) => {
    for (const f of l) docs[f]!.push(d);
  });
  return {
    size,
    type: Uint8Array.from({ length: size }, () => Math.floor(next() * 3)),
    typeCount: 3,
    // Language 0 in most documents, 4 in none.
    language: Uint8Array.from({ length: size }, () => (next() < 0.6 ? 0 : 1 + Math.floor(next() * 3))),
    languageCount: 5,
    year: Uint16Array.from({ length: size }, (_, d) => 2026 - Math.floor((d * 30) / size)),
    offsets,
    facetList: Uint32Array.from(lists.flat()),
    facetCount,
    facetDocs: docs.map((d) => Uint32Array.from(d)),
  };
}

function sample(size: number, share: number, seed: number, from = 0, to = size): Bitset {
  const next = seededRandom(seed);
  const set = new Bitset(size);
  for (let d = from; d < to; d++) if (next() < share) set.add(d);
  return set;
}

describe('facet records', () => {
  it('count exactly what reading each member does, with facets past the record in the overflow', () => {
    const c = columns(3000, 60, 2 * FACET_SLOTS, 7);
    for (const [share, seed] of [
      [1, 1],
      [0.5, 2],
      [0.05, 3],
      [0.002, 4],
      [0, 5],
    ] as const) {
      const set = sample(c.size, share, seed);
      for (const by of BOTH_WAYS) {
        const { records, ...counted } = countedBy(c, set, by);
        // Many documents overflow, so both ways of adding the overflow run (list shorter or set shorter).
        expect(records.overflowDocs.length).toBeGreaterThan(500);
        expect(counted, by).toEqual(scan(c, set));
      }
    }
  });

  it("count by column over a set's span alone, as a date range is, with bitsets and lists", () => {
    // Facets 0–9 in most documents (bitsets), the others in few (lists).
    const merged = withCommonFacets(columns(5000, 200, 12, 41), columns(5000, 10, 8, 42));
    const records = buildFacetRecords(merged);
    expect(records.kernel.hasColumns).toBe(true);
    for (const [share, seed, from, to] of [
      [0.7, 43, 1234, 1301],
      [1, 44, 63, 65],
      [0.5, 45, 4900, 5000],
      [0.2, 46, 0, 97],
      [1, 47, 2000, 2001],
      // From the first ordinal of a 64-bit word: the lists' search must keep it.
      [1, 48, 2048, 2050],
    ] as const) {
      const set = sample(merged.size, share, seed, from, to);
      const expected = scan(merged, set);
      for (const by of BOTH_WAYS) {
        const { counters: all, years } = countRecords(records, set, by);
        expect(all.slice(0, merged.facetCount), by).toEqual(expected.facets);
        expect(all.slice(records.typeBase, records.typeBase + merged.typeCount), by).toEqual(expected.types);
        expect(all.slice(records.languageBase, records.languageBase + merged.languageCount)).toEqual(
          expected.languages,
        );
        expect(years, by).toEqual(expected.years);
      }
    }
  });

  it('count chosen counters alone by their columns, bitsets and lists, and decline a small set', () => {
    // Facets 0–9 in most documents (bitsets), 10–209 in few (lists), and more facets per document
    // than a record holds (the overflow): a column holds every document of its facet.
    const merged = withCommonFacets(columns(6000, 200, 2 * FACET_SLOTS, 62), columns(6000, 10, 8, 61));
    const records = buildFacetRecords(merged);
    const wanted = [0, 3, 9, 10, 57, 133, 209];
    // Every bitset, in no order (eight are counted side by side, then the rest one by one).
    const everyBitset = [9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 42];
    for (const chosen of [wanted, everyBitset])
      for (const [share, seed, from, to] of [
        [0.8, 63, 0, 6000],
        [0.6, 64, 1000, 2500],
        [1, 65, 2048, 2200],
      ] as const) {
        const set = sample(merged.size, share, seed, from, to);
        const expected = scan(merged, set).facets.map((n, f) => (chosen.includes(f) ? n : 0));
        const counted = records.kernel.countOnly(set, chosen);
        expect(counted?.slice(0, merged.facetCount), `${chosen} ${share} ${from}–${to}`).toEqual(expected);
      }
    // A few members: counting them by record reads less than any column.
    expect(records.kernel.countOnly(sample(merged.size, 0.002, 66), wanted)).toBeNull();
  });

  it('read the column of facets with the same documents once, and count each of them', () => {
    // Facets 0–9 in most documents (bitsets), 10–109 in few (lists); twins of both kinds, and of a
    // twin's twin (an institution issuing and listed under: the same items).
    const merged = withCommonFacets(columns(6000, 100, 12, 71), columns(6000, 10, 8, 72));
    const twins = [0, 7, 10, 55, 109];
    const twinned = withTwins(withTwins(merged, twins), [merged.facetCount]);
    const first = merged.facetCount;
    const records = buildFacetRecords(twinned);
    // The twins add no column to read.
    expect(records.kernel.columnCostInMembers).toBe(buildFacetRecords(merged).kernel.columnCostInMembers);
    for (const [share, seed, from, to] of [
      [0.8, 73, 0, 6000],
      [0.5, 74, 1000, 2600],
      [0.01, 75, 0, 6000],
    ] as const) {
      const set = sample(twinned.size, share, seed, from, to);
      const expected = scan(twinned, set);
      for (const by of BOTH_WAYS) {
        const { counters: all } = countRecords(records, set, by);
        expect(all.slice(0, twinned.facetCount), `${by} ${share}`).toEqual(expected.facets);
      }
      if (share < 0.1) continue;
      // A twin alone, a facet with its twin, and the twin of a twin: each wanted counter counted.
      for (const chosen of [[first], [0, first], [first + 3, 55, first + 5], [first + 1, first + 2, 3]]) {
        const counted = records.kernel.countOnly(set, chosen);
        const wanted = expected.facets.map((n, f) => (chosen.includes(f) ? n : 0));
        expect(counted?.slice(0, twinned.facetCount), `${chosen} ${share}`).toEqual(wanted);
      }
    }
    // A filter on a twin is built from the column it shares.
    const filter = new Bitset(twinned.size);
    expect(records.kernel.addColumnTo(first + 1, filter)).toBe(true);
    expect(filter.count()).toBe(merged.facetDocs[7]!.length);
  });

  it('count a parent made of children that never meet as their sum, and the largest type and language as the rest', () => {
    // Facets: 0–3 children of 4 (one of them per document, or none); 5 a child of 9 beside 4
    // (never with 4's); 6–7 children of 8, which is also tagged alone; 10–11 children of 12 that
    // sometimes meet; 13–40 anywhere.
    const c = columnsOf(6000, 41, 81, (_, next) => {
      const facets: number[] = [];
      const r = next();
      if (r < 0.6) facets.push(Math.floor(r * 6.66), 4, 9);
      else if (r < 0.7) facets.push(5, 9);
      const s = next();
      if (s < 0.3) facets.push(6 + Math.floor(s * 6.66), 8);
      else if (s < 0.35) facets.push(8);
      const t = next();
      if (t < 0.2) facets.push(10, 12);
      if (t > 0.1 && t < 0.3) facets.push(11, 12);
      for (let k = Math.floor(next() * 6); k > 0; k--) facets.push(13 + Math.floor(next() * 28));
      return facets;
    });
    const records = buildFacetRecords(c);
    const { sums, rests } = records.kernel.derivedCounters;
    expect(sums.sort((a, b) => a - b)).toEqual([4, 9]);
    // The largest type; language 0 (language 4 has no document: the group still holds every one).
    expect(rests).toHaveLength(2);
    expect(rests[1]).toBe(records.languageBase);
    const typeSizes = [0, 1, 2].map((t) => c.type.filter((v) => v === t).length);
    expect(rests[0]).toBe(records.typeBase + typeSizes.indexOf(Math.max(...typeSizes)));
    for (const [share, seed, from, to] of [
      [0.8, 82, 0, 6000],
      [0.5, 83, 1000, 2600],
      [1, 84, 2048, 2200],
      [0.02, 85, 0, 6000],
    ] as const) {
      const set = sample(c.size, share, seed, from, to);
      const expected = scan(c, set);
      for (const by of BOTH_WAYS) {
        const { records: _, ...counted } = countedBy(c, set, by);
        expect(counted, `${by} ${share}`).toEqual(expected);
      }
      if (share < 0.1) continue;
      // Alone (read from their parts' columns), with their parts, and among others.
      for (const chosen of [[9], [4], [4, 0, 1], [9, 8, 12, 20], [8]]) {
        const counted = records.kernel.countOnly(set, chosen);
        const wanted = expected.facets.map((n, f) => (chosen.includes(f) ? n : 0));
        expect(counted?.slice(0, c.facetCount), `${chosen} ${share}`).toEqual(wanted);
      }
    }
    // A filter on a sum is built from its parts' columns.
    const filter = new Bitset(c.size);
    expect(records.kernel.addColumnTo(9, filter)).toBe(true);
    expect(filter.count()).toBe(c.facetDocs[9]!.length);
    expect(filter.clone().andNot(Bitset.of(c.size, c.facetDocs[9]!)).isEmpty()).toBe(true);
  });

  it('count a large set by column and a small one by member, unless told', () => {
    const c = columns(20_000, 30, 6, 51);
    const records = buildFacetRecords(c);
    expect(records.kernel.count(sample(c.size, 0.9, 52)).by).toBe('columns');
    expect(records.kernel.count(sample(c.size, 0.001, 53)).by).toBe('members');
    expect(records.kernel.count(sample(c.size, 0.9, 52), 'members').by).toBe('members');
    // A dense set over a narrow span costs little by column.
    expect(records.kernel.count(sample(c.size, 1, 54, 640, 700)).by).toBe('columns');
  });

  it('count each set from zero, whatever was counted before on the same records', () => {
    const c = columns(2000, 40, FACET_SLOTS + 4, 21);
    const records = buildFacetRecords(c);
    // Dense, then sparse (fewer members than the last: no stale ordinals may be read), then empty.
    for (const [share, seed] of [
      [0.9, 22],
      [0.01, 23],
      [0, 24],
      [0.3, 25],
    ] as const) {
      const set = sample(c.size, share, seed);
      const expected = scan(c, set);
      for (const by of BOTH_WAYS) {
        const { counters: all, years } = countRecords(records, set, by);
        expect(all.slice(0, c.facetCount), by).toEqual(expected.facets);
        expect(all.slice(records.typeBase, records.typeBase + c.typeCount), by).toEqual(expected.types);
        expect(years, by).toEqual(expected.years);
      }
    }
  });

  it('count years by runs of ordinals: one run per year in date order, and right in any order', () => {
    const ordered = columns(1000, 30, 6, 31);
    expect(buildFacetRecords(ordered).runYears).toHaveLength(30);
    const next = seededRandom(32);
    const shuffled = { ...ordered, year: ordered.year.map(() => 1990 + Math.floor(next() * 40)) };
    for (const c of [ordered, shuffled])
      for (const [share, seed] of [
        [1, 33],
        [0.4, 34],
        [0.01, 35],
      ] as const) {
        const set = sample(c.size, share, seed);
        for (const by of BOTH_WAYS) expect(countedBy(c, set, by).years, by).toEqual(scan(c, set).years);
      }
  });

  it('count over an empty index', () => {
    const c = columns(0, 10, 4, 26);
    expect(countedBy(c, new Bitset(0))).toMatchObject({ facets: new Uint32Array(10), years: new Map() });
  });

  it('keep eight-bit slots while the counters fit, sixteen-bit ones past that, then thirty-two-bit', () => {
    const small = countedBy(columns(200, 50, 8, 11), Bitset.full(200));
    expect(small.records.records).toBeInstanceOf(Uint8Array);
    expect(small.records.overflowDocs.length).toBe(0);
    // Counters: the facets, a pad per facet slot, the types, the languages (years have none).
    const others = FACET_SLOTS + 3 + 6;
    // The last counter an eight-bit slot can name (index 255) and the first it cannot (256).
    for (const [facetCount, width] of [
      [256 - others, Uint8Array],
      [256 - others + 1, Uint16Array],
      [70_000, Uint32Array],
    ] as const) {
      const c = columns(400, facetCount, 20, 12);
      const set = sample(c.size, 0.3, 13);
      for (const by of BOTH_WAYS) {
        const { records, ...counted } = countedBy(c, set, by);
        expect(records.counters).toBe(facetCount + others);
        expect(records.records).toBeInstanceOf(width);
        expect(counted, by).toEqual(scan(c, set));
      }
    }
  });
});
