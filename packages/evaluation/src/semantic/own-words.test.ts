import { QuestionSchema, type QuestionInput } from '@interviewkit/core';
import { describe, expect, it } from 'vitest';
import { createConceptEvaluator } from '../evaluator';
import { softCredit, SOFT_FROM } from './own-words';
import { cosine, sharedWordVectors } from './vectors';

// Invented cases (not from the calibration corpus): per question a standard answer, a correct
// answer in plain words or by an example, a correct but partial one and an unrelated one.
const withVectors = createConceptEvaluator();
const without = createConceptEvaluator({ wordVectors: null });
const q = (input: QuestionInput) => QuestionSchema.parse(input);

interface Case {
  question: ReturnType<typeof q>;
  standard: string;
  ownWords: string;
  partial: string;
  unrelated: string;
  /** The own-words answer still scores below the partial one (a known gap, kept visible). */
  belowPartial?: true;
  /** The own-words answer is an analogy too far from the reference's words to gain (a known gap). */
  notBridged?: true;
}

const cases: Case[] = [
  {
    question: q({
      id: 'ow-cache-eviction',
      text: 'What is an LRU cache and what happens when it is full?',
      topic: 'system_design',
      referenceAnswer:
        'An LRU cache keeps a limited number of entries in memory for fast access. When it is full and a new entry arrives, it evicts the least recently used entry, the one that has not been read or written for the longest time. It is usually built from a hash map for lookups and a doubly linked list that orders entries by recency.',
    }),
    standard:
      'An LRU cache stores a limited number of entries in memory so reads are fast. When it is full and a new entry comes in, it evicts the least recently used entry, the one not accessed for the longest time. It is built from a hash map for lookups and a doubly linked list ordered by recency.',
    ownWords:
      'Think of a small desk that only fits a handful of books. Whenever I need a new book and the desk is packed, I put back the book I have not opened for ages, the one I touched longest ago. To do that quickly you keep a dictionary from book title to its spot, plus a chain of the books sorted by when I last opened them, so the stalest one sits at the end and comes off cheaply.',
    partial: 'An LRU cache keeps some entries in memory so you can read them quickly.',
    unrelated:
      'My favourite holiday was a hiking trip in the mountains with friends. We cooked dinner over a fire, slept in tents and watched the sunrise from the summit on the last morning before driving home.',
  },
  {
    question: q({
      id: 'ow-rate-limiting',
      text: 'Why do APIs use rate limiting and how does a token bucket work?',
      topic: 'system_design',
      referenceAnswer:
        'Rate limiting protects a service from overload and abuse by capping how many requests a client may send in a period. A token bucket holds up to a fixed number of tokens and is refilled at a steady rate; each request takes a token, so bursts are allowed up to the bucket size, and requests that find the bucket empty are rejected or delayed.',
    }),
    standard:
      'Rate limiting caps how many requests a client may send in a period, which protects the service from overload and abuse. A token bucket holds up to a fixed number of tokens and is refilled at a steady rate; every request takes a token, bursts are allowed up to the bucket size, and when the bucket is empty requests are rejected or delayed.',
    ownWords:
      'Without a cap one greedy customer could flood the servers and slow everyone else down, or an attacker could hammer us. Picture a jar of coins that gets one new coin every second, up to a maximum. Each call costs a coin; if you saved coins you can spend several at once in a quick spurt, but when the jar is empty the call is turned away or has to wait.',
    // Coins in a jar share too few close words with tokens in a bucket: 29.3 → 63.2, the partial
    // answer (the reference's own words) 62.6 → 71.
    belowPartial: true,
    partial: 'Rate limiting stops clients from sending too many requests so the service is not overloaded.',
    unrelated:
      'Photosynthesis is how plants turn sunlight, water and carbon dioxide into sugar and oxygen inside their leaves, which is why forests matter so much for the atmosphere.',
  },
  {
    question: q({
      id: 'ow-garbage-collection',
      text: 'What does a garbage collector do in a managed language?',
      topic: 'programming',
      referenceAnswer:
        'A garbage collector automatically frees memory that the program can no longer reach, so developers do not release objects by hand. A tracing collector starts from roots such as the stack and global variables, marks every object reachable from them and reclaims the rest. It prevents leaks of unreachable objects and dangling pointers, at the cost of pauses and extra CPU.',
    }),
    standard:
      'A garbage collector frees memory automatically once the program can no longer reach it, so you never release objects by hand. A tracing collector starts from the roots, the stack and global variables, marks every reachable object and reclaims everything else. That prevents leaks and dangling pointers, but it costs pauses and some CPU.',
    ownWords:
      'It is like a cleaner who walks through the house now and then. Starting from the things you are holding and the things pinned on the wall, she follows every string to whatever is tied to them, and anything nobody can get to any more gets thrown out so the room is free again. You never have to tidy up yourself, and you cannot trip over something that was already thrown away, but the work stops for a moment while she cleans and it takes some effort.',
    partial: 'A garbage collector frees memory automatically so you do not have to.',
    // A cleaner following strings: its sentences align with the reference's no better than an
    // answer to another question does (0.09), so it gets no soft credit and stays at 26.4.
    notBridged: true,
    unrelated:
      'The French revolution began in 1789 when the estates general met and the people of Paris stormed the Bastille, ending the old monarchy within a few years.',
  },
  {
    question: q({
      id: 'ow-dns',
      text: 'What happens when a browser resolves a domain name?',
      topic: 'networking',
      referenceAnswer:
        'The browser asks a resolver to translate the domain name into an IP address. The resolver first checks its cache; if the answer is missing it queries a root server, which points to the top-level domain server, which points to the authoritative server for the domain, which returns the address. The answer is cached for its time to live so later lookups are fast.',
    }),
    standard:
      'The browser asks a resolver to translate the domain name into an IP address. The resolver checks its cache first; otherwise it queries a root server, which points to the top-level domain server, which points to the authoritative server that returns the address. The answer is cached for its time to live, so the next lookup is fast.',
    ownWords:
      'A name like shop dot example is for people; computers need a numeric address, so somebody has to look it up, like a phone book. The helper remembers recent lookups and answers straight away if it can. If not, it goes to the very top of the hierarchy, which only knows who handles the ending, and that one knows who is responsible for that exact site, and that one finally gives the number. The helper then remembers it for a while so the next visit is quicker.',
    partial: 'The browser looks up the IP address of the domain name through DNS.',
    unrelated:
      'To bake bread you mix flour, water, salt and yeast, knead the dough, let it rise for a few hours and bake it in a hot oven until the crust is brown.',
  },
];

describe('own words (word vectors)', () => {
  it('opens the vectors from the package without loading them whole', () => {
    const vectors = sharedWordVectors();
    expect(vectors).not.toBeNull();
    const v = vectors!;
    expect(v.dimensions).toBe(100);
    expect(v.rank('the')).toBe(0);
    expect(v.vector('qwzxv')).toBeNull();
    const sim = (a: string, b: string) => cosine(v.vector(a)!, v.vector(b)!);
    expect(sim('car', 'automobile')).toBeGreaterThan(SOFT_FROM);
    expect(sim('car', 'banana')).toBeLessThan(SOFT_FROM);
    expect(softCredit(0.3)).toBe(0);
    expect(softCredit(0.95)).toBe(1);
  });

  for (const c of cases) {
    describe(c.question.id, () => {
      (c.notBridged ? it.fails : it)('raises a correct answer in other words', async () => {
        const before = (await without.evaluate({ question: c.question, answer: c.ownWords })).score;
        const after = (await withVectors.evaluate({ question: c.question, answer: c.ownWords })).score;
        expect(after).toBeGreaterThan(before + 10);
      });
      (c.belowPartial ? it.fails : it)('scores a correct answer in other words above a correct but partial one', async () => {
        const own = (await withVectors.evaluate({ question: c.question, answer: c.ownWords })).score;
        const partial = (await withVectors.evaluate({ question: c.question, answer: c.partial })).score;
        expect(own).toBeGreaterThan(partial);
      });
      it('does not lower a standard answer', async () => {
        const before = (await without.evaluate({ question: c.question, answer: c.standard })).score;
        const after = (await withVectors.evaluate({ question: c.question, answer: c.standard })).score;
        expect(after).toBeGreaterThanOrEqual(before);
      });
      it('keeps an unrelated answer at most 40', async () => {
        const e = await withVectors.evaluate({ question: c.question, answer: c.unrelated });
        expect(e.score).toBeLessThanOrEqual(40);
      });
      it('keeps a list of the reference words capped', async () => {
        const words = c.question
          .referenceAnswer!.split(/\W+/)
          .filter((w) => w.length > 5)
          .slice(0, 10);
        const e = await withVectors.evaluate({ question: c.question, answer: words.join(', ') });
        expect(e.score).toBeLessThanOrEqual(10);
      });
    });
  }
});
