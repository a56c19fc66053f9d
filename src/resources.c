/* resources.c — getting the bytes of an EPUB's images; see resources.h.
 *
 * Place in the pipeline: the resources stage, called by epub.c with every
 * image the chapters reference. data: URIs are decoded here, local files
 * are read from below the page's directory (never when the page came from
 * a URL: the caller says so per item), downloads run in parallel through
 * one curl multi handle, with fetch.c's common curl options
 * (fetch_setup_common) and gzip.c's decoding of compressed bodies (the raw
 * body is asked for; a damaged or truncated one, or an unknown coding,
 * leaves the image out; the size cap counts decoded bytes). image.c then
 * says what the bytes are.
 */
#include "resources.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "curl_lazy.h"
#include "fetch.h"
#include "gzip.h"

void res_item_clear(res_item *it)
{
    free(it->data);
    it->data = NULL;
    it->len = 0;
    it->type = RES_UNKNOWN;
    it->why = NULL;
}

/* ------------------------------------------------------------ data: URI */

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int hex_value(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = lower(c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static int b64_value(int c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+' || c == '-')
        return 62;
    if (c == '/' || c == '_')
        return 63;
    return -1;
}

/* Decodes base64 (white space ignored, padding optional) into b. */
static bool b64_decode(const char *s, buf *b)
{
    unsigned long acc = 0;
    int bits = 0;
    for (; *s && *s != '='; s++) {
        int v = b64_value((unsigned char)*s);
        if (v < 0) {
            if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
                continue;
            return false;
        }
        acc = (acc << 6) | (unsigned long)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            buf_putc(b, (char)((acc >> bits) & 0xFF));
        }
    }
    return !b->failed;
}

/* Decodes percent escapes into b. */
static bool pct_decode(const char *s, buf *b)
{
    for (; *s; s++) {
        int hi, lo;
        if (*s == '%' && (hi = hex_value((unsigned char)s[1])) >= 0 &&
            (lo = hex_value((unsigned char)s[2])) >= 0) {
            buf_putc(b, (char)(hi * 16 + lo));
            s += 2;
        } else {
            buf_putc(b, *s);
        }
    }
    return !b->failed;
}

bool res_data_uri(const char *uri, size_t max, unsigned char **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    while (*uri == ' ' || *uri == '\t' || *uri == '\n')
        uri++;
    if (strncmp(uri, "data:", 5) != 0 && strncmp(uri, "DATA:", 5) != 0)
        return false;
    const char *comma = strchr(uri + 5, ',');
    if (!comma)
        return false;
    bool base64 = comma - uri >= 12;
    for (size_t k = 0; base64 && k < 7; k++)
        base64 = lower((unsigned char)*(comma - 7 + k)) == ";base64"[k];
    buf b = BUF_INIT, raw = BUF_INIT;
    bool ok = pct_decode(comma + 1, base64 ? &raw : &b);
    if (ok && base64)
        ok = b64_decode(raw.data ? raw.data : "", &b);
    buf_free(&raw);
    if (!ok || b.len == 0 || b.len > max) {
        buf_free(&b);
        return false;
    }
    *out = (unsigned char *)buf_detach(&b, len);
    return *out != NULL;
}

/* ----------------------------------------------------------- local files */

/* The path part of a relative reference, percent-decoded, into b; false
 * when it has a scheme, is absolute, or climbs out with "..". */
static bool local_path(const char *ref, buf *b)
{
    size_t n = strcspn(ref, "?#");
    size_t colon = strcspn(ref, ":/");
    if (colon < n && ref[colon] == ':')
        return false; /* a scheme: file:, ftp:, C:... */
    if (n == 0 || ref[0] == '/' || ref[0] == '\\')
        return false;
    buf raw = BUF_INIT;
    buf_append(&raw, ref, n);
    bool ok = !raw.failed && pct_decode(raw.data, b);
    buf_free(&raw);
    if (!ok || b->len == 0 || strlen(b->data) != b->len || b->data[0] == '/')
        return false; /* a NUL, or an escaped leading slash */
    for (const char *seg = b->data; *seg;) {
        size_t k = strcspn(seg, "/");
        if (k == 2 && seg[0] == '.' && seg[1] == '.')
            return false;
        seg += k + (seg[k] == '/');
    }
    return true;
}

/* Reads all of fd (a regular file of at most max bytes) into *out. */
static bool read_fd(int fd, size_t max, unsigned char **out, size_t *len, const char **why)
{
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        *why = "not a regular file";
        return false;
    }
    if ((unsigned long long)st.st_size > max) {
        *why = "larger than the size cap";
        return false;
    }
    buf b = BUF_INIT;
    char tmp[65536];
    ssize_t got;
    while ((got = read(fd, tmp, sizeof tmp)) > 0 && b.len + (size_t)got <= max)
        buf_append(&b, tmp, (size_t)got);
    if (got != 0 || b.failed || b.len == 0) {
        *why = got > 0 ? "larger than the size cap" : b.len ? "read error" : "empty file";
        buf_free(&b);
        return false;
    }
    *out = (unsigned char *)buf_detach(&b, len);
    return *out != NULL;
}

bool res_read_file(const char *path, size_t max, unsigned char **out, size_t *len, const char **why)
{
    *out = NULL;
    int fd = open(path, O_RDONLY | O_NOCTTY);
    if (fd < 0) {
        *why = "cannot open the file";
        return false;
    }
    bool ok = read_fd(fd, max, out, len, why);
    close(fd);
    if (ok)
        *why = NULL;
    return ok;
}

bool res_read_local(const char *dir, const char *path, size_t max, unsigned char **out, size_t *len,
                    const char **why)
{
    *out = NULL;
    *why = "not a safe relative path";
    buf rel = BUF_INIT, full = BUF_INIT;
    bool ok = false;
    if (!dir || !local_path(path, &rel))
        goto done;
    buf_printf(&full, "%s/%s", dir, rel.data);
    if (full.failed) {
        *why = "out of memory";
        goto done;
    }
    ok = res_read_file(full.data, max, out, len, why);
done:
    buf_free(&rel);
    buf_free(&full);
    return ok;
}

/* ------------------------------------------------------------ downloads */

/* True for an http:// or https:// URL. */
static bool is_http(const char *url)
{
    return strncmp(url, "http://", 7) == 0 || strncmp(url, "https://", 8) == 0;
}

/* One download in flight. */
typedef struct {
    res_item *item; /* not owned */
    CURL *easy;     /* owned while in flight */
    buf body;       /* owned: the decoded body */
    size_t max;     /* decoded bytes allowed */
    bool too_big;
    gzip_decoder dec; /* Content-Encoding of the last response; owned */
} download;

/* Appends decoded bytes under the cap. */
static bool put_decoded(void *ctx, const char *p, size_t n)
{
    download *d = ctx;
    if (n > d->max - d->body.len) {
        d->too_big = true;
        return false;
    }
    return buf_append(&d->body, p, n);
}

/* Raw body bytes: decoded by gzip.c (the raw body is asked for). */
static size_t on_body(char *p, size_t size, size_t nmemb, void *ctx)
{
    download *d = ctx;
    size_t n = size * nmemb;
    return gzip_decoder_feed(&d->dec, p, n) ? n : 0; /* 0 aborts the transfer */
}

/* Header lines: the decoder keeps the last response's Content-Encoding. */
static size_t on_header(char *p, size_t size, size_t nmemb, void *ctx)
{
    download *d = ctx;
    size_t n = size * nmemb;
    gzip_decoder_header(&d->dec, p, n);
    return n;
}

/* Sets up d's easy handle: fetch.c's common options (protocols, redirects,
 * timeouts, raw body, User-Agent, headers, size cap), then this download's
 * own. False when curl refuses a setting that matters. */
static bool setup_easy(download *d, const res_options *o, struct curl_slist *headers)
{
    const curl_lazy_api *C = curl_lazy(NULL, 0);
    CURL *e = d->easy;
    const res_item *it = d->item;
    fetch_limits l = {o->max_redirects, o->connect_timeout_ms, o->timeout_ms, o->max_size,
                      o->user_agent};
    bool ok = fetch_setup_common(e, &l, headers) &&
              curl_set_ptr(C, e, CURLOPT_URL, it->url) == CURLE_OK &&
              curl_set_fn(C, e, CURLOPT_WRITEFUNCTION, on_body) == CURLE_OK &&
              curl_set_ptr(C, e, CURLOPT_WRITEDATA, d) == CURLE_OK &&
              curl_set_fn(C, e, CURLOPT_HEADERFUNCTION, on_header) == CURLE_OK &&
              curl_set_ptr(C, e, CURLOPT_HEADERDATA, d) == CURLE_OK &&
              curl_set_ptr(C, e, CURLOPT_PRIVATE, d) == CURLE_OK;
    curl_set_long(C, e, CURLOPT_FAILONERROR, 1L);
    if (it->referer && is_http(it->referer))
        curl_set_ptr(C, e, CURLOPT_REFERER, it->referer);
    return ok;
}

/* Starts d; false (with a reason on the item) when it cannot start. */
static bool start_download(CURLM *m, download *d, const res_options *o, struct curl_slist *headers)
{
    const curl_lazy_api *C = curl_lazy(NULL, 0);
    d->easy = C->easy_init();
    if (!d->easy || !setup_easy(d, o, headers) || C->multi_add_handle(m, d->easy) != CURLM_OK) {
        if (d->easy)
            C->easy_cleanup(d->easy);
        d->easy = NULL;
        d->item->why = "download could not start";
        return false;
    }
    return true;
}

/* Ends d with curl's result: keeps the body or records why not. */
static void finish_download(CURLM *m, download *d, CURLcode rc)
{
    const curl_lazy_api *C = curl_lazy(NULL, 0);
    long status = 0;
    curl_get_long(C, d->easy, CURLINFO_RESPONSE_CODE, &status);
    C->multi_remove_handle(m, d->easy);
    C->easy_cleanup(d->easy);
    d->easy = NULL;
    bool whole = rc == CURLE_OK && gzip_decoder_finish(&d->dec);
    if (d->too_big || rc == CURLE_FILESIZE_EXCEEDED || gzip_decoder_over_limit(&d->dec))
        d->item->why = "larger than the size cap";
    else if (gzip_decoder_refused(&d->dec))
        d->item->why = gzip_decoder_reason(&d->dec);
    else if (d->body.failed || gzip_decoder_nomem(&d->dec))
        d->item->why = "out of memory";
    else if (rc == CURLE_OPERATION_TIMEDOUT)
        d->item->why = "download timed out";
    else if (rc == CURLE_HTTP_RETURNED_ERROR || (rc == CURLE_OK && status / 100 != 2))
        d->item->why = "HTTP error status";
    else if (rc != CURLE_OK || !whole)
        d->item->why = "download failed";
    else if (d->body.len == 0)
        d->item->why = "empty response";
    gzip_decoder_free(&d->dec);
    if (d->item->why) {
        buf_free(&d->body);
        return;
    }
    d->item->data = (unsigned char *)buf_detach(&d->body, &d->item->len);
    if (!d->item->data)
        d->item->why = "out of memory";
}

/* Collects finished transfers; returns how many ended. */
static unsigned reap(CURLM *m)
{
    const curl_lazy_api *C = curl_lazy(NULL, 0);
    unsigned ended = 0;
    int left;
    CURLMsg *msg;
    while ((msg = C->multi_info_read(m, &left))) {
        if (msg->msg != CURLMSG_DONE)
            continue;
        download *d = NULL;
        curl_get_str(C, msg->easy_handle, CURLINFO_PRIVATE, (char **)&d);
        if (d)
            finish_download(m, d, msg->data.result);
        ended++;
    }
    return ended;
}

/* Runs the downloads of dl[0..n), at most o->parallel at once. */
static void run_downloads(CURLM *m, download *dl, size_t n, const res_options *o,
                          struct curl_slist *headers)
{
    const curl_lazy_api *C = curl_lazy(NULL, 0);
    size_t next = 0;
    unsigned active = 0, parallel = o->parallel ? o->parallel : 1;
    while (next < n || active > 0) {
        while (active < parallel && next < n)
            active += start_download(m, &dl[next++], o, headers);
        int running = 0;
        if (C->multi_perform(m, &running) != CURLM_OK)
            break;
        unsigned ended = reap(m);
        active = ended > active ? 0 : active - ended;
        if (active && !ended)
            C->multi_poll(m, NULL, 0, 200, NULL);
    }
    for (size_t i = 0; i < n; i++) { /* only after a multi failure */
        if (dl[i].easy) {
            C->multi_remove_handle(m, dl[i].easy);
            C->easy_cleanup(dl[i].easy);
            dl[i].item->why = "download failed";
        }
        gzip_decoder_free(&dl[i].dec);
        buf_free(&dl[i].body);
    }
}

/* Downloads every http(s) item not yet had. */
static folio_status fetch_remote(res_item *items, size_t n, const res_options *o)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        count += !items[i].data && !items[i].why && is_http(items[i].url);
    if (count == 0)
        return FOLIO_OK;
    const curl_lazy_api *C = curl_lazy(NULL, 0);
    if (!C) { /* no libcurl: each download fails as an unreachable image does */
        for (size_t i = 0; i < n; i++)
            if (!items[i].data && !items[i].why && is_http(items[i].url))
                items[i].why = curl_lazy_error();
        return FOLIO_OK;
    }
    download *dl = calloc(count, sizeof *dl);
    struct curl_slist *headers = C->slist_append(NULL, GZIP_ACCEPT_ENCODING);
    CURLM *m = dl && headers ? C->multi_init() : NULL;
    if (!m) {
        C->slist_free_all(headers);
        free(dl);
        return FOLIO_ENOMEM;
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (!items[i].data && !items[i].why && is_http(items[i].url)) {
            dl[k].item = &items[i];
            dl[k].max = o->max_size;
            gzip_decoder_init(&dl[k].dec, o->max_size, put_decoded, &dl[k]);
            k++;
        }
    run_downloads(m, dl, count, o, headers);
    C->multi_cleanup(m);
    C->slist_free_all(headers);
    free(dl);
    return FOLIO_OK;
}

/* ----------------------------------------------------------------- all */

/* Gets an item that needs no network: a data: URI or a local file. */
static void fetch_near(res_item *it, const res_options *o)
{
    const char *u = it->url;
    while (*u == ' ' || *u == '\t' || *u == '\n')
        u++;
    if (strncmp(u, "data:", 5) == 0 || strncmp(u, "DATA:", 5) == 0) {
        if (!res_data_uri(u, o->max_size, &it->data, &it->len))
            it->why = "malformed or oversized data: URI";
    } else if (is_http(u)) {
        if (o->offline)
            it->why = "offline: not downloaded";
    } else if (!it->allow_local || !(it->dir ? it->dir : o->input_dir)) {
        it->why = "not a downloadable URL";
    } else {
        res_read_local(it->dir ? it->dir : o->input_dir, u, o->max_size, &it->data, &it->len,
                       &it->why);
    }
}

void res_check(res_item *it)
{
    it->type = res_sniff(it->data, it->len);
    if (it->type == RES_WEBP || it->type == RES_AVIF)
        it->why = it->type == RES_WEBP ? "WebP is not supported by e-readers"
                                       : "AVIF is not supported by e-readers";
    else if (it->type == RES_UNKNOWN)
        it->why = "not an image of a known type";
    else if (it->type == RES_SVG &&
             !res_svg_ok(it->data, it->len = res_svg_strip_doctype(it->data, it->len)))
        it->why = "SVG with scripts, external references or malformed markup";
    if (it->why) {
        const char *why = it->why;
        res_item_clear(it);
        it->why = why;
    }
}

folio_status res_fetch_all(res_item *items, size_t n, const res_options *o)
{
    for (size_t i = 0; i < n; i++) {
        res_item_clear(&items[i]);
        fetch_near(&items[i], o);
    }
    if (!o->offline) {
        folio_status st = fetch_remote(items, n, o);
        if (st != FOLIO_OK)
            return st;
    }
    for (size_t i = 0; i < n; i++)
        if (items[i].data)
            res_check(&items[i]);
    return FOLIO_OK;
}

/* ------------------------------------------------------------- the set */

void res_set_init(res_set *s, size_t max)
{
    memset(s, 0, sizeof *s);
    s->max = max;
}

/* True when two optional folder names are the same. */
static bool same_dir(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

long res_set_find(const res_set *s, const char *url, bool allow_local, const char *dir)
{
    bool absolute = is_http(url) || strncmp(url, "data:", 5) == 0;
    for (size_t i = 0; i < s->n; i++) {
        const res_item *it = &s->items[i];
        if (strcmp(it->url, url) == 0 &&
            (absolute || (it->allow_local == allow_local && same_dir(it->dir, dir))))
            return (long)i;
    }
    return -1;
}

folio_status res_set_add(res_set *s, const char *url, const char *referer, bool allow_local,
                         const char *dir, bool force, long *idx)
{
    *idx = res_set_find(s, url, allow_local, dir);
    if (*idx >= 0)
        return FOLIO_OK;
    if (s->n >= s->max && !force) {
        s->capped = true;
        return FOLIO_OK;
    }
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 16;
        res_item *grown = realloc(s->items, cap * sizeof *grown);
        if (!grown)
            return FOLIO_ENOMEM;
        s->items = grown;
        s->cap = cap;
    }
    res_item *it = &s->items[s->n];
    memset(it, 0, sizeof *it);
    it->url = url;
    it->referer = referer;
    it->allow_local = allow_local;
    it->dir = dir;
    *idx = (long)s->n++;
    return FOLIO_OK;
}

void res_set_name(res_set *s)
{
    unsigned k = 0;
    for (size_t i = 0; i < s->n; i++) {
        res_item *it = &s->items[i];
        if (it->data)
            snprintf(it->name, sizeof it->name, "images/img-%03u.%s", ++k, res_extension(it->type));
        else
            it->name[0] = '\0';
    }
}

void res_set_free(res_set *s)
{
    for (size_t i = 0; i < s->n; i++)
        res_item_clear(&s->items[i]);
    free(s->items);
    memset(s, 0, sizeof *s);
}
