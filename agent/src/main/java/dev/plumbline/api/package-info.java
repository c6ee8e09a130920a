/**
 * The HTTP API (JSON). Read endpoints are open unless {@code plumbline.api.protect-reads} is set; mutating endpoints
 * always need {@code Authorization: Bearer <token>} (the token is read from {@code plumbline.api.token-file}).
 * Errors are RFC 9457 problem details ({@code application/problem+json}).
 *
 * <pre>{@code
 * GET  /api/v1/drift                        every environment's drift report
 * GET  /api/v1/environments                 list with status and revision
 * GET  /api/v1/environments/{env}           one environment
 * GET  /api/v1/environments/{env}/drift     per-object, per-field drift
 * POST /api/v1/environments/{env}/refresh   fetch + diff now
 * POST /api/v1/webhooks/git                 Git push webhook, authenticated by its signature (see api.webhook)
 * GET  /ui/                                 the web UI: static files from the jar's ui/ folder, a client of this API
 * GET  /                                    303 to /ui/
 * }</pre>
 *
 * <p>The UI loads without a token ({@link dev.plumbline.api.ApiAuthFilter} guards {@code /api/v1/**} only; the UI is
 * public code, what it shows comes through the API with the API's rules). {@link dev.plumbline.api.UiHeadersFilter}
 * sets its Content-Security-Policy. Decision: docs/decisions/0035-ui-static-es-modules.md.
 */
package dev.plumbline.api;
