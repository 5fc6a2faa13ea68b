import { QuestionSchema, type QuestionInput } from '@interviewkit/core';
import { describe, expect, it } from 'vitest';
import { createConceptEvaluator } from '../evaluator';

// Fluent wrong answers on questions written for these tests (not from the calibration corpus):
// for each question a correct answer, a partial one (right but incomplete) and misconceptions of
// one shape each. A misconception (true grade 1) must score below the partial answer (2–3) and
// the correct one (4), and be named.
const evaluator = createConceptEvaluator();
const q = (input: QuestionInput) => QuestionSchema.parse(input);
const judge = (question: ReturnType<typeof q>, answer: string) => evaluator.evaluate({ question, answer });

interface Case {
  question: ReturnType<typeof q>;
  correct: string;
  partial: string;
  wrong: Record<string, string>;
  /** Correct answers with details, numbers or negations the reference does not have: no misconception. */
  alsoRight?: string[];
}

const cases: Record<string, Case> = {
  // Cross-concept attribution: what the reference says of one generation is said of the other,
  // and the question does not coordinate the two terms ("X and Y"), so no swap check applies.
  generational: {
    question: q({
      id: 'test-generational-gc',
      text: 'How does a generational garbage collector work?',
      topic: 'programming',
      referenceAnswer:
        'A generational collector splits the heap by object age. The young generation holds newly allocated objects; it is small and collected often with a fast copying collection, because most objects die young. Objects that survive several young collections are promoted to the old generation, which is large and collected rarely with a slower mark-and-sweep or mark-compact pass. A write barrier records pointers from old objects to young ones so a young collection does not have to scan the whole old generation.',
      concepts: ['most objects die young', 'survivors are promoted to the old generation', 'write barrier'],
    }),
    correct:
      'The heap is divided by age. New objects go into the young generation, a small area that is collected frequently with a cheap copying pass, since most objects die young. Whatever survives a few of those collections is promoted to the old generation, which is big and collected rarely with a slower mark-and-sweep or mark-compact. A write barrier remembers old-to-young pointers so minor collections need not scan the old generation.',
    partial:
      'It splits the heap into a young and an old generation. New objects start in the young one and are collected often, because most objects die young.',
    wrong: {
      attribution:
        'The heap is divided by age. The old generation holds newly allocated objects; it is small and collected often with a fast copying collection. Objects that survive are moved to the young generation, which is large and collected rarely with a slower mark-and-sweep pass, because most objects live for a long time.',
    },
  },
  // Clause polarity: the answer denies what the reference affirms about the same subject.
  mutex: {
    question: q({
      id: 'test-mutex',
      text: 'What does a mutex guarantee, and what happens when a thread tries to lock one that is already held?',
      topic: 'os',
      referenceAnswer:
        'A mutex guarantees mutual exclusion: only one thread holds it at a time, so the critical section it protects runs without interference from other threads. A thread that tries to lock a held mutex blocks until the owner releases it, and then one waiting thread acquires it. Only the owner should release it; forgetting to unlock leaves the other threads waiting forever.',
      concepts: ['mutual exclusion', 'a thread blocks until the owner releases it'],
    }),
    correct:
      'It gives mutual exclusion: at any moment just one thread owns the mutex, so the critical section behind it runs without other threads interfering. If a thread tries to lock a mutex somebody else holds, it blocks until the owner releases it, and then one of the waiters acquires it. If the owner forgets to unlock, the others wait forever.',
    partial: 'A mutex gives mutual exclusion, so only one thread at a time can be inside the critical section it protects.',
    alsoRight: [
      'Only one thread can hold a mutex at a time, which gives mutual exclusion for the critical section. A second thread that calls lock does not spin in a busy loop: it blocks and sleeps until the owner releases the mutex. A thread that does not own the mutex must not unlock it.',
    ],
    wrong: {
      polarity:
        'A mutex guarantees that the critical section runs quickly. A thread that tries to lock a held mutex does not block: it skips the critical section and continues with its other work, and the owner never has to release it because the mutex unlocks itself after every instruction, so several threads hold it at a time.',
    },
  },
  // Quantity and order: the complexity and the order of steps stated wrongly.
  binarySearch: {
    question: q({
      id: 'test-binary-search',
      text: 'How does binary search work, and what is its time complexity?',
      topic: 'data_structures',
      referenceAnswer:
        'Binary search needs a sorted array. It compares the target with the middle element and discards the half that cannot contain the target, so every step halves the remaining range. It runs in O(log n) time with O(1) extra space. The array must be sorted before the search; sorting it first costs O(n log n).',
      concepts: ['requires sorted input', 'halves the range each step', 'logarithmic time'],
    }),
    correct:
      'You need the array sorted first. Look at the middle element, compare it with the target, and throw away the half where the target cannot be; each comparison halves what is left. That takes O(log n) time and O(1) extra space, and sorting beforehand costs O(n log n).',
    partial: 'Binary search checks the middle element of a sorted array and keeps only the half where the target can be.',
    alsoRight: [
      'On a sorted array of a million elements binary search needs about 20 comparisons: it looks at the middle element, drops the half that cannot hold the target, and repeats, so it runs in O(log n) time. It does not need extra memory beyond two indices, and it does not work on an unsorted array.',
    ],
    wrong: {
      quantity:
        'Binary search compares the target with the middle element and then with every other element of the array, so it runs in O(n) time and needs O(n) extra space for a copy of the array. The array is sorted after the search, so the result comes back in order.',
      complexity:
        'Binary search needs a sorted array, and it compares the target with each element from the start until one matches, so it runs in O(n) time and uses O(n) extra space.',
    },
  },
  // Right words, wrong meaning: the reference's terms with a gloss of their own.
  foreignKey: {
    question: q({
      id: 'test-foreign-key',
      text: 'What is a foreign key in a relational database?',
      topic: 'dbms',
      referenceAnswer:
        'A foreign key is a column in one table whose values must match the primary key of a row in another table. It enforces referential integrity: the database rejects an insert or update that points to a row that does not exist, and it can cascade or block the deletion of referenced rows.',
      concepts: ['references the primary key of another table', 'enforces referential integrity'],
    }),
    correct:
      'It is a column whose value has to equal the primary key of some row in another table, so the link always points at something real. The database keeps that referential integrity by rejecting inserts or updates that would reference a missing row, and by cascading or blocking deletes of rows that are still referenced.',
    partial: 'A foreign key is a column that points to the primary key of another table.',
    wrong: {
      gloss:
        'A foreign key is an encryption key that a table stores on a foreign server, outside the database. The primary key of each table is encrypted with it, which gives referential integrity because foreign users cannot read the rows, and the database deletes the key when a user logs out.',
    },
  },
  // More / less and increases / decreases relative to the same subject.
  batchSize: {
    question: q({
      id: 'test-batch-size',
      text: 'How does the batch size affect training a neural network with gradient descent?',
      topic: 'machine_learning',
      referenceAnswer:
        'A larger batch gives a less noisy estimate of the gradient and uses the hardware more efficiently, so an epoch finishes faster, but it needs more memory and often generalises worse. A smaller batch adds noise to the updates, which can help escape sharp minima and generalise better, but each epoch takes longer. Increasing the batch size usually requires increasing the learning rate.',
      concepts: ['larger batch, less noisy gradient', 'larger batch needs more memory', 'smaller batch generalises better'],
    }),
    correct:
      'Bigger batches average more examples, so the gradient estimate is less noisy and the GPU is used more efficiently, and an epoch finishes faster; the price is more memory and often worse generalisation. Small batches give noisier updates, which can escape sharp minima and generalise better, but an epoch takes longer. When you increase the batch you usually increase the learning rate too.',
    partial: 'A larger batch gives a less noisy gradient and an epoch finishes faster, but it needs more memory.',
    alsoRight: [
      'Going from a batch of 32 to 256 gives a less noisy gradient and keeps the GPU busy, so epochs finish faster, but it needs more memory and the model often generalises a bit worse. Small batches are noisier, which can help generalisation. People usually raise the learning rate when they raise the batch size.',
    ],
    wrong: {
      comparison:
        'A larger batch gives a more noisy estimate of the gradient and needs less memory, and it generalises better than a small one. A smaller batch makes each epoch faster. Increasing the batch size usually requires decreasing the learning rate.',
    },
  },
};

describe('wrong claims on questions the evaluator has never seen', () => {
  for (const [name, c] of Object.entries(cases)) {
    for (const [shape, answer] of Object.entries(c.wrong)) {
      // Not caught: a definition in the reference's own terms ("foreign", "key", "primary key",
      // "referential integrity") with a gloss of its own takes no checkable shape, and the words
      // around the terms did not tell such answers from correct ones in other words (README,
      // Limits). `it.fails` keeps the case in sight: it turns red the day it is caught.
      const test = shape === 'gloss' ? it.fails : it;
      test(`${name}: a misconception (${shape}) scores below the partial and the correct answer, and is named`, async () => {
        const [correct, partial, wrong] = await Promise.all([judge(c.question, c.correct), judge(c.question, c.partial), judge(c.question, answer)]);
        expect(partial.score).toBeLessThan(correct.score);
        expect(wrong.score).toBeLessThan(partial.score);
        expect(wrong.misconceptions?.length ?? 0).toBeGreaterThan(0);
      });
    }
    it(`${name}: the correct answer names no misconception and scores at least 70`, async () => {
      const correct = await judge(c.question, c.correct);
      expect(correct.misconceptions ?? []).toEqual([]);
      expect(correct.score).toBeGreaterThanOrEqual(70);
    });
    for (const [k, answer] of (c.alsoRight ?? []).entries()) {
      it(`${name}: a correct answer with details of its own (${k + 1}) names no misconception and scores above the partial one`, async () => {
        const [right, partial] = await Promise.all([judge(c.question, answer), judge(c.question, c.partial)]);
        expect(right.misconceptions ?? []).toEqual([]);
        expect(right.score).toBeGreaterThan(partial.score);
      });
    }
    it(`${name}: the partial answer names no misconception`, async () => {
      const partial = await judge(c.question, c.partial);
      expect(partial.misconceptions ?? []).toEqual([]);
    });
  }
});

describe('antonyms in the part of speech the reference uses', () => {
  it('does not read "break" against "is fixed at compile time"', async () => {
    const question = q({
      id: 'test-static-dispatch',
      text: 'What is static dispatch?',
      topic: 'programming',
      referenceAnswer:
        'The method to call is fixed at compile time from the declared type, so the call is fast and can be inlined, but it cannot vary with the runtime type of the object.',
    });
    const e = await judge(
      question,
      'The method to call comes from the declared type at compile time and a subclass can break nothing there, since the call is fast and inlined.',
    );
    expect(e.misconceptions ?? []).toEqual([]);
  });
});
