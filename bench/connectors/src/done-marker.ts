// The start of the line the discarding sink prints once every expected record arrived. Apart from
// the sink, so the harness can import it without importing kconnect's API.

/** The start of the line printed when every expected record arrived. */
export const DONE_MARKER = 'kconnect-bench discard sink received'
