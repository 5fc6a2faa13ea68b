// The one backoff and retry loop of InterviewKit lives in @interviewkit/core; re-exported here so
// existing imports keep working.
export { abortedError, backoffDelay, isRetryableError, sleep, withRetry, type RetryOptions } from '@interviewkit/core';
