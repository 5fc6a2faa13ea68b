import { isContent } from '../concepts/expression';
import { EXPLICIT_NEGATORS } from '../nlp/analyzer';
import { clauses } from '../nlp/clauses';
import type { QuestionModel } from '../model/question-model';
import {
  AMOUNT_MARKER_WORDS,
  AMOUNT_OPPOSITE,
  QUANTITY_OPENERS,
  amountsOf,
  type ClauseFacts,
  CONTRAST_OPENERS,
  clauseEntitiesOf,
  compareMarkers,
  directedRelation,
  quantitiesOf,
  sameMeasure,
} from '../model/relations-model';
import type { Lexical } from '../wordnet/lexical';
import type { Reading } from './read-answer';

/** A statement of the answer that contradicts the reference. */
export interface Misconception {
  /** Which check found it. */
  check: 'negation' | 'denied' | 'antonym' | 'direction' | 'quantity' | 'amount' | 'swap' | 'red_flag';
  /** What is wrong, addressed to the candidate. */
  message: string;
  /** The answer's words that state it. */
  evidence: string;
  /** Tokens of the offending clause. */
  range: [number, number];
}

/** A clause of the answer: the facts a reference clause has, and where it is and what it opposes. */
interface AnswerClause extends ClauseFacts {
  range: [number, number];
  /** Words stated in the reference word's own form (not a derived one: "depends", not "dependency"). */
  exact: Set<number>;
  /** Vocabulary indices of reference predicates this clause states an antonym of. */
  opposed: Set<number>;
}

/** Negators that deny a clause, unlike "no X" or "without". */
const CLAUSAL_NEGATORS = new Set(['not', "n't", 'never', 'cannot']);

// What a word tells about its clause, looked up once per token.
const NEGATIVE = 1;
const DENIAL = 2;
const COMPARES = 4;
const NUMERIC = 8;
const GRADED = 16;
const WORD_FLAGS = new Map<string, number>();
const flag = (words: Iterable<string>, bit: number) => {
  for (const w of words) WORD_FLAGS.set(w, (WORD_FLAGS.get(w) ?? 0) | bit);
};
flag(EXPLICIT_NEGATORS, NEGATIVE);
flag(CLAUSAL_NEGATORS, DENIAL);
flag(['than'], COMPARES);
flag(QUANTITY_OPENERS, NUMERIC);
flag(AMOUNT_MARKER_WORDS, GRADED);
const RELATIVE_OPENERS = new Set(['which', 'that', 'who', 'whose', 'where']);

/**
 * Finds statements that contradict the reference, with cheap, general checks on clauses that
 * talk about the same thing (same subject, another shared word):
 * - **negation**: the answer negates what the reference affirms, or the reverse ("threads do
 *   not share memory");
 * - **antonyms**: the answer uses a WordNet antonym of the reference's predicate ("normalization
 *   increases redundancy" against "reduces");
 * - **direction**: "X faster than Y" / "X before Y" stated the other way round;
 * - **swapped terms**: the answer says of one contrasted term what the reference says of the
 *   other (bagging ↔ boosting, TRUNCATE ↔ DROP, horizontal ↔ vertical, process ↔ thread).
 */
export function findMisconceptions(model: QuestionModel, reading: Reading, lexical: Lexical): Misconception[] {
  const { text } = reading;
  const rel = model.relations;
  const out: Misconception[] = [];
  const vocabName = (v: number) => model.vocabulary[v]!.text.toLowerCase();
  const quote = (a: number, b: number) =>
    clip(
      text.value
        .slice(a, b + 1)
        .join(' ')
        .replace(/ ([,.;:!?)])/g, '$1')
        .replace(/\( /g, '('),
    );

  const withEntities = rel.entities.length >= 2;
  const answerClauses: AnswerClause[] = clauses(text).map((range) => {
    const [a, b] = range;
    const words = new Set<number>();
    const negated = new Set<number>();
    const exact = new Set<number>();
    const opposed = new Set<number>();
    const mentions: number[] = [];
    let subject = -1;
    let lead: number[] | null = null;
    let negative = false;
    let denial = false;
    let compares = false;
    let numeric = false;
    let graded = false;
    for (let i = a; i <= b; i++) {
      const flags = WORD_FLAGS.get(text.normal[i]!) ?? 0;
      if (flags !== 0) {
        if (flags & NEGATIVE) negative = true;
        if (flags & DENIAL) denial = true;
        if (flags & COMPARES) compares = true;
        if (flags & NUMERIC) numeric = true;
        if (flags & GRADED) graded = true;
      }
      if (text.kind[i] === 'number') numeric = true;
      if (!isContent(text, i)) continue;
      lead ??= reading.vocabularyOf[i]!;
      for (const v of reading.vocabularyOf[i]!) {
        words.add(v);
        if (withEntities) mentions.push(v);
        if (text.negated[i]) negated.add(v);
        if (text.keys[i]!.some((k) => rel.ownKeys[v]!.has(k))) exact.add(v);
        if (subject < 0 && rel.nounish[v]) subject = v;
      }
      // An antonym the reference itself uses ("high" where it also says "high") proves nothing.
      if (reading.vocabularyOf[i]!.length === 0) for (const k of text.keys[i]!) for (const v of rel.antonyms.get(k) ?? []) opposed.add(v);
    }
    return {
      range,
      words,
      negated,
      exact,
      subject,
      negative,
      opposed,
      lead: lead ?? [],
      sentence: text.sentence[a]!,
      mentions,
      relative: RELATIVE_OPENERS.has(text.normal[a]!),
      contrast: CONTRAST_OPENERS.has(text.normal[a]!),
      compares,
      denial,
      quantities: numeric ? quantitiesOf(text, a, b) : [],
      amounts: graded ? amountsOf(text, a, b) : [],
    };
  });
  const entityOf = rel.entities.length >= 2 ? clauseEntitiesOf(answerClauses, rel.entities) : [];

  let swapped = 0;
  let straight = 0;
  const swapEvidence: Misconception[] = [];
  answerClauses.forEach((c, k) => {
    const [a, b] = c.range;
    let found: Misconception | null = null;
    // Negation and antonyms, against the reference clauses about the same subject that say much
    // the same thing: the subject and two-fifths of the clause's words (at least two, at most
    // four). The answer contradicts the reference only if none of those clauses agrees with it.
    if (c.subject >= 0) {
      const matching = rel.clauses.filter((r) => {
        if (r.subject !== c.subject) return false;
        let shared = 0;
        for (const w of c.words) if (r.words.has(w)) shared++;
        return shared >= Math.max(2, Math.min(4, Math.ceil(0.4 * r.words.size)));
      });
      // Only a denial in the reference counts: when the reference says outright that something
      // is not so ("volatile alone does not fix it", "return type alone doesn't distinguish
      // overloads") and the answer asserts it. The reverse — the answer adding a negative detail
      // ("the certificate hasn't expired") — is how people paraphrase, not a misconception.
      // Polarity is the clause's; a word the reference denies must appear in its own form.
      const flipped =
        !c.negative && matching.length > 0 && matching.every((r) => r.denial)
          ? matching.find((r) => [...c.words].some((w) => w !== c.subject && r.negated.has(w) && c.exact.has(w)))
          : undefined;
      // The answer denies what the reference affirms about the same subject, in the reference's
      // own words: a predicate of the reference, in its own form, inside the answer's negation,
      // where no clause of the reference about that subject is negative.
      const denied =
        !flipped && c.denial && matching.length > 0 && matching.every((r) => !r.negative)
          ? matching.find(
              (r) =>
                [...c.words].filter((w) => r.words.has(w)).length >= 3 &&
                [...c.negated].some((w) => w !== c.subject && rel.predicate[w] && r.words.has(w) && c.exact.has(w) && !rel.negativeForm[w]),
            )
          : undefined;
      if (flipped) {
        found = {
          check: 'negation',
          message: `"${quote(a, b)}" asserts what the reference denies: ${clip(flipped.text, 160)}.`,
          evidence: quote(a, b),
          range: c.range,
        };
      } else if (denied) {
        found = {
          check: 'denied',
          message: `"${quote(a, b)}" denies what the reference states: ${clip(denied.text, 160)}.`,
          evidence: quote(a, b),
          range: c.range,
        };
      } else {
        for (const r of matching) {
          const opposite = [...c.opposed].find((v) => r.words.has(v) && rel.predicate[v] && !c.words.has(v));
          if (opposite !== undefined) {
            found = {
              check: 'antonym',
              message: `"${quote(a, b)}" says the opposite of the reference ("${vocabName(opposite)}"): ${clip(r.text, 160)}.`,
              evidence: quote(a, b),
              range: c.range,
            };
            break;
          }
        }
      }
    }
    // Direction of comparisons and order.
    if (!found) {
      const mine = directedRelation(text, a, b, (i) => (isContent(text, i) ? reading.vocabularyOf[i]! : []));
      if (mine) {
        for (const r of rel.clauses) {
          if (!r.relation) continue;
          const cmp = compareMarkers(r.relation.marker, mine.marker, lexical);
          if (cmp === 'unrelated') continue;
          const sameWay = [...r.relation.left].some((x) => mine.left.has(x)) && [...r.relation.right].some((y) => mine.right.has(y));
          const otherWay = [...r.relation.left].some((x) => mine.right.has(x)) && [...r.relation.right].some((y) => mine.left.has(y));
          if ((sameWay && !otherWay && cmp === 'opposite') || (otherWay && !sameWay && cmp === 'same')) {
            found = {
              check: 'direction',
              message: `"${quote(a, b)}" states the relation the wrong way round; the reference says: ${clip(r.text, 160)}.`,
              evidence: quote(a, b),
              range: c.range,
            };
            break;
          }
        }
      }
    }
    // Quantities and graded amounts: a complexity or number, or "more X" / "less X", that the
    // reference states otherwise about the same thing (same contrasted term, a shared word that
    // is not the question's).
    if (!found && (c.quantities.length > 0 || c.amounts.length > 0)) {
      const entity = entityOf[k] ?? -1;
      const related = (r: (typeof rel.clauses)[number], except: ReadonlySet<number>) =>
        (entity < 0 || r.entity < 0 || r.entity === entity) && [...c.words].some((w) => r.words.has(w) && !rel.echo[w] && !except.has(w));
      for (const q of c.quantities) {
        const value = q.slice(q.lastIndexOf(':'));
        const stated = rel.clauses.filter((r) => r.quantities.some((x) => sameMeasure(x, q)) && related(r, rel.quantityWords));
        if (stated.length > 0 && !stated.some((r) => r.quantities.some((x) => sameMeasure(x, q) && x.endsWith(value)))) {
          const r = stated[0]!;
          found = {
            check: 'quantity',
            message: `"${quote(a, b)}" states a different quantity from the reference: ${clip(r.text, 160)}.`,
            evidence: quote(a, b),
            range: c.range,
          };
          break;
        }
      }
      if (!found) {
        for (const amount of c.amounts) {
          const [marker, key] = amount.split(':') as [string, string];
          const opposite = `${AMOUNT_OPPOSITE[marker]}:${key}`;
          const graded = new Set(reading.vocabularyOf.filter((_, i) => i >= a && i <= b && text.keys[i]!.includes(key)).flat());
          const r = rel.clauses.find((x) => x.amounts.includes(opposite) && related(x, graded));
          if (r && !rel.clauses.some((x) => x.amounts.includes(amount))) {
            found = {
              check: 'amount',
              message: `"${quote(a, b)}" says ${marker} where the reference says ${AMOUNT_OPPOSITE[marker]}: ${clip(r.text, 160)}.`,
              evidence: quote(a, b),
              range: c.range,
            };
            break;
          }
        }
      }
    }
    if (found) out.push(found);
    // Swapped terms: which contrasted term's distinctive words does this clause use?
    if (rel.entities.length >= 2) {
      const entity = entityOf[k]!;
      if (entity >= 0) {
        const own = countIn(c.words, rel.profiles.get(entity)!);
        let other = -1;
        let otherHits = 0;
        for (const e of rel.entities) {
          if (e === entity || c.words.has(e)) continue;
          const hits = countIn(c.words, rel.profiles.get(e)!);
          if (hits > otherHits) {
            other = e;
            otherHits = hits;
          }
        }
        if (otherHits > own && otherHits >= 1) {
          swapped++;
          swapEvidence.push({
            check: 'swap',
            message: `"${quote(a, b)}" describes ${vocabName(other)}, not ${vocabName(entity)}: the two are swapped.`,
            evidence: quote(a, b),
            range: c.range,
          });
        } else if (own >= 1) straight++;
      }
    }
  });
  if (swapped > 0 && swapped >= straight) out.push(...swapEvidence);
  return out.slice(0, 10);
}

function countIn(words: ReadonlySet<number>, profile: ReadonlySet<number>): number {
  let n = 0;
  for (const w of words) if (profile.has(w)) n++;
  return n;
}

function clip(s: string, max = 200): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}
