import {
  InterviewKitClient,
  InterviewKitError,
  listMicrophones,
  startMicrophone,
  type LiveInterview,
  type LiveInterviewEvents,
  type MicrophoneCapture,
} from '@interviewkit/client';
import { questionLabel, type ResearchMetrics, type SessionType } from '@interviewkit/core';
import { barChartSvg, esc, timelineSvg } from './charts';
import { questionExtraHtml, questionTextWithoutSnippet } from './question-extra';
import { buildTimeline } from './timeline';
import './style.css';

// ------------------------------------------------------------------ setup

/** The server: this page's origin (Vite proxies /api and /ws), or VITE_INTERVIEWKIT_URL (needs CORS_ORIGINS on the server). */
const baseUrl = (import.meta.env.VITE_INTERVIEWKIT_URL as string | undefined) ?? window.location.origin;
const TOKEN_KEY = 'interviewkit.token';
const client = new InterviewKitClient({ baseUrl, token: localStorage.getItem(TOKEN_KEY) });

function $<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from index.html`);
  return el as T;
}

const views = ['auth', 'setup', 'interview', 'report'] as const;
type View = (typeof views)[number];

function show(view: View): void {
  for (const v of views) $(`view-${v}`).hidden = v !== view;
  // History and mastery sit under the start form and the report.
  $('view-dashboard').hidden = !(view === 'setup' || view === 'report');
  $('account').hidden = view === 'auth';
}

function showError(error: unknown): void {
  const el = $('error');
  if (error === null) {
    el.hidden = true;
    return;
  }
  el.textContent = InterviewKitError.isInstance(error) ? `${error.message} (${error.code})` : error instanceof Error ? error.message : String(error);
  el.hidden = false;
}

/** Runs an async UI action: errors go to the alert line, the button is disabled meanwhile. */
function action(button: HTMLButtonElement | null, fn: () => Promise<void>): () => void {
  return () => {
    showError(null);
    if (button) button.disabled = true;
    fn()
      .catch(showError)
      .finally(() => {
        if (button) button.disabled = false;
      });
  };
}

const pct = (x: number | null | undefined): string => (x === null || x === undefined ? '–' : `${Math.round(x * 100)} %`);
const num = (x: number | null | undefined, digits = 0): string => (x === null || x === undefined ? '–' : x.toFixed(digits));
const secs = (s: number): string => (s >= 60 ? `${Math.floor(s / 60)} min ${Math.round(s % 60)} s` : `${Math.round(s)} s`);

// ------------------------------------------------------------------ sign in

async function signedIn(email: string): Promise<void> {
  localStorage.setItem(TOKEN_KEY, client.token ?? '');
  $('account-email').textContent = email;
  show('setup');
  await refreshDashboard();
}

function credentials(): { email: string; password: string } | null {
  const form = $<HTMLFormElement>('auth-form');
  if (!form.reportValidity()) return null;
  return { email: $<HTMLInputElement>('email').value.trim(), password: $<HTMLInputElement>('password').value };
}

$('auth-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const c = credentials();
  if (c)
    action($<HTMLButtonElement>('login'), async () => {
      const { user } = await client.login(c);
      await signedIn(user.email);
    })();
});

$('register').addEventListener(
  'click',
  action($<HTMLButtonElement>('register'), async () => {
    const c = credentials();
    if (!c) return;
    const { user } = await client.register(c);
    await signedIn(user.email);
  }),
);

$('logout').addEventListener('click', () => {
  live?.close();
  client.setToken(null);
  localStorage.removeItem(TOKEN_KEY);
  show('auth');
});

// ------------------------------------------------------------------ history and mastery

async function refreshDashboard(): Promise<void> {
  const [page, mastery] = await Promise.all([client.listSessions({ limit: 20 }), client.mastery()]);
  const body = $('history').querySelector('tbody')!;
  body.replaceChildren();
  for (const s of page.sessions) {
    const row = document.createElement('tr');
    row.dataset.sessionId = String(s.id);
    row.innerHTML = `<td>${esc(new Date(s.created_at).toLocaleString())}</td><td>${esc(s.session_type)}</td><td>${esc(s.topic ?? '–')}</td><td><span class="status ${esc(s.status)}">${esc(s.status)}</span></td><td>${s.score === null ? '–' : esc(s.score.toFixed(1))}</td><td>${esc(secs(s.duration))}</td><td></td>`;
    if (s.status !== 'live') {
      const open = document.createElement('button');
      open.type = 'button';
      open.className = 'link';
      open.textContent = 'Report';
      open.addEventListener(
        'click',
        action(open, () => showReport(s.id)),
      );
      row.lastElementChild!.append(open);
    }
    body.append(row);
  }
  $('history-empty').hidden = page.sessions.length > 0;

  const list = $('mastery');
  list.replaceChildren();
  for (const t of [...mastery.topics].sort((a, b) => b.mastery_level - a.mastery_level)) {
    const item = document.createElement('li');
    item.dataset.topic = t.topic;
    const weak = t.weak_concepts.length ? `<div class="muted">Practise: ${t.weak_concepts.map(esc).join(', ')}</div>` : '';
    const velocity = t.learning_velocity === null ? '' : ` · ${t.learning_velocity >= 0 ? '+' : ''}${t.learning_velocity.toFixed(1)} pts/answer`;
    item.innerHTML = `<div class="row spread"><strong>${esc(t.topic)}</strong><span>${pct(t.mastery_level)}</span></div><meter min="0" max="1" value="${t.mastery_level}" aria-label="${esc(t.topic)} mastery"></meter><div class="muted">${t.attempts} answers${esc(velocity)}</div>${weak}`;
    list.append(item);
  }
  $('mastery-overall').textContent = mastery.topics.length
    ? `Average mastery ${pct(mastery.overall.avg_mastery)} over ${mastery.overall.total_questions} answered questions.`
    : 'Answer some questions to build your mastery profile.';
}

// ------------------------------------------------------------------ the live interview

let live: LiveInterview | null = null;
let capture: MicrophoneCapture | null = null;
let testCapture: MicrophoneCapture | null = null;
let useMock = false;
let currentIndex: number | null = null;
let sessionId: number | null = null;

const recordButton = $<HTMLButtonElement>('record');
const doneButton = $<HTMLButtonElement>('done');
const typedButton = $<HTMLButtonElement>('send-typed');

function setTurn(open: boolean): void {
  recordButton.disabled = !open || capture !== null;
  doneButton.disabled = !open;
  typedButton.disabled = !open;
}

function setTranscript(final: string, partial = ''): void {
  const el = $('transcript');
  el.querySelector('.final')!.textContent = final;
  el.querySelector('.partial')!.textContent = partial;
}

function notice(text: string): void {
  $('notice').textContent = text;
}

function updateLevel(dbfs: number): void {
  const v = Math.max(-60, Math.min(0, dbfs));
  $<HTMLMeterElement>('level').value = v;
  $('level-text').textContent = `${Number.isFinite(dbfs) ? dbfs.toFixed(0) : '-∞'} dBFS`;
}

async function refreshMicrophones(): Promise<void> {
  const select = $<HTMLSelectElement>('mic-select');
  const chosen = select.value;
  const mics = await listMicrophones().catch(() => []);
  select.replaceChildren(
    new Option('Default microphone', ''),
    ...mics.filter((m) => m.deviceId && m.deviceId !== 'default').map((m) => new Option(m.label, m.deviceId)),
  );
  if ([...select.options].some((o) => o.value === chosen)) select.value = chosen;
}

async function stopCapture(): Promise<void> {
  const c = capture;
  capture = null;
  if (c) await c.stop();
  recordButton.classList.remove('recording');
  updateLevel(-Infinity);
}

async function stopTestCapture(): Promise<void> {
  const c = testCapture;
  testCapture = null;
  $('mic-test').textContent = 'Test microphone';
  if (c) await c.stop();
  updateLevel(-Infinity);
}

/** Whether any speech was measured: typed answers have no speaking time, words or pauses. */
const speechMeasured = (m: { speaking_time: number; total_words: number }): boolean => m.speaking_time > 0 || m.total_words > 0;

function renderLiveMetrics(m: LiveInterviewEvents['metrics']): void {
  const measured = speechMeasured(m);
  const unreliable = measured && !m.wpm_reliable;
  const values: Record<string, string> = measured
    ? {
        wpm: unreliable ? `${num(m.wpm)}*` : num(m.wpm),
        speaking_ratio: pct(m.speaking_ratio),
        pause_count: String(m.pause_count),
        long_pause_count: String(m.long_pause_count),
        fluency_score: pct(m.fluency_score),
        total_words: String(m.total_words),
      }
    : {};
  values.speaking = m.speaking ? 'speaking' : m.current_silence > 0 ? `silent ${m.current_silence.toFixed(1)} s` : 'listening';
  for (const dd of $('live-metrics').querySelectorAll<HTMLElement>('dd[data-metric]')) dd.textContent = values[dd.dataset.metric!] ?? '–';
  $('live-wpm-note').hidden = !unreliable;
  $('live-metrics-note').hidden = measured || m.questions_answered === 0;
}

function renderFeedback(e: LiveInterviewEvents['answer_evaluated'], question: string): void {
  const item = document.createElement('li');
  item.className = 'feedback-item';
  item.dataset.index = String(e.index);
  const chips = (words: string[], cls: string): string =>
    words.map((w) => `<span class="chip ${cls}">${esc(w)}</span>`).join(' ') || '<span class="muted">none</span>';
  item.innerHTML = e.evaluated
    ? `<div class="row spread"><strong>${questionLabel(e.index)}. ${esc(question)}</strong><span class="score grade-${esc(e.grade ?? '')}">${esc(num(e.score, 1))} / 100 · ${esc(e.grade ?? '')}</span></div>
       <div>Matched: ${chips(e.matched_keywords, 'ok')}</div>
       <div>Missing: ${chips(e.missing_keywords, 'miss')}</div>
       <ul class="suggestions">${e.suggestions.map((s) => `<li>${esc(s.message)}</li>`).join('')}</ul>`
    : `<strong>${questionLabel(e.index)}. ${esc(question)}</strong> <span class="muted">not evaluated${e.error ? `: ${esc(e.error.message)}` : ''}</span>`;
  $('feedback').append(item);
  if (evaluating === e.index) setEvaluating(null);
}

/** The question whose answer is being evaluated: a status line with a spinner, announced politely. */
let evaluating: number | null = null;
function setEvaluating(index: number | null): void {
  evaluating = index;
  const status = $('evaluating');
  status.textContent = index === null ? '' : `Evaluating your answer to ${questionLabel(index)}…`;
  status.classList.toggle('busy', index !== null);
  $('feedback').setAttribute('aria-busy', String(index !== null));
}

const questions = new Map<number, string>();

function bindLive(l: LiveInterview): void {
  l.on('question', (q) => {
    currentIndex = q.index;
    questions.set(q.index, q.question.text);
    $('question-progress').textContent = q.total ? `Question ${q.index + 1} of ${q.total}` : `Question ${q.index + 1}`;
    $('question-text').textContent = questionTextWithoutSnippet(q.question.text, q.question.extra);
    $('question-hint').hidden = !q.question.hint;
    $('question-hint').textContent = q.question.hint ? `Hint: ${q.question.hint}` : '';
    // Sample tables as tables and code as code (a coding challenge's extra used to be one raw JSON line).
    const extra = questionExtraHtml(q.question.extra);
    $('question-extra').hidden = extra === null;
    $('question-extra').innerHTML = extra ?? '';
    setTranscript('');
    $<HTMLTextAreaElement>('typed-answer').value = '';
    // With text-to-speech on the server the interviewer reads the question; the candidate's turn
    // (the latency reference) starts when the audio ends. Otherwise it starts now.
    let started = false;
    const startTurn = (): void => {
      if (started) return;
      started = true;
      notice(q.note ?? 'Your turn: record or type your answer.');
      l.interviewerDone(q.index);
      setTurn(true);
    };
    if (!q.audio_url) return startTurn();
    notice('The interviewer is reading the question…');
    void client
      .questionAudio(q.audio_url)
      .then(async ({ data, contentType }) => {
        const url = URL.createObjectURL(new Blob([data], { type: contentType }));
        const audio = new Audio(url);
        audio.onended = audio.onerror = () => {
          URL.revokeObjectURL(url);
          startTurn();
        };
        await audio.play();
      })
      .catch(() => startTurn());
  });
  l.on('transcription', (t) => {
    if (t.index === currentIndex) setTranscript($('transcript').querySelector('.final')!.textContent ?? '', t.text);
  });
  l.on('final_transcription', (t) => {
    if (t.index === currentIndex) setTranscript(t.answer);
  });
  l.on('answer_complete', (a) => {
    if (a.index === currentIndex) {
      setTurn(false);
      setTranscript(a.text);
      notice(a.reason === 'silence_timeout' ? 'Answer submitted after the silence timeout.' : 'Answer submitted.');
      setEvaluating(a.index);
      void stopCapture();
    }
  });
  l.on('answer_evaluated', (e) => renderFeedback(e, questions.get(e.index) ?? ''));
  l.on('metrics', renderLiveMetrics);
  l.on('long_pause', (p) => notice(`Long pause: ${p.duration.toFixed(0)} s of silence.`));
  l.on('provider_fallback', (f) => {
    useMock = true;
    updateTranscriberBadge();
    notice(`Speech-to-text fell back to ${f.to}: ${f.message}`);
  });
  l.on('reconnecting', (r) => notice(`Connection lost — reconnecting (attempt ${r.attempt})…`));
  l.on('reconnected', () => notice('Reconnected; the interview continues.'));
  l.on('error', (e) => showError(new InterviewKitError('INTERNAL', e.message)));
  l.on('interview_complete', (r) => {
    // After the last answer the server ends the interview; a Stop press finishes it itself.
    if (!stopping) void finishInterview(r.session_id);
  });
  l.on('close', (c) => {
    if (live === l && !l.result) showError(`The connection closed (${c.reason || c.code}).`);
  });
}

function updateTranscriberBadge(): void {
  const badge = $('transcriber-badge');
  badge.hidden = false;
  badge.textContent = useMock ? 'mock transcriber' : 'live speech-to-text';
  $('script-field').hidden = !useMock;
}

let stopping = false;
let finishing: Promise<void> | null = null;
function finishInterview(id: number): Promise<void> {
  finishing ??= (async () => {
    setTurn(false);
    await stopCapture();
    await stopTestCapture();
    live?.close();
    live = null;
    await showReport(id);
  })().finally(() => {
    finishing = null;
  });
  return finishing;
}

$('setup-form').addEventListener('submit', (event) => {
  event.preventDefault();
  action($<HTMLButtonElement>('start'), async () => {
    const type = $<HTMLSelectElement>('session-type').value as SessionType;
    const count = Number($<HTMLInputElement>('question-count').value) || 3;
    live?.close();
    live = client.live();
    bindLive(live);
    questions.clear();
    currentIndex = null;
    setEvaluating(null);
    $('feedback').replaceChildren();
    setTranscript('');
    renderLiveMetrics({
      session_id: 0,
      session_duration: 0,
      speaking_time: 0,
      speaking_ratio: 0,
      wpm: 0,
      wpm_reliable: false,
      long_pause_count: 0,
      pause_count: 0,
      fluency_score: 0,
      avg_response_latency: 0,
      questions_answered: 0,
      total_words: 0,
      filler_count: 0,
      speaking: false,
      current_silence: 0,
    });
    $('question-progress').textContent = 'Starting…';
    $('question-text').textContent = '';
    setTurn(false);
    show('interview');
    try {
      const ack = await live.start({
        session_type: type,
        ...(type === 'technical' ? { topic: $<HTMLSelectElement>('topic').value } : {}),
        question_count: Math.min(10, Math.max(1, count)),
        difficulty: $<HTMLSelectElement>('difficulty').value as 'easy' | 'medium' | 'hard',
        silence_timeout_ms: Number($<HTMLSelectElement>('submit-mode').value),
      });
      sessionId = ack.session_id;
      useMock = ack.use_mock;
      updateTranscriberBadge();
      void refreshMicrophones();
    } catch (error) {
      live?.close();
      live = null;
      show('setup');
      throw error;
    }
  })();
});

recordButton.addEventListener(
  'click',
  action(null, async () => {
    const l = live;
    if (!l || capture) return;
    recordButton.disabled = true;
    await stopTestCapture();
    const script = $<HTMLTextAreaElement>('practice-script').value.trim();
    // Mock transcriber: say what you are about to say; the words appear as your voice is heard.
    if (useMock && script) l.mockScript(script);
    const deviceId = $<HTMLSelectElement>('mic-select').value;
    try {
      capture = await startMicrophone({
        ...(deviceId ? { deviceId } : {}),
        onFrame: (frame) => {
          if (live === l && l.state !== 'closed') l.sendAudio(frame);
        },
        onLevel: ({ dbfs }) => updateLevel(dbfs),
      });
    } catch (error) {
      recordButton.disabled = false;
      throw error;
    }
    recordButton.classList.add('recording');
    notice(`Recording from “${capture.label}”. Press Done when you have finished.`);
    void refreshMicrophones();
  }),
);

doneButton.addEventListener(
  'click',
  action(null, async () => {
    const l = live;
    if (!l) return;
    doneButton.disabled = true;
    await stopCapture();
    l.done();
    notice('Submitting your answer…');
  }),
);

typedButton.addEventListener(
  'click',
  action(null, async () => {
    const l = live;
    const text = $<HTMLTextAreaElement>('typed-answer').value.trim();
    if (!l) return;
    if (!text) throw new Error('Type an answer first.');
    setTurn(false);
    await stopCapture();
    try {
      await l.answerText(text);
    } catch (error) {
      setTurn(true);
      throw error;
    }
  }),
);

$('mic-test').addEventListener(
  'click',
  action(null, async () => {
    if (testCapture) return stopTestCapture();
    if (capture) return;
    const deviceId = $<HTMLSelectElement>('mic-select').value;
    testCapture = await startMicrophone({ ...(deviceId ? { deviceId } : {}), onFrame: () => undefined, onLevel: ({ dbfs }) => updateLevel(dbfs) });
    $('mic-test').textContent = 'Stop test';
    await refreshMicrophones();
  }),
);

$('stop').addEventListener(
  'click',
  action($<HTMLButtonElement>('stop'), async () => {
    const l = live;
    if (!l) return show('setup');
    stopping = true;
    try {
      await stopCapture();
      const result = await l.stop();
      await finishInterview(result.session_id);
    } finally {
      stopping = false;
    }
  }),
);

// ------------------------------------------------------------------ the report

function metricTiles(m: ResearchMetrics, typedOnly: boolean): string {
  if (!speechMeasured(m)) {
    // Typed answers have no voice to measure: no rate, pauses, fluency or latency — not zeros.
    const why = typedOnly ? 'typed answers' : 'no speech was heard';
    return `<div class="not-measured"><dt>Speech metrics</dt><dd>not measured — ${why}</dd></div><div><dt>Questions answered</dt><dd>${m.questions_answered}</dd></div>`;
  }
  const tiles: Array<[string, string]> = [
    ['Words per minute', `${num(m.wpm)}${m.wpm_reliable ? '' : '*'}`],
    ['Speaking ratio', pct(m.speaking_ratio)],
    ['Speaking time', secs(m.speaking_time)],
    ['Pauses', String(m.pause_count)],
    ['Average pause', `${num(m.avg_pause_duration, 1)} s`],
    ['Long pauses', String(m.long_pause_count)],
    ['Fluency', pct(m.fluency_score)],
    ['Response latency', `${num(m.avg_response_latency, 1)} s`],
    ['Fillers', String(m.filler_count)],
    ['Total words', String(m.total_words)],
  ];
  return tiles.map(([k, v]) => `<div><dt>${esc(k)}</dt><dd>${esc(v)}</dd></div>`).join('');
}

async function showReport(id: number): Promise<void> {
  const [{ session }, log] = await Promise.all([client.session(id), client.sessionEvents(id)]);
  const metrics = log.metrics ?? session.speech_metrics;
  $('report-title').textContent = `Session report — ${session.session_type}${session.topic ? ` · ${session.topic}` : ''}`;
  const answered = session.answers.filter((a) => a.answer.trim().length > 0).length;
  const typedOnly = session.answers.length > 0 && session.answers.every((a) => a.reason === 'text' || a.answer.trim() === '');
  $('report-summary').innerHTML = `
    <div class="big-score"><span id="report-score">${session.score === null ? '–' : esc(session.score.toFixed(1))}</span><small>/ 100</small></div>
    <div>
      <div><strong>${esc(session.feedback?.overall.grade ? `Grade ${session.feedback.overall.grade}` : session.status)}</strong> · ${esc(session.status)} · ${esc(secs(session.duration))} · ${answered} of ${session.questions_count} questions answered${session.use_mock ? ' · mock transcription' : ''}</div>
      <p>${esc(session.feedback?.overall.headline ?? '')}</p>
    </div>`;

  $('report-timeline').innerHTML = timelineSvg(buildTimeline(log.events));

  const perQuestion = metrics?.per_question ?? [];
  const indexes = session.questions.map((_, i) => i);
  $('report-wpm').innerHTML =
    metrics && speechMeasured(metrics)
      ? barChartSvg(
          'Words per minute by question',
          indexes.map((i) => {
            const q = perQuestion.find((p) => p.index === i);
            return { label: questionLabel(i), value: q && q.speaking_time > 0 ? q.wpm : null };
          }),
          { unit: ' wpm', reference: metrics.wpm > 0 ? { value: metrics.wpm, label: `session ${num(metrics.wpm)} wpm` } : null, className: 'wpm' },
        )
      : `<p class="muted chart-note">Words per minute by question: not measured — ${typedOnly ? 'typed answers' : 'no speech was heard'}.</p>`;
  $('report-scores').innerHTML = barChartSvg(
    'Score by question',
    indexes.map((i) => ({ label: questionLabel(i), value: session.answers.find((a) => a.index === i)?.evaluation?.score ?? null })),
    {
      max: 100,
      unit: ' / 100',
      reference: session.score === null ? null : { value: session.score, label: `average ${session.score.toFixed(1)}` },
      className: 'scores',
    },
  );

  $('report-metrics').innerHTML = metrics ? metricTiles(metrics, typedOnly) : '';
  $('report-wpm-note').hidden = !metrics || !speechMeasured(metrics) || metrics.wpm_reliable;
  const fb = session.feedback;
  // The summary repeats its first delivery note among the recommendations: show each tip once.
  const delivery = fb ? fb.delivery.filter((d) => !fb.recommendations.includes(d)) : [];
  $('report-feedback').innerHTML = fb
    ? `${fb.recommendations.length ? `<h3>Recommendations</h3><ul>${fb.recommendations.map((r) => `<li>${esc(r)}</li>`).join('')}</ul>` : ''}
       ${delivery.length ? `<h3>Delivery</h3><ul>${delivery.map((r) => `<li>${esc(r)}</li>`).join('')}</ul>` : ''}`
    : '';
  $('report-answers-title').hidden = session.answers.length === 0;
  $('report-answers').innerHTML = session.answers
    .map(
      (a) => `<li><strong>${questionLabel(a.index)}. ${esc(a.question)}</strong>
        <div class="muted">${a.reason === 'text' ? 'typed' : a.reason === 'stopped' ? 'stopped' : 'spoken'} · ${a.evaluation ? `${esc(a.evaluation.score.toFixed(1))} / 100 (${esc(a.evaluation.grade)})` : 'not evaluated'}</div>
        <blockquote>${esc(a.answer || '(no answer)')}</blockquote></li>`,
    )
    .join('');
  sessionId = id;
  show('report');
  await refreshDashboard();
}

$('new-interview').addEventListener('click', () => {
  show('setup');
  void refreshDashboard().catch(showError);
});

// Topic only applies to technical interviews.
const typeSelect = $<HTMLSelectElement>('session-type');
typeSelect.addEventListener('change', () => {
  $('topic-field').hidden = typeSelect.value !== 'technical';
});

// ------------------------------------------------------------------ start

async function boot(): Promise<void> {
  if (client.token) {
    try {
      const { user } = await client.me();
      await signedIn(user.email);
      return;
    } catch {
      client.setToken(null);
      localStorage.removeItem(TOKEN_KEY);
    }
  }
  show('auth');
}

void boot();
// For debugging in the console.
Object.assign(window, {
  interviewKit: {
    client,
    get live() {
      return live;
    },
    get sessionId() {
      return sessionId;
    },
  },
});
