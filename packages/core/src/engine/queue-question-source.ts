import { InterviewKitError, invalidArgumentError } from '../errors/interviewkit-error';
import { type Question, type QuestionInput, QuestionSchema } from '../session/question';
import type { NextQuestion, QuestionSource, QuestionSourceContext } from './question-source';

/**
 * A question source that asks a fixed list of questions in order, then ends the interview.
 * The questions are validated (and defaults applied) once, up front.
 */
export function createQueueQuestionSource(questions: ReadonlyArray<Question | QuestionInput>): QuestionSource {
  if (questions.length === 0) throw new InterviewKitError('INVALID_ARGUMENT', 'A question queue needs at least one question');
  const queue: Question[] = questions.map((question, i) => {
    const parsed = QuestionSchema.safeParse(question);
    if (!parsed.success) {
      throw invalidArgumentError(`question ${i} of the queue`, parsed.error.issues, parsed.error);
    }
    return parsed.data;
  });
  return {
    total: queue.length,
    async next(context: QuestionSourceContext): Promise<NextQuestion | null> {
      const question = queue[context.index];
      return question === undefined ? null : { question };
    },
  };
}
