/* text.c — the plain-text writer and the word count.
 *
 * A writer (the last stage). text_from_model walks the cmark model with
 * cmark_iter and writes what a person would copy from the page: blocks
 * separated by one blank line; headings as their text; list items on their
 * own lines, "• " for bullets and "N. " for numbered items, nested items
 * indented by two spaces per level (items separated by a single newline);
 * code blocks verbatim; block quotes as their paragraphs; table rows one a
 * line with cells separated by a tab (as a browser copies them); footnote
 * references as "[^N]" and notes as "[^N]: text" paragraphs. No Markdown
 * syntax, no images. Zero-width characters and soft hyphens are dropped,
 * no-break spaces become plain spaces, runs of spaces collapse. folio.c
 * calls it once (wrap 0) for d->text and the word count.
 */
#include <string.h>

#include "internal.h"
#include "utf8.h"

/* Deepest list nesting that still indents; deeper items stay there. */
enum { MAX_LIST_DEPTH = 32 };

/* Code point ranges written without spaces between words, where each
 * character counts as one word: CJK ideographs, kana, Thai, Lao, Khmer,
 * Myanmar (Hangul separates words with spaces and is not listed). */
static const struct {
    unsigned long lo, hi;
} dense_scripts[] = {
    {0x0E00, 0x0EFF}, {0x1000, 0x109F}, {0x1780, 0x17FF}, {0x2E80, 0x2FDF},
    {0x3040, 0x30FF}, {0x3100, 0x312F}, {0x31A0, 0x31FF}, {0x3400, 0x4DBF},
    {0x4E00, 0x9FFF}, {0xF900, 0xFAFF}, {0xFF66, 0xFF9F}, {0x20000, 0x3FFFF},
};

static bool is_dense(unsigned long cp)
{
    for (size_t i = 0; i < sizeof dense_scripts / sizeof dense_scripts[0]; i++)
        if (cp >= dense_scripts[i].lo && cp <= dense_scripts[i].hi)
            return true;
    return false;
}

size_t text_word_count(const char *s, size_t len)
{
    size_t n = 0, i = 0, used;
    bool in = false;
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) { /* ASCII: the same test without decoding */
            if (c == ' ' || (c >= '\t' && c <= '\r')) {
                in = false;
            } else if (!in) {
                n++;
                in = true;
            }
            i++;
            continue;
        }
        unsigned long cp = utf8_decode(s + i, len - i, &used);
        i += used;
        if (utf8_is_space(cp) || utf8_is_invisible(cp)) {
            in = false;
        } else if (is_dense(cp)) {
            n++;
            in = false;
        } else if (!in) {
            n++;
            in = true;
        }
    }
    return n;
}

typedef struct {
    buf *out;
    int wrap;
    buf block;     /* the text of the leaf block being read */
    buf cell, row; /* table cells and rows being read */
    int sep;       /* newlines owed before the next block (0, 1 or 2) */
    int lists;     /* list nesting */
    int tables;    /* table nesting */
    bool ordered[MAX_LIST_DEPTH];
    int number[MAX_LIST_DEPTH];
    char marker[16]; /* the marker the next block of an item starts with */
    bool has_marker;
    size_t marker_cols; /* the width of the last marker */
} text_state;

/* Appends inline text with invisible characters dropped and white space
 * (no-break spaces too) collapsed. */
static void put_inline(buf *b, const char *s, size_t n)
{
    size_t i = 0, used;
    while (i < n) {
        size_t run = i; /* ASCII that is not white space goes over a run at a time */
        while (run < n && (unsigned char)s[run] < 0x80 && s[run] != ' ' &&
               (s[run] < '\t' || s[run] > '\r'))
            run++;
        if (run > i) {
            buf_append(b, s + i, run - i);
            i = run;
            continue;
        }
        unsigned long cp = utf8_decode(s + i, n - i, &used);
        if (utf8_is_space(cp) && cp != '\n') {
            if (b->len && b->data[b->len - 1] != ' ' && b->data[b->len - 1] != '\n')
                buf_putc(b, ' ');
        } else if (cp == '\n') {
            while (b->len && b->data[b->len - 1] == ' ')
                b->len--;
            buf_putc(b, '\n');
        } else if (!utf8_is_invisible(cp)) {
            buf_append(b, s + i, used);
        }
        i += used;
    }
    if (b->data)
        b->data[b->len] = '\0';
}

/* The prefix of the first line of a block (indent and marker) and of the
 * lines after it. */
static void prefixes(text_state *ts, buf *first, buf *rest)
{
    int depth = ts->lists < MAX_LIST_DEPTH ? ts->lists : MAX_LIST_DEPTH;
    for (int i = 1; i < depth; i++) {
        buf_puts(first, "  ");
        buf_puts(rest, "  ");
    }
    if (depth == 0)
        return;
    if (ts->has_marker) {
        buf_puts(first, ts->marker);
        ts->marker_cols = 0;
        for (const char *m = ts->marker; *m; m++) /* its width in characters */
            ts->marker_cols += ((unsigned char)*m & 0xC0) != 0x80;
    } else {
        for (size_t k = 0; k < ts->marker_cols; k++)
            buf_putc(first, ' ');
    }
    for (size_t k = 0; k < ts->marker_cols; k++)
        buf_putc(rest, ' ');
    ts->has_marker = false;
}

static void separate(text_state *ts)
{
    if (ts->out->len)
        for (int i = 0; i < ts->sep; i++)
            buf_putc(ts->out, '\n');
    ts->sep = 0;
}

/* Writes one line of a block, wrapped at ts->wrap characters. */
static void put_line(text_state *ts, const char *s, size_t n, const buf *first, const buf *rest,
                     bool *at_first)
{
    const buf *pre = *at_first ? first : rest;
    buf_append(ts->out, pre->data ? pre->data : "", pre->len);
    *at_first = false;
    size_t col = pre->len, i = 0;
    while (i < n) {
        size_t e = i, chars = 0, used;
        while (e < n && s[e] != ' ') { /* the next word */
            if ((unsigned char)s[e] < 0x80)
                used = 1;
            else
                utf8_decode(s + e, n - e, &used);
            e += used;
            chars++;
        }
        if (ts->wrap > 0 && col > pre->len && col + 1 + chars > (size_t)ts->wrap) {
            buf_putc(ts->out, '\n');
            buf_append(ts->out, rest->data ? rest->data : "", rest->len);
            col = rest->len;
            pre = rest;
        } else if (col > pre->len) {
            buf_putc(ts->out, ' ');
            col++;
        }
        buf_append(ts->out, s + i, e - i);
        col += chars;
        i = e < n ? e + 1 : e;
    }
}

/* Writes the text of a finished block: each of its lines trimmed. */
static void emit(text_state *ts, const char *s, size_t n, bool verbatim)
{
    while (n && ((!verbatim && s[n - 1] == ' ') || s[n - 1] == '\n'))
        n--;
    size_t a = 0;
    while (!verbatim && a < n && (s[a] == ' ' || s[a] == '\n'))
        a++;
    if (a >= n)
        return;
    separate(ts);
    buf first = BUF_INIT, rest = BUF_INIT;
    prefixes(ts, &first, &rest);
    bool at_first = true;
    while (a < n) {
        const char *nl = memchr(s + a, '\n', n - a);
        size_t e = nl ? (size_t)(nl - s) : n, b = e;
        if (verbatim) {
            const buf *pre = at_first ? &first : &rest;
            buf_append(ts->out, pre->data ? pre->data : "", pre->len);
            buf_append(ts->out, s + a, e - a);
            at_first = false;
        } else {
            while (b > a && s[b - 1] == ' ')
                b--;
            size_t k = a;
            while (k < b && s[k] == ' ')
                k++;
            put_line(ts, s + k, b - k, &first, &rest, &at_first);
        }
        if (nl)
            buf_putc(ts->out, '\n');
        a = e + 1;
    }
    buf_free(&first);
    buf_free(&rest);
    ts->sep = ts->lists || ts->tables ? 1 : 2;
}

/* The buffer a leaf block's text goes to: the table cell when in one. */
static buf *block_out(text_state *ts)
{
    return ts->tables ? &ts->cell : &ts->block;
}

static void end_leaf(text_state *ts)
{
    if (ts->tables) {
        if (ts->cell.len && ts->cell.data[ts->cell.len - 1] != ' ')
            buf_putc(&ts->cell, ' ');
        return;
    }
    emit(ts, ts->block.data ? ts->block.data : "", ts->block.len, false);
    buf_truncate(&ts->block, 0);
}

static void enter_item(text_state *ts)
{
    int d = (ts->lists < MAX_LIST_DEPTH ? ts->lists : MAX_LIST_DEPTH) - 1;
    if (d < 0)
        return;
    if (ts->ordered[d])
        snprintf(ts->marker, sizeof ts->marker, "%d. ", ts->number[d]++);
    else
        snprintf(ts->marker, sizeof ts->marker, "\xE2\x80\xA2 ");
    ts->has_marker = true;
    if (ts->sep < 1)
        ts->sep = 1;
}

static void enter_list(text_state *ts, cmark_node *n)
{
    if (ts->lists < MAX_LIST_DEPTH) {
        ts->ordered[ts->lists] = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
        ts->number[ts->lists] = cmark_node_get_list_start(n);
    }
    if (ts->lists == 0 && ts->sep < 2)
        ts->sep = ts->out->len ? 2 : 0;
    ts->lists++;
}

/* Table structure: cells end with a tab, rows with a line. */
static void table_event(text_state *ts, cmark_node *n, cmark_event_type ev)
{
    model_kind k = model_node_kind(n);
    if (k == MODEL_TABLE) {
        if (ev == CMARK_EVENT_ENTER && ts->tables++ == 0 && !ts->lists)
            ts->sep = 2;
        if (ev == CMARK_EVENT_EXIT && --ts->tables == 0)
            ts->sep = ts->lists ? 1 : 2;
    } else if ((k == MODEL_CELL || k == MODEL_HEADCELL) && ev == CMARK_EVENT_EXIT &&
               ts->tables == 1) {
        buf_truncate(&ts->cell, ts->cell.len);
        while (ts->cell.len && ts->cell.data[ts->cell.len - 1] == ' ')
            ts->cell.len--;
        size_t a = 0;
        while (a < ts->cell.len && ts->cell.data[a] == ' ')
            a++;
        if (ts->row.len || cmark_node_previous(n))
            buf_putc(&ts->row, '\t');
        buf_append(&ts->row, ts->cell.data ? ts->cell.data + a : "", ts->cell.len - a);
        buf_truncate(&ts->cell, 0);
    } else if ((k == MODEL_ROW || k == MODEL_CAPTION) && ev == CMARK_EVENT_EXIT &&
               ts->tables == 1) {
        buf *src = k == MODEL_ROW ? &ts->row : &ts->cell;
        while (k == MODEL_ROW && src->len && src->data[src->len - 1] == '\t')
            src->len--; /* trailing empty cells */
        int tables = ts->tables;
        ts->tables = 0;
        emit(ts, src->data ? src->data : "", src->len, k == MODEL_ROW);
        ts->tables = tables;
        ts->sep = k == MODEL_ROW || ts->lists ? 1 : 2; /* a caption is a paragraph */
        buf_truncate(src, 0);
    }
}

static void put_footnote_ref(buf *b, cmark_node *n, bool def)
{
    buf_printf(b, def ? "[^%d]: " : "[^%d]", model_node_number(n));
}

/* Handles one event of the walk; returns true to skip n's children. */
static bool text_event(text_state *ts, cmark_node *n, cmark_event_type ev)
{
    bool enter = ev == CMARK_EVENT_ENTER;
    const char *lit;
    switch (cmark_node_get_type(n)) {
    case CMARK_NODE_PARAGRAPH:
    case CMARK_NODE_HEADING:
        if (!enter)
            end_leaf(ts);
        else if (model_node_kind(cmark_node_parent(n)) == MODEL_FNDEF && !cmark_node_previous(n))
            put_footnote_ref(block_out(ts), cmark_node_parent(n), true);
        return false;
    case CMARK_NODE_CODE_BLOCK:
        lit = cmark_node_get_literal(n);
        if (ts->tables) {
            put_inline(&ts->cell, lit ? lit : "", lit ? strlen(lit) : 0);
            buf_putc(&ts->cell, ' ');
        } else {
            emit(ts, lit ? lit : "", lit ? strlen(lit) : 0, true);
        }
        return false;
    case CMARK_NODE_TEXT:
    case CMARK_NODE_CODE:
        lit = cmark_node_get_literal(n);
        put_inline(block_out(ts), lit ? lit : "", lit ? strlen(lit) : 0);
        return false;
    case CMARK_NODE_SOFTBREAK:
        put_inline(block_out(ts), " ", 1);
        return false;
    case CMARK_NODE_LINEBREAK:
        put_inline(block_out(ts), ts->tables ? " " : "\n", 1);
        return false;
    case CMARK_NODE_IMAGE:
        return true;
    case CMARK_NODE_LIST:
        if (enter)
            enter_list(ts, n);
        else if (--ts->lists == 0)
            ts->sep = 2;
        return false;
    case CMARK_NODE_ITEM:
        if (enter)
            enter_item(ts);
        return false;
    case CMARK_NODE_CUSTOM_INLINE:
        if (enter && model_node_kind(n) == MODEL_FNREF)
            put_footnote_ref(block_out(ts), n, false);
        return model_node_kind(n) == MODEL_FNREF;
    case CMARK_NODE_CUSTOM_BLOCK:
        table_event(ts, n, ev);
        return false;
    case CMARK_NODE_HTML_BLOCK:
    case CMARK_NODE_HTML_INLINE:
    case CMARK_NODE_THEMATIC_BREAK:
    default:
        return false;
    }
}

folio_status text_from_model(cmark_node *root, int wrap, buf *b)
{
    cmark_iter *it = cmark_iter_new(root);
    if (!it)
        return FOLIO_ENOMEM;
    text_state ts = {.out = b, .wrap = wrap};
    size_t start = b->len;
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        if (text_event(&ts, n, ev) && ev == CMARK_EVENT_ENTER)
            cmark_iter_reset(it, n, CMARK_EVENT_EXIT);
    }
    cmark_iter_free(it);
    if (b->len > start)
        buf_putc(b, '\n');
    bool failed = ts.block.failed || ts.cell.failed || ts.row.failed;
    buf_free(&ts.block);
    buf_free(&ts.cell);
    buf_free(&ts.row);
    return b->failed || failed ? FOLIO_ENOMEM : FOLIO_OK;
}

folio_status render_text(const folio_doc *d, buf *b)
{
    if (d->wrap > 0)
        return text_from_model(d->model, d->wrap, b);
    buf_append(b, d->text ? d->text : "", d->text_len);
    return b->failed ? FOLIO_ENOMEM : FOLIO_OK;
}
