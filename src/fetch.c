/* fetch.c — one HTTP(S) download through libcurl; see fetch.h.
 *
 * Stage 1 (input) helper. The limits live here so that every download
 * obeys them: only http/https (redirects too, so a page can never send
 * folio to file://), a redirect cap, connect and total timeouts, a size cap
 * checked while the body arrives, compressed bodies decoded and checked
 * here (inflate.c), and HTTP errors and unwanted types refused. No signals (CURLOPT_NOSIGNAL), so
 * several threads may fetch at once.
 */
#include "fetch.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "inflate.h"

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

void fetch_global_init(void)
{
    pthread_once(&curl_once, curl_init_once);
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

/* ------------------------------------------------------ content decoding
 *
 * libcurl's own decoders accept a gzip body cut off before its trailer and
 * hand back the first half of the page as if it were whole (curl issue
 * #3796 and later reports), and stop after the first of several gzip
 * members. So folio asks curl for the raw body, offers only what it can
 * check (gzip and deflate, decoded by inflate.c), and decodes here by the
 * Content-Encoding header: a damaged or truncated body is an error, and
 * the size cap applies to the decoded bytes as they come (a small bomb
 * cannot fill memory). Any other coding (br, zstd) is refused.
 */

/* Sent with every request. */
static const char accept_encoding_header[] = "Accept-Encoding: gzip, deflate";

enum {
    MAX_CODINGS = 4,      /* more codings in a row than this are refused */
    CODING_NAME = 24,     /* an unknown coding's name is cut to this for the message */
    DECODE_SLICE = 16384, /* raw bytes decoded at a time through a chain of codings */
};

/* The codings folio decodes. */
typedef enum { CE_GZIP, CE_DEFLATE } coding;

/* Where decoded bytes go: returns false to stop (cap or memory). */
typedef bool (*decoded_fn)(void *ctx, const char *p, size_t n);

typedef struct body_decoder body_decoder;

/* One coding's decoder. Its output goes to mid, the input of the stage
 * below (index - 1), or for stage 0 to the body. */
typedef struct {
    body_decoder *owner; /* not owned */
    unsigned index;
    inflate_stream *z; /* owned */
    buf mid;           /* owned; stages above 0 only */
} decode_stage;

/* The decoding of one response's body. */
struct body_decoder {
    unsigned n; /* codings, in the order the server applied them */
    coding kind[MAX_CODINGS];
    decode_stage stage[MAX_CODINGS]; /* set up by the first body bytes */
    bool started;
    bool too_many;                 /* more than MAX_CODINGS */
    char unsupported[CODING_NAME]; /* the first coding not understood, or "" */
    int failed;                    /* the stage that failed, or -1 */
    inflate_status why;            /* and how */
    bool nomem;
    size_t max;     /* the cap on each stage's output */
    decoded_fn out; /* the body's sink (not owned) */
    void *ctx;
};

static const char *coding_name(coding c)
{
    return c == CE_GZIP ? "gzip" : "deflate";
}

/* Forgets the codings of a previous response. */
static void decoder_reset(body_decoder *d)
{
    for (unsigned i = 0; i < MAX_CODINGS; i++) {
        inflate_free(d->stage[i].z);
        buf_free(&d->stage[i].mid);
    }
    decoded_fn out = d->out;
    void *ctx = d->ctx;
    size_t max = d->max;
    memset(d, 0, sizeof *d);
    d->failed = -1;
    d->out = out;
    d->ctx = ctx;
    d->max = max;
}

/* Adds one coding c[0..n) (white space trimmed) of a Content-Encoding.
 * Its name is kept in lower case for the message, with '?' for anything
 * but printable ASCII (the server chose those bytes). */
static void decoder_add_coding(body_decoder *d, const char *c, size_t n)
{
    char name[CODING_NAME];
    size_t k = n < sizeof name - 1 ? n : sizeof name - 1;
    for (size_t i = 0; i < k; i++) {
        unsigned char ch = (unsigned char)c[i];
        name[i] = (char)(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch < 0x20 || ch > 0x7E ? '?' : ch);
    }
    name[k] = '\0';
    bool gzip = k == n && (strcmp(name, "gzip") == 0 || strcmp(name, "x-gzip") == 0);
    bool deflate = k == n && strcmp(name, "deflate") == 0;
    if (n == 0 || (k == n && strcmp(name, "identity") == 0))
        return;
    if (!gzip && !deflate) {
        if (!*d->unsupported)
            memcpy(d->unsupported, name, k + 1);
    } else if (d->n == MAX_CODINGS) {
        d->too_many = true;
    } else {
        d->kind[d->n++] = gzip ? CE_GZIP : CE_DEFLATE;
    }
}

/* Reads a Content-Encoding value v[0..vn): codings separated by commas.
 * Several headers add up, in order (RFC 9110 8.4). */
static void decoder_add_codings(body_decoder *d, const char *v, size_t vn)
{
    const char *p = v, *end = v + vn;
    while (p < end) {
        const char *b = p, *e;
        while (p < end && *p != ',')
            p++;
        e = p;
        while (b < e && (*b == ' ' || *b == '\t'))
            b++;
        while (e > b && (e[-1] == ' ' || e[-1] == '\t'))
            e--;
        decoder_add_coding(d, b, (size_t)(e - b));
        if (p < end)
            p++; /* the comma */
    }
}

/* Stage output: into the next stage's input, or the body. */
static bool stage_out(void *ctx, const unsigned char *p, size_t n)
{
    decode_stage *st = ctx;
    if (st->index == 0)
        return st->owner->out(st->owner->ctx, (const char *)p, n);
    if (!buf_append(&st->mid, (const char *)p, n)) {
        st->owner->nomem = true;
        return false;
    }
    return true;
}

/* Makes a decoder per coding, as the body starts. False when a coding is
 * not one folio decodes, or out of memory. */
static bool decoder_start(body_decoder *d)
{
    d->started = true;
    if (*d->unsupported || d->too_many)
        return false;
    for (unsigned i = 0; i < d->n; i++) {
        decode_stage *st = &d->stage[i];
        st->owner = d;
        st->index = i;
        st->z = inflate_new(d->kind[i] == CE_GZIP ? INFLATE_GZIP : INFLATE_DEFLATE, d->max,
                            stage_out, st);
        if (!st->z) {
            d->nomem = true;
            return false;
        }
    }
    return true;
}

/* Notes how stage i ended when it failed on its own (not when its output
 * was refused, which the refuser notes). */
static bool stage_status(body_decoder *d, unsigned i, inflate_status st)
{
    if (st == INFLATE_OK)
        return true;
    if (st != INFLATE_STOPPED && d->failed < 0) {
        d->failed = (int)i;
        d->why = st;
    }
    return false;
}

/* Decodes n raw body bytes. The last coding applied is undone first: the
 * raw bytes go to the top stage, each stage's output (mid) to the one
 * below, a slice at a time, so that a mid holds only what one slice
 * decodes to (and never more than the cap). False: stop the transfer. */
static bool decoder_feed(body_decoder *d, const char *p, size_t n)
{
    if (!d->started && !decoder_start(d))
        return false;
    if (d->n == 0)
        return d->out(d->ctx, p, n);
    for (size_t off = 0; off < n; off += DECODE_SLICE) {
        const char *q = p + off;
        size_t k = n - off < DECODE_SLICE ? n - off : DECODE_SLICE;
        for (unsigned i = d->n; i-- > 0;) {
            if (!stage_status(d, i, inflate_feed(d->stage[i].z, q, k)))
                return false;
            if (i > 0) {
                q = d->stage[i].mid.data;
                k = d->stage[i].mid.len;
            }
            if (i + 1 < d->n)
                buf_truncate(&d->stage[i + 1].mid, 0); /* stage i has its bytes now */
        }
    }
    return true;
}

/* At the end of the body: true when every coding's stream ended there. */
static bool decoder_finish(body_decoder *d)
{
    if (!d->started)
        return true; /* no body at all */
    for (unsigned i = d->n; i-- > 0;)
        if (!stage_status(d, i, inflate_finish(d->stage[i].z)))
            return false;
    return true;
}

/* The message for a body the decoder refused (not the size cap). */
static void decoder_message(const body_decoder *d, char *err, size_t errlen)
{
    if (*d->unsupported) {
        set_err(err, errlen, "unsupported Content-Encoding '%s'", d->unsupported);
    } else if (d->too_many) {
        set_err(err, errlen, "more than %d Content-Encodings", MAX_CODINGS);
    } else if (d->failed >= 0) {
        const char *name = coding_name(d->kind[d->failed]);
        if (d->why == INFLATE_TRUNCATED)
            set_err(err, errlen, "truncated %s body", name);
        else if (d->why == INFLATE_CHECKSUM)
            set_err(err, errlen, "damaged %s body (checksum mismatch)", name);
        else
            set_err(err, errlen, "damaged %s body", name);
    }
}

/* True when the decoder stopped the body on its own account. */
static bool decoder_refused(const body_decoder *d)
{
    return *d->unsupported || d->too_many || (d->failed >= 0 && d->why != INFLATE_LIMIT);
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
    long http_error;          /* a status >= 400 seen as the body began, or 0 */
    char location_scheme[24]; /* of the last Location header, or "" */
    body_decoder dec;         /* Content-Encoding of the last response */
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
 * message); Content-Encoding says how the body is coded. */
static size_t on_header(char *p, size_t size, size_t nmemb, void *userdata)
{
    sink *s = userdata;
    size_t n = size * nmemb, vn;
    const char *v;
    if (n >= 5 && memcmp(p, "HTTP/", 5) == 0) {
        s->location_scheme[0] = '\0';
        decoder_reset(&s->dec);
    } else if (header_value(p, n, "location:", &v, &vn)) {
        size_t k = 0;
        while (k < vn && k + 1 < sizeof s->location_scheme && v[k] != ':' && v[k] != '/')
            k++;
        k = k < vn && v[k] == ':' ? k : 0;
        for (size_t i = 0; i < k; i++)
            s->location_scheme[i] = (char)(v[i] >= 'A' && v[i] <= 'Z' ? v[i] + 32 : v[i]);
        s->location_scheme[k] = '\0';
    } else if (header_value(p, n, "content-encoding:", &v, &vn)) {
        decoder_add_codings(&s->dec, v, vn);
    }
    return n;
}

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
        if (code >= 400) { /* the error page is not wanted: stop reading it */
            s->http_error = code;
            return 0;
        }
        if (s->req->type_ok && !s->req->type_ok(ct, NULL, 0)) {
            s->unwanted = true;
            return 0;
        }
    }
    return decoder_feed(&s->dec, p, n) ? n : 0;
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
    const folio_input_options *o = s->req->limits;
    char secs[32];
    if (s->too_big || rc == CURLE_FILESIZE_EXCEEDED ||
        (s->dec.failed >= 0 && s->dec.why == INFLATE_LIMIT)) {
        set_err(err, errlen, "larger than %zu bytes", s->max);
        return FOLIO_ELIMIT;
    }
    if (s->body->failed || s->dec.nomem)
        return FOLIO_ENOMEM;
    if (s->http_error) {
        set_err(err, errlen, "HTTP %ld", s->http_error);
        return FOLIO_EINPUT;
    }
    if (s->unwanted) {
        char *ct = NULL;
        curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &ct);
        set_err(err, errlen, "not %s (Content-Type %s)", s->req->want ? s->req->want : "wanted",
                ct ? ct : "none");
        return FOLIO_EINPUT;
    }
    if (decoder_refused(&s->dec)) {
        decoder_message(&s->dec, err, errlen);
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
        if (*s->location_scheme)
            set_err(err, errlen, "redirected to unsupported URL scheme '%s'", s->location_scheme);
        else
            set_err(err, errlen, "unsupported URL scheme");
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
    /* 0 (or less) means no limit, as in curl */
    ok &= curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                           o->connect_timeout_ms > 0 ? o->connect_timeout_ms : 0L) == CURLE_OK;
    ok &= curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, o->timeout_ms > 0 ? o->timeout_ms : 0L) ==
          CURLE_OK;
    /* The raw body: Accept-Encoding is among the headers, decoding is ours. */
    ok &= curl_easy_setopt(curl, CURLOPT_HTTP_CONTENT_DECODING, 0L) == CURLE_OK;
    ok &= curl_easy_setopt(curl, CURLOPT_USERAGENT,
                           o->user_agent && *o->user_agent ? o->user_agent
                                                           : fetch_default_user_agent) == CURLE_OK;
    ok &= curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers) == CURLE_OK;
    if (o->max_size <= (size_t)INT64_MAX) /* the cap on the body also bites while reading */
        ok &=
            curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)o->max_size) == CURLE_OK;
    ok &= curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header) == CURLE_OK;
    ok &= curl_easy_setopt(curl, CURLOPT_HEADERDATA, s) == CURLE_OK;
    ok &= curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_data) == CURLE_OK;
    ok &= curl_easy_setopt(curl, CURLOPT_WRITEDATA, s) == CURLE_OK;
    ok &= curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, curl_err) == CURLE_OK;
    return ok;
}

/* After a complete transfer: the status and the type decide. */
static folio_status check_response(CURL *curl, const fetch_request *r, fetch_result *res, char *err,
                                   size_t errlen)
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
    fetch_global_init();
    CURL *curl = curl_easy_init();
    struct curl_slist *headers = curl_slist_append(NULL, accept_header);
    struct curl_slist *more = headers ? curl_slist_append(headers, accept_encoding_header) : NULL;
    char curl_err[CURL_ERROR_SIZE] = "";
    sink s;
    memset(&s, 0, sizeof s);
    s.curl = curl;
    s.req = r;
    s.body = &res->body;
    s.max = r->limits->max_size;
    s.dec.out = sink_put;
    s.dec.ctx = &s;
    s.dec.max = s.max;
    decoder_reset(&s.dec);
    folio_status st;
    if (!curl || !more) {
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
    else if (!decoder_finish(&s.dec)) {
        decoder_message(&s.dec, err, errlen);
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
    decoder_reset(&s.dec);
    curl_slist_free_all(headers);
    if (curl)
        curl_easy_cleanup(curl);
    return st;
}
