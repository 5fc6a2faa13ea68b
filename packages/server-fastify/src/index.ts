/**
 * @interviewkit/server-fastify — the InterviewKit reference server: a Fastify plugin
 * (`interviewKit`) and a standalone server (`createServer`, the `interviewkit-server` bin).
 */
export { VERSION } from './version';
export * from './config';
export { createServer, type CreateServerOptions, type InterviewKitServer } from './server';
export { defaultPorts, selectProviders, coreMasteryRules, bankCatalog, type SelectedProviders, type WarningLogger } from './defaults';
export { installGracefulShutdown, type GracefulShutdownOptions } from './shutdown';
export { trustedQuestion, type ClientQuestion } from './scoring/trusted-question';
export { interviewKit, createAuthenticator, type AuthenticateFn, type InterviewKitPluginOptions } from './plugin';
export type { BuiltInAuthOptions } from './routes/auth';
export { createStorage, parseDatabaseUrl } from './storage/storage';
export type {
  Storage,
  User,
  SessionRecord,
  SessionListItem,
  MasteryRecord,
  ResumeRecord,
  NewSession,
  SessionPatch,
  StoredEvent,
  CreateStorageOptions,
  CorruptRowWarning,
  UsersRepository,
  ResumesRepository,
  SessionsRepository,
  EventsRepository,
  MasteryRepository,
} from './storage/storage';
export { migrations, migrateToLatest, type DialectName } from './storage/migrations';
export { createNodeSqliteDialect } from './storage/node-sqlite-dialect';
export { hashPassword, verifyPassword, DEFAULT_PASSWORD_PARAMS, type PasswordHashParams } from './auth/password';
export { signToken, verifyToken, type TokenClaims } from './auth/jwt';
export { toErrorResponse, ErrorResponseSchema } from './http/errors';
export type * from './ports';
