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
 *    (tables.c);
 *  - emphasis that would not parse back is dropped (its words stay), and
 *    the `_` and `!` that need no backslash are written without one.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "utf8.h"

/* Passes over the emphasis of a document that fix what would not parse
 * back: one almost always does, as taking one emphasis away only changes
 * its neighbours; the cap keeps a hostile page linear. */
enum { MAX_EMPHASIS_PASSES = 8 };

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

static bool is_emphasis(cmark_node *n)
{
    cmark_node_type t = n ? cmark_node_get_type(n) : CMARK_NODE_NONE;
    return t == CMARK_NODE_EMPH || t == CMARK_NODE_STRONG;
}

/* The nodes of the tree that want a change, in document order: footnote
 * parts, emphasis and links (when wanted) into out, the outermost tables
 * into tables_out (converting a table frees what is inside it). */
static bool gather(cmark_node *root, bool links, node_list *out, node_list *tables_out)
{
    cmark_iter *it = cmark_iter_new(root);
    if (!it)
        return false;
    cmark_event_type ev;
    int tables = 0;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        model_kind k = model_node_kind(n);
        if (ev != CMARK_EVENT_ENTER) {
            tables -= k == MODEL_TABLE;
            continue;
        }
        if (k == MODEL_FNREF || k == MODEL_FNDEF || k == MODEL_FOOTNOTES || is_emphasis(n) ||
            (links && cmark_node_get_type(n) == CMARK_NODE_LINK))
            list_add(out, n);
        if (k == MODEL_TABLE && tables++ == 0)
            list_add(tables_out, n);
    }
    cmark_iter_free(it);
    return !out->failed && !tables_out->failed;
}

/* ----------------------------------------------------------- footnotes */

static bool set_custom(cmark_node *n, const char *enter, const char *exit)
{
    return cmark_node_set_on_enter(n, enter) && cmark_node_set_on_exit(n, exit);
}

/* `[^1]: word` or `[^1]: <https://x>` is also a link reference definition,
 * which CommonMark readers swallow: such a note gets an empty comment at
 * its end, after which it can only be a paragraph. */
static bool keep_note_text(cmark_node *p)
{
    char *md = cmark_render_commonmark(p, CMARK_OPT_DEFAULT, 0);
    if (!md)
        return false;
    cmark_node *doc = cmark_parse_document(md, strlen(md), CMARK_OPT_DEFAULT);
    free(md);
    if (!doc)
        return false;
    bool swallowed = cmark_node_first_child(doc) == NULL;
    cmark_node_free(doc);
    if (!swallowed)
        return true;
    cmark_node *c = cmark_node_new(CMARK_NODE_HTML_INLINE);
    if (c && cmark_node_set_literal(c, " <!-- -->") && cmark_node_append_child(p, c))
        return true;
    if (c)
        cmark_node_free(c);
    return false;
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
    return set_custom(def, "", "") && keep_note_text(p);
}

static bool note_ref(cmark_node *ref)
{
    char mark[32];
    snprintf(mark, sizeof mark, "[^%d]", model_node_number(ref));
    if (!set_custom(ref, mark, ""))
        return false;
    cmark_node *next = cmark_node_next(ref);
    const char *lit =
        next && cmark_node_get_type(next) == CMARK_NODE_TEXT ? cmark_node_get_literal(next) : NULL;
    if (!lit || lit[0] != '(')
        return true;
    /* `[^1](x)` would be a link: escape the parenthesis, which cmark does
     * not */
    cmark_node *esc = cmark_node_new(CMARK_NODE_CUSTOM_INLINE);
    if (esc && set_custom(esc, "\\", "") && cmark_node_insert_after(ref, esc))
        return true;
    if (esc)
        cmark_node_free(esc);
    return false;
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

/* ------------------------------------------------------------ emphasis */

/* Non-ASCII punctuation (Unicode P* categories) that CommonMark's flanking
 * rules look at: Latin-1 signs, general punctuation, CJK and fullwidth
 * brackets and stops. ASCII punctuation is tested apart. */
static const struct {
    unsigned long lo, hi;
} punct_ranges[] = {
    {0xA1, 0xA1},     {0xA7, 0xA7},     {0xAB, 0xAB},     {0xB6, 0xB7},     {0xBB, 0xBB},
    {0xBF, 0xBF},     {0x2010, 0x2027}, {0x2030, 0x2043}, {0x2045, 0x2051}, {0x2053, 0x205E},
    {0x2E00, 0x2E4F}, {0x3001, 0x3003}, {0x3008, 0x3011}, {0x3014, 0x301F}, {0x30FB, 0x30FB},
    {0xFE10, 0xFE19}, {0xFE30, 0xFE4F}, {0xFF01, 0xFF03}, {0xFF05, 0xFF0A}, {0xFF0C, 0xFF0F},
    {0xFF1A, 0xFF1B}, {0xFF1F, 0xFF20}, {0xFF3B, 0xFF3D}, {0xFF3F, 0xFF3F}, {0xFF5B, 0xFF5B},
    {0xFF5D, 0xFF5D}, {0xFF5F, 0xFF65},
};

static bool is_punct(unsigned long cp)
{
    if (cp < 0x80)
        return (cp >= '!' && cp <= '/') || (cp >= ':' && cp <= '@') || (cp >= '[' && cp <= '`') ||
               (cp >= '{' && cp <= '~');
    for (size_t i = 0; i < sizeof punct_ranges / sizeof punct_ranges[0]; i++)
        if (cp >= punct_ranges[i].lo && cp <= punct_ranges[i].hi)
            return true;
    return false;
}

/* 0 stands for the edge of a line, which counts as white space. */
static bool is_ws(unsigned long cp)
{
    return cp == 0 || utf8_is_space(cp);
}

static unsigned long str_edge(const char *s, bool last)
{
    size_t n = s ? strlen(s) : 0, used;
    if (n == 0)
        return 0;
    if (!last)
        return utf8_decode(s, n, &used);
    size_t i = n - 1;
    while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
        i--;
    return utf8_decode(s + i, n - i, &used);
}

/* The first (or last) character of n as the CommonMark renderer writes it. */
static unsigned long edge_char(cmark_node *n, bool last)
{
    switch (cmark_node_get_type(n)) {
    case CMARK_NODE_TEXT:
        return str_edge(cmark_node_get_literal(n), last);
    case CMARK_NODE_CODE:
        return '`';
    case CMARK_NODE_LINK:
        return last ? ')' : '[';
    case CMARK_NODE_IMAGE:
        return last ? ')' : '!';
    case CMARK_NODE_EMPH:
    case CMARK_NODE_STRONG:
        return '*';
    case CMARK_NODE_CUSTOM_INLINE: {
        const char *s = last ? cmark_node_get_on_exit(n) : cmark_node_get_on_enter(n);
        if (!s || !*s)
            s = last ? cmark_node_get_on_enter(n) : NULL;
        return s && *s ? str_edge(s, last) : '[';
    }
    case CMARK_NODE_HTML_INLINE:
        return last ? '>' : '<';
    default:
        return ' ';
    }
}

/* The character written just outside n, before it or after it. */
static unsigned long outside_char(cmark_node *n, bool after)
{
    cmark_node *sib = after ? cmark_node_next(n) : cmark_node_previous(n);
    if (sib)
        return edge_char(sib, !after);
    cmark_node *p = cmark_node_parent(n);
    switch (cmark_node_get_type(p)) {
    case CMARK_NODE_EMPH:
    case CMARK_NODE_STRONG:
        return '*';
    case CMARK_NODE_LINK:
        return after ? ']' : '[';
    case CMARK_NODE_CUSTOM_INLINE:
        return edge_char(p, !after) ? (after ? ']' : '[') : 0;
    default:
        return 0;
    }
}

/* True when the `*` around n would be read as emphasis again: an opening
 * run must be left-flanking and a closing one right-flanking (CommonMark
 * 6.2), and a run must not touch the run of a neighbouring emphasis. */
static bool emphasis_parses(cmark_node *n)
{
    cmark_node *first = cmark_node_first_child(n), *last = cmark_node_last_child(n);
    if (!first || is_emphasis(cmark_node_previous(n)))
        return false;
    unsigned long f = edge_char(first, false), l = edge_char(last, true);
    unsigned long p = outside_char(n, false), a = outside_char(n, true);
    bool opens = !is_ws(f) && (!is_punct(f) || is_ws(p) || is_punct(p));
    bool closes = !is_ws(l) && (!is_punct(l) || is_ws(a) || is_punct(a));
    return opens && closes;
}

/* Replaces emphasis that would not parse back by its content: the words
 * matter more than the slant. */
static bool unwrap(cmark_node *n)
{
    cmark_node *c;
    while ((c = cmark_node_first_child(n)) != NULL)
        if (!cmark_node_insert_before(n, c))
            return false;
    cmark_node_unlink(n);
    cmark_node_free(n);
    return true;
}

/* ---------------------------------------------------- quiet escapes */

static bool ascii_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* cmark escapes every `_` and `!` of a text. Two cases read as themselves
 * without the backslash: `_` between ASCII letters or digits (it can
 * neither open nor close emphasis there: "snake_case") and `!` that no
 * link follows ("Great!"; a `[` after it in the text is escaped anyway). */
static bool raw_safe(const char *s, size_t i, size_t n, cmark_node *t)
{
    if (s[i] == '_')
        return i > 0 && i + 1 < n && ascii_alnum(s[i - 1]) && ascii_alnum(s[i + 1]);
    if (s[i] != '!')
        return false;
    if (i + 1 < n)
        return true;
    cmark_node *next = cmark_node_next(t);
    cmark_node_type nt = next ? cmark_node_get_type(next) : CMARK_NODE_NONE;
    return nt != CMARK_NODE_LINK && nt != CMARK_NODE_IMAGE && nt != CMARK_NODE_CUSTOM_INLINE &&
           nt != CMARK_NODE_HTML_INLINE;
}

/* Inserts a text node, or a raw custom inline when raw, before t. */
static bool insert_before(cmark_node *t, const char *s, size_t n, bool raw)
{
    char *copy = malloc(n + 1);
    cmark_node *x = cmark_node_new(raw ? CMARK_NODE_CUSTOM_INLINE : CMARK_NODE_TEXT);
    bool ok = copy && x;
    if (ok) {
        memcpy(copy, s, n);
        copy[n] = '\0';
        ok = (raw ? set_custom(x, copy, "") : cmark_node_set_literal(x, copy)) &&
             cmark_node_insert_before(t, x);
    }
    if (!ok && x)
        cmark_node_free(x);
    free(copy);
    return ok;
}

/* Writes the safe `_` and `!` of text node t raw. */
static bool quiet_escapes(cmark_node *t)
{
    const char *lit = cmark_node_get_literal(t);
    size_t n = lit ? strlen(lit) : 0;
    if (!n || (!memchr(lit, '!', n) && !memchr(lit, '_', n)))
        return true;
    char *s = malloc(n + 1);
    if (!s)
        return false;
    memcpy(s, lit, n + 1);
    size_t start = 0;
    bool ok = true;
    for (size_t i = 0; ok && i < n; i++) {
        if (!raw_safe(s, i, n, t))
            continue;
        ok = (i == start || insert_before(t, s + start, i - start, false)) &&
             insert_before(t, s + i, 1, true);
        start = i + 1;
    }
    if (ok && start == n) {
        cmark_node_unlink(t);
        cmark_node_free(t);
    } else if (ok && start > 0) {
        ok = cmark_node_set_literal(t, s + start);
    }
    free(s);
    return ok;
}

static bool quiet_all(cmark_node *doc)
{
    node_list texts = {0};
    cmark_iter *it = cmark_iter_new(doc);
    if (!it)
        return false;
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(n) == CMARK_NODE_TEXT)
            list_add(&texts, n);
    }
    cmark_iter_free(it);
    bool ok = !texts.failed;
    for (size_t i = 0; ok && i < texts.n; i++)
        ok = quiet_escapes(texts.v[i]);
    free(texts.v);
    return ok;
}

/* ------------------------------------------------------------- writer */

/* Adapts the copy to Markdown (see the top of the file). */
static bool adapt(cmark_node *doc, bool ref_links)
{
    node_list todo = {0}, tables = {0}, defs = {0};
    /* tables that stay HTML first, from the model as it is: Markdown inside
     * an HTML block would be read as text */
    bool ok = gather(doc, false, &todo, &tables);
    for (size_t i = 0; ok && i < todo.n; i++) /* "[^N]" reads as text in HTML too */
        if (model_node_kind(todo.v[i]) == MODEL_FNREF)
            ok = note_ref(todo.v[i]);
    for (size_t i = 0; ok && i < tables.n; i++)
        if (!tables_is_simple(tables.v[i]))
            ok = table_to_markdown(tables.v[i]);
    todo.n = tables.n = 0;
    ok = ok && gather(doc, ref_links, &todo, &tables);
    for (size_t i = 0; ok && i < todo.n; i++) {
        cmark_node *n = todo.v[i];
        model_kind k = model_node_kind(n);
        if (k == MODEL_FNREF)
            ok = note_ref(n);
        else if (k == MODEL_FNDEF)
            ok = note_def(n);
        else if (k == MODEL_FOOTNOTES)
            ok = set_custom(n, "", "");
        else if (!is_emphasis(n)) {
            ok = ref_link(n, &defs) && !defs.failed;
            todo.v[i] = NULL; /* moved to defs or freed */
        }
    }
    /* after links (their brackets count); until nothing changes, as taking
     * one emphasis away changes what its neighbours touch */
    int passes = 0;
    for (bool changed = true; ok && changed && passes++ < MAX_EMPHASIS_PASSES;) {
        changed = false;
        for (size_t i = 0; ok && i < todo.n; i++) {
            if (!is_emphasis(todo.v[i]) || emphasis_parses(todo.v[i]))
                continue;
            ok = unwrap(todo.v[i]);
            todo.v[i] = NULL;
            changed = true;
        }
    }
    ok = ok && quiet_all(doc);
    for (size_t i = 0; ok && i < tables.n; i++) /* pipe tables last: cells hold the above */
        ok = table_to_markdown(tables.v[i]);
    ok = ok && ref_definitions(doc, &defs);
    for (size_t i = 0; i < defs.n; i++)
        cmark_node_free(defs.v[i]);
    free(defs.v);
    free(todo.v);
    free(tables.v);
    return ok;
}

/* -------------------------------------------------------------- fences */

/* The length of the container prefixes (indentation, "> ", list markers)
 * at the start of a line of n bytes. */
static size_t line_prefix(const char *s, size_t n)
{
    size_t i = 0, d;
    for (;;) {
        while (i < n && (s[i] == ' ' || s[i] == '>'))
            i++;
        for (d = i; d < n && d - i < 9 && s[d] >= '0' && s[d] <= '9';)
            d++;
        if (d > i && d + 1 < n && (s[d] == '.' || s[d] == ')') && s[d + 1] == ' ')
            i = d + 2;
        else if (i + 1 < n && (s[i] == '-' || s[i] == '*' || s[i] == '+') && s[i + 1] == ' ')
            i += 2;
        else
            return i;
    }
}

/* Copies md to out without the space cmark writes after an opening fence
 * ("``` c", "``` "): outside a fence, a line whose prefixes are followed by
 * three or more backticks, a space and an info string without backticks
 * opens one, which the line of exactly those backticks closes. */
static void tidy_fences(const char *md, buf *out)
{
    size_t open = 0; /* backticks of the open fence, 0 outside */
    for (const char *line = md; *line;) {
        const char *nl = strchr(line, '\n');
        size_t n = nl ? (size_t)(nl - line) : strlen(line);
        size_t p = line_prefix(line, n), run = 0;
        while (p + run < n && line[p + run] == '`')
            run++;
        size_t cut = (size_t)-1;
        if (open && run == open && p + run == n) {
            open = 0;
        } else if (!open && run >= 3 && p + run < n && line[p + run] == ' ' &&
                   !memchr(line + p + run, '`', n - p - run)) {
            open = run;
            cut = p + run;
        }
        if (cut != (size_t)-1) {
            buf_append(out, line, cut);
            buf_append(out, line + cut + 1, n - cut - 1);
        } else {
            buf_append(out, line, n);
        }
        if (nl)
            buf_putc(out, '\n');
        line += n + (nl != NULL);
    }
}

/* The HTML of cmark's parse of md (raw HTML kept), or NULL; free it. */
static char *html_of(const char *md, size_t n)
{
    cmark_node *doc = cmark_parse_document(md, n, CMARK_OPT_DEFAULT);
    char *h = doc ? cmark_render_html(doc, CMARK_OPT_UNSAFE) : NULL;
    if (doc)
        cmark_node_free(doc);
    return h;
}

/* md with its opening fences tidied when that parses to the same HTML
 * (it always should; the check keeps a wrapped code span that looks like a
 * fence safe), else md itself. Takes md; free the result. */
static char *clean_fences(char *md)
{
    if (!strstr(md, "``` "))
        return md;
    buf b = BUF_INIT;
    tidy_fences(md, &b);
    char *h1 = b.failed ? NULL : html_of(md, strlen(md));
    char *h2 = h1 ? html_of(b.data, b.len) : NULL;
    bool same = h2 && strcmp(h1, h2) == 0;
    free(h1);
    free(h2);
    if (!same) {
        buf_free(&b);
        return md;
    }
    free(md);
    return buf_detach(&b, NULL);
}

/* The text of cmark's parse of md into b. */
static bool parsed_text(const char *md, buf *b)
{
    cmark_node *doc = cmark_parse_document(md, strlen(md), CMARK_OPT_DEFAULT);
    bool ok = doc && text_from_model(doc, 0, b) == FOLIO_OK;
    if (doc)
        cmark_node_free(doc);
    return ok;
}

/* 1 when Markdown a and b parse to the same text, 0 when not, -1 when
 * memory ran out. cmark's wrapping can start a line with "- " after a
 * link, or split a hard break from its line; this catches both. */
static int same_text(const char *a, const char *b)
{
    buf ta = BUF_INIT, tb = BUF_INIT;
    int r = -1;
    if (parsed_text(a, &ta) && parsed_text(b, &tb))
        r = ta.len == tb.len && (ta.len == 0 || memcmp(ta.data, tb.data, ta.len) == 0);
    buf_free(&ta);
    buf_free(&tb);
    return r;
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
    if (md && d->wrap > 0) { /* keep the wrapped form only if it reads the same */
        char *flat = cmark_render_commonmark(doc, CMARK_OPT_DEFAULT, 0);
        int same = flat ? same_text(md, flat) : -1;
        if (same == 0) {
            free(md);
            md = flat;
        } else {
            free(flat);
            if (same < 0) {
                free(md);
                md = NULL;
            }
        }
    }
    cmark_node_free(doc);
    if (md)
        md = clean_fences(md);
    if (!md)
        return FOLIO_ENOMEM;
    size_t n = strlen(md);
    while (n > 1 && md[n - 1] == '\n' && md[n - 2] == '\n')
        n--; /* an empty custom block at the end leaves a blank line */
    buf_append(b, md, n);
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
