/* fetch.h — one HTTP(S) download through libcurl, with folio's limits.
 *
 * Stage 1 (input) helper: input.c uses it for page URLs; resources.c's
 * image downloads (curl multi) share its curl set-up (fetch_setup_common)
 * and, through gzip.h, its decoding of compressed bodies.
 * Only http and https are ever spoken, redirects included.
 */
#ifndef FOLIO_FETCH_H
#define FOLIO_FETCH_H

#include <curl/curl.h>
#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "folio.h"

/* Decides whether a response's Content-Type (NULL when the server sent
 * none) is wanted. Called twice: once as the body starts, with body NULL
 * (refuse only what can never be wanted), and once at the end with the
 * whole body (len bytes), which may be sniffed. */
typedef bool (*fetch_type_fn)(const char *content_type, const char *body, size_t len);

/* What to download and what to accept. */
typedef struct {
    const char *url;                   /* http:// or https:// */
    const folio_input_options *limits; /* size, timeouts, redirects, User-Agent */
    fetch_type_fn type_ok;             /* NULL: any type */
    const char *want;                  /* for the message: "not HTML (Content-Type ...)" */
} fetch_request;

/* What came back: every field owned by the caller (free / buf_free). */
typedef struct {
    buf body;           /* the body, decompressed */
    char *final_url;    /* the URL after redirects */
    char *content_type; /* the final response's Content-Type, or NULL */
} fetch_result;

/* Downloads r->url. On success fills *res. Errors: FOLIO_EINPUT (network
 * error, timeout, too many redirects, a redirect to another scheme, HTTP
 * status >= 400, an unwanted type, a damaged or truncated gzip/deflate body,
 * a Content-Encoding other than gzip and deflate), FOLIO_ELIMIT (body over
 * the size cap, counted after decoding), FOLIO_ENOMEM; err gets one line without the
 * URL. Safe to call from several threads at once. */
folio_status fetch_url(const fetch_request *r, fetch_result *res, char *err, size_t errlen);

/* The limits every download obeys (fetch_setup_common). */
typedef struct {
    long max_redirects;      /* redirects followed; < 0 counts as 0 */
    long connect_timeout_ms; /* 0 or less: no limit */
    long timeout_ms;         /* the whole transfer; 0 or less: no limit */
    size_t max_size;         /* raw body bytes curl may read */
    const char *user_agent;  /* not owned; NULL or "": fetch_default_user_agent */
} fetch_limits;

/* Sets on curl the options every download of folio shares: http and https
 * only (redirects too), no signals, redirects followed up to the cap with
 * the Referer updated, the timeouts, the raw body (curl decodes nothing:
 * the caller runs a gzip_decoder, see gzip.h), the User-Agent, the request
 * headers (borrowed until the transfer ends; they should carry
 * GZIP_ACCEPT_ENCODING) and the size cap. The URL, callbacks and anything
 * else are the caller's. False when curl refuses one (a libcurl older than
 * 7.85 without CURLOPT_PROTOCOLS_STR must not silently allow file://).
 * The handle comes from curl_lazy's table (curl_lazy.h). */
bool fetch_setup_common(CURL *curl, const fetch_limits *l, struct curl_slist *headers);

/* The browser-like User-Agent sent when none is given. */
extern const char fetch_default_user_agent[];

/* Writes one line (newlines flattened to spaces) into err when errlen > 0:
 * the error text of the input stage. */
void fetch_set_err(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
