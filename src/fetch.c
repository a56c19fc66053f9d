/* fetch.c — one HTTP(S) download through libcurl; see fetch.h.
 *
 * Stage 1 (input) helper. The limits live here so that every download
 * obeys them: only http/https (redirects too, so a page can never send
 * folio to file://), a redirect cap, connect and total timeouts, a size cap
 * checked while the body arrives, compressed bodies decoded and checked
 * (gzip.c's decoder chain over inflate.c), and HTTP errors and unwanted
 * types refused. No signals (CURLOPT_NOSIGNAL), so several threads may
 * fetch at once. fetch_setup_common is the one place these options are
 * set; resources.c's image downloads use it too. libcurl itself is
 * loaded on the first download (curl_lazy.h).
 */
#include "fetch.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "curl_lazy.h"
#include "gzip.h"

const char fetch_default_user_agent[] =
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0 Safari/537.36 folio/" FOLIO_VERSION;

/* What a browser asks for; servers that vary on Accept then send HTML. */
static const char accept_header[] =
    "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

/* The only schemes spoken, for the first request and every redirect. */
static const char allowed_protocols[] = "http,https";

void fetch_set_err(char *err, size_t errlen, const char *fmt, ...)
{
    if (!err || errlen == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    for (char *p = err; *p; p++) /* one line, whatever curl said */
        if (*p == '\n' || *p == '\r')
            *p = ' ';
}

/* Compressed bodies: curl hands over the raw body, gzip.c's decoder chain
 * undoes the Content-Encoding (see gzip.h for why not curl's decoders). */

/* The state the write callback shares with fetch_url. */
typedef struct {
    CURL *curl;
    const fetch_request *req;
    buf *body;
    size_t max;
    bool started;
    bool too_big;
    bool unwanted;
    long http_error;          /* a status >= 400 seen as the body began, or 0 */
    char location_scheme[24]; /* of the last Location header, or "" */
    gzip_decoder dec;         /* Content-Encoding of the last response */
} sink;

/* Appends decoded bytes to the body under the size cap. */
static bool sink_put(void *ctx, const char *p, size_t n)
{
    sink *s = ctx;
    if (n > s->max - s->body->len) {
        s->too_big = true;
        return false;
    }
    return buf_append(s->body, p, n);
}

/* The value of header line p[0..n) when it is `name:` (lower case), white
 * space and the line end trimmed; false for another header. */
static bool header_value(const char *p, size_t n, const char *name, const char **v, size_t *vn)
{
    size_t k = strlen(name);
    if (n <= k || strncasecmp(p, name, k) != 0)
        return false;
    const char *b = p + k, *e = p + n;
    while (b < e && (*b == ' ' || *b == '\t'))
        b++;
    while (e > b && (e[-1] == '\r' || e[-1] == '\n' || e[-1] == ' ' || e[-1] == '\t'))
        e--;
    *v = b;
    *vn = (size_t)(e - b);
    return true;
}

/* Header lines: a status line starts a new response (after a redirect);
 * Location gives the scheme of a redirect curl may refuse (for the
 * message); the decoder reads Content-Encoding. */
static size_t on_header(char *p, size_t size, size_t nmemb, void *userdata)
{
    sink *s = userdata;
    size_t n = size * nmemb, vn;
    const char *v;
    gzip_decoder_header(&s->dec, p, n);
    if (n >= 5 && memcmp(p, "HTTP/", 5) == 0) {
        s->location_scheme[0] = '\0';
    } else if (header_value(p, n, "location:", &v, &vn)) {
        size_t k = 0;
        while (k < vn && k + 1 < sizeof s->location_scheme && v[k] != ':' && v[k] != '/')
            k++;
        k = k < vn && v[k] == ':' ? k : 0;
        for (size_t i = 0; i < k; i++)
            s->location_scheme[i] = (char)(v[i] >= 'A' && v[i] <= 'Z' ? v[i] + 32 : v[i]);
        s->location_scheme[k] = '\0';
    }
    return n;
}

static size_t on_data(char *p, size_t size, size_t nmemb, void *userdata)
{
    const curl_lazy_api *C = curl_lazy(NULL, 0);
    sink *s = userdata;
    size_t n = size * nmemb;
    if (!s->started) {
        s->started = true;
        char *ct = NULL;
        long code = 0;
        curl_get_long(C, s->curl, CURLINFO_RESPONSE_CODE, &code);
        curl_get_str(C, s->curl, CURLINFO_CONTENT_TYPE, &ct);
        if (code >= 400) { /* the error page is not wanted: stop reading it */
            s->http_error = code;
            return 0;
        }
        if (s->req->type_ok && !s->req->type_ok(ct, NULL, 0)) {
            s->unwanted = true;
            return 0;
        }
    }
    return gzip_decoder_feed(&s->dec, p, n) ? n : 0;
}

/* Seconds for a message: "1", "2.5". */
static void seconds(char *out, size_t cap, long ms)
{
    if (ms % 1000 == 0)
        snprintf(out, cap, "%ld", ms / 1000);
    else
        snprintf(out, cap, "%.1f", (double)ms / 1000.0);
}

/* Maps a failed transfer to a status and a message. */
static folio_status transfer_error(CURL *curl, CURLcode rc, const sink *s, const char *curl_err,
                                   char *err, size_t errlen)
{
    const curl_lazy_api *C = curl_lazy(NULL, 0);
    const folio_input_options *o = s->req->limits;
    char secs[32];
    if (s->too_big || rc == CURLE_FILESIZE_EXCEEDED || gzip_decoder_over_limit(&s->dec)) {
        fetch_set_err(err, errlen, "larger than %zu bytes", s->max);
        return FOLIO_ELIMIT;
    }
    if (s->body->failed || gzip_decoder_nomem(&s->dec))
        return FOLIO_ENOMEM;
    if (s->http_error) {
        fetch_set_err(err, errlen, "HTTP %ld", s->http_error);
        return FOLIO_EINPUT;
    }
    if (s->unwanted) {
        char *ct = NULL;
        curl_get_str(C, curl, CURLINFO_CONTENT_TYPE, &ct);
        fetch_set_err(err, errlen, "not %s (Content-Type %s)", s->req->want ? s->req->want : "wanted",
                ct ? ct : "none");
        return FOLIO_EINPUT;
    }
    if (gzip_decoder_refused(&s->dec)) {
        gzip_decoder_message(&s->dec, err, errlen);
        return FOLIO_EINPUT;
    }
    switch (rc) {
    case CURLE_TOO_MANY_REDIRECTS:
        fetch_set_err(err, errlen, "too many redirects (more than %ld)", o->max_redirects);
        break;
    case CURLE_OPERATION_TIMEDOUT: {
        curl_off_t connected = 0;
        curl_get_off(C, curl, CURLINFO_CONNECT_TIME_T, &connected);
        bool in_connect = connected == 0 && o->connect_timeout_ms > 0 &&
                          (o->timeout_ms <= 0 || o->connect_timeout_ms < o->timeout_ms);
        seconds(secs, sizeof secs, in_connect ? o->connect_timeout_ms : o->timeout_ms);
        fetch_set_err(err, errlen, "%s after %s s", in_connect ? "connection timed out" : "timed out",
                secs);
        break;
    }
    case CURLE_UNSUPPORTED_PROTOCOL:
        if (*s->location_scheme)
            fetch_set_err(err, errlen, "redirected to unsupported URL scheme '%s'", s->location_scheme);
        else
            fetch_set_err(err, errlen, "unsupported URL scheme");
        break;
    case CURLE_PARTIAL_FILE:
        fetch_set_err(err, errlen, "connection closed before the whole body arrived");
        break;
    default:
        fetch_set_err(err, errlen, "%s", *curl_err ? curl_err : C->easy_strerror(rc));
        break;
    }
    return FOLIO_EINPUT;
}

bool fetch_setup_common(CURL *curl, const fetch_limits *l, struct curl_slist *headers)
{
    const curl_lazy_api *C = curl_lazy(NULL, 0);
    bool ok = true;
    ok &= curl_set_ptr(C, curl, CURLOPT_PROTOCOLS_STR, allowed_protocols) == CURLE_OK;
    ok &= curl_set_ptr(C, curl, CURLOPT_REDIR_PROTOCOLS_STR, allowed_protocols) == CURLE_OK;
    ok &= curl_set_long(C, curl, CURLOPT_NOSIGNAL, 1L) == CURLE_OK;
    /* With a cap of 0 curl still follows, and refuses the first redirect. */
    ok &= curl_set_long(C, curl, CURLOPT_FOLLOWLOCATION, 1L) == CURLE_OK;
    ok &= curl_set_long(C, curl, CURLOPT_MAXREDIRS, l->max_redirects < 0 ? 0L : l->max_redirects) ==
          CURLE_OK;
    ok &= curl_set_long(C, curl, CURLOPT_AUTOREFERER, 1L) == CURLE_OK;
    /* 0 (or less) means no limit, as in curl */
    ok &= curl_set_long(C, curl, CURLOPT_CONNECTTIMEOUT_MS,
                           l->connect_timeout_ms > 0 ? l->connect_timeout_ms : 0L) == CURLE_OK;
    ok &= curl_set_long(C, curl, CURLOPT_TIMEOUT_MS, l->timeout_ms > 0 ? l->timeout_ms : 0L) ==
          CURLE_OK;
    /* The raw body: Accept-Encoding is among the headers, decoding is gzip.c's. */
    ok &= curl_set_long(C, curl, CURLOPT_HTTP_CONTENT_DECODING, 0L) == CURLE_OK;
    ok &= curl_set_ptr(C, curl, CURLOPT_USERAGENT,
                           l->user_agent && *l->user_agent ? l->user_agent
                                                           : fetch_default_user_agent) == CURLE_OK;
    ok &= curl_set_ptr(C, curl, CURLOPT_HTTPHEADER, headers) == CURLE_OK;
    if (l->max_size <= (size_t)INT64_MAX) /* the cap on the body also bites while reading */
        ok &=
            curl_set_off(C, curl, CURLOPT_MAXFILESIZE_LARGE, l->max_size) == CURLE_OK;
    return ok;
}

/* Sets every option of a request. False when curl refuses one (an old
 * libcurl without CURLOPT_PROTOCOLS_STR must not silently allow file://). */
static bool configure(CURL *curl, const fetch_request *r, sink *s, struct curl_slist *headers,
                      char *curl_err)
{
    const curl_lazy_api *C = curl_lazy(NULL, 0);
    const folio_input_options *o = r->limits;
    fetch_limits l = {o->max_redirects, o->connect_timeout_ms, o->timeout_ms, o->max_size,
                      o->user_agent};
    bool ok = fetch_setup_common(curl, &l, headers);
    ok &= curl_set_ptr(C, curl, CURLOPT_URL, r->url) == CURLE_OK;
    ok &= curl_set_fn(C, curl, CURLOPT_HEADERFUNCTION, on_header) == CURLE_OK;
    ok &= curl_set_ptr(C, curl, CURLOPT_HEADERDATA, s) == CURLE_OK;
    ok &= curl_set_fn(C, curl, CURLOPT_WRITEFUNCTION, on_data) == CURLE_OK;
    ok &= curl_set_ptr(C, curl, CURLOPT_WRITEDATA, s) == CURLE_OK;
    ok &= curl_set_ptr(C, curl, CURLOPT_ERRORBUFFER, curl_err) == CURLE_OK;
    return ok;
}

/* After a complete transfer: the status and the type decide. */
static folio_status check_response(CURL *curl, const fetch_request *r, fetch_result *res, char *err,
                                   size_t errlen)
{
    const curl_lazy_api *C = curl_lazy(NULL, 0);
    long code = 0;
    char *ct = NULL, *final = NULL;
    curl_get_long(C, curl, CURLINFO_RESPONSE_CODE, &code);
    curl_get_str(C, curl, CURLINFO_CONTENT_TYPE, &ct);
    curl_get_str(C, curl, CURLINFO_EFFECTIVE_URL, &final);
    if (code >= 400) {
        fetch_set_err(err, errlen, "HTTP %ld", code);
        return FOLIO_EINPUT;
    }
    if (code >= 300) { /* a redirect without a Location */
        fetch_set_err(err, errlen, "HTTP %ld", code);
        return FOLIO_EINPUT;
    }
    if (r->type_ok && !r->type_ok(ct, res->body.data ? res->body.data : "", res->body.len)) {
        fetch_set_err(err, errlen, "not %s (Content-Type %s)", r->want ? r->want : "wanted",
                ct ? ct : "none");
        return FOLIO_EINPUT;
    }
    res->final_url = strdup(final ? final : r->url);
    res->content_type = ct ? strdup(ct) : NULL;
    if (!res->final_url || (ct && !res->content_type))
        return FOLIO_ENOMEM;
    return FOLIO_OK;
}

folio_status fetch_url(const fetch_request *r, fetch_result *res, char *err, size_t errlen)
{
    memset(res, 0, sizeof *res);
    const curl_lazy_api *C = curl_lazy(err, errlen);
    if (!C)
        return FOLIO_EINPUT;
    CURL *curl = C->easy_init();
    struct curl_slist *headers = C->slist_append(NULL, accept_header);
    struct curl_slist *more = headers ? C->slist_append(headers, GZIP_ACCEPT_ENCODING) : NULL;
    char curl_err[CURL_ERROR_SIZE] = "";
    sink s;
    memset(&s, 0, sizeof s);
    s.curl = curl;
    s.req = r;
    s.body = &res->body;
    s.max = r->limits->max_size;
    gzip_decoder_init(&s.dec, s.max, sink_put, &s);
    folio_status st;
    if (!curl || !more) {
        fetch_set_err(err, errlen, "cannot start libcurl");
        st = FOLIO_ENOMEM;
        goto done;
    }
    if (!configure(curl, r, &s, headers, curl_err)) {
        fetch_set_err(err, errlen, "this libcurl lacks a required option (7.85 or later needed)");
        st = FOLIO_EINPUT;
        goto done;
    }
    CURLcode rc = C->easy_perform(curl);
    if (rc != CURLE_OK)
        st = transfer_error(curl, rc, &s, curl_err, err, errlen);
    else if (res->body.failed)
        st = FOLIO_ENOMEM;
    else if (!gzip_decoder_finish(&s.dec)) {
        gzip_decoder_message(&s.dec, err, errlen);
        st = FOLIO_EINPUT;
    } else {
        st = check_response(curl, r, res, err, errlen);
    }
done:
    if (st != FOLIO_OK) {
        buf_free(&res->body);
        free(res->final_url);
        free(res->content_type);
        memset(res, 0, sizeof *res);
    }
    gzip_decoder_free(&s.dec);
    C->slist_free_all(headers);
    if (curl)
        C->easy_cleanup(curl);
    return st;
}
