/* model_inline.c — the document model's inline content: text, emphasis,
 * links, images, line breaks and code.
 *
 * Part of stage 7 (model; see model.c for the block walk that calls it).
 * Text collapses white space as HTML does; zero-width characters and soft
 * hyphens go, no-break spaces become spaces. Inline containers (emphasis,
 * links) never start or end with a space or a line break, so the Markdown
 * cmark writes parses back to the same tree. pre and multi-line code become
 * fenced code blocks with the language their class names.
 */
#include <stdlib.h>
#include <string.h>

#include "codelang.h"
#include "model_impl.h"
#include "utf8.h"

/* URL schemes never written out, even if clean let one through. */
static const char *const unsafe_schemes[] = {"javascript:", "vbscript:", "data:text",
                                             "data:application", "file:"};

bool model_url_is_safe(const char *u)
{
    while (*u == ' ' || *u == '\t' || *u == '\n')
        u++;
    for (size_t i = 0; i < sizeof unsafe_schemes / sizeof unsafe_schemes[0]; i++)
        if (ascii_ieqn(u, unsafe_schemes[i], strlen(unsafe_schemes[i])))
            return false;
    return true;
}

/* --------------------------------------------------------------- text */

/* Appends the bytes of one code point to the pending text, collapsing
 * white space across element boundaries as HTML does. */
static void put_char(model_state *st, const char *s, size_t used, unsigned long cp)
{
    if (utf8_is_invisible(cp) || (cp < 0x20 && !utf8_is_space(cp)) || cp == 0x7f)
        return;
    if (utf8_is_space(cp)) {
        if (!st->space)
            buf_putc(&st->text, ' ');
        st->space = true;
        return;
    }
    buf_append(&st->text, s, used);
    st->space = false;
}

static bool only_space(const char *s, size_t n)
{
    size_t i = 0, used;
    while (i < n) {
        unsigned long cp = utf8_decode(s + i, n - i, &used);
        if (!utf8_is_space(cp) && !utf8_is_invisible(cp))
            return false;
        i += used;
    }
    return true;
}

/* Adds text (a DOM text node's) at the current position. */
void model_add_text(model_state *st, const char *s, size_t n)
{
    if (only_space(s, n)) {
        if (st->para && !st->space) { /* a space between inlines */
            cmark_node *to = model_inline_target(st);
            if (to != st->text_to)
                model_flush_text(st);
            st->text_to = to;
            buf_putc(&st->text, ' ');
            st->space = true;
        }
        return;
    }
    cmark_node *to = model_inline_target(st);
    if (!to)
        return;
    if (to != st->text_to)
        model_flush_text(st);
    st->text_to = to;
    size_t i = 0, used;
    while (i < n) {
        size_t run = i; /* printable ASCII goes over as it is, a run at a time */
        while (run < n && (unsigned char)s[run] > 0x20 && (unsigned char)s[run] < 0x7f)
            run++;
        if (run > i) {
            buf_append(&st->text, s + i, run - i);
            st->space = false;
            i = run;
            continue;
        }
        unsigned long cp = utf8_decode(s + i, n - i, &used);
        if (cp == 0xFFFD && used == 1)
            buf_puts(&st->text, "\xEF\xBF\xBD"), st->space = false;
        else
            put_char(st, s + i, used, cp);
        i += used;
    }
}

/* A collapsing space between blocks flowing inside a leaf (a heading). */
void model_leaf_space(model_state *st)
{
    if (st->para && !st->space)
        model_add_text(st, " ", 1);
}

/* ------------------------------------------------------------ trimming */

/* Drops leading (at_end false) or trailing spaces of a text node; frees
 * it and returns true when nothing is left. */
static bool trim_text(cmark_node *t, bool at_end)
{
    const char *s = cmark_node_get_literal(t);
    size_t n = s ? strlen(s) : 0, a = 0, b = n;
    if (at_end)
        while (b > 0 && s[b - 1] == ' ')
            b--;
    else
        while (a < n && s[a] == ' ')
            a++;
    if (a == b) {
        cmark_node_unlink(t);
        cmark_node_free(t);
        return true;
    }
    if (a == 0 && b == n)
        return false;
    char *copy = malloc(b - a + 1);
    if (!copy)
        return false; /* the spaces stay: harmless */
    memcpy(copy, s + a, b - a);
    copy[b - a] = '\0';
    cmark_node_set_literal(t, copy);
    free(copy);
    return false;
}

static bool is_break(cmark_node *n)
{
    cmark_node_type t = cmark_node_get_type(n);
    return t == CMARK_NODE_LINEBREAK || t == CMARK_NODE_SOFTBREAK;
}

/* Trims one end of a leaf block: drops breaks and white space there. */
static void trim_end(cmark_node *blk, bool at_end)
{
    for (;;) {
        cmark_node *c = at_end ? cmark_node_last_child(blk) : cmark_node_first_child(blk);
        if (!c)
            return;
        if (is_break(c)) {
            cmark_node_unlink(c);
            cmark_node_free(c);
        } else if (cmark_node_get_type(c) != CMARK_NODE_TEXT || !trim_text(c, at_end)) {
            return;
        }
    }
}

void model_trim_block(cmark_node *blk)
{
    trim_end(blk, false);
    trim_end(blk, true);
}

/* Moves white space and line breaks at the edges of an inline container
 * (emphasis, link) outside it, so `*a *` never happens; frees it when
 * nothing is left (and returns false). */
static bool finish_inline(model_state *st, cmark_node *n)
{
    model_flush_text(st);
    cmark_node *c = cmark_node_last_child(n);
    bool space_after = false, space_before = false;
    if (c && cmark_node_get_type(c) == CMARK_NODE_TEXT) {
        const char *s = cmark_node_get_literal(c);
        space_after = s && *s && s[strlen(s) - 1] == ' ';
    }
    c = cmark_node_first_child(n);
    if (c && cmark_node_get_type(c) == CMARK_NODE_TEXT) {
        const char *s = cmark_node_get_literal(c);
        space_before = s && s[0] == ' ';
    }
    trim_end(n, false);
    trim_end(n, true);
    if (space_before) {
        cmark_node *sp = model_new_node(st, CMARK_NODE_TEXT);
        if (sp && (!cmark_node_set_literal(sp, " ") || !cmark_node_insert_before(n, sp)))
            cmark_node_free(sp), model_fail(st);
    }
    if (space_after) {
        cmark_node *sp = model_new_node(st, CMARK_NODE_TEXT);
        if (sp && (!cmark_node_set_literal(sp, " ") || !cmark_node_insert_after(n, sp)))
            cmark_node_free(sp), model_fail(st);
    }
    if (model_node_is_empty(n)) {
        cmark_node_unlink(n);
        cmark_node_free(n);
        return false;
    }
    return true;
}

/* ------------------------------------------------------------- code */

static bool skipped(const dom_node *n)
{
    return (n->flags & DOM_MARK_REMOVED) ||
           (dom_is_element(n) && (dom_tag_flags((dom_tag)n->tag) & DOM_F_SKIP));
}

/* The text of a pre or code element: br and block starts give newlines,
 * no-break spaces become spaces, invisible characters and CR go. */
static void code_text(const dom_node *el, buf *b)
{
    for (const dom_node *n = el->first; n;) {
        if (skipped(n)) {
            n = dom_next_skip(n, el);
            continue;
        }
        if (dom_is(n, TAG_BR)) {
            buf_putc(b, '\n');
        } else if (dom_is_element(n) && (dom_tag_flags((dom_tag)n->tag) & DOM_F_BLOCK)) {
            if (b->len && b->data[b->len - 1] != '\n')
                buf_putc(b, '\n');
        } else if (dom_is_text(n)) {
            size_t i = 0, used;
            while (i < n->text_len) {
                unsigned long cp = utf8_decode(n->text + i, n->text_len - i, &used);
                if (cp == 0xA0 || cp == 0x202F)
                    buf_putc(b, ' ');
                else if (cp == 0xFFFD || (!utf8_is_invisible(cp) && cp != '\r' &&
                                          (cp >= 0x20 || cp == '\n' || cp == '\t') && cp != 0x7f))
                    buf_put_utf8(b, cp);
                i += used;
            }
        }
        n = dom_next(n, el);
    }
}

/* Adds a code block holding text (trailing blank lines dropped). */
static void add_code_block(model_state *st, buf *text, const char *lang)
{
    while (text->len && (text->data[text->len - 1] == '\n' || text->data[text->len - 1] == ' ' ||
                         text->data[text->len - 1] == '\t'))
        text->len--;
    size_t start = 0; /* leading blank lines */
    for (size_t i = 0;
         i < text->len && (text->data[i] == '\n' || text->data[i] == ' ' || text->data[i] == '\t');
         i++)
        if (text->data[i] == '\n')
            start = i + 1;
    if (text->len <= start || text->failed)
        return;
    buf_truncate(text, text->len);
    buf_putc(text, '\n');
    cmark_node *cb = model_new_node(st, CMARK_NODE_CODE_BLOCK);
    if (!cb || text->failed)
        return;
    if (!cmark_node_set_literal(cb, text->data + start) ||
        !cmark_node_set_fence_info(cb, lang ? lang : "")) {
        cmark_node_free(cb);
        model_fail(st);
        return;
    }
    model_add_block(st, cb);
}

void model_pre(model_state *st, const dom_node *el)
{
    char lang[CODELANG_MAX + 1];
    bool has = codelang_of_pre(el, lang) == CODELANG_FOUND;
    buf b = BUF_INIT;
    code_text(el, &b);
    add_code_block(st, &b, has ? lang : NULL);
    buf_free(&b);
}

/* Inline code; a multi-line one alone in its block becomes a code block. */
void model_code(model_state *st, const dom_node *el)
{
    buf b = BUF_INIT;
    code_text(el, &b);
    if (b.failed) {
        model_fail(st);
    } else if (b.len && memchr(b.data, '\n', b.len) &&
               (!st->para || model_node_is_empty(st->para))) {
        char lang[CODELANG_MAX + 1];
        add_code_block(st, &b, codelang_of(el, lang) == CODELANG_FOUND ? lang : NULL);
    } else if (b.len) {
        buf c = BUF_INIT;
        utf8_collapse_buf(&c, b.data, b.len);
        size_t a = 0, e = c.len;
        while (a < e && c.data[a] == ' ')
            a++;
        while (e > a && c.data[e - 1] == ' ')
            e--;
        if (a > 0)
            model_add_text(st, " ", 1);
        if (e > a && !c.failed) {
            cmark_node *n = model_new_node(st, CMARK_NODE_CODE);
            c.data[e] = '\0';
            if (n && !cmark_node_set_literal(n, c.data + a))
                cmark_node_free(n), n = NULL, model_fail(st);
            if (n)
                model_add_inline(st, n);
        }
        if (e < c.len)
            model_add_text(st, " ", 1);
        buf_free(&c);
    }
    buf_free(&b);
}

/* ------------------------------------------------------------- inlines */

void model_img(model_state *st, const dom_node *el)
{
    const char *src = dom_attr(el, "src");
    if (!src || !*src || !model_url_is_safe(src))
        return;
    cmark_node *img = model_new_node(st, CMARK_NODE_IMAGE);
    if (!img)
        return;
    const char *title = dom_attr(el, "title");
    size_t alt_len = 0;
    const char *alt = dom_attr_len(el, "alt", &alt_len);
    buf b = BUF_INIT;
    if (alt)
        utf8_collapse_buf(&b, alt, alt_len);
    size_t a = 0;
    while (a < b.len && b.data[a] == ' ')
        a++;
    while (b.len > a && b.data[b.len - 1] == ' ')
        b.len--;
    bool ok = cmark_node_set_url(img, src) && cmark_node_set_title(img, title ? title : "");
    if (ok && b.len > a && !b.failed) {
        b.data[b.len] = '\0';
        cmark_node *t = model_new_node(st, CMARK_NODE_TEXT);
        ok = t && cmark_node_set_literal(t, b.data + a) && model_append(st, img, t);
    }
    buf_free(&b);
    if (!ok || b.failed) {
        cmark_node_free(img);
        model_fail(st);
        return;
    }
    model_add_inline(st, img);
}

void model_br(model_state *st)
{
    if (st->leaf) {
        model_leaf_space(st);
        return;
    }
    model_flush_text(st);
    if (!st->para || model_node_is_empty(st->para))
        return;
    cmark_node *last = cmark_node_last_child(st->para);
    while (last && cmark_node_last_child(last)) /* the last thing written */
        last = cmark_node_last_child(last);
    if (last && cmark_node_get_type(last) == CMARK_NODE_LINEBREAK) {
        cmark_node_unlink(last); /* two line breaks end a paragraph */
        cmark_node_free(last);
        model_close_para(st);
        return;
    }
    cmark_node *br = model_new_node(st, CMARK_NODE_LINEBREAK);
    if (br && model_add_inline(st, br))
        st->space = true;
}

/* Opens an inline container (emphasis, strong, link) for el. */
void model_open_inline(model_state *st, const dom_node *el, cmark_node *n)
{
    bool space = st->space; /* a container is not content */
    if (!model_add_inline(st, n))
        return;
    st->space = space;
    frame *f = model_push(st, el, R_EMPH);
    if (!f)
        return;
    f->target = n;
    f->gen = st->gen;
    f->made = n;
}

/* Moves a line break at an edge of n outside it. */
static void move_breaks(model_state *st, cmark_node *n)
{
    cmark_node *c = cmark_node_last_child(n);
    if (c && cmark_node_get_type(c) == CMARK_NODE_LINEBREAK && !cmark_node_insert_after(n, c))
        model_fail(st);
    c = cmark_node_first_child(n);
    if (c && cmark_node_get_type(c) == CMARK_NODE_LINEBREAK && !cmark_node_insert_before(n, c))
        model_fail(st);
}

/* Joins n to an emphasis of the same kind right before it: the page's
 * <b>a</b><b>b</b> is one run of bold, and `**a****b**` would not parse. */
static void merge_with_previous(model_state *st, cmark_node *n)
{
    cmark_node *prev = cmark_node_previous(n), *c;
    cmark_node_type t = cmark_node_get_type(n);
    if (!prev || cmark_node_get_type(prev) != t || (t != CMARK_NODE_EMPH && t != CMARK_NODE_STRONG))
        return;
    while ((c = cmark_node_first_child(n)) != NULL)
        if (!cmark_node_append_child(prev, c)) {
            model_fail(st);
            return;
        }
    cmark_node_unlink(n);
    cmark_node_free(n);
}

void model_close_inline(model_state *st, frame *f)
{
    cmark_node *n = f->made, *parent = cmark_node_parent(n);
    move_breaks(st, n);
    bool had_space = st->space;
    if (finish_inline(st, n))
        merge_with_previous(st, n);
    st->space = had_space;
    while (parent && cmark_node_get_type(parent) != CMARK_NODE_PARAGRAPH &&
           cmark_node_get_type(parent) != CMARK_NODE_HEADING)
        parent = cmark_node_parent(parent);
    if (parent && parent != st->para) { /* its paragraph was closed before it */
        model_trim_block(parent);
        if (model_node_is_empty(parent)) {
            cmark_node_unlink(parent);
            cmark_node_free(parent);
        }
    }
}

void model_link(model_state *st, const dom_node *el)
{
    const char *href = dom_attr(el, "href");
    cmark_node *l = model_new_node(st, CMARK_NODE_LINK);
    const char *title = dom_attr(el, "title");
    if (!l || !cmark_node_set_url(l, href) || !cmark_node_set_title(l, title ? title : "")) {
        if (l)
            cmark_node_free(l);
        model_fail(st);
        return;
    }
    model_open_inline(st, el, l);
}
