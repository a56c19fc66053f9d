/* model_helpers.h — builds documents from HTML snippets for the writers'
 * unit tests (test_model, test_markdown, test_text, test_json, test_html).
 *
 * doc_from_html parses a snippet with dom_parse, builds the model of its
 * <body> with model_build and fills a folio_doc as folio.c would (text and
 * word count included), with default rendering settings. */
#ifndef FOLIO_MODEL_HELPERS_H
#define FOLIO_MODEL_HELPERS_H
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* A document for html; free with doc_free. NULL on failure. */
static inline folio_doc *doc_from_html(const char *html)
{
    folio_doc *d = calloc(1, sizeof *d);
    if (!d || !(d->arena = arena_new()))
        return NULL;
    dom_limits lim = {2048, 4000000, 512};
    if (dom_parse(d->arena, html, strlen(html), &lim, &d->dom) != FOLIO_OK ||
        model_build(d->dom.body, &d->model) != FOLIO_OK)
        return NULL;
    buf b = BUF_INIT;
    if (text_from_model(d->model, 0, &b) != FOLIO_OK)
        return NULL;
    d->text = arena_strndup(d->arena, b.data ? b.data : "", b.len);
    d->text_len = b.len;
    buf_free(&b);
    d->meta.word_count = text_word_count(d->text, d->text_len);
    d->front_matter = 0;
    d->images = 1;
    return d;
}

static inline void doc_free(folio_doc *d)
{
    if (!d)
        return;
    if (d->model)
        cmark_node_free(d->model);
    arena_free(d->arena);
    free(d);
}

/* What writer w makes of d, as a string the caller frees ("" on failure). */
static inline char *render_with(folio_status (*w)(const folio_doc *, buf *), const folio_doc *d)
{
    buf b = BUF_INIT;
    if (!d || w(d, &b) != FOLIO_OK) {
        buf_free(&b);
        return strdup("(render failed)");
    }
    return buf_detach(&b, NULL);
}

/* The Markdown body (no front matter) of a snippet; the caller frees it. */
static inline char *md_of(const char *html)
{
    folio_doc *d = doc_from_html(html);
    char *s = render_with(markdown_body, d);
    doc_free(d);
    return s;
}

/* The text of a snippet; the caller frees it. */
static inline char *text_of(const char *html)
{
    folio_doc *d = doc_from_html(html);
    char *s = strdup(d && d->text ? d->text : "(failed)");
    doc_free(d);
    return s;
}

/* Checks that md_of(html) is want. */
#define CHECK_MD(html, want)                                                                       \
    do {                                                                                           \
        char *got_ = md_of(html);                                                                  \
        CHECK_STR(got_, want);                                                                     \
        free(got_);                                                                                \
    } while (0)

#define CHECK_TEXT(html, want)                                                                     \
    do {                                                                                           \
        char *got_ = text_of(html);                                                                \
        CHECK_STR(got_, want);                                                                     \
        free(got_);                                                                                \
    } while (0)
#endif
