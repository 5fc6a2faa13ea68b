import type { AnalyzedText } from '../nlp/analyzer';

/** A behaviour interviewers treat as a red flag, found in a story or a situational answer. */
export interface RedFlag {
  flag: 'concealment' | 'blame' | 'disguised_strength' | 'unilateral';
  message: string;
  evidence: string;
  range: [number, number];
}

// Cues of behaviours that behavioural interviewing treats as red flags whatever the question:
// keeping a problem from the people who need to know, blaming others, a strength passed off as a
// weakness, and acting over other people's heads.
const COMMUNICATION = new Set([
  'tell',
  'told',
  'say',
  'said',
  'inform',
  'mention',
  'raise',
  'share',
  'communicate',
  'warn',
  'escalate',
  'report',
  'admit',
  'ask',
  'flag',
  'know',
  'notice',
  'consult',
  'involve',
  'update',
]);
const BLAME = new Set(['blame', 'blamed', 'blaming', 'fault']);
const EXCESS = new Set(['much', 'hard', 'perfect', 'detailed', 'careful', 'dedicated', 'honest', 'passionate']);
const NOBODY = new Set(['nobody', 'no-one', 'anyone', 'anybody']);
const DENIALS = new Set(['not', "n't", 'never', 'no', 'without', 'avoid', 'avoiding', 'rather', 'instead', 'than']);

/**
 * Finds red flags in a behavioural or situational answer with grammar cues: a communication verb
 * in the scope of a negation ("I didn't tell anyone", "without asking", "so nobody has to know"),
 * blame ("blamed QA", "their fault"), "too much / too hard" said of oneself or "perfectionist" as
 * a weakness, and going over others' heads ("my way", "without permission").
 */
export function redFlags(text: AnalyzedText): RedFlag[] {
  const out: RedFlag[] = [];
  const seen = new Set<RedFlag['flag']>();
  const n = text.value.length;
  const quote = (i: number) => {
    const [a, b] = text.sentences[text.sentence[i]!] ?? [i, i];
    return {
      evidence: text.value
        .slice(a, b + 1)
        .join(' ')
        .replace(/ ([,.;:!?)])/g, '$1')
        .slice(0, 200),
      range: [a, b] as [number, number],
    };
  };
  const firstPersonInSentence = (i: number) => {
    const [a, b] = text.sentences[text.sentence[i]!] ?? [0, n - 1];
    for (let k = a; k <= b; k++) if (text.normal[k] === 'i' || text.normal[k] === 'we' || text.normal[k] === 'my') return true;
    return false;
  };
  const add = (flag: RedFlag['flag'], i: number, message: string) => {
    if (seen.has(flag)) return;
    seen.add(flag);
    out.push({ flag, message, ...quote(i) });
  };
  // "without blaming", "rather than blame", "avoid blaming", "not my way": the cue is denied.
  const denied = (i: number) => text.negated[i] || text.normal.slice(Math.max(0, i - 3), i).some((x) => DENIALS.has(x));
  for (let i = 0; i < n; i++) {
    const w = text.normal[i]!;
    const lemma = text.lemma[i]!;
    if ((COMMUNICATION.has(w) || COMMUNICATION.has(lemma)) && subjectIsSpeaker(text, i)) {
      const negated = text.negated[i] || text.normal[i - 1] === 'without';
      const nobody = NOBODY.has(text.normal[i - 2] ?? '') || NOBODY.has(text.normal[i - 3] ?? '') || text.normal[i - 3] === 'no' || text.normal[i - 4] === 'no';
      // "instead of hoping nobody noticed" is the opposite of concealment.
      const contrasted = text.normal.slice(Math.max(0, i - 5), i).includes('instead');
      if (!contrasted && (negated || (nobody && (w === 'know' || lemma === 'know' || w === 'notice')))) {
        add('concealment', i, 'Keeping a problem from the people who need to know is a red flag: say when and how you told them, early.');
      }
    }
    if ((BLAME.has(w) || BLAME.has(lemma)) && !denied(i)) {
      add('blame', i, 'Blaming others is a red flag: own your part of what happened and say what you did about it.');
    }
    if (w === 'too' && EXCESS.has(text.normal[i + 1] ?? '') && firstPersonInSentence(i) && !denied(i)) {
      add('disguised_strength', i, '"Too much" of a virtue is a strength in disguise: name a real weakness and what you do about it.');
    }
    if (w === 'perfectionist' && firstPersonInSentence(i) && !denied(i)) {
      add('disguised_strength', i, '"Perfectionist" is a strength in disguise: name a real weakness and what you do about it.');
    }
    const myWay = w === 'my' && text.normal[i + 1] === 'way' && !denied(i);
    const unasked = w === 'without' && ['permission', 'asking', 'consulting'].includes(text.normal[i + 1] ?? '');
    if (myWay || unasked) {
      add('unilateral', i, "Acting over other people's heads is a red flag: show how you got agreement before you acted.");
    }
  }
  return out;
}

const PRONOUNS = new Set(['i', 'we', 'you', 'he', 'she', 'they', 'it', 'nobody', 'anyone', 'everyone', 'someone']);

/** Whether the nearest pronoun before token `i` in its sentence (the verb's subject, near enough) is "I" or "we". */
function subjectIsSpeaker(text: AnalyzedText, i: number): boolean {
  const first = text.sentences[text.sentence[i]!]?.[0] ?? 0;
  for (let k = i - 1; k >= Math.max(first, i - 8); k--) {
    const w = text.normal[k]!;
    if (PRONOUNS.has(w)) return w === 'i' || w === 'we' || ((w === 'nobody' || w === 'anyone') && k > first);
  }
  return false;
}
