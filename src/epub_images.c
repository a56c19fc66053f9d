/* epub_images.c — the images of an EPUB book: the cover, the images the
 * chapters use (gathered, fetched and named through resources.c), the
 * warnings for those left out, and the hook that gives the chapter writer
 * an image's name in the book. See epub.c for the whole packager.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "epub.h"

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

folio_status epub_gather_images(epub_book *b)
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

const char *epub_hook_image(void *ctx, const char *src)
{
    const epub_book *b = ctx;
    if (!b->o->images)
        return NULL;
    const epub_chapter *c = b->writing;
    long i = res_set_find(&b->imgs, src, !c->doc->meta.source, chapter_dir(b, c));
    return i >= 0 && b->imgs.items[i].data ? b->imgs.items[i].name : NULL;
}
