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

/** The part of rolldown's chunking context a group reads (its `getModuleInfo`). */
export interface ChunkingFacts {
  getModuleInfo: (id: string) => GraphFacts | null;
}

/**
 * A code-splitting group (rolldown's `output.codeSplitting.groups`) that puts every module the
 * page runs at load into one chunk named `name`, the entry's: left to itself the bundler splits
 * out each module a lazy chunk shares with the first load, and each is one more request and one
 * more module to link before the page can start. Lazy chunks stay apart and import from it.
 * Answers are kept per chunking pass (a watched build makes a new pass, maybe over a new graph).
 */
export function atLoadGroup(name: string): {
  debugName: string;
  name: (id: string, chunking: ChunkingFacts) => string | null;
} {
  const memos = new WeakMap<object, Map<string, boolean>>();
  const memoOf = (pass: object): Map<string, boolean> => {
    let known = memos.get(pass);
    if (!known) memos.set(pass, (known = new Map<string, boolean>()));
    return known;
  };
  return {
    debugName: name,
    name: (id, chunking) =>
      runsAtLoad(id, (of) => chunking.getModuleInfo(of), memoOf(chunking)) ? name : null,
  };
}
