export * from './session-event';
export * from './event-log-codec';
