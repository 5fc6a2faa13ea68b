// Benchmarks of the concept evaluator: evaluations per second on 300-word answers (target
// ≥ 5,000/s on one core), per CPU-second as well (less sensitive to a shared machine), start-up
// (first evaluation: wink-nlp model, WordNet index, question model) and resident memory, and the
// share of the time wink-nlp's tokenizer alone takes (where the time goes).
import { QuestionSchema } from '@interviewkit/core';
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import { createConceptEvaluator } from '../dist/index.js';

const emit = (name, value, unit, target, note) => console.log(JSON.stringify({ name, value, unit, ...(target ? { target } : {}), ...(note ? { note } : {}) }));

const question = QuestionSchema.parse({
  id: 'bench-isolation-levels',
  text: 'What problems do transaction isolation levels prevent, and what does each level cost?',
  topic: 'dbms',
  referenceAnswer:
    'Isolation levels trade consistency for concurrency. Read uncommitted allows dirty reads of data another transaction has not committed. Read committed prevents dirty reads but a row read twice can change in between, a non-repeatable read. Repeatable read keeps rows stable once read, though new rows matching a query can appear, a phantom read. Serializable prevents all of these, as if transactions ran one after another, at the cost of more locking or aborted transactions that must be retried. Most databases implement the weaker levels with MVCC snapshots, so readers do not block writers.',
  expectedKeywords: ['dirty read', 'non-repeatable read', 'phantom', 'serializable', 'MVCC'],
  concepts: ['isolation levels trade consistency for concurrency', 'serializable costs locking or retries'],
});

// 300-word answers in sentences, varied so no cache of the answer text can help.
const sentences = [
  'Read committed stops you from seeing data that another transaction has not committed yet.',
  'With repeatable read the rows you already read stay the same until you commit.',
  'A phantom shows up when a second query finds new rows that match the same condition.',
  'Serializable behaves as if every transaction ran alone, one after another.',
  'The price of serializable is more locking, and some transactions abort and have to be retried.',
  'Postgres and MySQL use snapshots, so readers never block writers at the weaker levels.',
  'In our billing service we moved the report job to repeatable read to get stable totals.',
  'Dirty reads are rare in practice because almost nobody runs read uncommitted.',
  'You pick the weakest level that keeps your invariants, since stronger levels cost throughput.',
  'We measured about fifteen percent fewer requests per second under serializable.',
];
const answers = Array.from({ length: 64 }, (_, k) => {
  const words = [];
  for (let i = 0; words.length < 300; i++) words.push(...sentences[(i * 3 + k) % sentences.length].split(' '));
  return words.slice(0, 300).join(' ');
});

const rssBefore = process.memoryUsage().rss;
const startup = performance.now();
const evaluator = createConceptEvaluator();
await evaluator.evaluate({ question, answer: answers[0] });
const startupMs = performance.now() - startup;
for (let i = 0; i < 300; i++) await evaluator.evaluate({ question, answer: answers[i % answers.length] });
globalThis.gc?.();
const rssAdded = process.memoryUsage().rss - rssBefore;

async function measure(run) {
  let n = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  while (performance.now() - start < 2000) {
    await run(n);
    n++;
  }
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  return { perSecond: n / seconds, perCpuSecond: n / ((used.user + used.system) / 1e6) };
}

const evaluations = await measure((n) => evaluator.evaluate({ question, answer: answers[n % answers.length] }));
emit(
  'concept evaluations/s (300-word answers)',
  Math.round(evaluations.perSecond),
  'evaluations/s',
  { op: '>=', value: 5000 },
  `${Math.round(evaluations.perCpuSecond)} per CPU-second`,
);

// wink-nlp alone, as the evaluator runs it on answers (sentences and negation, no tagger).
const nlp = winkNLP(model, ['sbd', 'negation']);
const tokenizer = await measure((n) => nlp.readDoc(answers[n % answers.length]));
emit(
  'wink-nlp readDoc/s alone (same answers)',
  Math.round(tokenizer.perSecond),
  'docs/s',
  undefined,
  `${Math.round(tokenizer.perCpuSecond)} per CPU-second; the evaluator spends ${Math.round((100 * evaluations.perCpuSecond) / tokenizer.perCpuSecond)}% of its CPU time in wink-nlp's readDoc`,
);

emit('concept evaluator start-up (first evaluation: wink-nlp, WordNet, question model)', Math.round(startupMs), 'ms');
emit('concept evaluator resident memory added (after start-up and 300 evaluations, after GC)', Math.round(rssAdded / 2 ** 20), 'MiB');
