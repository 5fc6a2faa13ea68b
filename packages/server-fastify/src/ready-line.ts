/** What the server serves besides the API, for {@link readyLine}. */
export interface ReadyLineOptions {
  /** A web app is served at `/` (WEB_ROOT). */
  webApp: boolean;
  /** The OpenAPI docs are served at `/docs` (DOCS). */
  docs: boolean;
}

/**
 * The one human line `interviewkit-server` prints (on stderr, so stdout stays a pure JSON log)
 * once it accepts connections: where to point a browser, the API and the docs.
 */
export function readyLine(url: string, options: ReadyLineOptions): string {
  const base = url.replace(/\/+$/, '');
  const docs = options.docs ? ` · docs ${base}/docs` : '';
  return options.webApp
    ? `InterviewKit is running: open ${base}/ in a browser · API ${base}/api${docs} · Ctrl-C stops it`
    : `InterviewKit API is running: ${base}/api${docs} · Ctrl-C stops it`;
}
