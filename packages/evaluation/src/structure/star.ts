import type { AnalyzedText } from '../nlp/analyzer';

/** The STAR structure found in a story, each part 0–1. */
export interface StarShape {
  situation: number;
  task: number;
  action: number;
  result: number;
  /** Distinct actions told in the first person singular ("I scheduled", "I wrote"). */
  actions: string[];
  /** The result mentions a number (a percentage, a count, a time). */
  quantified: boolean;
  /** Weighted sum: situation 0.15, task 0.15, action 0.4, result 0.3; scaled down below 60 words. */
  score: number;
}

// Discourse cues of the parts of a story. They are the grammar of storytelling (time and place,
// obligation, outcome), not the words of any rubric: "STAR, situation, task" scores nothing here.
const SETTING = new Set([
  'when',
  'while',
  'during',
  'last',
  'ago',
  'previous',
  'former',
  'once',
  'year',
  'month',
  'week',
  'semester',
  'sprint',
  'quarter',
  'internship',
  'job',
  'company',
  'team',
  'project',
  'startup',
  'role',
  'at',
]);
const OBLIGATION = new Set([
  'need',
  'needed',
  'goal',
  'task',
  'responsible',
  'responsibility',
  'deadline',
  'asked',
  'assigned',
  'expected',
  'supposed',
  'challenge',
  'problem',
  'wanted',
  'aim',
  'objective',
  'job',
  'charge',
  'mission',
  'requirement',
]);
const OUTCOME = new Set([
  'result',
  'outcome',
  'end',
  'finally',
  'eventually',
  'ultimately',
  'afterwards',
  'since',
  'now',
  'led',
  'resulted',
  'learned',
  'learnt',
  'lesson',
  'feedback',
  'success',
  'successfully',
  'improved',
  'reduced',
  'increased',
  'saved',
  'cut',
  'delivered',
  'shipped',
  'launched',
  'finished',
  'completed',
  'resolved',
  'fixed',
  'promoted',
  'praised',
  'adopted',
  'dropped',
  'grew',
  'went',
  'became',
  'never',
  'stopped',
]);
const NOT_ACTIONS = new Set([
  'be',
  'am',
  'was',
  'were',
  'been',
  'have',
  'had',
  'has',
  'do',
  'did',
  'think',
  'thought',
  'feel',
  'felt',
  'guess',
  'believe',
  'would',
  'could',
  'should',
  'will',
  'can',
  'might',
  'must',
  'mean',
  'know',
  'knew',
  'like',
  'liked',
  'want',
  'wanted',
  'need',
  'needed',
  'am',
  'usually',
  'always',
  'just',
  'really',
  'also',
  'then',
  'first',
  'finally',
]);
const HAVE_TO = new Set(['had', 'have', 'has']);

/**
 * Reads the STAR structure of a behavioural answer from its content:
 * - **situation**: a setting in the past in the opening sentences (a time or place: "last year",
 *   "at my previous job", "during the migration", a year);
 * - **task**: what was at stake for the speaker (an obligation or goal: "I had to", "my job was",
 *   "the deadline");
 * - **action**: distinct things the speaker did, in the first person singular and the past
 *   ("I scheduled", "I wrote", "I led") — "we" counts half, "I would" not at all;
 * - **result**: an outcome in the closing sentences ("as a result", "we shipped", "I learned"),
 *   more when it is quantified.
 */
export function starShape(text: AnalyzedText): StarShape {
  const sentences = text.sentences.length;
  const openingEnd = sentences <= 2 ? 0 : Math.max(0, Math.floor(sentences * 0.34));
  const closingStart = Math.min(sentences - 1, Math.floor(sentences * 0.6));
  let setting = false;
  let pastOpening = false;
  let obligation = false;
  let outcome = false;
  let quantified = false;
  const actions = new Set<string>();
  let weActions = 0;
  const weSeen = new Set<string>();
  for (let i = 0; i < text.value.length; i++) {
    const w = text.normal[i]!;
    const s = text.sentence[i]!;
    const past = isPast(text, i);
    if (s <= openingEnd) {
      if (SETTING.has(w) || (text.kind[i] === 'number' && /^(19|20)\d\d$/.test(w))) setting = true;
      if (past) pastOpening = true;
    }
    if (OBLIGATION.has(w) || (HAVE_TO.has(w) && text.normal[i + 1] === 'to')) obligation = true;
    if (s >= closingStart) {
      if (OUTCOME.has(w)) outcome = true;
      if (text.kind[i] === 'number' || w === '%' || w === 'percent' || w === 'half' || w === 'twice') quantified = true;
    }
    if (w === 'i' || w === 'we') {
      const verb = actionAfter(text, i);
      if (verb) {
        if (w === 'i') actions.add(verb);
        else if (!weSeen.has(verb)) {
          weSeen.add(verb);
          weActions++;
        }
      }
    }
  }
  const situation = setting && pastOpening ? 1 : setting || pastOpening ? 0.5 : 0;
  const task = obligation ? 1 : 0;
  const actionCount = actions.size + weActions / 2;
  const action = Math.min(1, actionCount / 3);
  const result = (outcome ? 0.7 : 0) + (quantified ? 0.3 : 0);
  const raw = 0.15 * situation + 0.15 * task + 0.4 * action + 0.3 * result;
  const lengthFactor = Math.min(1, text.wordCount / 60);
  return { situation, task, action, result, actions: [...actions], quantified, score: raw * lengthFactor };
}

/** A past-tense verb near enough: a regular -ed form or an irregular form wink-nlp lemmatizes away. */
function isPast(text: AnalyzedText, i: number): boolean {
  if (text.kind[i] !== 'word') return false;
  const w = text.normal[i]!;
  if (w === 'was' || w === 'were' || w === 'had' || w === 'did') return true;
  return (w.length > 4 && w.endsWith('ed')) || (text.lemma[i] !== w && !w.endsWith('s') && !w.endsWith('ing') && !text.stop[i]);
}

/** The action verb told after "I"/"we" at token `i` (skipping an adverb or two), if it is in the past. */
function actionAfter(text: AnalyzedText, i: number): string | null {
  for (let j = i + 1; j <= i + 3 && j < text.value.length; j++) {
    if (text.kind[j] !== 'word') return null;
    const w = text.normal[j]!;
    if (w === 'would' || w === 'will' || w === "'d" || w === "'ll") return null;
    if (NOT_ACTIONS.has(w) || w.endsWith('ly')) continue;
    return isPast(text, j) ? (text.lemma[j] !== w ? text.lemma[j]! : w) : null;
  }
  return null;
}
