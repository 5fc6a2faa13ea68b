// The platform baseline of the live-capacity benchmark: a bare `ws` server that speaks
// InterviewKit's live protocol to the same load generator and sends the same messages at the same
// moments — acks, a `question`, one `transcription` per word released by the audio (word k at the
// frame that brings the answer's audio to k × 400 ms, the mock transcriber's rule), then on
// `user_done_speaking` a `final_transcription`, `answer_complete`, `answer_evaluated`, `metrics`
// and the next `question` or `interview_complete`, with payloads shaped (and sized) like
// InterviewKit's — but does none of the work: no VAD, no transcription, no evaluation, no
// storage. It parses every frame as the real server must (JSON, PCM16 view). It is what one Node
// process can do with WebSockets carrying InterviewKit's traffic.
// Run as a child process: prints `{"port": n}` on stdout once listening.
import { createRequire } from 'node:module';

const require = createRequire(new URL('../../packages/server-fastify/package.json', import.meta.url));
const { WebSocketServer } = require('ws');

const FRAME_MS = 100;
const MS_PER_WORD = 400;

const SUGGESTIONS = [
  { code: 'too_short', message: 'Your answer had 14 words; develop it to at least 40–80 words with an explanation and an example.' },
  { code: 'off_topic', message: 'The answer drifted from the question. Restate it first, then address it directly: "Explain fork and exec in Unix.".' },
  { code: 'missing_keywords', message: 'Cover "copy", "copy-on-write", "returns twice", "replaces", "wait": they are central to this question.' },
];
const MASTERY = [
  { topic: 'operating_systems', concept: null, before: 0, after: 0.182 },
  { topic: 'operating_systems', concept: 'process creation', before: 0, after: 0.046 },
  { topic: 'operating_systems', concept: 'unix', before: 0, after: 0.046 },
];
const METRICS = {
  metrics_version: 1,
  session_duration: 30.3,
  effective_duration: 29.2,
  speaking_time: 24,
  silence_time: 5.2,
  forced_silence_time: 1.1,
  candidate_turn_time: 27.2,
  speaking_ratio: 0.822,
  total_words: 60,
  wpm: 150,
  wpm_reliable: true,
  articulation_rate: 2.5,
  pause_count: 0,
  avg_pause_duration: 0,
  long_pause_count: 0,
  pauses_over_250ms: 0,
  pauses_over_1s: 0,
  pauses_over_3s: 0,
  hesitation_rate: 0,
  mean_length_of_run: 20,
  phonation_ratio: 1,
  avg_response_latency: 0.41,
  fluency_score: 0.7,
  filler_count: 0,
  filler_rate: 0,
  repetition_count: 0,
  questions_asked: 3,
  questions_answered: 3,
  avg_semantic_similarity: 0.412,
  avg_keyword_coverage: 0.2,
  evaluation_failures: 0,
  pitch_mean: 180.2,
  pitch_std: 0,
  pitch_range: 0.1,
  pitch_stability: 100,
  per_question: [0, 1, 2].map((index) => ({
    index,
    answered: true,
    reason: 'manual',
    words: 20,
    speaking_time: 8,
    wpm: 150,
    wpm_reliable: true,
    response_latency: 0.41,
    pause_count: 0,
    long_pause_count: 0,
    semantic_similarity: 0.412,
    keyword_coverage: 0.2,
    evaluation_failed: false,
  })),
  analysis_valid: true,
};
const SUMMARY = {
  overall: {
    score: 41.2,
    grade: 'F',
    questions_answered: 3,
    total_questions: 3,
    completion_rate: 100,
    headline: 'Poor performance: 41.2/100 (grade F) with 3 of 3 questions answered.',
  },
  grade_counts: { A: 0, B: 0, C: 0, D: 0, F: 3 },
  strongest_areas: [],
  areas_for_improvement: [{ topic: 'operating_systems', average_score: 41.2, questions: 3 }],
  recommendations: ['Review process creation: fork copies the process, exec replaces its image.', 'Give an example in each answer.'],
  weakest_concepts: [{ topic: 'operating_systems', concept: 'process creation', mastery: 0.046 }],
  delivery: ['Speaking rate 150 words per minute: a comfortable pace.'],
  narrative: 'You answered every question. Develop each answer with an explanation and an example.',
  source: 'deterministic',
};

let nextSessionId = 0;

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: 1024 * 1024 });
wss.on('connection', (socket) => {
  let seq = 0;
  const s = { sessionId: 0, index: -1, total: 0, words: [], frames: 0, released: 0, answered: 0 };
  const send = (event, data) => socket.send(JSON.stringify({ event, data, seq: ++seq }));
  const ack = (id, data) => socket.send(JSON.stringify({ event: 'ack', ack: id, data }));
  const ask = (index) => {
    s.index = index;
    s.words = [];
    s.frames = 0;
    s.released = 0;
    send('question', {
      session_id: s.sessionId,
      index,
      total: s.total,
      question: {
        id: 'os-fork-exec',
        text: 'Explain fork and exec in Unix.',
        topic: 'operating_systems',
        difficulty: 'medium',
        kind: 'technical',
        hint: 'fork copies, exec replaces.',
      },
    });
  };
  const complete = (status) => {
    const data = {
      session_id: s.sessionId,
      status,
      reason: status,
      score: 41.2,
      grade: 'F',
      duration: 30,
      completed_at: new Date().toISOString(),
      analysis_valid: true,
      metrics: METRICS,
      summary: SUMMARY,
    };
    s.index = -1;
    return data;
  };
  socket.on('message', (raw, isBinary) => {
    const buf = Array.isArray(raw) ? Buffer.concat(raw) : Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
    if (isBinary) {
      // Parse the frame as the real server must (PCM16 view; copy when the buffer is unaligned).
      const aligned = buf.byteOffset % 2 === 0 ? buf : Buffer.from(buf);
      const pcm = new Int16Array(aligned.buffer, aligned.byteOffset, aligned.byteLength >> 1);
      if (s.index < 0 || pcm.length === 0) return;
      s.frames++;
      // Word k is released by the frame that brings the answer's audio to k × 400 ms.
      const words = Math.min(s.words.length, Math.floor((s.frames * FRAME_MS) / MS_PER_WORD));
      if (words > s.released) {
        s.released = words;
        send('transcription', { session_id: s.sessionId, index: s.index, text: s.words.slice(0, words).join(' '), mock: true });
      }
      return;
    }
    let message;
    try {
      message = JSON.parse(buf.toString('utf8'));
    } catch {
      socket.send(JSON.stringify({ event: 'error', data: { code: 'MALFORMED_JSON', message: 'The frame is not valid JSON' } }));
      return;
    }
    const data = message.data ?? {};
    switch (message.event) {
      case 'start_interview':
        s.sessionId = ++nextSessionId;
        s.total = data.question_count ?? 5;
        s.answered = 0;
        ack(message.ack, { status: 'started', message: 'Interview started successfully', use_mock: true, session_id: s.sessionId });
        ask(0);
        return;
      case 'mock_script':
        s.words = String(data.text ?? '')
          .split(/\s+/)
          .filter(Boolean);
        ack(message.ack, { status: 'ok' });
        return;
      case 'user_done_speaking': {
        if (s.index < 0) return;
        const text = s.words.slice(0, s.released).join(' ');
        const words = s.words.slice(0, s.released).map((w, i) => ({ text: w, start: i * MS_PER_WORD + 2, end: i * MS_PER_WORD + 342 }));
        send('final_transcription', { session_id: s.sessionId, index: s.index, text, answer: text, words, mock: true });
        send('answer_complete', { session_id: s.sessionId, index: s.index, reason: 'manual', text });
        send('answer_evaluated', {
          session_id: s.sessionId,
          index: s.index,
          evaluated: true,
          similarity: 0.412,
          keyword_coverage: 0.2,
          score: 41.2,
          grade: 'F',
          matched_keywords: ['fork'],
          missing_keywords: ['copy', 'copy-on-write', 'returns twice', 'replaces', 'wait'],
          suggestions: SUGGESTIONS,
          mastery_updates: MASTERY,
        });
        s.answered++;
        send('metrics', {
          session_id: s.sessionId,
          session_duration: 9.3 * s.answered,
          speaking_time: 8 * s.answered,
          speaking_ratio: 0.86,
          wpm: 150,
          wpm_reliable: true,
          long_pause_count: 0,
          pause_count: 0,
          fluency_score: 0.7,
          avg_response_latency: 0.41,
          questions_answered: s.answered,
          total_words: 20 * s.answered,
          filler_count: 0,
          speaking: false,
          current_silence: 0,
        });
        if (s.index + 1 < s.total) ask(s.index + 1);
        else send('interview_complete', complete('completed'));
        return;
      }
      case 'stop_interview': {
        const result = complete('stopped');
        send('interview_complete', result);
        if (message.ack !== undefined) ack(message.ack, result);
        return;
      }
      default:
        if (message.ack !== undefined) ack(message.ack, { status: 'ok' });
    }
  });
});
wss.on('listening', () => console.log(JSON.stringify({ port: wss.address().port })));
process.on('SIGTERM', () => {
  // ws 8 does not close open connections on wss.close(): end them first.
  for (const client of wss.clients) client.terminate();
  wss.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
});
