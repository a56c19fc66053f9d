/* tables.c — tables in the document model and in Markdown.
 *
 * Part of the model stage and of the Markdown writer. model_build turns a
 * table into custom blocks (table > [thead|tbody|tfoot] > tr > th|td >
 * blocks) that carry their own XHTML tags, so cmark_render_html (the HTML
 * and EPUB writers) prints a well-formed table with rowspan and colspan
 * kept. Here: the cell tags, the tidy-up when a table is complete (layout
 * tables dissolve into their content), and the two Markdown forms — a GFM
 * pipe table for simple tables, an XHTML block for the rest.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Largest rowspan/colspan kept (browsers clamp colspan at 1000 too). */
enum { MAX_SPAN = 1000 };

static const char *const span_attrs[] = {"rowspan", "colspan"};

void tables_cell_tag(const dom_node *cell, bool head, buf *b)
{
    buf_puts(b, head ? "<th" : "<td");
    for (size_t i = 0; i < sizeof span_attrs / sizeof span_attrs[0]; i++) {
        const char *v = dom_attr(cell, span_attrs[i]);
        if (!v)
            continue;
        while (*v == ' ')
            v++;
        long n = 0;
        for (; *v >= '0' && *v <= '9' && n <= MAX_SPAN; v++)
            n = n * 10 + (*v - '0');
        if (n > MAX_SPAN)
            n = MAX_SPAN;
        if (n > 1)
            buf_printf(b, " %s=\"%ld\"", span_attrs[i], n);
    }
    buf_putc(b, '>');
}

static bool is_cell(cmark_node *n)
{
    model_kind k = model_node_kind(n);
    return k == MODEL_CELL || k == MODEL_HEADCELL;
}

/* The next row of table after row (NULL: the first), looking into sections. */
static cmark_node *next_row(cmark_node *table, cmark_node *row)
{
    cmark_node *n = row ? cmark_node_next(row) : cmark_node_first_child(table);
    if (!n && row && cmark_node_parent(row) != table)
        n = cmark_node_next(cmark_node_parent(row));
    while (n) {
        model_kind k = model_node_kind(n);
        if (k == MODEL_ROW)
            return n;
        if (k == MODEL_TSECTION && cmark_node_first_child(n)) {
            n = cmark_node_first_child(n);
            continue;
        }
        cmark_node *next = cmark_node_next(n);
        if (!next && cmark_node_parent(n) != table)
            next = cmark_node_next(cmark_node_parent(n));
        n = next;
    }
    return NULL;
}

static cmark_node *caption_of(cmark_node *table)
{
    cmark_node *c = cmark_node_first_child(table);
    return c && model_node_kind(c) == MODEL_CAPTION ? c : NULL;
}

static void drop(cmark_node *n)
{
    cmark_node_unlink(n);
    cmark_node_free(n);
}

/* Moves the children of n in front of table; false on failure. */
static bool hoist(cmark_node *n, cmark_node *table)
{
    cmark_node *c;
    while ((c = cmark_node_first_child(n)) != NULL)
        if (!cmark_node_insert_before(table, c))
            return false;
    return true;
}

/* A table laid out for looks: one cell per row, or a table in a cell. */
static bool is_layout(cmark_node *table, size_t max_cells)
{
    if (max_cells <= 1)
        return true;
    cmark_iter *it = cmark_iter_new(table);
    if (!it)
        return false;
    bool nested = false;
    cmark_event_type ev;
    while (!nested && (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        nested = ev == CMARK_EVENT_ENTER && n != table && model_node_kind(n) == MODEL_TABLE;
    }
    cmark_iter_free(it);
    return nested;
}

/* Dissolves a layout table into the blocks of its cells. */
static folio_status dissolve(cmark_node *table)
{
    cmark_node *cap = caption_of(table);
    if (cap && !hoist(cap, table))
        return FOLIO_ENOMEM;
    for (cmark_node *row = next_row(table, NULL); row; row = next_row(table, row))
        for (cmark_node *c = cmark_node_first_child(row); c; c = cmark_node_next(c))
            if (!hoist(c, table))
                return FOLIO_ENOMEM;
    drop(table);
    return FOLIO_OK;
}

folio_status tables_finish(cmark_node *table)
{
    size_t rows = 0, max_cells = 0, filled = 0;
    cmark_node *row = next_row(table, NULL);
    while (row) {
        cmark_node *next = next_row(table, row);
        size_t cells = 0;
        for (cmark_node *c = cmark_node_first_child(row); c; c = cmark_node_next(c)) {
            cells += is_cell(c);
            filled += cmark_node_first_child(c) != NULL;
        }
        if (cells == 0)
            drop(row);
        else
            rows++;
        if (cells > max_cells)
            max_cells = cells;
        row = next;
    }
    for (cmark_node *s = cmark_node_first_child(table); s;) {
        cmark_node *next = cmark_node_next(s);
        if (model_node_kind(s) == MODEL_TSECTION && !cmark_node_first_child(s))
            drop(s);
        s = next;
    }
    if (rows == 0 || filled == 0) {
        cmark_node *cap = caption_of(table);
        if (cap && !hoist(cap, table))
            return FOLIO_ENOMEM;
        drop(table);
        return FOLIO_OK;
    }
    return is_layout(table, max_cells) ? dissolve(table) : FOLIO_OK;
}

/* ------------------------------------------------------------ Markdown */

/* True when a cell holds at most one paragraph without line breaks. */
static bool cell_is_inline(cmark_node *cell)
{
    cmark_node *p = cmark_node_first_child(cell);
    if (!p)
        return true;
    if (cmark_node_next(p) || cmark_node_get_type(p) != CMARK_NODE_PARAGRAPH)
        return false;
    for (cmark_node *c = cmark_node_first_child(p); c; c = cmark_node_next(c))
        if (cmark_node_get_type(c) == CMARK_NODE_LINEBREAK ||
            cmark_node_get_type(c) == CMARK_NODE_SOFTBREAK)
            return false;
    return true;
}

static bool cell_is_merged(cmark_node *cell)
{
    const char *tag = cmark_node_get_on_enter(cell);
    return tag && strstr(tag, "span=") != NULL;
}

/* A caption may stand as a paragraph above a pipe table. */
static bool caption_is_inline(cmark_node *table)
{
    cmark_node *cap = caption_of(table);
    return !cap || cell_is_inline(cap);
}

bool tables_is_simple(cmark_node *table)
{
    cmark_node *head = next_row(table, NULL);
    if (!head || !caption_is_inline(table))
        return false;
    size_t width = 0;
    for (cmark_node *c = cmark_node_first_child(head); c; c = cmark_node_next(c)) {
        if (model_node_kind(c) != MODEL_HEADCELL)
            return false;
        width++;
    }
    for (cmark_node *row = head; row; row = next_row(table, row)) {
        size_t cells = 0;
        for (cmark_node *c = cmark_node_first_child(row); c; c = cmark_node_next(c)) {
            if (!is_cell(c) || cell_is_merged(c) || !cell_is_inline(c))
                return false;
            if (row != head && model_node_kind(c) == MODEL_HEADCELL)
                return false;
            cells++;
        }
        if (cells > width)
            return false;
    }
    return true;
}

/* Appends the inline Markdown of a cell with `|` escaped; false when it
 * would take more than one line. */
static bool pipe_cell(cmark_node *cell, buf *b)
{
    cmark_node *p = cmark_node_first_child(cell);
    if (!p)
        return true;
    char *md = cmark_render_commonmark(p, CMARK_OPT_DEFAULT, 0);
    if (!md)
        return false;
    size_t n = strlen(md);
    while (n && md[n - 1] == '\n')
        n--;
    bool ok = memchr(md, '\n', n) == NULL;
    for (size_t i = 0; ok && i < n; i++) {
        if (md[i] == '|')
            buf_putc(b, '\\');
        buf_putc(b, md[i]);
    }
    free(md);
    return ok;
}

folio_status tables_pipe(cmark_node *table, buf *b)
{
    cmark_node *head = next_row(table, NULL);
    size_t width = 0;
    for (cmark_node *c = cmark_node_first_child(head); c; c = cmark_node_next(c))
        width++;
    for (cmark_node *row = head; row; row = next_row(table, row)) {
        size_t cells = 0;
        buf_putc(b, '|');
        for (cmark_node *c = cmark_node_first_child(row); c; c = cmark_node_next(c), cells++) {
            buf_putc(b, ' ');
            if (!pipe_cell(c, b))
                return FOLIO_EINVAL;
            buf_puts(b, " |");
        }
        for (; cells < width; cells++)
            buf_puts(b, "  |");
        buf_putc(b, '\n');
        if (row == head) {
            buf_putc(b, '|');
            for (size_t i = 0; i < width; i++)
                buf_puts(b, " --- |");
            buf_putc(b, '\n');
        }
    }
    return b->failed ? FOLIO_ENOMEM : FOLIO_OK;
}

/* True when the line starting at s (up to '\n' or the end) is blank. */
static bool blank_line(const char *s)
{
    for (; *s && *s != '\n'; s++)
        if (*s != ' ' && *s != '\t')
            return false;
    return true;
}

folio_status tables_xhtml(cmark_node *table, buf *b)
{
    char *html = cmark_render_html(table, CMARK_OPT_DEFAULT);
    if (!html)
        return FOLIO_ENOMEM;
    size_t n = strlen(html);
    while (n && html[n - 1] == '\n')
        n--;
    /* A blank line would end the HTML block: such newlines (inside code)
     * are written as a character reference, which means the same. */
    for (size_t i = 0; i < n; i++) {
        if (html[i] == '\n' && (i + 1 >= n || blank_line(html + i + 1)))
            buf_puts(b, "&#10;");
        else
            buf_putc(b, html[i]);
    }
    free(html);
    return b->failed ? FOLIO_ENOMEM : FOLIO_OK;
}
