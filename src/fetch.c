/* fetch.c — one HTTP(S) download through libcurl; see fetch.h.
 *
 * Stage 1 (input) helper. The limits live here so that every download
 * obeys them: only http/https (redirects too, so a page can never send
 * folio to file://), a redirect cap, connect and total timeouts, a size cap
 * checked while the body arrives, compressed bodies decoded by curl, and
 * HTTP errors and unwanted types refused. No signals (CURLOPT_NOSIGNAL), so
 * several threads may fetch at once.
 */
#include "fetch.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char fetch_default_user_agent[] =
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0 Safari/537.36 folio/" FOLIO_VERSION;

/* What a browser asks for; servers that vary on Accept then send HTML. */
static const char accept_header[] =
    "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

/* The only schemes spoken, for the first request and every redirect. */
static const char allowed_protocols[] = "http,https";

/* curl_global_init is not safe to race: pthread_once runs it exactly once.
 * The once-control is the library's only static object that changes, and
 * it is written only by pthread_once. */
static pthread_once_t curl_once = PTHREAD_ONCE_INIT;

static void curl_init_once(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

static void set_err(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void set_err(char *err, size_t errlen, const char *fmt, ...)
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

/* The state the write callback shares with fetch_url. */
typedef struct {
    CURL *curl;
    const fetch_request *req;
    buf *body;
    size_t max;
    bool started;
    bool too_big;
    bool unwanted;
} sink;

static size_t on_data(char *p, size_t size, size_t nmemb, void *userdata)
{
    sink *s = userdata;
    size_t n = size * nmemb;
    if (!s->started) {
        s->started = true;
        char *ct = NULL;
        long code = 0;
        curl_easy_getinfo(s->curl, CURLINFO_RESPONSE_CODE, &code);
        curl_easy_getinfo(s->curl, CURLINFO_CONTENT_TYPE, &ct);
        if (code < 400 && s->req->type_ok && !s->req->type_ok(ct, NULL, 0)) {
            s->unwanted = true;
            return 0;
        }
    }
    if (n > s->max - s->body->len) {
        s->too_big = true;
        return 0;
    }
    return buf_append(s->body, p, n) ? n : 0;
}

/* Seconds for a message: "1", "2.5". */
static void seconds(char *out, size_t cap, long ms)
{
    if (ms % 1000 == 0)
        snprintf(out, cap, "%ld", ms / 1000);
    else
        snprintf(out, cap, "%.1f", (double)ms / 1000.0);
}

/* The scheme of the redirect curl refused, for the message. */
static void redirect_scheme(CURL *curl, char *out, size_t cap)
{
    char *next = NULL;
    curl_easy_getinfo(curl, CURLINFO_REDIRECT_URL, &next);
    size_t k = 0;
    if (next)
        for (; next[k] && next[k] != ':' && k + 1 < cap; k++)
            out[k] = (char)(next[k] >= 'A' && next[k] <= 'Z' ? next[k] + 32 : next[k]);
    out[next && next[k] == ':' ? k : 0] = '\0';
}

/* Maps a failed transfer to a status and a message. */
static folio_status transfer_error(CURL *curl, CURLcode rc, const sink *s,
                                   const char *curl_err, char *err, size_t errlen)
{
    const folio_input_options *o = s->req->limits;
    char secs[32], scheme[24];
    if (s->too_big || rc == CURLE_FILESIZE_EXCEEDED) {
        set_err(err, errlen, "larger than %zu bytes", s->max);
        return FOLIO_ELIMIT;
    }
    if (s->body->failed)
        return FOLIO_ENOMEM;
    if (s->unwanted) {
        char *ct = NULL;
        curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &ct);
        set_err(err, errlen, "not %s (Content-Type %s)", s->req->want ? s->req->want : "wanted",
                ct ? ct : "none");
        return FOLIO_EINPUT;
    }
    switch (rc) {
    case CURLE_TOO_MANY_REDIRECTS:
        set_err(err, errlen, "too many redirects (more than %ld)", o->max_redirects);
        break;
    case CURLE_OPERATION_TIMEDOUT: {
        curl_off_t connected = 0;
        curl_easy_getinfo(curl, CURLINFO_CONNECT_TIME_T, &connected);
        bool in_connect = connected == 0 && o->connect_timeout_ms > 0 &&
                          (o->timeout_ms <= 0 || o->connect_timeout_ms < o->timeout_ms);
        seconds(secs, sizeof secs, in_connect ? o->connect_timeout_ms : o->timeout_ms);
        set_err(err, errlen, "%s after %s s", in_connect ? "connection timed out" : "timed out",
                secs);
        break;
    }
    case CURLE_UNSUPPORTED_PROTOCOL:
        redirect_scheme(curl, scheme, sizeof scheme);
        if (*scheme)
            set_err(err, errlen, "redirected to unsupported URL scheme '%s'", scheme);
        else
            set_err(err, errlen, "unsupported URL scheme");
        break;
    case CURLE_BAD_CONTENT_ENCODING:
        set_err(err, errlen, "damaged compressed body (%s)", curl_err);
        break;
    case CURLE_PARTIAL_FILE:
        set_err(err, errlen, "connection closed before the whole body arrived");
        break;
    default:
        set_err(err, errlen, "%s", *curl_err ? curl_err : curl_easy_strerror(rc));
        break;
    }
    return FOLIO_EINPUT;
}

/* Sets every option of a request. False when curl refuses one (an old
 * libcurl without CURLOPT_PROTOCOLS_STR must not silently allow file://). */
static bool configure(CURL *curl, const fetch_request *r, sink *s, struct curl_slist *headers,
                      char *curl_err)
{
    const folio_input_options *o = r->limits;
    bool ok = true;
    ok &= curl_easy_setopt(curl, CURLOPT_URL, r->url) == CURLE_OK;
    ok &= curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, allowed_protocols) == CURLE_OK;
    ok &= curl_easy_setopt(curl, CURLOPT_REDIR_PROTOCOLS_STR, allowed_protocols) == CURLE_OK;
    ok &= curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L) == CURLE_OK;
    /* With a cap of 0 curl still follows, and refuses the first redirect. */
    ok &= curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 1L) == CURLE_OK;
    ok &= curl_easy_setopt(curl, CURLOPT_MAXREDIRS, o->max_redirects < 0 ? 0L : o->max_redirects) ==
          CURLE_OK;
    ok &= curl_easy_setopt(curl, CURLOPT_AUTOREFERER, 1L) == CURLE_OK;
    ok &= curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, o->connect_timeout_ms) == CURLE_OK;
    ok &= curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, o->timeout_ms) == CURLE_OK;
    ok &= curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "") == CURLE_OK;
    ok &= curl_easy_setopt(curl, CURLOPT_USERAGENT,
                           o->user_agent && *o->user_agent ? o->user_agent
                                                           : fetch_default_user_agent) ==
          CURLE_OK;
    ok &= curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers) == CURLE_OK;
    ok &= curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)o->max_size) == CURLE_OK;
    ok &= curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_data) == CURLE_OK;
    ok &= curl_easy_setopt(curl, CURLOPT_WRITEDATA, s) == CURLE_OK;
    ok &= curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, curl_err) == CURLE_OK;
    return ok;
}

/* After a complete transfer: the status and the type decide. */
static folio_status check_response(CURL *curl, const fetch_request *r, fetch_result *res,
                                   char *err, size_t errlen)
{
    long code = 0;
    char *ct = NULL, *final = NULL;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
    curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &ct);
    curl_easy_getinfo(curl, CURLINFO_EFFECTIVE_URL, &final);
    if (code >= 400) {
        set_err(err, errlen, "HTTP %ld", code);
        return FOLIO_EINPUT;
    }
    if (code >= 300) { /* a redirect without a Location */
        set_err(err, errlen, "HTTP %ld", code);
        return FOLIO_EINPUT;
    }
    if (r->type_ok && !r->type_ok(ct, res->body.data ? res->body.data : "", res->body.len)) {
        set_err(err, errlen, "not %s (Content-Type %s)", r->want ? r->want : "wanted",
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
    pthread_once(&curl_once, curl_init_once);
    CURL *curl = curl_easy_init();
    struct curl_slist *headers = curl_slist_append(NULL, accept_header);
    char curl_err[CURL_ERROR_SIZE] = "";
    sink s = {curl, r, &res->body, r->limits->max_size, false, false, false};
    folio_status st;
    if (!curl || !headers) {
        set_err(err, errlen, "cannot start libcurl");
        st = FOLIO_ENOMEM;
        goto done;
    }
    if (!configure(curl, r, &s, headers, curl_err)) {
        set_err(err, errlen, "this libcurl lacks a required option (7.85 or later needed)");
        st = FOLIO_EINPUT;
        goto done;
    }
    CURLcode rc = curl_easy_perform(curl);
    if (rc != CURLE_OK)
        st = transfer_error(curl, rc, &s, curl_err, err, errlen);
    else if (res->body.failed)
        st = FOLIO_ENOMEM;
    else
        st = check_response(curl, r, res, err, errlen);
done:
    if (st != FOLIO_OK) {
        buf_free(&res->body);
        free(res->final_url);
        free(res->content_type);
        memset(res, 0, sizeof *res);
    }
    curl_slist_free_all(headers);
    if (curl)
        curl_easy_cleanup(curl);
    return st;
}
