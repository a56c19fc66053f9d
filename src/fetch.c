/* fetch.c — one HTTP(S) download through libcurl; see fetch.h.
 *
 * Stage 1 (input) helper. The limits live here so that every download
 * obeys them: only http/https (redirects too, so a page can never send
 * folio to file://), a redirect cap, connect and total timeouts, a size cap
 * checked while the body arrives, compressed bodies decoded and checked
 * (below: zlib and brotli when the build has them, else curl's decoders),
 * and HTTP errors and unwanted types refused. No signals (CURLOPT_NOSIGNAL), so
 * several threads may fetch at once.
 */
#include "fetch.h"

#include <curl/curl.h>
#include <pthread.h>
#ifdef FOLIO_HAVE_ZLIB
#include <zlib.h>
#endif
#ifdef FOLIO_HAVE_BROTLI
#include <brotli/decode.h>
#endif
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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
 * #3796 and later reports). When folio is built with zlib
 * (FOLIO_HAVE_ZLIB), it asks curl for the raw body and decodes it here, so
 * a damaged or truncated body is an error, and the size cap applies to the
 * decoded bytes as they come (a small bomb cannot fill memory). brotli is
 * decoded the same way when FOLIO_HAVE_BROTLI is set. Without zlib, curl
 * decodes as before and truncation goes unnoticed.
 */
#ifdef FOLIO_HAVE_ZLIB

/* The Content-Encoding of the response being received. */
typedef enum { CE_IDENTITY, CE_GZIP, CE_DEFLATE, CE_BR, CE_UNSUPPORTED } coding;

/* Offered in Accept-Encoding: only what this file can check. */
#ifdef FOLIO_HAVE_BROTLI
static const char offered_encodings[] = "gzip, deflate, br";
#else
static const char offered_encodings[] = "gzip, deflate";
#endif

/* The decoder of one body. */
typedef struct {
    coding kind;
    char name[24];  /* the header value, for messages */
    bool started;   /* z or br set up */
    bool finished;  /* the compressed stream reached its end */
    bool damaged;
    z_stream z;
#ifdef FOLIO_HAVE_BROTLI
    BrotliDecoderState *br;
#endif
} body_decoder;

static void decoder_reset(body_decoder *d)
{
    if (d->started && (d->kind == CE_GZIP || d->kind == CE_DEFLATE))
        inflateEnd(&d->z);
#ifdef FOLIO_HAVE_BROTLI
    if (d->br)
        BrotliDecoderDestroyInstance(d->br);
#endif
    memset(d, 0, sizeof *d);
}

/* Reads a Content-Encoding value (v, n bytes, white space trimmed). */
static void decoder_set_coding(body_decoder *d, const char *v, size_t n)
{
    static const struct {
        const char *name;
        coding kind;
    } names[] = {{"identity", CE_IDENTITY}, {"gzip", CE_GZIP},       {"x-gzip", CE_GZIP},
                 {"deflate", CE_DEFLATE},   {"br", CE_BR},           {"", CE_IDENTITY}};
    decoder_reset(d);
    d->kind = CE_UNSUPPORTED;
    size_t k = n < sizeof d->name - 1 ? n : sizeof d->name - 1;
    for (size_t i = 0; i < k; i++)
        d->name[i] = (char)(v[i] >= 'A' && v[i] <= 'Z' ? v[i] + 32 : v[i]);
    d->name[k] = '\0';
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (n == strlen(names[i].name) && strcmp(d->name, names[i].name) == 0)
            d->kind = names[i].kind;
#ifndef FOLIO_HAVE_BROTLI
    if (d->kind == CE_BR)
        d->kind = CE_UNSUPPORTED;
#endif
}

/* Where decoded bytes go: returns false to stop (cap or memory). */
typedef bool (*decoded_fn)(void *ctx, const char *p, size_t n);

/* zlib window bits: gzip or zlib told apart by zlib (32 + 15) for gzip;
 * for "deflate", the zlib wrapper RFC 9110 asks for, or the raw deflate
 * some servers send instead (-15), told apart by the zlib header check. */
enum { ZLIB_AUTO = 32 + 15, ZLIB_WRAPPED = 15, ZLIB_RAW = -15, DECODE_CHUNK = 16384 };

static bool zlib_start(body_decoder *d, const unsigned char *in, size_t n)
{
    int bits = ZLIB_AUTO;
    if (d->kind == CE_DEFLATE) {
        bool wrapped = (in[0] & 0x0F) == 8 && (in[0] >> 4) <= 7 &&
                       (n < 2 || ((unsigned)in[0] * 256 + in[1]) % 31 == 0);
        bits = wrapped ? ZLIB_WRAPPED : ZLIB_RAW;
    }
    memset(&d->z, 0, sizeof d->z);
    if (inflateInit2(&d->z, bits) != Z_OK)
        return false;
    d->started = true;
    return true;
}

/* Feeds compressed bytes to zlib; false when the data is damaged or out
 * says stop. A second gzip member after the first is decoded too, as
 * gunzip does; anything else after the end is ignored. */
static bool zlib_feed(body_decoder *d, const unsigned char *in, size_t n, decoded_fn out,
                      void *ctx)
{
    if (!d->started && !zlib_start(d, in, n))
        return false;
    unsigned char chunk[DECODE_CHUNK];
    d->z.next_in = (unsigned char *)in;
    d->z.avail_in = (uInt)n;
    while (d->z.avail_in > 0) {
        if (d->finished) {
            if (d->kind != CE_GZIP || d->z.next_in[0] != 0x1F || inflateReset(&d->z) != Z_OK)
                return true; /* trailing bytes after the stream: ignored */
            d->finished = false;
        }
        d->z.next_out = chunk;
        d->z.avail_out = sizeof chunk;
        int r = inflate(&d->z, Z_NO_FLUSH);
        size_t got = sizeof chunk - d->z.avail_out;
        if (got && !out(ctx, (const char *)chunk, got))
            return false;
        if (r == Z_STREAM_END)
            d->finished = true;
        else if (r != Z_OK && !(r == Z_BUF_ERROR && got == 0 && d->z.avail_in == 0)) {
            d->damaged = true;
            return false;
        }
    }
    return true;
}

#ifdef FOLIO_HAVE_BROTLI
static bool br_feed(body_decoder *d, const unsigned char *in, size_t n, decoded_fn out,
                    void *ctx)
{
    if (!d->br && !(d->br = BrotliDecoderCreateInstance(NULL, NULL, NULL)))
        return false;
    d->started = true;
    unsigned char chunk[DECODE_CHUNK];
    size_t avail_in = n;
    const uint8_t *next_in = in;
    for (;;) {
        size_t avail_out = sizeof chunk;
        uint8_t *next_out = chunk;
        BrotliDecoderResult r =
            BrotliDecoderDecompressStream(d->br, &avail_in, &next_in, &avail_out, &next_out, NULL);
        size_t got = sizeof chunk - avail_out;
        if (got && !out(ctx, (const char *)chunk, got))
            return false;
        if (r == BROTLI_DECODER_RESULT_ERROR) {
            d->damaged = true;
            return false;
        }
        if (r == BROTLI_DECODER_RESULT_SUCCESS) {
            d->finished = true;
            return true;
        }
        if (r == BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT)
            return true;
    }
}
#endif

/* Decodes n raw body bytes into out. False: stop the transfer (damaged,
 * unsupported, or out refused). */
static bool decoder_feed(body_decoder *d, const char *p, size_t n, decoded_fn out, void *ctx)
{
    if (n == 0)
        return true;
    switch (d->kind) {
    case CE_IDENTITY:
        return out(ctx, p, n);
    case CE_GZIP:
    case CE_DEFLATE:
        return zlib_feed(d, (const unsigned char *)p, n, out, ctx);
#ifdef FOLIO_HAVE_BROTLI
    case CE_BR:
        return br_feed(d, (const unsigned char *)p, n, out, ctx);
#endif
    default:
        d->damaged = true;
        return false;
    }
}

/* True when the body ended where its encoding says it ends. */
static bool decoder_complete(const body_decoder *d)
{
    return d->kind == CE_IDENTITY || !d->started || d->finished;
}

#endif /* FOLIO_HAVE_ZLIB */

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
#ifdef FOLIO_HAVE_ZLIB
    body_decoder dec;
#endif
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
#ifdef FOLIO_HAVE_ZLIB
        decoder_reset(&s->dec);
#endif
    } else if (header_value(p, n, "location:", &v, &vn)) {
        size_t k = 0;
        while (k < vn && k + 1 < sizeof s->location_scheme && v[k] != ':' && v[k] != '/')
            k++;
        k = k < vn && v[k] == ':' ? k : 0;
        for (size_t i = 0; i < k; i++)
            s->location_scheme[i] = (char)(v[i] >= 'A' && v[i] <= 'Z' ? v[i] + 32 : v[i]);
        s->location_scheme[k] = '\0';
    }
#ifdef FOLIO_HAVE_ZLIB
    else if (header_value(p, n, "content-encoding:", &v, &vn)) {
        decoder_set_coding(&s->dec, v, vn);
    }
#endif
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
#ifdef FOLIO_HAVE_ZLIB
    return decoder_feed(&s->dec, p, n, sink_put, s) ? n : 0;
#else
    return sink_put(s, p, n) ? n : 0;
#endif
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
static folio_status transfer_error(CURL *curl, CURLcode rc, const sink *s,
                                   const char *curl_err, char *err, size_t errlen)
{
    const folio_input_options *o = s->req->limits;
    char secs[32];
    if (s->too_big || rc == CURLE_FILESIZE_EXCEEDED) {
        set_err(err, errlen, "larger than %zu bytes", s->max);
        return FOLIO_ELIMIT;
    }
    if (s->body->failed)
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
#ifdef FOLIO_HAVE_ZLIB
    if (s->dec.damaged) {
        if (s->dec.kind == CE_UNSUPPORTED)
            set_err(err, errlen, "unsupported Content-Encoding '%s'", s->dec.name);
        else
            set_err(err, errlen, "damaged compressed body (%s)", s->dec.name);
        return FOLIO_EINPUT;
    }
#endif
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
            set_err(err, errlen, "redirected to unsupported URL scheme '%s'",
                     s->location_scheme);
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
    /* 0 (or less) means no limit, as in curl */
    ok &= curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                           o->connect_timeout_ms > 0 ? o->connect_timeout_ms : 0L) == CURLE_OK;
    ok &= curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, o->timeout_ms > 0 ? o->timeout_ms : 0L) ==
          CURLE_OK;
#ifdef FOLIO_HAVE_ZLIB
    ok &= curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, offered_encodings) == CURLE_OK;
    ok &= curl_easy_setopt(curl, CURLOPT_HTTP_CONTENT_DECODING, 0L) == CURLE_OK;
#else
    ok &= curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "") == CURLE_OK; /* curl decodes */
#endif
    ok &= curl_easy_setopt(curl, CURLOPT_USERAGENT,
                           o->user_agent && *o->user_agent ? o->user_agent
                                                           : fetch_default_user_agent) ==
          CURLE_OK;
    ok &= curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers) == CURLE_OK;
    if (o->max_size <= (size_t)INT64_MAX) /* the cap on the body also bites while reading */
        ok &= curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)o->max_size) ==
              CURLE_OK;
    ok &= curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header) == CURLE_OK;
    ok &= curl_easy_setopt(curl, CURLOPT_HEADERDATA, s) == CURLE_OK;
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
    fetch_global_init();
    CURL *curl = curl_easy_init();
    struct curl_slist *headers = curl_slist_append(NULL, accept_header);
    char curl_err[CURL_ERROR_SIZE] = "";
    sink s;
    memset(&s, 0, sizeof s);
    s.curl = curl;
    s.req = r;
    s.body = &res->body;
    s.max = r->limits->max_size;
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
#ifdef FOLIO_HAVE_ZLIB
    else if (!decoder_complete(&s.dec)) {
        set_err(err, errlen, "compressed body cut short (%s)", s.dec.name);
        st = FOLIO_EINPUT;
    }
#endif
    else
        st = check_response(curl, r, res, err, errlen);
done:
    if (st != FOLIO_OK) {
        buf_free(&res->body);
        free(res->final_url);
        free(res->content_type);
        memset(res, 0, sizeof *res);
    }
#ifdef FOLIO_HAVE_ZLIB
    decoder_reset(&s.dec);
#endif
    curl_slist_free_all(headers);
    if (curl)
        curl_easy_cleanup(curl);
    return st;
}
