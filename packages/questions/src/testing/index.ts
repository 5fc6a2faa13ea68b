export * from './hostile-documents';
export * from './processes';
export * from './sample-sql-question';
