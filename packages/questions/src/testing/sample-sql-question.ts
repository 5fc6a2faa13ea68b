import { QuestionSchema, type Question } from '@interviewkit/core';

/** The sample tables of {@link SAMPLE_SQL_QUESTION}: five products in two categories, two out of stock. */
export const SAMPLE_SQL_SETUP = `CREATE TABLE products (id INTEGER PRIMARY KEY, name TEXT NOT NULL, category TEXT NOT NULL, stock INTEGER NOT NULL);
INSERT INTO products VALUES (1,'Desk','furniture',4),(2,'Chair','furniture',0),(3,'Lamp','lighting',12),(4,'Bulb','lighting',0),(5,'Shelf','furniture',7);`;

/**
 * A SQL question that is not in the bank and carries its own tables and reference query — the
 * shape any question judged by running it uses (`extra: { challenge: 'sql', setupSql,
 * solutionSql, orderMatters }`). For tests and examples.
 */
export const SAMPLE_SQL_QUESTION: Question = QuestionSchema.parse({
  id: 'sample-products-per-category',
  text: 'Using products, return the number of products per category (as category, products), in category order.',
  topic: 'sql',
  referenceAnswer: 'Group products by category and count them: SELECT category, COUNT(*) AS products FROM products GROUP BY category ORDER BY category.',
  expectedKeywords: ['group by', 'count'],
  concepts: ['aggregation'],
  extra: {
    challenge: 'sql',
    setupSql: SAMPLE_SQL_SETUP,
    solutionSql: 'SELECT category, COUNT(*) AS products FROM products GROUP BY category ORDER BY category',
    orderMatters: true,
  },
});
