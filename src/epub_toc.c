/* epub_toc.c — the contents of an EPUB book: one entry a chapter and one
 * a heading down to options.toc_depth (ranked among the levels the chapter
 * uses), the ids those headings get, and the heading that repeats the
 * chapter's title dropped. xhtml.c writes the nav and NCX from it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "epub.h"
#include "utf8.h"

static folio_status add_toc(epub_book *b, int level, const char *label, const char *href)
{
    if (!label || !href ||
        !epub_grow((void **)&b->toc, &b->captoc, b->ntoc + 1, sizeof *b->toc))
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
folio_status epub_chapter_toc(epub_book *b, epub_chapter *c)
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
        st = add_toc(b, 1 + rank, text, epub_printf(b->a, "%s#%s", c->file, id));
    }
    return st;
}
