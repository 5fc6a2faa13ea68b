export * from './fake-assemblyai-server';
export { FAKE_ASSEMBLYAI_TLS_CERT, trustFakeAssemblyAICertificate } from './fake-assemblyai-tls';
