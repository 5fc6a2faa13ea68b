import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InterviewKitClient, type InterviewComplete } from '@interviewkit/client';
import { formatMetricsTable, questionLabel, type Question } from '@interviewkit/core';
import { createServer, defaultPorts, loadConfig } from '@interviewkit/server-fastify';
import { createPrinter, linePrinter, type PrintTarget } from './printer';
import { speak, type SpokenAnswer } from './speech';

/** Options of {@link runQuickstart}. */
export interface QuickstartOptions {
  /** Receives every line, live partial transcripts included, as plain lines (tests, embedding); overrides `output`. */
  print?: (line: string) => void;
  /** Where to print (default: standard output). On a terminal the live transcript updates one line in place. */
  output?: PrintTarget;
  /** Technical topic of the interview (default `operating_systems`). */
  topic?: string;
  /** SQLite file of the server (default: a temporary file, removed afterwards). */
  databaseFile?: string;
  /** Stream audio at `speed` × real time (default 1: real time, as a microphone would). */
  speed?: number;
}

/** What the run produced (for tests and scripts). */
export interface QuickstartResult {
  sessionId: number;
  result: InterviewComplete;
  answers: Array<{ question: string; said: string; audioSeconds: number; source: SpokenAnswer['source'] }>;
  transcripts: string[];
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The candidate's answers: a good one drawn from the reference, then a hesitant, partial one (two fillers). */
function candidateAnswers(questions: Question[]): string[] {
  return questions.map((q, i) => {
    const sentences = (q.referenceAnswer ?? q.text).replace(/\s+/g, ' ').split(/(?<=[.!?])\s+/);
    if (i % 2 === 0) return sentences.slice(0, 2).join(' ');
    const words = sentences[0]!.split(' ');
    const start = words
      .slice(0, Math.min(10, words.length))
      .join(' ')
      .replace(/[.!?,;:]$/, '');
    return `Um, I think ${start.charAt(0).toLowerCase()}${start.slice(1)}, uh, something like that.`;
  });
}

/**
 * Starts the reference server on its embedded default (SQLite file, mock transcriber, offline
 * questions and evaluation), signs up a demo candidate, and runs a two-question technical voice
 * interview through `@interviewkit/client`: each answer is spoken by espeak-ng and streamed in
 * real time as 100 ms PCM16 frames, with live transcripts, per-answer feedback and the final
 * research-metrics table printed as they arrive.
 */
export async function runQuickstart(options: QuickstartOptions = {}): Promise<QuickstartResult> {
  const printer = options.print ? linePrinter(options.print) : createPrinter(options.output ?? process.stdout);
  const print = printer.line;
  const speed = options.speed ?? 1;
  const tempDir = options.databaseFile ? null : await mkdtemp(join(tmpdir(), 'ik-quickstart-db-'));
  const databaseFile = options.databaseFile ?? join(tempDir!, 'interviewkit.db');
  const config = {
    env: 'development' as const,
    port: 0,
    databaseUrl: `sqlite:${databaseFile}`,
    logLevel: 'warn' as const,
    jwtSecret: randomBytes(32).toString('hex'),
  };
  const server = await createServer(config, { ports: defaultPorts(loadConfig({ NODE_ENV: 'development' })) });
  const transcripts: string[] = [];
  try {
    const baseUrl = await server.listen();
    print(`InterviewKit server on ${baseUrl} (SQLite ${databaseFile}, mock transcriber, offline questions)`);

    const client = new InterviewKitClient({ baseUrl });
    await client.register({ email: `candidate-${Date.now()}@example.com`, password: 'quickstart password', name: 'Demo Candidate' });
    const topic = options.topic ?? 'operating_systems';
    const { questions } = await client.technicalQuestions({ topic, count: 2 });
    const answers = candidateAnswers(questions);

    const live = client.live();
    live.on('transcription', (t) => printer.live(`    … ${t.text}`));
    live.on('final_transcription', (t) => {
      transcripts.push(t.text);
      print(`    ✔ ${t.text}${t.mock ? '   (mock transcript)' : ''}`);
    });
    live.on('long_pause', (p) => print(`    (long pause: ${p.duration.toFixed(1)} s)`));
    live.on('error', (e) => print(`    ! ${e.code}: ${e.message}`));

    const ack = await live.start({ session_type: 'technical', topic, questions, silence_timeout_ms: 0 });
    print(`Interview ${ack.session_id} started (use_mock: ${ack.use_mock})\n`);

    const spoken: QuickstartResult['answers'] = [];
    for (const [index, said] of answers.entries()) {
      const asked = await live.waitFor('question', { past: true, predicate: (q) => q.index === index, timeoutMs: 30_000 });
      print(`${questionLabel(index)}. ${asked.question.text}`);
      const audio = speak(said);
      spoken.push({ question: asked.question.text, said, audioSeconds: audio.seconds, source: audio.source });
      live.interviewerDone(index);
      // Mock transcription: the server releases these words as the voice in the audio arrives.
      live.mockScript(said);
      const started = performance.now();
      for (const [k, frame] of audio.frames.entries()) {
        live.sendAudio(frame);
        const due = started + ((k + 1) * 100) / speed;
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait);
      }
      const evaluated = live.waitFor('answer_evaluated', { past: true, predicate: (e) => e.index === index, timeoutMs: 30_000 });
      live.done();
      const e = await evaluated;
      print(
        `  score ${e.score ?? '—'} (${e.grade ?? 'unevaluated'}), similarity ${e.similarity?.toFixed(2) ?? '—'}, keywords ${e.matched_keywords.join(', ') || '—'}`,
      );
      if (e.missing_keywords.length) print(`  missing: ${e.missing_keywords.join(', ')}`);
      for (const s of e.suggestions.slice(0, 3)) print(`  tip: ${s.message}`);
      print('');
    }

    const result = await live.waitFor('interview_complete', { past: true, timeoutMs: 30_000 });
    live.close();
    print(`Interview complete: score ${result.score ?? '—'} (${result.grade ?? '—'}), ${result.duration} s`);
    if (result.summary) print(`Summary: ${result.summary.overall.headline}`);
    print('');
    print(formatMetricsTable(result.metrics));
    return { sessionId: ack.session_id, result, answers: spoken, transcripts };
  } finally {
    await server.close();
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  }
}
