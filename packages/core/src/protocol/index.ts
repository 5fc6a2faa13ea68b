export * from './ws-protocol';
