import { describe, expect, it } from 'vitest';
import { runsAtLoad, type GraphFacts } from '../../scripts/runs-at-load.js';

/** A module graph from `module: [its static importers]`; modules named `entry*` are entries. */
function graph(importers: Record<string, string[]>): (id: string) => GraphFacts | null {
  return (id) => {
    const by = importers[id];
    return by === undefined ? null : { isEntry: id.startsWith('entry'), importers: by };
  };
}

/** Every module's answer, asked in `order`, over one memo (as one chunking pass asks them). */
function answers(facts: (id: string) => GraphFacts | null, order: string[]): Record<string, boolean> {
  const known = new Map<string, boolean>();
  return Object.fromEntries(order.map((id) => [id, runsAtLoad(id, facts, known)]));
}

describe('which modules the till runs at load (its one first-load chunk)', () => {
  it('the entry and what it imports statically, not what only import() reaches', () => {
    const facts = graph({
      entry: [],
      shell: ['entry'],
      styles: ['shell'],
      payment: [],
      paymentForm: ['payment'],
    });
    expect(answers(facts, ['styles', 'payment', 'paymentForm', 'shell', 'entry'])).toEqual({
      styles: true,
      payment: false,
      paymentForm: false,
      shell: true,
      entry: true,
    });
  });

  it('a module a lazy chunk shares with the first load runs at load', () => {
    const facts = graph({ entry: [], money: ['entry', 'payment'], payment: [] });
    expect(answers(facts, ['money'])).toEqual({ money: true });
  });

  it('an import cycle gives the same answers whichever module is asked first', () => {
    // entry → p → q → p, and p's importers listed with the cycle first.
    const facts = graph({ entry: [], p: ['q', 'entry'], q: ['p'], lazyA: ['lazyB'], lazyB: ['lazyA'] });
    const all = { p: true, q: true, lazyA: false, lazyB: false };
    expect(answers(facts, ['p', 'q', 'lazyA', 'lazyB'])).toEqual(all);
    expect(answers(facts, ['q', 'p', 'lazyB', 'lazyA'])).toEqual(all);
  });

  it('a module the graph does not know does not run at load', () => {
    expect(answers(graph({ entry: [] }), ['virtual:unknown'])).toEqual({ 'virtual:unknown': false });
  });
});
