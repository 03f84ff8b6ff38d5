/** What the bundler's chunking pass says about a module (rolldown's ModuleInfo, the part read here). */
export interface GraphFacts {
  isEntry: boolean;
  /** The modules that import this one statically (`import()` callers are not listed). */
  importers: readonly string[];
}

/**
 * Whether module `id` runs when the page loads: it is an entry, or a module that runs at load
 * imports it statically. A module reached only through `import()` does not. `facts` answers null
 * for a module the graph does not know. Answers are kept in `known` (one map per chunking pass);
 * a `false` found while a cycle was cut short is not kept, since another path may still reach an
 * entry, so the answer never depends on the order modules are asked about.
 */
export function runsAtLoad(
  id: string,
  facts: (id: string) => GraphFacts | null,
  known: Map<string, boolean>,
  onPath = new Set<string>(),
): boolean {
  const kept = known.get(id);
  if (kept !== undefined) return kept;
  if (onPath.has(id)) return false; // a cycle: whether it reaches an entry is decided by the other importers
  onPath.add(id);
  const module = facts(id);
  const runs =
    module !== null &&
    (module.isEntry || module.importers.some((by) => runsAtLoad(by, facts, known, onPath)));
  onPath.delete(id);
  if (runs || onPath.size === 0) known.set(id, runs);
  return runs;
}
