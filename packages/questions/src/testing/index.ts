export * from './fake-openai-server';
export * from './sample-sql-question';
