/* epub.c — the EPUB packager: one or more documents become one EPUB 3 book.
 *
 * Place in the pipeline: a writer, the last stage. It reads each document's
 * model (rendered to HTML by cmark, read back with dom_parse) and metadata,
 * gets the images through the resources stage (epub_images.c), builds the
 * contents (epub_toc.c), writes the chapters as XHTML (xhtml.c), the package
 * document, the EPUB 3 navigation document and an NCX for older readers,
 * and zips it all in memory (epub_archive.c, the only file that includes
 * zip.h). This file holds the entry points, the book and its metadata.
 * Output is deterministic: names, identifiers and times come from the input
 * and options.timestamp, never from a clock.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "epub.h"
#include "utf8.h"

void folio_epub_options_init(folio_epub_options *o)
{
    memset(o, 0, sizeof *o);
    o->images = 1;
    o->toc_depth = 2;
    o->timestamp = -1;
    o->max_images = 1000;
    o->max_image_size = (size_t)16 << 20;
    o->image_timeout_ms = 20000;
}

/* ------------------------------------------------------------ small parts */

/* Unix time to a UTC calendar date (the proleptic Gregorian calendar,
 * by eras of 400 years). */
void epub_civil_from_unix(long long t, epub_civil *c)
{
    long long days = t / 86400, rem = t % 86400;
    if (rem < 0) {
        rem += 86400;
        days--;
    }
    long long z = days + 719468;
    long long era = (z >= 0 ? z : z - 146096) / 146097;
    long long doe = z - era * 146097;
    long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long long mp = (5 * doy + 2) / 153;
    c->day = (int)(doy - (153 * mp + 2) / 5 + 1);
    c->mon = (int)(mp < 10 ? mp + 3 : mp - 9);
    c->year = (int)(yoe + era * 400 + (c->mon <= 2));
    c->hour = (int)(rem / 3600);
    c->min = (int)(rem / 60 % 60);
    c->sec = (int)(rem % 60);
}

char *epub_printf(arena *a, const char *fmt, ...)
{
    char tmp[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    return n < 0 ? NULL : arena_strndup(a, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* FNV-1a over n bytes, continuing from h. */
static unsigned long long fnv1a(unsigned long long h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

/* A final mix so every input bit reaches every output bit. */
static unsigned long long mix64(unsigned long long x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    return x ^ (x >> 33);
}

static void hash_add(epub_book *b, const char *s, size_t n)
{
    b->hash[0] = fnv1a(fnv1a(b->hash[0], s, n), "\n", 1);
    b->hash[1] = fnv1a(fnv1a(b->hash[1], "\n", 1), s, n);
}

/* The book's urn:uuid from the hashes: a name-based UUID in the RFC 9562
 * version 8 (custom) layout. */
static const char *make_uuid(epub_book *b)
{
    unsigned char u[16];
    unsigned long long h[2] = {mix64(b->hash[0]), mix64(b->hash[1] ^ b->hash[0])};
    for (int i = 0; i < 16; i++)
        u[i] = (unsigned char)(h[i / 8] >> (8 * (i % 8)));
    u[6] = (unsigned char)((u[6] & 0x0F) | 0x80);
    u[8] = (unsigned char)((u[8] & 0x3F) | 0x80);
    return epub_printf(b->a,
                        "urn:uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
                        "%02x%02x%02x%02x%02x%02x",
                        u[0], u[1], u[2], u[3], u[4], u[5], u[6], u[7], u[8], u[9], u[10],
                        u[11], u[12], u[13], u[14], u[15]);
}

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* A well-formed BCP 47 tag from s ("en_US" -> "en-US"), or NULL: a
 * primary subtag of 2 to 8 letters, then subtags of 1 to 8 letters or
 * digits. */
static const char *norm_lang(arena *a, const char *s)
{
    if (!s)
        return NULL;
    char *t = utf8_collapse(a, s, strlen(s));
    if (!t || !*t || strlen(t) > 35)
        return NULL;
    size_t run = 0, subtags = 0;
    for (char *p = t;; p++) {
        if (*p == '_')
            *p = '-';
        if (*p == '-' || !*p) {
            if (run < (subtags ? 1u : 2u) || run > 8)
                return NULL;
            subtags++;
            run = 0;
            if (!*p)
                break;
            continue;
        }
        if (!(is_alpha(*p) || (subtags && is_digit(*p))))
            return NULL;
        if (!subtags)
            *p = (char)ascii_lower((unsigned char)*p);
        run++;
    }
    return t;
}

static int two_digits(const char *s)
{
    return is_digit(s[0]) && is_digit(s[1]) ? (s[0] - '0') * 10 + (s[1] - '0') : -1;
}

/* The longest W3CDTF date at the start of s (YYYY, YYYY-MM or
 * YYYY-MM-DD), or NULL. */
static const char *norm_date(arena *a, const char *s)
{
    if (!s || strlen(s) < 4 || !is_digit(s[0]) || !is_digit(s[1]) || !is_digit(s[2]) ||
        !is_digit(s[3]) || memcmp(s, "0000", 4) == 0)
        return NULL;
    size_t n = 4;
    int mon = s[4] == '-' ? two_digits(s + 5) : -1;
    if (mon >= 1 && mon <= 12) {
        n = 7;
        int day = s[7] == '-' ? two_digits(s + 8) : -1;
        if (day >= 1 && day <= 31)
            n = 10;
    }
    return arena_strndup(a, s, n);
}

/* A collapsed, non-empty copy of s, or NULL. */
static const char *clean_text(arena *a, const char *s)
{
    if (!s)
        return NULL;
    char *t = utf8_collapse(a, s, strlen(s));
    return t && *t ? t : NULL;
}
/* Grows *p (of *cap elements of size sz) to hold need elements. */
bool epub_grow(void **p, size_t *cap, size_t need, size_t sz)
{
    if (need <= *cap)
        return true;
    size_t n = *cap ? *cap * 2 : 16;
    while (n < need)
        n *= 2;
    void *q = realloc(*p, n * sz);
    if (!q)
        return false;
    memset((char *)q + *cap * sz, 0, (n - *cap) * sz);
    *p = q;
    *cap = n;
    return true;
}

/* ------------------------------------------------------------- the book */

static folio_status epub_book_init(epub_book *b, folio_doc *const *docs, size_t n,
                                   const folio_epub_options *o, folio_warn_fn warn, void *ctx)
{
    memset(b, 0, sizeof *b);
    b->o = o;
    b->warn = warn;
    b->warn_ctx = ctx;
    b->cover = -1;
    res_set_init(&b->imgs, o->max_images);
    b->hash[0] = 0xcbf29ce484222325ULL;
    b->hash[1] = 0x84222325cbf29ce4ULL;
    b->a = arena_new();
    b->ch = calloc(n, sizeof *b->ch);
    if (!b->a || !b->ch)
        return FOLIO_ENOMEM;
    b->nch = n;
    for (size_t i = 0; i < n; i++)
        b->ch[i].doc = docs[i];
    return FOLIO_OK;
}

static void epub_book_free(epub_book *b)
{
    res_set_free(&b->imgs);
    free(b->toc);
    free(b->ent);
    free(b->ch);
    arena_free(b->a);
}

/* Renders a chapter's model to HTML and parses it back into a DOM. */
static folio_status parse_chapter(epub_book *b, epub_chapter *c, size_t i)
{
    const folio_meta *m = &c->doc->meta;
    char *html = cmark_render_html(c->doc->model, CMARK_OPT_UNSAFE);
    if (!html)
        return FOLIO_ENOMEM;
    buf src = BUF_INIT;
    buf_puts(&src, "<!DOCTYPE html><html><body>");
    buf_puts(&src, html);
    free(html);
    if (src.failed)
        return FOLIO_ENOMEM;
    if (m->source)
        hash_add(b, m->source, strlen(m->source));
    else
        hash_add(b, src.data, src.len);
    dom_limits lim = {2048, 4000000, 512};
    folio_status st = dom_parse(b->a, src.data, src.len, &lim, &c->dom);
    buf_free(&src);
    if (st != FOLIO_OK)
        return st;
    snprintf(c->file, sizeof c->file, "chapter-%03zu.xhtml", i + 1);
    c->title = clean_text(b->a, m->title);
    if (!c->title)
        c->title = "Untitled";
    c->date = norm_date(b->a, m->date);
    c->lang = norm_lang(b->a, b->o->lang);
    if (!c->lang)
        c->lang = norm_lang(b->a, m->lang);
    return FOLIO_OK;
}

static folio_status epub_parse_chapters(epub_book *b)
{
    for (size_t i = 0; i < b->nch; i++) {
        folio_status st = parse_chapter(b, &b->ch[i], i);
        if (st != FOLIO_OK)
            return st;
    }
    b->lang = "en";
    for (size_t i = b->nch; i-- > 0;)
        if (b->ch[i].lang)
            b->lang = b->ch[i].lang;
    for (size_t i = 0; i < b->nch; i++)
        if (!b->ch[i].lang)
            b->ch[i].lang = b->lang;
    return FOLIO_OK;
}

/* ------------------------------------------------------------ metadata */

static folio_status epub_book_metadata(epub_book *b)
{
    const folio_epub_options *o = b->o;
    epub_civil c;
    /* dcterms:modified needs a four-digit year: 1970 to 9999. */
    long long t = o->timestamp < 0 ? 0 : o->timestamp;
    epub_civil_from_unix(t > EPUB_LAST_TIME ? EPUB_LAST_TIME : t, &c);
    b->modified = epub_printf(b->a, "%04d-%02d-%02dT%02d:%02d:%02dZ", c.year, c.mon, c.day,
                               c.hour, c.min, c.sec);
    b->title = clean_text(b->a, o->title);
    if (!b->title && b->nch == 1)
        b->title = b->ch[0].title;
    if (!b->title)
        b->title = o->timestamp < 0 ? "folio digest"
                                    : epub_printf(b->a, "folio digest %04d-%02d-%02d", c.year,
                                                   c.mon, c.day);
    if (b->nch == 1)
        b->date = b->ch[0].date;
    else if (o->timestamp >= 0)
        b->date = epub_printf(b->a, "%04d-%02d-%02d", c.year, c.mon, c.day);
    b->uuid = make_uuid(b);
    return b->modified && b->title && b->uuid ? FOLIO_OK : FOLIO_ENOMEM;
}

/* ---------------------------------------------------------------- build */

static void set_err(char *err, size_t errlen, const char *msg)
{
    if (err && errlen)
        snprintf(err, errlen, "%s", msg);
}

/* Checks the arguments; FOLIO_OK or the status to return. */
static folio_status check_args(folio_doc *const *docs, size_t n, char **out, size_t *len,
                               char *err, size_t errlen)
{
    if (!docs || n == 0 || !out || !len) {
        set_err(err, errlen, "no document to package");
        return FOLIO_EINVAL;
    }
    if (n > EPUB_MAX_CHAPTERS) {
        set_err(err, errlen, "too many documents for one book");
        return FOLIO_ELIMIT;
    }
    for (size_t i = 0; i < n; i++)
        if (!docs[i] || !docs[i]->model) {
            set_err(err, errlen, "a document holds no article");
            return FOLIO_ENOARTICLE;
        }
    return FOLIO_OK;
}

static folio_status build_steps(epub_book *b)
{
    folio_status st = epub_parse_chapters(b);
    if (st == FOLIO_OK)
        st = epub_gather_images(b);
    if (st == FOLIO_OK)
        st = epub_book_metadata(b);
    if (st == FOLIO_OK)
        st = epub_write_files(b);
    return st;
}

folio_status folio_epub_build(folio_doc *const *docs, size_t n, const folio_epub_options *o,
                              folio_warn_fn warn, void *warn_ctx, char **out, size_t *len,
                              char *err, size_t errlen)
{
    folio_epub_options defaults;
    if (!o) {
        folio_epub_options_init(&defaults);
        o = &defaults;
    }
    folio_status st = check_args(docs, n, out, len, err, errlen);
    if (st != FOLIO_OK)
        return st;
    epub_book b;
    st = epub_book_init(&b, docs, n, o, warn, warn_ctx);
    if (st == FOLIO_OK)
        st = build_steps(&b);
    char why[160] = "";
    if (st == FOLIO_OK)
        st = epub_zip_book(&b, out, len, why, sizeof why);
    if (st != FOLIO_OK)
        set_err(err, errlen,
                *why                ? why
                : st == FOLIO_EIO ? "the EPUB archive could not be made"
                                  : folio_strerror(st));
    epub_book_free(&b);
    return st;
}
