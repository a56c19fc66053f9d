/* roundtrip.c — the helper of tests/formats/run.py (issue 5's round trip).
 *
 * Reads Markdown (without front matter) from a file or stdin, parses it
 * with cmark, and prints text_from_model of what cmark parsed: if folio's
 * Markdown loses or adds nothing, this equals folio's text output.
 * CommonMark has no tables, so the tables folio writes are read back here:
 * a GFM pipe table (a header row, a delimiter row, body rows; `\|` in
 * cells; the document's link definitions apply inside cells, as in GFM)
 * becomes an XHTML table before cmark sees it, and every HTML block
 * that is a table goes through folio's own dom_parse and model_build, as
 * the table of the page did.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "utf8.h"

/* The prefix of a line before a table row: spaces and '>' of containers;
 * NOT_ROW when the line is no row. */
#define NOT_ROW ((size_t)-1)
static size_t row_prefix(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '>'))
        i++;
    return i < n && s[i] == '|' ? i : NOT_ROW;
}

static bool is_delimiter_row(const char *s, size_t n)
{
    bool dash = false;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '-')
            dash = true;
        else if (s[i] != '|' && s[i] != ':' && s[i] != ' ')
            return false;
    }
    return dash;
}

/* Appends one row as XHTML: cells split at unescaped '|', `\|` unescaped,
 * each cell's Markdown rendered by cmark. */
static void row_html(const char *s, size_t n, bool head, const buf *defs, buf *out)
{
    buf_puts(out, "<tr>");
    size_t i = 1; /* after the first '|' */
    while (i < n) {
        buf cell = BUF_INIT;
        while (i < n && s[i] != '|') {
            if (s[i] == '\\' && i + 1 < n && s[i + 1] == '|')
                i++;
            buf_putc(&cell, s[i++]);
        }
        if (i >= n)
            break; /* text after the last '|' is not a cell */
        i++;
        buf_puts(&cell, "\n\n"); /* the document's link definitions reach into cells */
        buf_append(&cell, defs->data ? defs->data : "", defs->len);
        char *html = cmark_markdown_to_html(cell.data ? cell.data : "", cell.len, 0);
        size_t hl = strlen(html);
        while (hl && html[hl - 1] == '\n')
            hl--;
        buf_puts(out, head ? "<th>" : "<td>");
        buf_append(out, html, hl);
        buf_puts(out, head ? "</th>" : "</td>");
        free(html);
        buf_free(&cell);
    }
    buf_puts(out, "</tr>");
}

/* Rewrites the pipe tables of md as one-line XHTML tables. */
static void pipe_tables_to_html(const char *md, size_t len, const buf *defs, buf *out)
{
    size_t i = 0;
    bool at_start = true; /* a table starts after a blank line */
    while (i < len) {
        const char *nl = memchr(md + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - md) : len;
        size_t p = row_prefix(md + i, e - i);
        const char *nl2 = nl ? memchr(nl + 1, '\n', len - e - 1) : NULL;
        size_t e2 = nl2 ? (size_t)(nl2 - md) : len;
        if (at_start && p != NOT_ROW && nl && row_prefix(nl + 1, e2 - e - 1) == p &&
            is_delimiter_row(nl + 1 + p, e2 - e - 1 - p)) {
            buf_append(out, md + i, p);
            buf_puts(out, "<table>");
            row_html(md + i + p, e - i - p, true, defs, out);
            i = nl2 ? e2 + 1 : len;
            while (i < len) { /* body rows */
                const char *n3 = memchr(md + i, '\n', len - i);
                size_t e3 = n3 ? (size_t)(n3 - md) : len;
                if (row_prefix(md + i, e3 - i) != p)
                    break;
                row_html(md + i + p, e3 - i - p, false, defs, out);
                i = n3 ? e3 + 1 : len;
            }
            buf_puts(out, "</table>\n");
            at_start = false;
            continue;
        }
        size_t k = i;
        while (k < e && (md[k] == ' ' || md[k] == '>'))
            k++;
        at_start = k == e;
        buf_append(out, md + i, e - i + (nl != NULL));
        i = e + 1;
    }
}

/* The link reference definitions of md, as folio writes them: at the start
 * of a line, "[N]: <url>" (not the "[^N]: " of notes). */
static void link_definitions(const char *md, size_t len, buf *out)
{
    for (size_t i = 0; i < len;) {
        const char *nl = memchr(md + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - md) : len;
        size_t k = i + 1;
        while (k < e && md[k] >= '0' && md[k] <= '9')
            k++;
        if (md[i] == '[' && k > i + 1 && k + 3 < e && memcmp(md + k, "]: <", 4) == 0) {
            buf_append(out, md + i, e - i);
            buf_putc(out, '\n');
        }
        i = e + 1;
    }
}

/* Replaces an HTML block holding a table by folio's model of it. */
static int table_block(cmark_node *html)
{
    const char *lit = cmark_node_get_literal(html);
    arena *a = arena_new();
    dom_doc d;
    dom_limits lim = {2048, 4000000, 512};
    cmark_node *m = NULL;
    if (!a || dom_parse(a, lit, strlen(lit), &lim, &d) != FOLIO_OK ||
        model_build(d.body, &m) != FOLIO_OK)
        return 1;
    cmark_node *c;
    while ((c = cmark_node_first_child(m)) != NULL)
        if (!cmark_node_insert_before(html, c))
            return 1;
    cmark_node_free(m);
    cmark_node_free(html);
    arena_free(a);
    return 0;
}

/* Elements and URL schemes that must never come out of folio. */
static const char *const bad_tags[] = {"script", "iframe", "object", "embed", "form", "style"};
static const char *const bad_schemes[] = {"javascript:", "vbscript:", "data:text"};

static bool ieq_prefix(const char *s, const char *p)
{
    for (; *p; s++, p++)
        if (ascii_lower((unsigned char)*s) != *p)
            return false;
    return true;
}

/* Prints what is unsafe in raw HTML: bad elements and on* attributes. */
static int check_html(const char *h)
{
    int bad = 0;
    for (const char *p = strchr(h, '<'); p; p = strchr(p + 1, '<')) {
        const char *t = p + 1 + (p[1] == '/');
        for (size_t i = 0; i < sizeof bad_tags / sizeof bad_tags[0]; i++) {
            size_t k = strlen(bad_tags[i]);
            if (ieq_prefix(t, bad_tags[i]) && !((t[k] | 32) >= 'a' && (t[k] | 32) <= 'z'))
                printf("unsafe element <%s> in HTML\n", bad_tags[i]), bad++;
        }
        for (const char *a = t; *a && *a != '>'; a++)
            if ((*a == ' ' || *a == '\t' || *a == '\n' || *a == '/') && ieq_prefix(a + 1, "on") &&
                strcspn(a + 1, " \t\n=>") > 2 && a[1 + strcspn(a + 1, " \t\n=>")] == '=')
                printf("unsafe attribute %.20s in HTML\n", a + 1), bad++;
    }
    return bad;
}

static int check_url(const char *u)
{
    while (*u && (unsigned char)*u <= ' ')
        u++;
    for (size_t i = 0; i < sizeof bad_schemes / sizeof bad_schemes[0]; i++)
        if (ieq_prefix(u, bad_schemes[i])) {
            printf("unsafe URL %.40s\n", u);
            return 1;
        }
    return 0;
}

/* The safety property on Markdown: raw HTML and link destinations only
 * (text that merely shows "<script>" is not an element). */
static int check_safety(cmark_node *doc)
{
    int bad = 0;
    cmark_iter *it = cmark_iter_new(doc);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *x = cmark_iter_get_node(it);
        cmark_node_type t = cmark_node_get_type(x);
        if (ev != CMARK_EVENT_ENTER)
            continue;
        if (t == CMARK_NODE_HTML_BLOCK || t == CMARK_NODE_HTML_INLINE)
            bad += check_html(cmark_node_get_literal(x));
        if (t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE)
            bad += check_url(cmark_node_get_url(x));
    }
    cmark_iter_free(it);
    return bad;
}

int main(int argc, char **argv)
{
    bool safety = argc > 1 && strcmp(argv[1], "--safety") == 0;
    if (safety)
        argc--, argv++;
    FILE *f = argc > 1 ? fopen(argv[1], "rb") : stdin;
    if (!f)
        return 2;
    buf md = BUF_INIT, pre = BUF_INIT, text = BUF_INIT;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_append(&md, chunk, n);
    buf defs = BUF_INIT;
    link_definitions(md.data ? md.data : "", md.len, &defs);
    pipe_tables_to_html(md.data ? md.data : "", md.len, &defs, &pre);
    buf_free(&defs);
    cmark_node *doc = cmark_parse_document(pre.data ? pre.data : "", pre.len, CMARK_OPT_DEFAULT);
    if (safety) {
        int bad = check_safety(doc);
        cmark_node_free(doc);
        return bad ? 1 : 0;
    }
    cmark_iter *it = cmark_iter_new(doc);
    cmark_node *tables[4096];
    size_t nt = 0;
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *x = cmark_iter_get_node(it);
        const char *lit = cmark_node_get_literal(x);
        if (cmark_node_get_type(x) == CMARK_NODE_HTML_BLOCK && lit &&
            strncmp(lit, "<table", 6) == 0 && nt < sizeof tables / sizeof tables[0])
            tables[nt++] = x;
    }
    cmark_iter_free(it);
    for (size_t i = 0; i < nt; i++)
        if (table_block(tables[i]))
            return 3;
    if (text_from_model(doc, 0, &text) != FOLIO_OK)
        return 4;
    fwrite(text.data ? text.data : "", 1, text.len, stdout);
    cmark_node_free(doc);
    buf_free(&text);
    buf_free(&pre);
    buf_free(&md);
    return 0;
}
