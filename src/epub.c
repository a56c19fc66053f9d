/* epub.c — the EPUB packager: one or more documents become one EPUB 3 book.
 *
 * Place in the pipeline: a writer, the last stage. It reads each document's
 * model (rendered to HTML by cmark, read back with dom_parse) and metadata,
 * gets the images through the resources stage, writes the chapters as
 * XHTML (xhtml.c), the package document, the EPUB 3 navigation document and
 * an NCX for older readers, and zips it all in memory. The only file that
 * includes zip.h. Output is deterministic: names, identifiers and times
 * come from the input and options.timestamp, never from a clock.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "epub.h"
#include "templates.h"
#include "url.h"
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
static void epub_civil_from_unix(long long t, epub_civil *c)
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

static char *arena_printf(arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static char *arena_printf(arena *a, const char *fmt, ...)
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
    return arena_printf(b->a,
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

static void warnf(const epub_book *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void warnf(const epub_book *b, const char *fmt, ...)
{
    if (!b->warn)
        return;
    char line[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    b->warn(b->warn_ctx, line);
}

/* Grows *p (of *cap elements of size sz) to hold need elements. */
static bool grow(void **p, size_t *cap, size_t need, size_t sz)
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

/* --------------------------------------------------------------- images */

/* The folder local images of chapter c are read from: its own when the
 * caller gave one per document, else NULL (the options' input_dir). */
static const char *chapter_dir(const epub_book *b, const epub_chapter *c)
{
    return b->o->input_dirs && !c->doc->meta.source ? b->o->input_dirs[c - b->ch] : NULL;
}

/* Adds an image used by chapter c; *idx gets its index or -1. */
static folio_status add_image(epub_book *b, const char *url, const epub_chapter *c, long *idx)
{
    const char *source = c->doc->meta.source;
    /* Issue 7: a page that came from a URL never makes folio read a file. */
    return res_set_add(&b->imgs, url, source, source == NULL, chapter_dir(b, c), false, idx);
}

/* The lead image of the first document that has one becomes the cover
 * (unless options.cover names a file: see load_cover_file). */
static folio_status add_cover_candidate(epub_book *b)
{
    if (b->o->cover || !b->o->images)
        return FOLIO_OK;
    for (size_t i = 0; i < b->nch; i++) {
        const char *img = b->ch[i].doc->meta.image;
        if (img && *img)
            return add_image(b, img, &b->ch[i], &b->cover);
    }
    return FOLIO_OK;
}

static folio_status add_chapter_images(epub_book *b, epub_chapter *c)
{
    const dom_node *body = c->dom.body;
    for (dom_node *n = body->first; n; n = dom_next(n, body)) {
        const char *src = dom_is(n, TAG_IMG) ? dom_attr(n, "src") : NULL;
        long idx;
        if (src && *src && add_image(b, src, c, &idx) != FOLIO_OK)
            return FOLIO_ENOMEM;
    }
    return FOLIO_OK;
}

/* options.cover: a file the user named, read as it is. */
static folio_status load_cover_file(epub_book *b)
{
    if (!b->o->cover)
        return FOLIO_OK;
    if (res_set_add(&b->imgs, b->o->cover, NULL, false, NULL, true, &b->cover) != FOLIO_OK)
        return FOLIO_ENOMEM;
    res_item *it = &b->imgs.items[b->cover];
    if (res_read_file(b->o->cover, b->o->max_image_size, &it->data, &it->len, &it->why))
        res_check(it);
    return FOLIO_OK;
}

/* A URL shortened for a warning (data: URIs are long). */
static void short_url(const char *url, char *out, size_t cap)
{
    if (strncmp(url, "data:", 5) == 0)
        snprintf(out, cap, "a data: URI");
    else if (strlen(url) > EPUB_WARN_URL)
        snprintf(out, cap, "%.*s...", EPUB_WARN_URL, url);
    else
        snprintf(out, cap, "%s", url);
}

/* Names the images had (img-001.png...) and warns about the others. */
static void name_images(epub_book *b)
{
    res_set_name(&b->imgs);
    for (size_t i = 0; i < b->imgs.n; i++) {
        const res_item *it = &b->imgs.items[i];
        if (it->data)
            continue;
        char u[EPUB_WARN_URL + 16];
        short_url(it->url, u, sizeof u);
        warnf(b, "image %s not embedded (%s): %s", u, it->why ? it->why : "unknown error",
              (long)i == b->cover ? "no cover" : "replaced by its alt text");
    }
    if (b->cover >= 0 && !b->imgs.items[b->cover].data)
        b->cover = -1;
    if (b->imgs.capped)
        warnf(b, "more than %zu images: the rest are replaced by their alt text",
              b->o->max_images);
}

static folio_status epub_gather_images(epub_book *b)
{
    const folio_epub_options *o = b->o;
    folio_status st = add_cover_candidate(b);
    for (size_t i = 0; st == FOLIO_OK && o->images && i < b->nch; i++)
        st = add_chapter_images(b, &b->ch[i]);
    res_options ro = {o->input_dir, o->offline != 0, o->max_image_size, o->image_timeout_ms,
                      o->image_timeout_ms < 10000 ? o->image_timeout_ms : 10000,
                      EPUB_MAX_REDIRECTS, EPUB_PARALLEL, o->user_agent};
    if (st == FOLIO_OK)
        st = res_fetch_all(b->imgs.items, b->imgs.n, &ro);
    if (st == FOLIO_OK)
        st = load_cover_file(b);
    if (st == FOLIO_OK)
        name_images(b);
    return st;
}

/* ---------------------------------------------------------------- hooks */

static const char *hook_image(void *ctx, const char *src)
{
    const epub_book *b = ctx;
    if (!b->o->images)
        return NULL;
    const epub_chapter *c = b->writing;
    long i = res_set_find(&b->imgs, src, !c->doc->meta.source, chapter_dir(b, c));
    return i >= 0 && b->imgs.items[i].data ? b->imgs.items[i].name : NULL;
}

/* True when a and b name the same page (fragments ignored). */
static bool same_page(const char *a, const char *b)
{
    if (!b || !*b)
        return false;
    size_t na = strcspn(a, "#"), nb = strcspn(b, "#");
    return na == nb && memcmp(a, b, na) == 0;
}

/* Links to another article of the book point to its chapter; absolute web
 * and mail links stay; anything else (fragments of the page, relative
 * links that lead nowhere in the book) is dropped, keeping the text. */
static const char *hook_link(void *ctx, const char *href)
{
    const epub_book *b = ctx;
    if (href[0] == '#')
        return NULL;
    for (size_t i = 0; i < b->nch; i++) {
        const folio_meta *m = &b->ch[i].doc->meta;
        if (same_page(href, m->source) || same_page(href, m->canonical))
            return b->ch[i].file;
    }
    if (url_is_http(href))
        return xhtml_link_host_ok(href) ? href : NULL;
    if (ascii_ieqn(href, "mailto:", 7))
        return href;
    return NULL;
}

/* ------------------------------------------------------------ contents */

static folio_status add_toc(epub_book *b, int level, const char *label, const char *href)
{
    if (!label || !href ||
        !grow((void **)&b->toc, &b->captoc, b->ntoc + 1, sizeof *b->toc))
        return FOLIO_ENOMEM;
    b->toc[b->ntoc++] = (xhtml_toc_entry){level, label, href};
    return FOLIO_OK;
}

static int heading_level(const dom_node *n)
{
    if (n->kind != DOM_ELEMENT || n->tag < TAG_H1 || n->tag > TAG_H6)
        return 0;
    return (int)(n->tag - TAG_H1) + 1;
}

/* Drops the page's ids (the book's are unique) and returns the mask of
 * heading levels present (bit 1 for h1...). */
static unsigned strip_ids(const dom_node *body)
{
    unsigned mask = 0;
    for (dom_node *n = body->first; n; n = dom_next(n, body)) {
        if (n->kind != DOM_ELEMENT)
            continue;
        dom_remove_attr(n, "id");
        if (!(n->flags & DOM_MARK_REMOVED))
            mask |= 1u << heading_level(n);
    }
    return mask & ~1u;
}

/* The rank of heading level l among the levels in mask (1 = the
 * highest level present). */
static int heading_rank(unsigned mask, int l)
{
    int r = 0;
    for (int k = 1; k <= l; k++)
        r += (mask >> k) & 1;
    return r;
}

/* The heading's text, collapsed, or NULL when empty. */
static const char *heading_text(epub_book *b, const dom_node *n)
{
    buf t = BUF_INIT;
    dom_text_content(n, &t);
    const char *s = t.failed || !t.len ? NULL : utf8_collapse(b->a, t.data, t.len);
    buf_free(&t);
    return s && *s ? s : NULL;
}

/* Marks removed a heading that opens the article with the chapter's
 * title: the title block already shows it. */
static void drop_repeated_title(epub_book *b, epub_chapter *c)
{
    dom_node *n = c->dom.body->first;
    while (n && n->kind == DOM_TEXT && strspn(n->text, " \t\n\r") == n->text_len)
        n = n->next;
    const char *text = n && heading_level(n) ? heading_text(b, n) : NULL;
    if (text && strcmp(text, c->title) == 0)
        n->flags |= DOM_MARK_REMOVED;
}

/* Adds the chapter and its headings down to toc_depth to the contents,
 * giving those headings ids. */
static folio_status chapter_toc(epub_book *b, epub_chapter *c)
{
    folio_status st = add_toc(b, 1, c->title, c->file);
    const dom_node *body = c->dom.body;
    drop_repeated_title(b, c);
    unsigned mask = strip_ids(body);
    unsigned seq = 0;
    for (dom_node *n = body->first; n && st == FOLIO_OK; n = dom_next(n, body)) {
        int l = n->flags & DOM_MARK_REMOVED ? 0 : heading_level(n);
        int rank = l ? heading_rank(mask, l) : 0;
        if (!l || rank > b->o->toc_depth)
            continue;
        const char *text = heading_text(b, n);
        if (!text)
            continue;
        char id[32];
        snprintf(id, sizeof id, "sec-%u", ++seq);
        if (!dom_set_attr(&c->dom, n, "id", id, strlen(id)))
            return FOLIO_ENOMEM;
        st = add_toc(b, 1 + rank, text, arena_printf(b->a, "%s#%s", c->file, id));
    }
    return st;
}

/* ------------------------------------------------------------ metadata */

static folio_status epub_book_metadata(epub_book *b)
{
    const folio_epub_options *o = b->o;
    epub_civil c;
    /* dcterms:modified needs a four-digit year: 1970 to 9999. */
    long long t = o->timestamp < 0 ? 0 : o->timestamp;
    epub_civil_from_unix(t > EPUB_LAST_TIME ? EPUB_LAST_TIME : t, &c);
    b->modified = arena_printf(b->a, "%04d-%02d-%02dT%02d:%02d:%02dZ", c.year, c.mon, c.day,
                               c.hour, c.min, c.sec);
    b->title = clean_text(b->a, o->title);
    if (!b->title && b->nch == 1)
        b->title = b->ch[0].title;
    if (!b->title)
        b->title = o->timestamp < 0 ? "folio digest"
                                    : arena_printf(b->a, "folio digest %04d-%02d-%02d", c.year,
                                                   c.mon, c.day);
    if (b->nch == 1)
        b->date = b->ch[0].date;
    else if (o->timestamp >= 0)
        b->date = arena_printf(b->a, "%04d-%02d-%02d", c.year, c.mon, c.day);
    b->uuid = make_uuid(b);
    return b->modified && b->title && b->uuid ? FOLIO_OK : FOLIO_ENOMEM;
}

/* ---------------------------------------------------------------- files */

static folio_status add_entry(epub_book *b, const char *name, const char *data, size_t len,
                              bool store)
{
    if (!name || !data ||
        !grow((void **)&b->ent, &b->capent, b->nent + 1, sizeof *b->ent))
        return FOLIO_ENOMEM;
    b->ent[b->nent++] = (epub_entry){name, data, len, store};
    return FOLIO_OK;
}

/* Moves a finished buf into the arena as the entry `name`. */
static folio_status add_buf(epub_book *b, const char *name, buf *t)
{
    if (t->failed) {
        buf_free(t);
        return FOLIO_ENOMEM;
    }
    char *data = arena_strndup(b->a, t->data ? t->data : "", t->len);
    size_t len = t->len;
    buf_free(t);
    return add_entry(b, name, data, len, false);
}

/* Writes one document of the book through fn into the entry `name`. */
static folio_status add_doc(epub_book *b, const char *name,
                            void (*fn)(buf *, const epub_book *))
{
    buf t = BUF_INIT;
    fn(&t, b);
    return add_buf(b, name, &t);
}

static folio_status write_chapter(epub_book *b, const epub_chapter *c)
{
    buf t = BUF_INIT;
    xhtml_hooks h = {hook_image, hook_link, b};
    b->writing = c;
    xhtml_book_chapter(&t, b, c, &h);
    return add_buf(b, arena_printf(b->a, "OEBPS/%s", c->file), &t);
}

static const char container_xml[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n"
    "<rootfiles>\n<rootfile full-path=\"OEBPS/content.opf\" "
    "media-type=\"application/oebps-package+xml\"/>\n</rootfiles>\n</container>\n";

/* --------------------------------------------------------- all the files */

static folio_status write_images(epub_book *b)
{
    folio_status st = FOLIO_OK;
    for (size_t i = 0; st == FOLIO_OK && i < b->imgs.n; i++) {
        const res_item *it = &b->imgs.items[i];
        if (!it->data)
            continue;
        st = add_entry(b, arena_printf(b->a, "OEBPS/%s", it->name), (const char *)it->data,
                       it->len, it->type != RES_SVG);
    }
    return st;
}

/* Writes every file of the book, in archive order. */
static folio_status epub_write_files(epub_book *b)
{
    static const char mimetype[] = "application/epub+zip";
    folio_status st = add_entry(b, "mimetype", mimetype, sizeof mimetype - 1, true);
    if (st == FOLIO_OK)
        st = add_entry(b, "META-INF/container.xml", container_xml, sizeof container_xml - 1,
                       false);
    for (size_t i = 0; st == FOLIO_OK && i < b->nch; i++)
        st = chapter_toc(b, &b->ch[i]);
    if (st == FOLIO_OK)
        st = add_doc(b, "OEBPS/content.opf", xhtml_book_opf);
    if (st == FOLIO_OK)
        st = add_doc(b, "OEBPS/nav.xhtml", xhtml_book_nav);
    if (st == FOLIO_OK)
        st = add_doc(b, "OEBPS/toc.ncx", xhtml_book_ncx);
    if (st == FOLIO_OK)
        st = add_entry(b, "OEBPS/style.css", folio_tpl_epub_css, folio_tpl_epub_css_len, false);
    if (st == FOLIO_OK && b->cover >= 0)
        st = add_doc(b, "OEBPS/cover.xhtml", xhtml_book_cover);
    for (size_t i = 0; st == FOLIO_OK && i < b->nch; i++)
        st = write_chapter(b, &b->ch[i]);
    if (st == FOLIO_OK)
        st = write_images(b);
    return st;
}

/* ------------------------------------------------------------- zipping */

/* The DOS date and time of a Unix time, in UTC (libzip's own conversion
 * uses local time, which would make the archive depend on TZ). Times
 * before 1980 become 1980-01-01 00:00. */
static void dos_time(long long t, zip_uint16_t *dtime, zip_uint16_t *ddate)
{
    epub_civil c;
    epub_civil_from_unix(t < 315532800 ? 315532800 : t > EPUB_LAST_TIME ? EPUB_LAST_TIME : t, &c);
    if (c.year > 2107)
        c.year = 2107;
    *dtime = (zip_uint16_t)((c.hour << 11) | (c.min << 5) | (c.sec / 2));
    *ddate = (zip_uint16_t)(((c.year - 1980) << 9) | (c.mon << 5) | c.day);
}

/* Adds one entry; its data must live until zip_close. */
static bool zip_add_entry(zip_t *za, const epub_entry *e, long long t)
{
    zip_source_t *s = zip_source_buffer(za, e->data, e->len, 0);
    if (!s)
        return false;
    zip_int64_t idx = zip_file_add(za, e->name, s, ZIP_FL_ENC_GUESS);
    if (idx < 0) {
        zip_source_free(s); /* not the archive's: zip_file_add failed */
        return false;
    }
    zip_uint16_t dtime, ddate;
    dos_time(t, &dtime, &ddate);
    zip_uint64_t i = (zip_uint64_t)idx;
    return zip_set_file_compression(za, i, e->store ? ZIP_CM_STORE : ZIP_CM_DEFLATE,
                                    e->store ? 0 : 9) == 0 &&
           zip_file_set_dostime(za, i, dtime, ddate, 0) == 0 &&
           zip_file_set_external_attributes(za, i, 0, ZIP_OPSYS_UNIX, 0100644u << 16) == 0;
}

/* Copies the bytes of a closed in-memory archive out of its source. */
static folio_status zip_read_back(zip_source_t *mem, char **out, size_t *len)
{
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_source_stat(mem, &st) < 0 || !(st.valid & ZIP_STAT_SIZE))
        return FOLIO_EIO;
    char *data = malloc(st.size ? st.size : 1);
    if (!data)
        return FOLIO_ENOMEM;
    if (zip_source_open(mem) < 0) {
        free(data);
        return FOLIO_EIO;
    }
    zip_int64_t got = zip_source_read(mem, data, st.size);
    zip_source_close(mem);
    if (got < 0 || (zip_uint64_t)got != st.size) {
        free(data);
        return FOLIO_EIO;
    }
    *out = data;
    *len = (size_t)st.size;
    return FOLIO_OK;
}

/* Zips the book's entries, in order, into a new buffer. */
static folio_status zip_book(const epub_book *b, char **out, size_t *len)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *mem = zip_source_buffer_create(NULL, 0, 0, &ze);
    if (!mem) {
        zip_error_fini(&ze);
        return FOLIO_ENOMEM;
    }
    zip_t *za = zip_open_from_source(mem, ZIP_TRUNCATE, &ze);
    zip_error_fini(&ze);
    if (!za) {
        zip_source_free(mem); /* still ours: the open failed */
        return FOLIO_EIO;
    }
    zip_source_keep(mem); /* read it back after zip_close */
    bool ok = true;
    for (size_t i = 0; ok && i < b->nent; i++)
        ok = zip_add_entry(za, &b->ent[i], b->o->timestamp);
    if (!ok || zip_close(za) < 0) {
        zip_discard(za);
        zip_source_free(mem);
        return FOLIO_EIO;
    }
    folio_status st = zip_read_back(mem, out, len);
    zip_source_free(mem);
    return st;
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
    if (st == FOLIO_OK)
        st = zip_book(&b, out, len);
    if (st != FOLIO_OK)
        set_err(err, errlen,
                st == FOLIO_EIO ? "the EPUB archive could not be made" : folio_strerror(st));
    epub_book_free(&b);
    return st;
}
