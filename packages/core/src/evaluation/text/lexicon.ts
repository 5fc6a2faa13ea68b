import { contentStems } from './tokenize';

/**
 * Synonym and concept groups: every phrase of a group is read as the group's first phrase, so an
 * answer that says "DB" meets a reference that says "database", and "object-oriented
 * programming" meets "OOP". Phrases may span several words; matching is on stems, longest first.
 * The built-in groups cover vocabulary common in interviews; a question's expected keywords add
 * their own synonyms on top.
 */
export const BUILTIN_SYNONYM_GROUPS: readonly (readonly string[])[] = [
  ['database', 'db', 'dbms', 'data store', 'datastore'],
  ['relational database', 'rdbms', 'sql database'],
  ['sql', 'structured query language'],
  ['nosql', 'non relational', 'document store', 'key value store'],
  ['machine learning', 'ml'],
  ['artificial intelligence', 'ai'],
  ['deep learning', 'neural network', 'neural net', 'dl'],
  ['object oriented programming', 'oop', 'object oriented', 'object orientation'],
  ['operating system', 'os', 'kernel'],
  ['application programming interface', 'api', 'endpoint'],
  ['central processing unit', 'cpu', 'processor'],
  ['random access memory', 'ram', 'main memory'],
  ['input output', 'i o', 'io'],
  ['big o', 'time complexity', 'asymptotic complexity', 'complexity'],
  ['hash table', 'hash map', 'hashmap', 'dictionary', 'dict'],
  ['array', 'list'],
  ['function', 'method', 'procedure', 'routine'],
  ['variable', 'var'],
  ['parameter', 'argument', 'param'],
  ['inheritance', 'inherit', 'subclass', 'derived class', 'child class'],
  ['polymorphism', 'polymorphic', 'overriding', 'overloading'],
  ['encapsulation', 'encapsulate', 'information hiding', 'data hiding'],
  ['abstraction', 'abstract'],
  ['concurrency', 'concurrent', 'parallelism', 'parallel', 'multithreading', 'multithreaded'],
  ['deadlock', 'circular wait'],
  ['latency', 'delay', 'response time'],
  ['throughput', 'requests per second', 'qps', 'rps'],
  ['scalability', 'scale', 'scalable', 'scale out', 'horizontal scaling'],
  ['cache', 'caching', 'memoization', 'memoize'],
  ['load balancer', 'load balancing', 'balancer'],
  ['replication', 'replica', 'replicate'],
  ['sharding', 'shard', 'partitioning', 'partition'],
  ['index', 'indexes', 'indices', 'indexing'],
  ['transaction', 'txn'],
  ['normalization', 'normal form', 'normalize'],
  ['bug', 'defect', 'error', 'fault', 'issue'],
  ['test', 'testing', 'unit test', 'verify', 'verification'],
  ['performance', 'speed', 'fast', 'efficient', 'efficiency'],
  ['customer', 'user', 'stakeholder', 'end user'],
  ['team', 'colleague', 'teammate', 'coworker', 'co worker', 'peer'],
  ['manager', 'boss', 'supervisor', 'lead'],
  ['conflict', 'disagreement', 'disagree', 'dispute', 'argument'],
  ['deadline', 'due date', 'time pressure'],
  ['communication', 'communicate', 'talk', 'discuss', 'discussion', 'conversation'],
  ['feedback', 'review', 'critique'],
  ['learn', 'learning', 'learned', 'study', 'studied'],
  ['mistake', 'failure', 'fail', 'failed', 'error'],
  ['result', 'outcome', 'impact'],
  ['improve', 'improvement', 'increase', 'boost', 'optimize', 'optimise', 'optimization'],
  ['reduce', 'decrease', 'cut', 'lower', 'minimize'],
  ['prioritize', 'priority', 'prioritise', 'prioritization'],
  ['responsibility', 'ownership', 'accountable', 'accountability', 'own'],
  ['goal', 'objective', 'target', 'aim'],
  ['salary', 'compensation', 'pay'],
  ['strength', 'strong point', 'good at'],
  ['weakness', 'weak point', 'area of improvement'],
  ['python', 'py'],
  ['javascript', 'js'],
  ['typescript', 'ts'],
  ['overfitting', 'overfit', 'high variance'],
  ['underfitting', 'underfit', 'high bias'],
  ['regularization', 'regularisation', 'l1', 'l2', 'ridge', 'lasso', 'penalty'],
  ['gradient descent', 'sgd', 'gradient'],
  ['null', 'none', 'nil', 'undefined'],
  ['exception', 'raise', 'throw', 'thrown'],
  ['loop', 'iterate', 'iteration', 'for loop', 'while loop'],
  ['recursion', 'recursive', 'recursively'],
  ['query', 'select statement'],
  ['join', 'inner join', 'left join', 'outer join'],
  ['aggregate', 'aggregation', 'group by'],
];

/** A phrase matcher over stem sequences that rewrites synonyms to their group's canonical token. */
export class Lexicon {
  // stem sequence "a b c" → canonical token; plus the longest phrase length per first stem.
  private readonly phrases = new Map<string, string>();
  private readonly longest = new Map<string, number>();

  constructor(groups: readonly (readonly string[])[] = BUILTIN_SYNONYM_GROUPS) {
    for (const group of groups) this.addGroup(group);
  }

  /** Adds a group; its first phrase names the canonical token. Later groups win on conflicts. */
  addGroup(group: readonly string[]): void {
    const head = group[0];
    if (head === undefined) return;
    const headStems = contentStems(head);
    if (headStems.length === 0) return;
    const canonical = headStems.length === 1 ? headStems[0]! : `~${headStems.join('_')}`;
    for (const phrase of group) {
      const stems = contentStems(phrase);
      if (stems.length === 0) continue;
      this.phrases.set(stems.join(' '), canonical);
      const first = stems[0]!;
      this.longest.set(first, Math.max(this.longest.get(first) ?? 0, stems.length));
    }
  }

  /** The canonical token of a single stem, or the stem itself. */
  canonical(stem: string): string {
    return this.phrases.get(stem) ?? stem;
  }

  /** Rewrites a stem sequence, replacing the longest matching phrases by their canonical tokens. */
  normalize(stems: readonly string[]): string[] {
    const out: string[] = [];
    let i = 0;
    while (i < stems.length) {
      const first = stems[i]!;
      const max = Math.min(this.longest.get(first) ?? 0, stems.length - i);
      let matched = 0;
      for (let len = max; len >= 1 && matched === 0; len--) {
        const key = len === 1 ? first : stems.slice(i, i + len).join(' ');
        const canonical = this.phrases.get(key);
        if (canonical !== undefined) {
          out.push(canonical);
          matched = len;
        }
      }
      if (matched === 0) {
        out.push(first);
        matched = 1;
      }
      i += matched;
    }
    return out;
  }

  /** A copy with extra groups (a question's own keyword synonyms). */
  extend(groups: readonly (readonly string[])[]): Lexicon {
    const copy = new Lexicon([]);
    for (const [k, v] of this.phrases) copy.phrases.set(k, v);
    for (const [k, v] of this.longest) copy.longest.set(k, v);
    for (const group of groups) copy.addGroup(group);
    return copy;
  }
}
