import { describe, expect, it } from 'vitest';
import { QuestionSchema } from '../session/question';
import { CALIBRATION_BANDS, CALIBRATION_SET, calibrationCases } from './calibration-cases';
import { createOfflineEvaluator } from './offline-evaluator';

const evaluator = createOfflineEvaluator();
const questions = CALIBRATION_SET.map((set) => ({ ...set, parsed: QuestionSchema.parse(set.question) }));

async function similarityOf(index: number, kind: string): Promise<number> {
  const set = questions[index]!;
  const answer = set.answers.find((a) => a.kind === kind)!;
  return (await evaluator.evaluate({ question: set.parsed, answer: answer.text })).similarity;
}

describe('offline evaluator calibration', () => {
  it('has at least 60 hand-written cases across five session types', () => {
    expect(calibrationCases().length).toBeGreaterThanOrEqual(60);
    expect(new Set(CALIBRATION_SET.map((q) => q.question.sessionType)).size).toBeGreaterThanOrEqual(5);
  });

  describe.each(questions.map((q, i) => [q.parsed.id, i] as const))('%s', (_id, index) => {
    it.each(questions[index]!.answers.map((a) => [a.kind, a.band, a.text] as const))('%s answer falls in the %s band', async (_kind, band, text) => {
      const { similarity } = await evaluator.evaluate({ question: questions[index]!.parsed, answer: text });
      const range = CALIBRATION_BANDS[band];
      expect(similarity).toBeGreaterThanOrEqual(range.min);
      expect(similarity).toBeLessThanOrEqual(range.max);
    });

    it('ranks paraphrase > partial > off-topic, and keyword stuffing below the paraphrase and below full marks', async () => {
      const paraphrase = await similarityOf(index, 'paraphrase');
      const partial = await similarityOf(index, 'partial');
      const offTopic = await similarityOf(index, 'off_topic');
      const stuffing = await similarityOf(index, 'stuffing');
      expect(paraphrase).toBeGreaterThan(partial);
      expect(partial).toBeGreaterThan(offTopic);
      expect(stuffing).toBeLessThan(paraphrase);
      expect(stuffing).toBeLessThan(CALIBRATION_BANDS.high.min);
    });
  });
});
