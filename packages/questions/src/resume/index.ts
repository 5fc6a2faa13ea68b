export * from './resume-profile';
export * from './extract-text';
export * from './document-sandbox';
export * from './parse-resume';
export * from './resume-questions';
