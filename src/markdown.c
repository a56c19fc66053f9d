/* markdown.c — the Markdown writer.
 *
 * A writer (the last stage). YAML front matter (frontmatter.c), a blank
 * line, then CommonMark rendered by cmark, which does the escaping. The
 * model is shared by every writer and must not change, so this writer works
 * on a copy, which it adapts to Markdown before rendering:
 *  - footnote references become `[^N]`, the notes `[^N]: text` paragraphs;
 *  - with --link-style reference, links become `[text][N]` with the
 *    definitions at the end;
 *  - simple tables become GFM pipe tables, the others XHTML blocks
 *    (tables.c).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* ---------------------------------------------------------------- copy */

/* A copy of one node without its children; NULL on failure. */
static cmark_node *copy_node(cmark_node *n)
{
    cmark_node_type t = cmark_node_get_type(n);
    cmark_node *c = cmark_node_new(t);
    if (!c)
        return NULL;
    int ok = 1;
    const char *lit = cmark_node_get_literal(n);
    if (lit)
        ok &= cmark_node_set_literal(c, lit);
    switch (t) {
    case CMARK_NODE_HEADING:
        ok &= cmark_node_set_heading_level(c, cmark_node_get_heading_level(n));
        break;
    case CMARK_NODE_LIST:
        ok &= cmark_node_set_list_type(c, cmark_node_get_list_type(n));
        if (cmark_node_get_list_type(n) == CMARK_ORDERED_LIST) /* bullets refuse one */
            ok &= cmark_node_set_list_delim(c, cmark_node_get_list_delim(n));
        ok &= cmark_node_set_list_start(c, cmark_node_get_list_start(n));
        ok &= cmark_node_set_list_tight(c, cmark_node_get_list_tight(n));
        break;
    case CMARK_NODE_CODE_BLOCK:
        ok &= cmark_node_set_fence_info(c, cmark_node_get_fence_info(n));
        break;
    case CMARK_NODE_LINK:
    case CMARK_NODE_IMAGE:
        ok &= cmark_node_set_url(c, cmark_node_get_url(n));
        ok &= cmark_node_set_title(c, cmark_node_get_title(n));
        break;
    case CMARK_NODE_CUSTOM_BLOCK:
    case CMARK_NODE_CUSTOM_INLINE:
        ok &= cmark_node_set_on_enter(c, cmark_node_get_on_enter(n));
        ok &= cmark_node_set_on_exit(c, cmark_node_get_on_exit(n));
        break;
    default:
        break;
    }
    cmark_node_set_user_data(c, cmark_node_get_user_data(n));
    if (!ok) {
        cmark_node_free(c);
        return NULL;
    }
    return c;
}

/* A deep copy of the tree at root (iterative); NULL on failure. */
static cmark_node *copy_tree(cmark_node *root)
{
    cmark_iter *it = cmark_iter_new(root);
    if (!it)
        return NULL;
    cmark_node *top = NULL, *cur = NULL;
    bool ok = true;
    cmark_event_type ev;
    while (ok && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        if (ev == CMARK_EVENT_EXIT) {
            cur = cmark_node_parent(cur);
            continue;
        }
        cmark_node *c = copy_node(n);
        if (!c || (cur && !cmark_node_append_child(cur, c))) {
            if (c)
                cmark_node_free(c);
            ok = false;
            break;
        }
        if (!top)
            top = c;
        /* leaves have no exit event */
        if (cmark_node_first_child(n) || cmark_node_get_type(n) == CMARK_NODE_DOCUMENT ||
            !(cmark_node_get_type(n) == CMARK_NODE_TEXT ||
              cmark_node_get_type(n) == CMARK_NODE_CODE ||
              cmark_node_get_type(n) == CMARK_NODE_CODE_BLOCK ||
              cmark_node_get_type(n) == CMARK_NODE_HTML_BLOCK ||
              cmark_node_get_type(n) == CMARK_NODE_HTML_INLINE ||
              cmark_node_get_type(n) == CMARK_NODE_THEMATIC_BREAK ||
              cmark_node_get_type(n) == CMARK_NODE_SOFTBREAK ||
              cmark_node_get_type(n) == CMARK_NODE_LINEBREAK))
            cur = c;
    }
    cmark_iter_free(it);
    if (!ok && top) {
        cmark_node_free(top);
        top = NULL;
    }
    return top;
}

/* --------------------------------------------------------- node lists */

typedef struct {
    cmark_node **v;
    size_t n, cap;
    bool failed;
} node_list;

static void list_add(node_list *l, cmark_node *n)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 32;
        cmark_node **v = realloc(l->v, cap * sizeof *v);
        if (!v) {
            l->failed = true;
            return;
        }
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = n;
}

/* The nodes of the tree that want a change, in document order: footnote
 * parts, links (when wanted) and outermost tables. */
static bool gather(cmark_node *root, bool links, node_list *out)
{
    cmark_iter *it = cmark_iter_new(root);
    if (!it)
        return false;
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        if (ev != CMARK_EVENT_ENTER)
            continue;
        model_kind k = model_node_kind(n);
        if (k == MODEL_FNREF || k == MODEL_FNDEF || k == MODEL_FOOTNOTES ||
            (links && cmark_node_get_type(n) == CMARK_NODE_LINK))
            list_add(out, n);
        if (k == MODEL_TABLE) {
            list_add(out, n);
            cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
        }
    }
    cmark_iter_free(it);
    return !out->failed;
}

/* ----------------------------------------------------------- footnotes */

static bool set_custom(cmark_node *n, const char *enter, const char *exit)
{
    return cmark_node_set_on_enter(n, enter) && cmark_node_set_on_exit(n, exit);
}

/* A note: its paragraph starts with the `[^N]: ` marker. */
static bool note_def(cmark_node *def)
{
    char mark[32];
    snprintf(mark, sizeof mark, "[^%d]: ", model_node_number(def));
    cmark_node *p = cmark_node_first_child(def);
    cmark_node *m = cmark_node_new(CMARK_NODE_CUSTOM_INLINE);
    if (!m)
        return false;
    if (!p || !set_custom(m, mark, "") || !cmark_node_prepend_child(p, m)) {
        cmark_node_free(m);
        return false;
    }
    return set_custom(def, "", "");
}

static bool note_ref(cmark_node *ref)
{
    char mark[32];
    snprintf(mark, sizeof mark, "[^%d]", model_node_number(ref));
    return set_custom(ref, mark, "");
}

/* ---------------------------------------------------------- reference links */

/* Appends a link destination in angle brackets (which allow spaces and
 * parentheses), escaping what would end it early. */
static void put_destination(buf *b, const char *url)
{
    buf_putc(b, '<');
    for (const char *p = url; p && *p; p++) {
        if (*p == '<' || *p == '>' || *p == '\\')
            buf_putc(b, '\\');
        if (*p == '\n' || *p == '\r')
            buf_puts(b, *p == '\n' ? "%0A" : "%0D");
        else
            buf_putc(b, *p);
    }
    buf_putc(b, '>');
}

static void put_title(buf *b, const char *title)
{
    if (!title || !*title)
        return;
    buf_puts(b, " \"");
    for (const char *p = title; *p; p++) {
        if (*p == '"' || *p == '\\')
            buf_putc(b, '\\');
        buf_putc(b, *p == '\n' || *p == '\r' ? ' ' : *p);
    }
    buf_putc(b, '"');
}

/* The number of the definition of (url, title), adding it when new. */
static size_t ref_number(node_list *defs, cmark_node *link)
{
    for (size_t i = 0; i < defs->n; i++)
        if (strcmp(cmark_node_get_url(defs->v[i]), cmark_node_get_url(link)) == 0 &&
            strcmp(cmark_node_get_title(defs->v[i]), cmark_node_get_title(link)) == 0)
            return i + 1;
    list_add(defs, link);
    return defs->n;
}

/* Replaces link by `[children][N]`; the link node moves to defs. */
static bool ref_link(cmark_node *link, node_list *defs)
{
    char tail[32];
    size_t num = ref_number(defs, link);
    snprintf(tail, sizeof tail, "][%zu]", num);
    cmark_node *r = cmark_node_new(CMARK_NODE_CUSTOM_INLINE);
    if (!r || !set_custom(r, "[", tail) || !cmark_node_insert_before(link, r)) {
        if (r)
            cmark_node_free(r);
        return false;
    }
    cmark_node *c;
    while ((c = cmark_node_first_child(link)) != NULL)
        if (!cmark_node_append_child(r, c))
            return false;
    cmark_node_unlink(link); /* kept in defs for its URL; freed there */
    if (defs->n && defs->v[defs->n - 1] == link && num == defs->n)
        return true;
    cmark_node_free(link);
    return true;
}

/* The definitions block at the end of the document. */
static bool ref_definitions(cmark_node *doc, node_list *defs)
{
    if (defs->n == 0)
        return true;
    buf b = BUF_INIT;
    for (size_t i = 0; i < defs->n; i++) {
        buf_printf(&b, "[%zu]: ", i + 1);
        put_destination(&b, cmark_node_get_url(defs->v[i]));
        put_title(&b, cmark_node_get_title(defs->v[i]));
        buf_putc(&b, '\n');
    }
    cmark_node *n = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
    bool ok = n && !b.failed && set_custom(n, b.data, "") && cmark_node_append_child(doc, n);
    if (!ok && n)
        cmark_node_free(n);
    buf_free(&b);
    return ok;
}

/* --------------------------------------------------------------- tables */

/* Replaces a table by its Markdown: a caption paragraph and a pipe table,
 * or an XHTML block. */
static bool table_to_markdown(cmark_node *table)
{
    buf b = BUF_INIT;
    bool simple = tables_is_simple(table);
    folio_status st = simple ? tables_pipe(table, &b) : FOLIO_EINVAL;
    if (st == FOLIO_EINVAL) {
        simple = false;
        buf_truncate(&b, 0);
        st = tables_xhtml(table, &b);
        buf_putc(&b, '\n');
    }
    cmark_node *n = cmark_node_new(simple ? CMARK_NODE_CUSTOM_BLOCK : CMARK_NODE_HTML_BLOCK);
    bool ok = n && st == FOLIO_OK && !b.failed &&
              (simple ? set_custom(n, b.data, "") : cmark_node_set_literal(n, b.data)) &&
              cmark_node_insert_before(table, n);
    if (!ok && n && !cmark_node_parent(n))
        cmark_node_free(n);
    buf_free(&b);
    cmark_node *cap = cmark_node_first_child(table);
    if (ok && simple && cap && model_node_kind(cap) == MODEL_CAPTION &&
        cmark_node_first_child(cap)) { /* the caption, emphasised, above */
        cmark_node *p = cmark_node_first_child(cap), *e = cmark_node_new(CMARK_NODE_EMPH), *c;
        ok = e && cmark_node_insert_before(n, p);
        while (ok && (c = cmark_node_first_child(p)) != NULL)
            ok = cmark_node_append_child(e, c);
        ok = ok && cmark_node_append_child(p, e);
        if (!ok && e && !cmark_node_parent(e))
            cmark_node_free(e);
    }
    if (ok) {
        cmark_node_unlink(table);
        cmark_node_free(table);
    }
    return ok;
}

/* ------------------------------------------------------------- writer */

/* Adapts the copy to Markdown (see the top of the file). */
static bool adapt(cmark_node *doc, bool ref_links)
{
    node_list todo = {0}, defs = {0};
    bool ok = gather(doc, ref_links, &todo);
    for (size_t i = 0; ok && i < todo.n; i++) {
        cmark_node *n = todo.v[i];
        model_kind k = model_node_kind(n);
        if (k == MODEL_FNREF)
            ok = note_ref(n);
        else if (k == MODEL_FNDEF)
            ok = note_def(n);
        else if (k == MODEL_FOOTNOTES)
            ok = set_custom(n, "", "");
        else if (k != MODEL_TABLE)
            ok = ref_link(n, &defs) && !defs.failed;
    }
    for (size_t i = 0; ok && i < todo.n; i++) /* tables last: cells hold the above */
        if (model_node_kind(todo.v[i]) == MODEL_TABLE)
            ok = table_to_markdown(todo.v[i]);
    ok = ok && ref_definitions(doc, &defs);
    for (size_t i = 0; i < defs.n; i++)
        cmark_node_free(defs.v[i]);
    free(defs.v);
    free(todo.v);
    return ok;
}

folio_status markdown_body(const folio_doc *d, buf *b)
{
    cmark_node *doc = copy_tree(d->model);
    if (!doc)
        return FOLIO_ENOMEM;
    if (!adapt(doc, d->link_style == FOLIO_LINKS_REFERENCE)) {
        cmark_node_free(doc);
        return FOLIO_ENOMEM;
    }
    char *md = cmark_render_commonmark(doc, CMARK_OPT_DEFAULT, d->wrap > 0 ? d->wrap : 0);
    cmark_node_free(doc);
    if (!md)
        return FOLIO_ENOMEM;
    buf_puts(b, md);
    free(md);
    return b->failed ? FOLIO_ENOMEM : FOLIO_OK;
}

folio_status render_markdown(const folio_doc *d, buf *b)
{
    if (d->front_matter) {
        size_t before = b->len;
        frontmatter_write(&d->meta, b);
        if (b->len - before == 8) /* "---\n---\n": nothing known */
            buf_truncate(b, before);
        else
            buf_putc(b, '\n');
    }
    return markdown_body(d, b);
}
