import type { Difficulty } from '@interviewkit/core';

/**
 * A data-science SQL challenge: tables with sample rows, a task, and a reference solution whose
 * result on the sample rows is the expected output.
 */
export interface SqlChallenge {
  id: string;
  difficulty: Difficulty;
  title: string;
  prompt: string;
  /** CREATE TABLE and INSERT statements for the sample tables. */
  setupSql: string;
  /** The reference solution; its result on the sample rows is the expected output. */
  solutionSql: string;
  /** Whether row order is part of the answer (the task asks for an ORDER BY). */
  orderMatters: boolean;
  concepts: string[];
  keywords: string;
  hint: string;
}

const SALES = `
CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, country TEXT NOT NULL, signup_date TEXT NOT NULL);
CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES customers(id), order_date TEXT NOT NULL, amount REAL NOT NULL, status TEXT NOT NULL);
INSERT INTO customers VALUES (1,'Ana','PT','2024-01-05'),(2,'Ben','US','2024-02-11'),(3,'Chen','CN','2024-02-20'),(4,'Dana','US','2024-03-02'),(5,'Eli','PT','2024-03-15'),(6,'Fay','DE','2024-04-01');
INSERT INTO orders VALUES (1,1,'2024-01-10',120.0,'paid'),(2,1,'2024-02-03',80.5,'paid'),(3,2,'2024-02-15',300.0,'paid'),(4,2,'2024-03-01',245.0,'refunded'),(5,3,'2024-03-05',700.0,'paid'),(6,4,'2024-03-09',60.0,'paid'),(7,4,'2024-03-21',640.0,'paid'),(8,5,'2024-04-02',20.0,'cancelled'),(9,1,'2024-04-10',410.0,'paid'),(10,3,'2024-04-12',95.0,'paid');
`;

const EMPLOYEES = `
CREATE TABLE departments (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE employees (id INTEGER PRIMARY KEY, name TEXT NOT NULL, department_id INTEGER REFERENCES departments(id), manager_id INTEGER REFERENCES employees(id), salary INTEGER NOT NULL, hired TEXT NOT NULL);
INSERT INTO departments VALUES (1,'Engineering'),(2,'Sales'),(3,'Support'),(4,'Legal');
INSERT INTO employees VALUES (1,'Iris',1,NULL,210000,'2018-03-01'),(2,'Jon',1,1,150000,'2019-06-15'),(3,'Kai',1,1,165000,'2020-01-10'),(4,'Lea',2,1,98000,'2021-05-20'),(5,'Max',2,4,72000,'2022-02-01'),(6,'Noa',3,1,64000,'2021-11-30'),(7,'Oli',3,6,58000,'2023-04-12'),(8,'Pia',1,2,155000,'2023-08-01');
`;

const EVENTS = `
CREATE TABLE events (user_id INTEGER NOT NULL, event TEXT NOT NULL, day TEXT NOT NULL);
INSERT INTO events VALUES (1,'signup','2024-05-01'),(1,'login','2024-05-02'),(1,'purchase','2024-05-03'),(2,'signup','2024-05-01'),(2,'login','2024-05-08'),(3,'signup','2024-05-02'),(3,'login','2024-05-03'),(3,'login','2024-05-04'),(3,'purchase','2024-05-04'),(4,'signup','2024-05-03'),(5,'signup','2024-05-03'),(5,'login','2024-05-04');
`;

/** The bank's SQL challenges (run for real against the sample rows by `runSqlChallenge`). */
export const SQL_CHALLENGES: SqlChallenge[] = [
  {
    id: 'sql-paid-revenue-by-country',
    difficulty: 'easy',
    title: 'Revenue by country',
    prompt: 'Using customers and orders, return each country and its total revenue from paid orders as columns country and revenue, highest revenue first.',
    setupSql: SALES,
    solutionSql:
      "SELECT c.country, SUM(o.amount) AS revenue FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.status = 'paid' GROUP BY c.country ORDER BY revenue DESC",
    orderMatters: true,
    concepts: ['joins', 'aggregation'],
    keywords: 'join|inner join; group by|grouping; sum|aggregate; where|filter',
    hint: 'Join orders to customers, filter paid orders, group by country.',
  },
  {
    id: 'sql-customers-without-orders',
    difficulty: 'easy',
    title: 'Customers who never ordered',
    prompt: 'Return the name of every customer with no orders at all, as column name, in alphabetical order.',
    setupSql: SALES,
    solutionSql: 'SELECT c.name FROM customers c LEFT JOIN orders o ON o.customer_id = c.id WHERE o.id IS NULL ORDER BY c.name',
    orderMatters: true,
    concepts: ['joins', 'null handling'],
    keywords: 'left join|outer join|not exists; is null|null',
    hint: 'A LEFT JOIN keeps customers without a match; look for NULL order ids.',
  },
  {
    id: 'sql-having-big-spenders',
    difficulty: 'medium',
    title: 'Big spenders',
    prompt: 'Return the customer_id and total of paid orders (as total) for customers whose paid total exceeds 500. Any order.',
    setupSql: SALES,
    solutionSql: "SELECT customer_id, SUM(amount) AS total FROM orders WHERE status = 'paid' GROUP BY customer_id HAVING SUM(amount) > 500",
    orderMatters: false,
    concepts: ['aggregation', 'sql filtering'],
    keywords: 'group by; having; sum|aggregate; where',
    hint: 'WHERE filters rows before grouping, HAVING filters groups after.',
  },
  {
    id: 'sql-monthly-revenue',
    difficulty: 'medium',
    title: 'Monthly revenue',
    prompt: 'Return month (format YYYY-MM) and revenue of paid orders per month, in month order.',
    setupSql: SALES,
    solutionSql: "SELECT substr(order_date, 1, 7) AS month, SUM(amount) AS revenue FROM orders WHERE status = 'paid' GROUP BY month ORDER BY month",
    orderMatters: true,
    concepts: ['aggregation', 'dates'],
    keywords: 'group by; substr|strftime|date; sum; order by',
    hint: 'Extract the month from the date string, then group by it.',
  },
  {
    id: 'sql-second-highest-salary',
    difficulty: 'medium',
    title: 'Second highest salary',
    prompt: 'Return the second highest distinct salary in employees as column salary (one row).',
    setupSql: EMPLOYEES,
    solutionSql: 'SELECT DISTINCT salary FROM employees ORDER BY salary DESC LIMIT 1 OFFSET 1',
    orderMatters: false,
    concepts: ['sorting', 'distinct'],
    keywords: 'distinct; order by|desc; limit|offset|max',
    hint: 'Distinct salaries, sorted descending, skip one.',
  },
  {
    id: 'sql-department-headcount',
    difficulty: 'easy',
    title: 'Department headcount',
    prompt:
      'Return every department name (as department) with its number of employees (as headcount), including departments with none, ordered by headcount descending then department name.',
    setupSql: EMPLOYEES,
    solutionSql:
      'SELECT d.name AS department, COUNT(e.id) AS headcount FROM departments d LEFT JOIN employees e ON e.department_id = d.id GROUP BY d.id ORDER BY headcount DESC, department',
    orderMatters: true,
    concepts: ['joins', 'aggregation'],
    keywords: 'left join|outer join; count|count(e.id); group by; order by',
    hint: 'COUNT(e.id) counts zero for departments without employees after a LEFT JOIN.',
  },
  {
    id: 'sql-top-earner-per-department',
    difficulty: 'hard',
    title: 'Top earner per department',
    prompt:
      'For each department, return department name (department), employee name (name) and salary of its highest-paid employees (ties included), in department order then name.',
    setupSql: EMPLOYEES,
    solutionSql:
      'SELECT d.name AS department, e.name, e.salary FROM employees e JOIN departments d ON d.id = e.department_id WHERE e.salary = (SELECT MAX(salary) FROM employees x WHERE x.department_id = e.department_id) ORDER BY department, e.name',
    orderMatters: true,
    concepts: ['window functions', 'subqueries'],
    keywords: 'max|rank|dense_rank; partition by|correlated subquery|subquery; join',
    hint: 'Compare each salary with the department maximum, or rank within each department.',
  },
  {
    id: 'sql-employees-earning-more-than-manager',
    difficulty: 'medium',
    title: 'Earning more than their manager',
    prompt: 'Return the names (as name) of employees who earn more than their manager, alphabetically.',
    setupSql: EMPLOYEES,
    solutionSql: 'SELECT e.name FROM employees e JOIN employees m ON m.id = e.manager_id WHERE e.salary > m.salary ORDER BY e.name',
    orderMatters: true,
    concepts: ['self join'],
    keywords: 'self join|join; manager_id; alias|aliases',
    hint: 'Join employees to itself on manager_id.',
  },
  {
    id: 'sql-running-total',
    difficulty: 'hard',
    title: 'Running total of revenue',
    prompt: 'For paid orders, return id, order_date and the running total of amount by order date (as running_total), ordered by order_date then id.',
    setupSql: SALES,
    solutionSql: "SELECT id, order_date, SUM(amount) OVER (ORDER BY order_date, id) AS running_total FROM orders WHERE status = 'paid' ORDER BY order_date, id",
    orderMatters: true,
    concepts: ['window functions'],
    keywords: 'over|window function; sum; order by',
    hint: 'SUM(...) OVER (ORDER BY ...) computes a running total.',
  },
  {
    id: 'sql-signup-conversion',
    difficulty: 'hard',
    title: 'Signup to purchase conversion',
    prompt: 'Return the share of signed-up users who made a purchase, as conversion (a fraction between 0 and 1, one row).',
    setupSql: EVENTS,
    solutionSql:
      "SELECT CAST(COUNT(DISTINCT CASE WHEN event = 'purchase' THEN user_id END) AS REAL) / COUNT(DISTINCT CASE WHEN event = 'signup' THEN user_id END) AS conversion FROM events",
    orderMatters: false,
    concepts: ['conditional aggregation', 'funnels'],
    keywords: 'count distinct|distinct; case when|filter; cast|real|float',
    hint: 'Count distinct purchasers and distinct signups with CASE inside COUNT.',
  },
  {
    id: 'sql-daily-active-users',
    difficulty: 'easy',
    title: 'Daily active users',
    prompt: 'Return each day and the number of distinct users with any event that day (as dau), in day order.',
    setupSql: EVENTS,
    solutionSql: 'SELECT day, COUNT(DISTINCT user_id) AS dau FROM events GROUP BY day ORDER BY day',
    orderMatters: true,
    concepts: ['aggregation', 'distinct'],
    keywords: 'count distinct|distinct; group by; order by',
    hint: 'COUNT(DISTINCT user_id) per day.',
  },
  {
    id: 'sql-repeat-customers',
    difficulty: 'medium',
    title: 'Repeat customers',
    prompt: 'Return the names (as name) of customers with at least two paid orders, alphabetically.',
    setupSql: SALES,
    solutionSql:
      "SELECT c.name FROM customers c JOIN orders o ON o.customer_id = c.id WHERE o.status = 'paid' GROUP BY c.id HAVING COUNT(*) >= 2 ORDER BY c.name",
    orderMatters: true,
    concepts: ['aggregation', 'joins'],
    keywords: 'join|inner join; group by; having|filter groups; count|count(*)',
    hint: 'Group paid orders by customer and keep groups with COUNT(*) >= 2.',
  },
];
