import type { QuestionInput } from '../session/question';

/** The band an answer is expected to fall in. */
export type CalibrationBand = 'high' | 'mid' | 'low';

/** Similarity ranges of the bands (they overlap at the edges on purpose: a judgement, not a cliff). */
export const CALIBRATION_BANDS: Record<CalibrationBand, { min: number; max: number }> = {
  high: { min: 0.6, max: 1 },
  mid: { min: 0.25, max: 0.68 },
  low: { min: 0, max: 0.3 },
};

/** One hand-written calibration answer. */
export interface CalibrationAnswer {
  /** What the answer is: a paraphrase of the reference, a partial answer, off-topic, or keyword stuffing. */
  kind: 'paraphrase' | 'partial' | 'off_topic' | 'stuffing' | 'vague';
  band: CalibrationBand;
  text: string;
}

/** A question with its reference answer and several candidate answers. */
export interface CalibrationQuestion {
  question: QuestionInput;
  answers: CalibrationAnswer[];
}

/**
 * The calibration set of the offline evaluator: hand-written questions across session types, each
 * with a good paraphrase (high), a partial answer (mid), an off-topic answer (low), keyword
 * stuffing (must stay below full marks and below the paraphrase) and a vague answer. The test
 * asserts each band and the rank order paraphrase > partial > off-topic per question.
 */
export const CALIBRATION_SET: CalibrationQuestion[] = [
  {
    question: {
      id: 'cal-dbms-normalization',
      sessionType: 'technical',
      topic: 'dbms',
      text: 'What is database normalization and why is it used?',
      referenceAnswer:
        'Normalization is the process of organizing the tables of a relational database to reduce redundancy and avoid update, insert and delete anomalies. Data is split into related tables linked by primary and foreign keys, following normal forms such as first normal form (atomic values), second normal form (no partial dependency on a composite key) and third normal form (no transitive dependencies). The trade-off is that queries need more joins, so read-heavy systems sometimes denormalize.',
      expectedKeywords: [
        { term: 'redundancy', synonyms: ['duplicate data', 'duplication'] },
        { term: 'anomalies', synonyms: ['update anomaly', 'inconsistency'] },
        { term: 'normal form', synonyms: ['1nf', '2nf', '3nf', 'bcnf'] },
        { term: 'foreign key', synonyms: ['primary key', 'keys'] },
      ],
      concepts: ['normalization', 'normal forms', 'keys'],
    },
    answers: [
      {
        kind: 'paraphrase',
        band: 'high',
        text: 'Normalizing a database means structuring its tables so the same data is not stored twice. You break data into separate related tables connected through primary keys and foreign keys, which removes redundancy and prevents anomalies when you update or delete rows. There are normal forms: first normal form requires atomic values, second removes partial dependencies on part of a composite key, and third normal form removes transitive dependencies. The cost is more joins in queries, which is why some read-heavy systems denormalize.',
      },
      {
        kind: 'partial',
        band: 'mid',
        text: 'It is about splitting a big table into smaller tables so that data is not duplicated. That way you avoid redundancy in the database.',
      },
      {
        kind: 'off_topic',
        band: 'low',
        text: 'I would use a load balancer in front of several web servers and put a CDN in front of the static assets so the site stays fast for users around the world.',
      },
      {
        kind: 'stuffing',
        band: 'mid',
        text: 'normalization redundancy anomalies normal form 1NF 2NF 3NF BCNF primary key foreign key tables joins denormalize',
      },
      { kind: 'vague', band: 'low', text: 'It is a way to make the database better and more organized, it is important in many projects.' },
    ],
  },
  {
    question: {
      id: 'cal-os-deadlock',
      sessionType: 'technical',
      topic: 'operating_systems',
      text: 'What is a deadlock and how can it be prevented?',
      referenceAnswer:
        "A deadlock is a state where two or more processes or threads each hold a resource and wait for a resource held by another, so none of them can proceed. It requires four conditions at once: mutual exclusion, hold and wait, no preemption and circular wait. Prevention breaks one condition, most commonly by acquiring locks in a fixed global order to rule out circular wait, or by acquiring all resources at once, using timeouts with try-lock, or allowing preemption. Avoidance algorithms such as the banker's algorithm check that granting a request keeps the system in a safe state.",
      expectedKeywords: [
        { term: 'circular wait', synonyms: ['cycle', 'waiting on each other'] },
        { term: 'mutual exclusion', synonyms: ['mutex', 'exclusive'] },
        { term: 'hold and wait', synonyms: [] },
        { term: 'lock ordering', synonyms: ['fixed order', 'same order', 'global order'] },
        { term: 'preemption', synonyms: ['preempt'] },
      ],
      concepts: ['deadlock', 'synchronization'],
    },
    answers: [
      {
        kind: 'paraphrase',
        band: 'high',
        text: "A deadlock happens when threads are stuck forever because each one holds a lock and waits for a lock that another thread holds. Four conditions have to be true together: mutual exclusion, hold and wait, no preemption, and a circular wait between the threads. To prevent it you break one of them, typically by always acquiring locks in the same global order so a cycle cannot form, or by taking all resources up front, or by using try-lock with a timeout and backing off. The banker's algorithm is an avoidance approach that only grants requests that keep the system in a safe state.",
      },
      {
        kind: 'partial',
        band: 'mid',
        text: 'A deadlock is when two threads wait for each other forever and the program hangs. You can avoid it by being careful with locks, for example using a timeout.',
      },
      {
        kind: 'off_topic',
        band: 'low',
        text: 'Python lists are dynamic arrays, so appending is amortized constant time, while inserting at the front has to shift every element.',
      },
      {
        kind: 'stuffing',
        band: 'mid',
        text: 'deadlock mutual exclusion hold and wait no preemption circular wait lock ordering banker algorithm safe state timeout',
      },
      { kind: 'vague', band: 'low', text: 'It is a kind of problem in computers that can make things slow, you should test your code well.' },
    ],
  },
  {
    question: {
      id: 'cal-oop-polymorphism',
      sessionType: 'technical',
      topic: 'oop',
      text: 'Explain polymorphism in object-oriented programming with an example.',
      referenceAnswer:
        'Polymorphism lets code work with objects of different classes through a common interface, with each class providing its own behaviour. With subtype polymorphism a subclass overrides a method of its base class, and a call through a base-class reference runs the subclass implementation chosen at runtime by dynamic dispatch. For example, a Shape base class declares area(), Circle and Square override it, and a loop over a list of shapes calls area() on each without knowing the concrete class. Overloading, where methods share a name but differ in parameters, is compile-time polymorphism.',
      expectedKeywords: [
        { term: 'override', synonyms: ['overriding', 'overrides'] },
        { term: 'base class', synonyms: ['parent class', 'superclass', 'interface'] },
        { term: 'runtime', synonyms: ['dynamic dispatch', 'late binding', 'run time'] },
        { term: 'overloading', synonyms: ['compile time', 'overload'] },
      ],
      concepts: ['polymorphism', 'inheritance'],
    },
    answers: [
      {
        kind: 'paraphrase',
        band: 'high',
        text: 'Polymorphism means one interface with many implementations. A parent class such as Animal defines a speak method, and the Dog and Cat subclasses override it with their own behaviour. When I hold a list of Animal references and call speak on each, the correct subclass method is selected at runtime through dynamic dispatch, so the calling code never needs to know the concrete class. There is also compile-time polymorphism through method overloading, where methods share a name but take different parameters.',
      },
      { kind: 'partial', band: 'mid', text: 'Polymorphism is when a child class overrides a method from its parent class so it behaves differently.' },
      {
        kind: 'off_topic',
        band: 'low',
        text: 'In my last job I mostly worked on the billing team and we shipped a new invoicing flow that customers liked a lot.',
      },
      { kind: 'stuffing', band: 'mid', text: 'polymorphism override base class subclass runtime dynamic dispatch overloading interface inheritance' },
      { kind: 'vague', band: 'low', text: 'It is one of the pillars of programming, it makes code flexible and reusable.' },
    ],
  },
  {
    question: {
      id: 'cal-ml-overfitting',
      sessionType: 'technical',
      topic: 'machine_learning',
      text: 'What is overfitting and how do you prevent it?',
      referenceAnswer:
        'Overfitting is when a model learns the noise and specific details of the training data instead of the underlying pattern, so it performs very well on training data but poorly on unseen test data; it corresponds to high variance. You detect it by comparing training and validation error, for example with cross-validation. To prevent it you can collect more training data, simplify the model, apply regularization such as L1 or L2 penalties, use dropout in neural networks, stop training early when validation loss starts rising, and use data augmentation.',
      expectedKeywords: [
        { term: 'training data', synonyms: ['training set'] },
        { term: 'generalize', synonyms: ['unseen data', 'test data', 'new data', 'generalization'] },
        { term: 'regularization', synonyms: ['l1', 'l2', 'dropout', 'penalty'] },
        { term: 'cross-validation', synonyms: ['validation set', 'validation'] },
        { term: 'early stopping', synonyms: ['stop training early'] },
      ],
      concepts: ['overfitting', 'regularization', 'bias-variance'],
    },
    answers: [
      {
        kind: 'paraphrase',
        band: 'high',
        text: 'Overfitting means the model memorizes the training set, including its noise, rather than learning the general pattern, so it scores great on the training data and badly on new unseen data. It is a high variance problem. I notice it when the validation error is much higher than the training error, usually with cross-validation. To fix it I get more data or use data augmentation, reduce model complexity, add L2 or L1 regularization, use dropout for neural networks, and apply early stopping once the validation loss stops improving.',
      },
      {
        kind: 'partial',
        band: 'mid',
        text: 'Overfitting is when the model is too good on the training data but does not work on test data. You can fix it by getting more data.',
      },
      { kind: 'off_topic', band: 'low', text: 'I like to keep my desk organized and I plan every week on Monday morning so that I know my priorities.' },
      {
        kind: 'stuffing',
        band: 'mid',
        text: 'overfitting training data test data high variance regularization L1 L2 dropout cross-validation early stopping augmentation',
      },
      { kind: 'vague', band: 'low', text: 'Overfitting is bad for models, so you have to be careful with it.' },
    ],
  },
  {
    question: {
      id: 'cal-python-gil',
      sessionType: 'technical',
      topic: 'python',
      text: 'What is the Global Interpreter Lock in Python and how does it affect multithreading?',
      referenceAnswer:
        'The Global Interpreter Lock is a mutex in CPython that allows only one thread to execute Python bytecode at a time. It simplifies memory management, because reference counting does not need fine-grained locks, but it means CPU-bound threads cannot run in parallel on multiple cores. I/O-bound programs still benefit from threads because the lock is released while waiting for I/O. For CPU-bound work you use multiprocessing, C extensions that release the GIL, or alternatives like asyncio for concurrency; recent Python versions offer an experimental free-threaded build without the GIL.',
      expectedKeywords: [
        { term: 'one thread', synonyms: ['single thread', 'only one thread'] },
        { term: 'CPU-bound', synonyms: ['cpu bound', 'compute bound'] },
        { term: 'I/O-bound', synonyms: ['io bound', 'waiting for io'] },
        { term: 'multiprocessing', synonyms: ['multiple processes', 'process pool'] },
        { term: 'reference counting', synonyms: ['memory management'] },
      ],
      concepts: ['gil', 'concurrency'],
    },
    answers: [
      {
        kind: 'paraphrase',
        band: 'high',
        text: 'The GIL is a lock inside CPython that lets only one thread run Python bytecode at any moment. It exists mainly to keep memory management with reference counting simple and safe. The consequence is that threads do not speed up CPU-bound code across cores, although I/O-bound code still benefits because the lock is released while a thread waits on the network or disk. For heavy computation I use multiprocessing or a process pool, or libraries written in C that release the GIL, and newer Python versions even have an experimental free-threaded build.',
      },
      {
        kind: 'partial',
        band: 'mid',
        text: 'The GIL is a lock in Python so only one thread runs at a time, which means threads do not really run in parallel.',
      },
      { kind: 'off_topic', band: 'low', text: 'A B-tree index keeps keys sorted in balanced pages so that lookups and range scans take logarithmic time.' },
      {
        kind: 'stuffing',
        band: 'mid',
        text: 'GIL global interpreter lock CPython one thread CPU-bound I/O-bound multiprocessing reference counting asyncio free-threaded',
      },
      { kind: 'vague', band: 'low', text: 'It is a Python feature, it can be a problem sometimes for speed.' },
    ],
  },
  {
    question: {
      id: 'cal-dsa-hashtable',
      sessionType: 'technical',
      topic: 'data_structures',
      text: 'How does a hash table work, and what is the time complexity of its operations?',
      referenceAnswer:
        'A hash table stores key-value pairs in an array of buckets. A hash function maps each key to a bucket index, so insert, lookup and delete take constant time O(1) on average. Different keys can hash to the same bucket, a collision, which is resolved by chaining (a list per bucket) or by open addressing (probing for another free slot). When the load factor grows too high the table is resized and all keys are rehashed, which keeps the average cost constant; in the worst case, with many collisions, operations degrade to O(n).',
      expectedKeywords: [
        { term: 'hash function', synonyms: ['hashing'] },
        { term: 'collision', synonyms: ['collisions'] },
        { term: 'chaining', synonyms: ['linked list', 'open addressing', 'probing'] },
        { term: 'O(1)', synonyms: ['constant time'] },
        { term: 'load factor', synonyms: ['resize', 'rehash'] },
      ],
      concepts: ['hashing', 'complexity'],
    },
    answers: [
      {
        kind: 'paraphrase',
        band: 'high',
        text: 'A hash table keeps key-value pairs in an array of buckets, and a hash function turns each key into the index of its bucket. Because of that, inserting, finding and deleting are O(1) on average. Two keys may land in the same bucket, which is a collision; you handle it either with chaining, where each bucket holds a small linked list, or with open addressing, where you probe for the next free slot. When the load factor passes a threshold, the table is resized and every key is rehashed, and in the worst case with lots of collisions operations become O(n).',
      },
      {
        kind: 'partial',
        band: 'mid',
        text: 'A hash table uses a hash function to turn a key into an index in an array, so lookups are very fast, usually O(1).',
      },
      {
        kind: 'off_topic',
        band: 'low',
        text: 'When my team disagreed about the release date, I set up a meeting so everyone could share their concerns and we agreed on a plan.',
      },
      { kind: 'stuffing', band: 'mid', text: 'hash table hash function buckets collision chaining open addressing O(1) load factor rehash resize' },
      { kind: 'vague', band: 'low', text: 'It is a data structure that is used a lot because it is quick.' },
    ],
  },
  {
    question: {
      id: 'cal-sd-caching',
      sessionType: 'technical',
      topic: 'system_design',
      text: 'How would you use caching to improve the performance of a web application?',
      referenceAnswer:
        'Caching keeps frequently read data in a faster layer so that requests avoid slow work such as database queries. Layers include the browser and a CDN for static assets, an in-memory cache such as Redis or Memcached in front of the database, and application-level memoization. A common pattern is cache-aside: read from the cache, on a miss load from the database and populate the cache with a TTL. The hard parts are invalidation, keeping cached data consistent when the source changes, choosing an eviction policy such as LRU, and avoiding a stampede when a hot key expires. Measure the hit rate and latency to confirm the gain.',
      expectedKeywords: [
        { term: 'Redis', synonyms: ['memcached', 'in-memory cache'] },
        { term: 'CDN', synonyms: ['content delivery network', 'edge cache'] },
        { term: 'invalidation', synonyms: ['invalidate', 'stale data', 'consistency'] },
        { term: 'TTL', synonyms: ['expiration', 'expire', 'time to live'] },
        { term: 'eviction', synonyms: ['lru', 'least recently used'] },
      ],
      concepts: ['caching', 'performance'],
    },
    answers: [
      {
        kind: 'paraphrase',
        band: 'high',
        text: 'I would put frequently read data in a faster layer so requests skip the expensive database query. Static files go to a CDN and browser cache, and hot database results go into an in-memory cache like Redis using cache-aside: check the cache first, and on a miss read from the database and store the result with a TTL. The difficult part is invalidation so users do not see stale data after a write, plus an eviction policy like LRU when memory fills, and protection against a stampede when a popular key expires. I would track the cache hit rate and request latency to prove it helps.',
      },
      { kind: 'partial', band: 'mid', text: 'I would add Redis in front of the database so repeated queries are served from memory and the site gets faster.' },
      { kind: 'off_topic', band: 'low', text: 'Polymorphism allows a subclass to override a method so that the call is resolved at runtime.' },
      { kind: 'stuffing', band: 'mid', text: 'caching Redis Memcached CDN TTL invalidation LRU eviction cache-aside hit rate stampede latency' },
      { kind: 'vague', band: 'low', text: 'Caching makes things faster, so I would use it wherever possible.' },
    ],
  },
  {
    question: {
      id: 'cal-mock-conflict',
      sessionType: 'mock',
      topic: 'behavioral',
      kind: 'behavioral',
      text: 'Tell me about a time you had a conflict with a teammate and how you resolved it.',
      referenceAnswer:
        'In my previous role a teammate and I disagreed about whether to rewrite a legacy payment module or refactor it gradually before a deadline. Instead of arguing in code review, I asked for a one-to-one meeting, listened to his concerns about technical debt, and explained my worry about the release risk. We agreed on data: we listed the riskiest parts, estimated both options, and brought the trade-off to our manager together. We refactored the critical path first and scheduled the rewrite for the next quarter. The release shipped on time with no payment incidents, and we kept a good working relationship; I learned to move disagreements from comments to conversations early.',
      expectedKeywords: [
        { term: 'listened', synonyms: ['listen', 'understand his concerns', 'understand their concerns'] },
        { term: 'compromise', synonyms: ['agreed', 'agreement', 'middle ground'] },
        { term: 'result', synonyms: ['outcome', 'shipped', 'on time'] },
        { term: 'learned', synonyms: ['lesson', 'learnt'] },
      ],
      concepts: ['conflict resolution', 'communication', 'star method'],
    },
    answers: [
      {
        kind: 'paraphrase',
        band: 'high',
        text: 'At my last company a colleague and I disagreed about rewriting an old payment component versus refactoring it step by step, with a release deadline close. Rather than keep arguing in code review comments, I asked him for a one-to-one conversation, listened to his concerns about technical debt, and explained my worry about risk to the release. We agreed to look at data together: we listed the riskiest areas, estimated both options and took the trade-off to our manager as a team. We refactored the critical path first and planned the rewrite for the next quarter. We shipped on time without payment incidents and still work well together. I learned to turn disagreements into conversations early.',
      },
      {
        kind: 'partial',
        band: 'mid',
        text: 'Once a teammate and I disagreed about how to build a feature before a deadline. I asked to talk it through, we listened to each other and agreed on a middle ground, and the feature shipped.',
      },
      { kind: 'off_topic', band: 'low', text: 'A hash table maps keys to buckets with a hash function, giving constant time lookups on average.' },
      { kind: 'stuffing', band: 'mid', text: 'conflict teammate listened compromise agreed manager deadline result learned communication' },
      { kind: 'vague', band: 'low', text: 'I usually get along with everyone, so I do not really have conflicts.' },
    ],
  },
  {
    question: {
      id: 'cal-mock-failure',
      sessionType: 'mock',
      topic: 'behavioral',
      kind: 'behavioral',
      text: 'Describe a project that failed or a mistake you made. What did you learn?',
      referenceAnswer:
        'I once deployed a database migration on a Friday afternoon without testing it against production-sized data. It locked a large table and the checkout service timed out for twenty minutes. I owned the mistake: I rolled back the migration, wrote the incident report, and explained the cause to the team. Afterwards I added a staging environment with a copy of production data, a checklist for migrations, and a rule to avoid risky deploys before weekends. Since then our migrations have run without downtime, and I learned to test with realistic data and to plan a rollback before any change.',
      expectedKeywords: [
        { term: 'mistake', synonyms: ['failure', 'failed', 'error'] },
        { term: 'responsibility', synonyms: ['owned', 'ownership', 'took responsibility'] },
        { term: 'learned', synonyms: ['lesson', 'learnt'] },
        { term: 'changed', synonyms: ['improved', 'process', 'checklist', 'prevent'] },
      ],
      concepts: ['accountability', 'learning from failure', 'star method'],
    },
    answers: [
      {
        kind: 'paraphrase',
        band: 'high',
        text: 'I made a mistake when I ran a database migration on a Friday afternoon without testing it on production-sized data. It locked a big table, and checkout requests timed out for about twenty minutes. I took responsibility right away: I rolled the migration back, wrote up the incident and explained the root cause to my team. After that I set up a staging environment with a copy of production data, created a migration checklist and we agreed not to ship risky changes before a weekend. Our migrations have had no downtime since, and the lesson I learned is to test with realistic data and always have a rollback plan.',
      },
      {
        kind: 'partial',
        band: 'mid',
        text: 'I once pushed a change that broke production. I fixed it quickly and learned to test more carefully before deploying.',
      },
      { kind: 'off_topic', band: 'low', text: 'The GIL lets only one thread execute Python bytecode at a time, so threads do not speed up CPU-bound code.' },
      { kind: 'stuffing', band: 'mid', text: 'mistake failure responsibility ownership rollback incident report learned lesson checklist process improved' },
      { kind: 'vague', band: 'low', text: 'I do not really fail at things because I work hard and I am a perfectionist.' },
    ],
  },
  {
    question: {
      id: 'cal-hr-why-company',
      sessionType: 'hr',
      topic: 'motivation',
      kind: 'behavioral',
      text: 'Why do you want to work for our company?',
      referenceAnswer:
        'I want to join because your product helps small clinics manage patient records, and I care about healthcare being easier to run. I have read your engineering blog about moving to event-driven services, which matches the work I did migrating our billing system to queues, so I can contribute from the first months. I am also drawn to your culture of mentorship and the chance to grow into a senior role, and your focus on accessibility aligns with my values. In short, the mission, the technical challenges and the team are a fit with my experience and my goals.',
      expectedKeywords: [
        { term: 'mission', synonyms: ['product', 'purpose', 'values'] },
        { term: 'research', synonyms: ['read', 'blog', 'learned about'] },
        { term: 'contribute', synonyms: ['experience', 'skills', 'bring'] },
        { term: 'growth', synonyms: ['grow', 'learn', 'career'] },
      ],
      concepts: ['motivation', 'company research'],
    },
    answers: [
      {
        kind: 'paraphrase',
        band: 'high',
        text: 'Your product makes it easier for small clinics to manage patient records, and making healthcare simpler to run is something I care about. I read your engineering blog about moving to event-driven services, and that is exactly what I did when I migrated our billing system to message queues, so I can contribute quickly. I also like your mentorship culture and the chance to grow toward a senior role, and your commitment to accessibility matches my own values. So the mission, the technical challenges and the team fit both my experience and where I want my career to go.',
      },
      { kind: 'partial', band: 'mid', text: 'I like your product and I think I could learn a lot here and grow my career.' },
      { kind: 'off_topic', band: 'low', text: 'To prevent deadlocks, acquire locks in a fixed global order so that a circular wait cannot happen.' },
      { kind: 'stuffing', band: 'mid', text: 'mission product values research blog contribute experience skills growth career culture mentorship' },
      { kind: 'vague', band: 'low', text: 'Because it is a good company and I need a job.' },
    ],
  },
  {
    question: {
      id: 'cal-hr-strengths',
      sessionType: 'hr',
      topic: 'self_assessment',
      kind: 'behavioral',
      text: 'What are your greatest strengths and weaknesses?',
      referenceAnswer:
        'My main strength is breaking ambiguous problems into small, testable steps; for example, I turned a vague request for faster reports into three measurable improvements that cut report time from minutes to seconds. I also communicate clearly with non-technical stakeholders. A weakness is that I used to take on too much myself instead of delegating, which slowed the team during a busy release. I now plan work openly in our sprint board, ask for help earlier, and pair with juniors, which has improved both our delivery and their growth.',
      expectedKeywords: [
        { term: 'strength', synonyms: ['good at', 'strong'] },
        { term: 'weakness', synonyms: ['weak', 'improve on', 'working on'] },
        { term: 'example', synonyms: ['for example', 'for instance'] },
        { term: 'improving', synonyms: ['now', 'working on', 'improved', 'plan'] },
      ],
      concepts: ['self-awareness', 'growth mindset'],
    },
    answers: [
      {
        kind: 'paraphrase',
        band: 'high',
        text: 'My biggest strength is taking ambiguous problems and breaking them into small, testable steps. For example, a vague request to make reports faster became three measurable changes that took report time from minutes down to seconds. I am also good at explaining technical work to non-technical stakeholders. My weakness has been taking on too much myself rather than delegating, which slowed the team during one busy release. I am improving by planning work openly on our sprint board, asking for help earlier and pairing with junior engineers, and our delivery has improved since.',
      },
      { kind: 'partial', band: 'mid', text: 'My strength is problem solving and my weakness is that I sometimes take on too much work.' },
      { kind: 'off_topic', band: 'low', text: 'A CDN caches static assets at edge locations close to users, which reduces latency for images and scripts.' },
      { kind: 'stuffing', band: 'mid', text: 'strength weakness problem solving communication delegating improving example stakeholders growth' },
      { kind: 'vague', band: 'low', text: 'I am a hard worker and I have no weaknesses really.' },
    ],
  },
  {
    question: {
      id: 'cal-coding-having',
      sessionType: 'coding',
      topic: 'sql',
      text: 'What is the difference between WHERE and HAVING in SQL? Give an example query.',
      referenceAnswer:
        "WHERE filters individual rows before grouping and aggregation, so it cannot reference aggregate functions. HAVING filters groups after GROUP BY has aggregated them, so it can use aggregates like COUNT or SUM. For example: SELECT customer_id, SUM(amount) AS total FROM orders WHERE status = 'paid' GROUP BY customer_id HAVING SUM(amount) > 1000; the WHERE keeps only paid orders, and the HAVING keeps only customers whose paid total exceeds 1000. Filtering in WHERE when possible is cheaper because fewer rows are grouped.",
      expectedKeywords: [
        { term: 'GROUP BY', synonyms: ['grouping', 'groups'] },
        { term: 'aggregate', synonyms: ['sum', 'count', 'avg', 'aggregation'] },
        { term: 'before grouping', synonyms: ['individual rows', 'rows before'] },
        { term: 'after grouping', synonyms: ['after group by', 'filters groups'] },
      ],
      concepts: ['sql filtering', 'aggregation'],
    },
    answers: [
      {
        kind: 'paraphrase',
        band: 'high',
        text: "WHERE works on individual rows before any grouping happens, so you cannot put an aggregate function in it. HAVING runs after GROUP BY and filters the groups, so it can use aggregates such as SUM or COUNT. For example, SELECT customer_id, SUM(amount) AS total FROM orders WHERE status = 'paid' GROUP BY customer_id HAVING SUM(amount) > 1000 first keeps paid orders with WHERE, then keeps customers whose total is above 1000 with HAVING. Putting conditions in WHERE when you can is faster because fewer rows get grouped.",
      },
      { kind: 'partial', band: 'mid', text: 'WHERE filters rows and HAVING filters after GROUP BY, like when you need COUNT in the condition.' },
      { kind: 'off_topic', band: 'low', text: 'I want to work here because I like the mission and the culture of the team.' },
      { kind: 'stuffing', band: 'mid', text: 'WHERE HAVING GROUP BY aggregate SUM COUNT rows groups filter orders customer_id' },
      { kind: 'vague', band: 'low', text: 'They are both SQL keywords that you use in queries sometimes.' },
    ],
  },
  {
    question: {
      id: 'cal-debug-off-by-one',
      sessionType: 'debugging',
      topic: 'debugging',
      kind: 'debugging',
      text: 'This loop should sum every element of the array but the result is wrong: for (let i = 0; i <= items.length; i++) total += items[i]; What is the bug and how do you fix it?',
      referenceAnswer:
        'It is an off-by-one error: the condition i <= items.length runs one iteration too many, so the last iteration reads items[items.length], which is undefined, and adding undefined to a number gives NaN. The fix is to use i < items.length, or better to avoid index arithmetic with for...of or items.reduce((sum, x) => sum + x, 0). A unit test with a small array and an empty array would catch it.',
      expectedKeywords: [
        { term: 'off-by-one', synonyms: ['off by one', 'one too many', 'extra iteration'] },
        { term: 'undefined', synonyms: ['out of bounds', 'past the end'] },
        { term: 'NaN', synonyms: ['not a number'] },
        { term: 'i < items.length', synonyms: ['less than length', 'strictly less', 'for of', 'reduce'] },
      ],
      concepts: ['loop bounds', 'array indexing'],
    },
    answers: [
      {
        kind: 'paraphrase',
        band: 'high',
        text: 'This is an off-by-one bug. Because the condition uses i <= items.length, the loop runs one extra time and reads items[items.length], which is past the end of the array and undefined, and adding undefined to the total makes it NaN. Change the condition to i < items.length, or skip manual indexing by using for...of or items.reduce((sum, x) => sum + x, 0). I would add a unit test with a small array and an empty array to catch it.',
      },
      { kind: 'partial', band: 'mid', text: 'The loop goes one step too far, it should be i < items.length instead of <=.' },
      { kind: 'off_topic', band: 'low', text: 'I would normalize the tables to third normal form and add foreign keys between them.' },
      { kind: 'stuffing', band: 'mid', text: 'off-by-one undefined NaN index length loop condition reduce for...of bounds' },
      { kind: 'vague', band: 'low', text: 'There is a bug in the loop, I would debug it with print statements.' },
    ],
  },
];

/** Every calibration answer with its question, flattened (the count the issue asks for: ≥ 60). */
export function calibrationCases(): { question: QuestionInput; answer: CalibrationAnswer }[] {
  return CALIBRATION_SET.flatMap((q) => q.answers.map((answer) => ({ question: q.question, answer })));
}
