import { type AnswerEvaluation, createQueueQuestionSource, type Evaluator, InterviewEngine, type IngestableEvent, type SessionEvent } from '@interviewkit/core';
import { FakeClock } from '@interviewkit/core/testing';
import { describe, expect, it } from 'vitest';
import { pcm16Bytes } from '../audio/pcm';
import { acPower, mixAtSnr, pinkNoise, roomTone, whiteNoise } from '../testing/noise';
import { concatSamples, hasSpeechTools, silence, synthesizeSpeech } from '../testing/speech-audio';
import { type StreamingTranscriber, TranscriberListeners } from '../transcription/streaming-transcriber';
import { LiveAudioPipeline } from './live-audio-pipeline';

const tools = hasSpeechTools();

/** A recognizer that, like a real one, sends a partial every 100 ms of audio and a final on flush. */
class PartialEvery100Ms implements StreamingTranscriber {
  readonly provider = 'test-partials';
  readonly mock = false;
  private readonly listeners = new TranscriberListeners();
  private samples = 0;
  private words = 0;
  start(): Promise<void> {
    return Promise.resolve();
  }
  sendAudio(samples: Int16Array): void {
    const before = Math.floor(this.samples / 1600);
    this.samples += samples.length;
    for (let k = before; k < Math.floor(this.samples / 1600); k++) this.listeners.emit({ type: 'partial', text: `word${++this.words}`, words: [] });
  }
  flush(): Promise<void> {
    this.listeners.emit({ type: 'final', text: `final after ${this.words} partials`, words: [], endOfTurn: true });
    return Promise.resolve();
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
  onEvent(listener: Parameters<StreamingTranscriber['onEvent']>[0]): () => void {
    return this.listeners.add(listener);
  }
}

const evaluator: Evaluator = {
  id: 'test',
  evaluate: (): Promise<AnswerEvaluation> =>
    Promise.resolve({
      similarity: 0.5,
      keywordCoverage: 0,
      matchedKeywords: [],
      missingKeywords: [],
      suggestions: [],
      concepts: [],
      score: 50,
      grade: 'C',
      evaluator: 'test@1',
      offline: true,
    }),
};

const LEAD_MS = 660;
const GAPS_MS = [1500, 800, 6440];
const SENTENCES = [
  'A deadlock happens when two threads wait for each other forever.',
  'Each thread holds one lock.',
  'You prevent it by always taking locks in the same order.',
  'A timeout is another safeguard.',
];

type Boundary = { type: 'speech_start' | 'speech_end'; t: number };
const boundaries = (list: readonly { type: string; t: number }[]): Boundary[] =>
  list.filter((e): e is Boundary => e.type === 'speech_start' || e.type === 'speech_end').map((e) => ({ type: e.type, t: e.t }));
const pausesOf = (b: Boundary[]): number[] => b.flatMap((e, i) => (e.type === 'speech_start' && i > 0 ? [e.t - b[i - 1]!.t] : []));

/**
 * One answer through the real engine and pipeline on a fake clock: the question plays for 2 s,
 * the client waits `sendPauseMs` before its first frame, then streams `chunkMs` frames in real
 * time, with a pause in sending of `midPauseMs` inside the second gap of the audio.
 */
async function interview(
  audio: Int16Array,
  pauseAtMs: number,
  options: { chunkMs: number; sendPauseMs: number; midPauseMs: number; stamped: boolean; preRollMs?: number },
) {
  const clock = new FakeClock(0);
  const log: SessionEvent[] = [];
  const fromPipeline: IngestableEvent[] = [];
  let pipeline: LiveAudioPipeline | null = null;
  const engine: InterviewEngine = new InterviewEngine({
    sessionId: 1,
    sessionType: 'technical',
    questionSource: createQueueQuestionSource([{ id: 'q1', text: 'What is a deadlock?', referenceAnswer: 'Threads waiting on each other forever.' }]),
    evaluator,
    scheduler: clock,
    silenceTimeoutMs: 0,
    onEvent: (event) => log.push(event),
    onMessage: () => undefined,
    flushTranscript: (): Promise<void> => pipeline!.flush(),
  });
  pipeline = new LiveAudioPipeline({
    transcriber: new PartialEvery100Ms(),
    pitch: false,
    target: {
      now: (): number => engine.now(),
      ingest: (event) => {
        fromPipeline.push(event);
        engine.ingest(event);
      },
      advance: (t) => engine.advanceAudio(t),
      onError: (error) => {
        throw error;
      },
    },
  });
  await engine.start();
  // An always-on microphone sends the room while the question plays, then stops until the answer.
  const preRoll = options.preRollMs ?? 0;
  clock.advance(2000 - preRoll);
  for (let sent = 0; sent < preRoll; sent += options.chunkMs) {
    const at = engine.now();
    clock.advance(options.chunkMs);
    pipeline.push(pcm16Bytes(silence(options.chunkMs)), options.stamped ? at : undefined);
  }
  const questionEnd = engine.now();
  engine.interviewerDone(0, options.stamped ? questionEnd : undefined);
  clock.advance(options.sendPauseMs);
  let captured = questionEnd + options.sendPauseMs; // capture clock = session clock here
  const chunk = options.chunkMs * 16;
  let paused = false;
  for (let i = 0; i < audio.length; i += chunk) {
    const part = audio.slice(i, i + chunk);
    if (!paused && i / 16 >= pauseAtMs) {
      paused = true;
      clock.advance(options.midPauseMs);
      captured += options.midPauseMs;
    }
    clock.advance(part.length / 16); // the frame arrives once it has been captured
    pipeline.push(pcm16Bytes(part), options.stamped ? captured : undefined);
    captured += part.length / 16;
  }
  await engine.submit();
  const result = await engine.stop();
  return { log, fromPipeline, result, questionEnd, lateBoundaries: engine.lateBoundaries };
}

describe.skipIf(!tools)('one timeline: the engine log keeps the pipeline boundaries (partials every 100 ms, send gaps)', () => {
  const sentences = tools ? SENTENCES.map((s) => synthesizeSpeech(s)) : [];
  const parts: Int16Array[] = [silence(LEAD_MS)];
  sentences.forEach((s, i) => {
    parts.push(s);
    if (i < GAPS_MS.length) parts.push(silence(GAPS_MS[i]!));
  });
  parts.push(silence(400));
  const audio = tools ? concatSamples(parts) : new Int16Array(0);
  // The send pause falls in the middle of the second gap of the audio.
  const pauseAtMs = tools ? LEAD_MS + (sentences[0]!.length + sentences[1]!.length) / 16 + GAPS_MS[0]! + GAPS_MS[1]! / 2 : 0;

  const cases = [
    ...[20, 50, 100].flatMap((chunkMs) => [false, true].map((stamped) => ({ chunkMs, stamped, sendPauseMs: 340, preRollMs: 0 }))),
    // Audio flowed before the answer, then 1.5 s without frames: the late first frame is held until jitter and a pause can be told apart.
    ...[false, true].map((stamped) => ({ chunkMs: 50, stamped, sendPauseMs: 1500, preRollMs: 1000 })),
  ];
  it.each(cases)(
    '$chunkMs ms chunks, capture times $stamped, $sendPauseMs ms without frames before the answer',
    async ({ chunkMs, stamped, sendPauseMs, preRollMs }) => {
      const midPauseMs = 400;
      const run = await interview(audio, pauseAtMs, { chunkMs, sendPauseMs, midPauseMs, stamped, preRollMs });
      const inLog = boundaries(run.log);
      const own = boundaries(run.fromPipeline);
      expect(inLog.map((b) => b.type)).toEqual(own.map((b) => b.type));
      const drift = Math.max(...inLog.map((b, i) => Math.abs(b.t - own[i]!.t)));
      expect(drift).toBeLessThanOrEqual(20);
      expect(run.lateBoundaries).toBe(0);
      // Against the truth: latency = the pause in sending + the leading silence; the second gap grew by the mid pause.
      const q = run.result.metrics.per_question[0]!;
      const truthLatency = (sendPauseMs + LEAD_MS) / 1000;
      const pauses = pausesOf(inLog);
      const truthPauses = [GAPS_MS[0]!, GAPS_MS[1]! + midPauseMs, GAPS_MS[2]!];
      console.log(JSON.stringify({ chunkMs, stamped, drift, latency: q.response_latency, truthLatency, pauses, truthPauses }));
      expect(Math.abs(q.response_latency! - truthLatency)).toBeLessThanOrEqual(0.05);
      expect(pauses).toHaveLength(truthPauses.length);
      pauses.forEach((p, i) => expect(Math.abs(p - truthPauses[i]!)).toBeLessThanOrEqual(20));
      expect(run.result.metrics.long_pause_count).toBe(1);
    },
  );

  it.each([
    ['white', 10],
    ['pink', 10],
    ['white', 15],
    ['pink', 20],
  ] as const)('logs every boundary in place in %s noise at %i dB SNR (bridged dips decide an end long after it)', async (kind, snrDb) => {
    // In noise the VAD bridges dips (up to maxBridgeMs without a strong frame), so an end can be
    // decided up to ~800 ms after the audio it marks: the watermark must wait for it.
    let speechPower = 0;
    for (const s of sentences) speechPower += acPower(s) * s.length;
    speechPower /= sentences.reduce((n, s) => n + s.length, 0);
    const noise = (kind === 'white' ? whiteNoise : pinkNoise)(audio.length, 7);
    const noisy = mixAtSnr(audio, noise, snrDb, speechPower);
    const room = mixAtSnr(roomTone(16_000, -60), (kind === 'white' ? whiteNoise : pinkNoise)(16_000, 8), snrDb, speechPower);
    const run = await interview(concatSamples([room, noisy]), pauseAtMs + 1000, { chunkMs: 20, sendPauseMs: 0, midPauseMs: 0, stamped: true });
    expect(boundaries(run.log)).toEqual(boundaries(run.fromPipeline));
    expect(run.lateBoundaries).toBe(0);
  });

  it('gives the same log boundaries for 20, 50 and 100 ms chunks', async () => {
    const runs = await Promise.all([20, 50, 100].map((chunkMs) => interview(audio, pauseAtMs, { chunkMs, sendPauseMs: 340, midPauseMs: 400, stamped: true })));
    const rel = (r: (typeof runs)[number]) => boundaries(r.log).map((b) => b.t - r.questionEnd);
    expect(rel(runs[1]!)).toEqual(rel(runs[0]!));
    expect(rel(runs[2]!)).toEqual(rel(runs[0]!));
  });

  it.each([20, 100])('keeps a stream that opens mid-speech: the first start at the first sound, no late boundary (%i ms chunks)', async (chunkMs) => {
    // The answer's first frame is already speech (the candidate talks as the microphone opens): the
    // VAD holds its decision until a pause shows the room, and the watermark waits at the stream's start.
    const opening = concatSamples([sentences[0]!, silence(GAPS_MS[0]!), sentences[1]!, silence(400)]);
    const pauseAt = sentences[0]!.length / 16 + GAPS_MS[0]! / 2;
    const run = await interview(opening, pauseAt, { chunkMs, sendPauseMs: 340, midPauseMs: 0, stamped: true });
    const inLog = boundaries(run.log);
    expect(inLog).toEqual(boundaries(run.fromPipeline));
    expect(inLog[0]!.type).toBe('speech_start');
    expect(inLog[0]!.t - (run.questionEnd + 340)).toBeLessThanOrEqual(100);
    expect(run.lateBoundaries).toBe(0);
    // With no room before the speech, the quietest stretch is a pause inside the first sentence:
    // espeak's short (< 300 ms, not core pauses) word gaps now split segments; the real gap is kept.
    const pauses = pausesOf(inLog).filter((p) => p > 300);
    expect(pauses).toHaveLength(1);
    expect(Math.abs(pauses[0]! - GAPS_MS[0]!)).toBeLessThanOrEqual(20);
  });
});
