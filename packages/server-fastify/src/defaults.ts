import { InterviewKitError } from '@interviewkit/core';
import type { ServerConfig } from './config';
import type { ServerPorts } from './ports';

/**
 * The ports `interviewkit-server` runs with. Each missing implementation raises CONFIG_MISSING
 * naming what is absent (never a silent fake result).
 *
 * TODO(integration): wire the offline implementations of @interviewkit/core (evaluator, mastery
 * rules, deterministic summary), @interviewkit/questions (question bank, resume parsing) and
 * @interviewkit/speech (mock transcriber + VAD) once they are published in this repository.
 */
export function defaultPorts(_config: ServerConfig): ServerPorts {
  const missing = (what: string) => (): never => {
    throw new InterviewKitError('CONFIG_MISSING', `No ${what} is configured in this build of the server`);
  };
  return {
    evaluator: { id: 'unconfigured', evaluate: async () => missing('answer evaluator')() },
    questionGenerator: { generate: async () => missing('question generator')() },
    resumeParser: { parse: async () => missing('resume parser')() },
    summarizer: { summarize: async () => missing('session summarizer')() },
  };
}
