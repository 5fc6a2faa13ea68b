import {
  missingCoverageSuggestion,
  offTopicSuggestion,
  speechSuggestions,
  truncateSuggestion,
  type ConceptVerdict,
  type EvaluateAnswerInput,
  type Suggestion,
} from '@interviewkit/core';
import type { QuestionModel } from './model/question-model';
import type { ListShape } from './structure/keyword-list';
import type { StarShape } from './structure/star';

interface SuggestionInput {
  input: EvaluateAnswerInput;
  model: QuestionModel;
  verdicts: readonly ConceptVerdict[];
  list: ListShape;
  star: StarShape | null;
  score: number;
  wordCount: number;
  misconceptions: number;
  limits: { minAnswerWords: number; fillerRatioLimit: number; longPauseLimit: number };
}

/** Specific suggestions from the verdicts: concepts named, STAR parts named, counts given. */
export function suggestionsFor({ input, model, verdicts, list, star, score, wordCount, misconceptions, limits }: SuggestionInput): Suggestion[] {
  const out: Suggestion[] = [];
  const { question } = input;
  if (wordCount === 0) {
    out.push({ code: 'no_answer', message: 'No answer was given. Even a partial answer that states what you know scores better than silence.' });
    if (question.hint) out.push({ code: 'structure', message: truncate(`Hint for next time: ${question.hint}`) });
    return out;
  }
  if (list.isList) out.push({ code: 'keyword_list', message: 'Answer in full sentences: a list of terms does not show that you understand how they connect.' });
  if (wordCount < limits.minAnswerWords) {
    out.push({
      code: 'too_short',
      message: `Your answer had ${wordCount} words; develop it to at least ${limits.minAnswerWords * 2}–${limits.minAnswerWords * 4} words with an explanation and an example.`,
    });
  }
  if (score < 20 && wordCount >= 10 && !list.isList && misconceptions === 0) {
    out.push(offTopicSuggestion(question.text));
  }
  const scored = model.points.map((p, i) => ({ p, v: verdicts[i]! })).filter(({ p }) => p.source !== 'question');
  const missing = scored.filter(({ v }) => v === 'missed').map(({ p }) => p.label);
  const partly = scored.filter(({ v }) => v === 'partly').map(({ p }) => p.label);
  if (missing.length > 0 && !list.isList) {
    out.push(missingCoverageSuggestion(missing));
  }
  if (partly.length > 0 && !list.isList) {
    const named = partly
      .slice(0, 4)
      .map((m) => `"${m}"`)
      .join(', ');
    out.push({
      code: 'partial_coverage',
      message: truncate(`You touched on ${named} without stating ${partly.length === 1 ? 'it' : 'them'} fully; explain each in a sentence of your own.`),
    });
  }
  if (star && !list.isList) {
    const parts: string[] = [];
    if (star.situation < 1) parts.push('the situation (when and where)');
    if (star.task < 1) parts.push('what you had to achieve');
    if (star.action < 1) parts.push(`what you did yourself (${star.actions.length} first-person action${star.actions.length === 1 ? '' : 's'} so far)`);
    if (star.result < 1) parts.push(star.result > 0 ? 'a measurable result' : 'the result');
    if (parts.length >= 3)
      out.push({
        code: 'add_example',
        message: 'Tell one concrete story: the situation, what you had to achieve, what you did yourself, and the result with a number.',
      });
    else if (parts.length > 0) out.push({ code: 'structure', message: truncate(`Your story needs ${parts.join(' and ')}.`) });
  }
  out.push(...speechSuggestions(input.speech, limits));
  return out;
}

const truncate = truncateSuggestion;
