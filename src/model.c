/* model.c — the document model: the cleaned article as one cmark tree.
 *
 * Stage 7 of the pipeline. clean hands over an article subtree; model_build
 * walks it once, iteratively (an explicit frame stack), and makes the cmark
 * tree that every writer reads (markdown, text, json, html, epub), so the
 * formats never disagree. Block elements become cmark blocks; inline content
 * that sits directly in a block container is gathered into paragraphs.
 * Tables and footnotes become marked custom nodes (see model_kind in
 * internal.h; table details in tables.c). A figure's caption becomes an
 * emphasised paragraph after its image; a definition list's term a strong
 * paragraph and its definition plain paragraphs (a block quote would read
 * as a quotation). White space collapses as HTML does; zero-width
 * characters and soft hyphens are dropped, no-break spaces become plain
 * spaces. No raw HTML from the page ever reaches the model.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "utf8.h"

/* What an element does in the model. */
typedef enum {
    R_INLINE = 0, /* transparent: its content flows into the parent */
    R_SKIP,       /* dropped with its content */
    R_DIV,        /* a block boundary with no node of its own */
    R_PARA,       /* p: a block boundary */
    R_HEADING,
    R_LIST,
    R_ITEM,
    R_QUOTE,
    R_PRE,
    R_CODE,
    R_EMPH,
    R_STRONG,
    R_LINK,
    R_IMG,
    R_BR,
    R_HR,
    R_FIGCAPTION, /* an emphasised paragraph */
    R_DT,         /* a strong paragraph */
    R_TABLE,
    R_TSECTION,
    R_ROW,
    R_CELL,
    R_CAPTION,
    R_QUOTATION, /* q: its text between quotation marks */
} role;

/* Roles of the tags that are not plain blocks or transparent inlines.
 * Tags not listed: DOM_F_SKIP ones are dropped, other DOM_F_BLOCK ones are
 * block boundaries (div), the rest are transparent (span, u, sub, sup...). */
static const struct {
    dom_tag tag;
    role r;
} role_table[] = {
    {TAG_P, R_PARA},
    {TAG_H1, R_HEADING},
    {TAG_H2, R_HEADING},
    {TAG_H3, R_HEADING},
    {TAG_H4, R_HEADING},
    {TAG_H5, R_HEADING},
    {TAG_H6, R_HEADING},
    {TAG_UL, R_LIST},
    {TAG_OL, R_LIST},
    {TAG_MENU, R_LIST},
    {TAG_DIR, R_LIST},
    {TAG_LI, R_ITEM},
    {TAG_BLOCKQUOTE, R_QUOTE},
    {TAG_PRE, R_PRE},
    {TAG_LISTING, R_PRE},
    {TAG_XMP, R_PRE},
    {TAG_PLAINTEXT, R_PRE},
    {TAG_CODE, R_CODE},
    {TAG_KBD, R_CODE},
    {TAG_SAMP, R_CODE},
    {TAG_TT, R_CODE},
    {TAG_EM, R_EMPH},
    {TAG_I, R_EMPH},
    {TAG_CITE, R_EMPH},
    {TAG_DFN, R_EMPH},
    {TAG_VAR, R_EMPH},
    {TAG_STRONG, R_STRONG},
    {TAG_B, R_STRONG},
    {TAG_A, R_LINK},
    {TAG_IMG, R_IMG},
    {TAG_IMAGE, R_IMG},
    {TAG_BR, R_BR},
    {TAG_HR, R_HR},
    {TAG_FIGCAPTION, R_FIGCAPTION},
    {TAG_DT, R_DT},
    {TAG_TABLE, R_TABLE},
    {TAG_THEAD, R_TSECTION},
    {TAG_TBODY, R_TSECTION},
    {TAG_TFOOT, R_TSECTION},
    {TAG_TR, R_ROW},
    {TAG_TD, R_CELL},
    {TAG_TH, R_CELL},
    {TAG_CAPTION, R_CAPTION},
    /* media fallbacks ("your browser does not support video") and noscript
     * copies of images that clean has already fixed */
    {TAG_Q, R_QUOTATION},
    {TAG_VIDEO, R_SKIP},
    {TAG_AUDIO, R_SKIP},
    {TAG_NOSCRIPT, R_SKIP},
    {TAG_WBR, R_SKIP},
};

/* The marks put around the text of <q> (the browser's default for English;
 * the page's language is not known here). */
static const char *const quote_marks[2] = {"\xE2\x80\x9C", "\xE2\x80\x9D"};

/* URL schemes never written out, even if clean let one through. */
static const char *const unsafe_schemes[] = {"javascript:", "vbscript:", "data:text",
                                             "data:application", "file:"};

/* Limits: the longest code language kept; ordered list starts cmark can
 * write (CommonMark allows nine digits). */
enum { MAX_LANG = 32, MAX_LIST_START = 999999999 };

/* A footnote found before the walk: the ids that point at it. */
typedef struct {
    const dom_node *li;
    bool referenced;
} footnote;

/* An id inside a note, and the note's number. */
typedef struct {
    const char *id;
    int note;
} anchor;

typedef struct {
    const dom_node *dom; /* the element of this frame */
    cmark_node *block;   /* where blocks go inside it */
    cmark_node *target;  /* where inlines go, valid while gen matches */
    cmark_node *made;    /* the node this frame made, finished on exit */
    unsigned gen;
    role r;
} frame;

typedef struct {
    frame *stack;
    size_t n, cap;
    cmark_node *para; /* the open block that takes inlines, or NULL */
    unsigned gen;     /* bumped whenever para closes */
    int leaf;         /* > 0 inside a heading, caption or term: blocks flow */
    bool space;       /* the last thing written was a space (or nothing) */
    buf text;         /* pending text for text_to */
    cmark_node *text_to;
    const dom_node *notes_box; /* the element holding the footnotes, or NULL */
    footnote *notes;
    size_t nnotes;
    bool notes_by_number; /* notes found by backlinks: #fn3 is the third */
    anchor *ids;          /* ids inside the notes, sorted */
    bool in_notes;        /* building the notes: backlinks are dropped */
    size_t nids;
    bool failed;
} model_state;

/* ------------------------------------------------------------ node kinds */

model_kind model_node_kind(cmark_node *n)
{
    return (model_kind)((uintptr_t)cmark_node_get_user_data(n) & 0xff);
}

int model_node_number(cmark_node *n)
{
    return (int)((uintptr_t)cmark_node_get_user_data(n) >> 8);
}

void model_set_kind(cmark_node *n, model_kind k, int number)
{
    cmark_node_set_user_data(n, (void *)(((uintptr_t)number << 8) | (uintptr_t)k));
}

static role role_of(const dom_node *el)
{
    for (size_t i = 0; i < sizeof role_table / sizeof role_table[0]; i++)
        if (role_table[i].tag == el->tag)
            return role_table[i].r;
    unsigned f = dom_tag_flags((dom_tag)el->tag);
    if (f & DOM_F_SKIP)
        return R_SKIP;
    return (f & DOM_F_BLOCK) ? R_DIV : R_INLINE;
}

static bool url_is_safe(const char *u)
{
    while (*u == ' ' || *u == '\t' || *u == '\n')
        u++;
    for (size_t i = 0; i < sizeof unsafe_schemes / sizeof unsafe_schemes[0]; i++)
        if (ascii_ieqn(u, unsafe_schemes[i], strlen(unsafe_schemes[i])))
            return false;
    return true;
}

/* ------------------------------------------------------------ tree edits */

static void fail(model_state *st)
{
    st->failed = true;
}

static cmark_node *new_node(model_state *st, cmark_node_type t)
{
    cmark_node *n = cmark_node_new(t);
    if (!n)
        fail(st);
    return n;
}

static bool append(model_state *st, cmark_node *parent, cmark_node *child)
{
    if (!parent || !child || !cmark_node_append_child(parent, child)) {
        if (child)
            cmark_node_free(child);
        fail(st);
        return false;
    }
    return true;
}

static bool is_table_part(cmark_node *n)
{
    model_kind k = model_node_kind(n);
    return k == MODEL_TABLE || k == MODEL_TSECTION || k == MODEL_ROW;
}

/* The container for the next block: the innermost frame's; a list gets
 * its last item (or a new one) so that stray content stays inside it. */
static cmark_node *block_container(model_state *st)
{
    cmark_node *c = st->stack[st->n - 1].block;
    if (cmark_node_get_type(c) != CMARK_NODE_LIST)
        return c;
    cmark_node *item = cmark_node_last_child(c);
    if (item)
        return item;
    item = new_node(st, CMARK_NODE_ITEM);
    return append(st, c, item) ? item : NULL;
}

/* Writes the pending text into a text node. */
static void flush_text(model_state *st)
{
    if (st->text.len && st->text_to && !st->text.failed) {
        cmark_node *t = new_node(st, CMARK_NODE_TEXT);
        if (t && cmark_node_set_literal(t, st->text.data))
            append(st, st->text_to, t);
        else if (t)
            cmark_node_free(t), fail(st);
    }
    if (st->text.failed)
        fail(st);
    buf_truncate(&st->text, 0);
    st->text_to = NULL;
}

static bool node_is_empty(cmark_node *n)
{
    return cmark_node_first_child(n) == NULL;
}

/* Removes white space at the start of the first and the end of the last
 * text of a leaf block, and line breaks at its ends. */
static void trim_block(cmark_node *blk);

/* Closes the open paragraph (or heading): trims it, drops it when empty. */
static void close_para(model_state *st)
{
    flush_text(st);
    if (st->para) {
        trim_block(st->para);
        if (node_is_empty(st->para)) {
            cmark_node_unlink(st->para);
            cmark_node_free(st->para);
        }
    }
    st->para = NULL;
    st->gen++;
    st->space = true;
}

/* The open paragraph, made in the current block container if needed. */
static cmark_node *ensure_para(model_state *st)
{
    if (st->para)
        return st->para;
    cmark_node *c = block_container(st);
    if (!c || is_table_part(c))
        return NULL; /* stray text between table rows has no place */
    cmark_node *p = new_node(st, CMARK_NODE_PARAGRAPH);
    if (!p || !append(st, c, p))
        return NULL;
    st->para = p;
    st->gen++;
    st->space = true;
    return p;
}

/* Where inline content goes now. */
static cmark_node *inline_target(model_state *st)
{
    frame *f = &st->stack[st->n - 1];
    if (f->target && f->gen == st->gen && st->para)
        return f->target;
    return ensure_para(st);
}

/* Appends an inline node at the current position. */
static bool add_inline(model_state *st, cmark_node *n)
{
    cmark_node *to = inline_target(st);
    flush_text(st);
    if (!to) {
        cmark_node_free(n);
        return false;
    }
    if (!append(st, to, n))
        return false;
    st->space = false;
    return true;
}

/* Appends a block to the current container, closing the open paragraph. */
static bool add_block(model_state *st, cmark_node *n)
{
    close_para(st);
    cmark_node *c = block_container(st);
    if (c && is_table_part(c)) {
        cmark_node_free(n); /* nothing but rows and cells lives there */
        return false;
    }
    return append(st, c, n);
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
static void add_text(model_state *st, const char *s, size_t n)
{
    if (only_space(s, n)) {
        if (st->para && !st->space) { /* a space between inlines */
            cmark_node *to = inline_target(st);
            if (to != st->text_to)
                flush_text(st);
            st->text_to = to;
            buf_putc(&st->text, ' ');
            st->space = true;
        }
        return;
    }
    cmark_node *to = inline_target(st);
    if (!to)
        return;
    if (to != st->text_to)
        flush_text(st);
    st->text_to = to;
    size_t i = 0, used;
    while (i < n) {
        unsigned long cp = utf8_decode(s + i, n - i, &used);
        if (cp == 0xFFFD && used == 1)
            buf_puts(&st->text, "\xEF\xBF\xBD"), st->space = false;
        else
            put_char(st, s + i, used, cp);
        i += used;
    }
}

/* A collapsing space between blocks flowing inside a leaf (a heading). */
static void leaf_space(model_state *st)
{
    if (st->para && !st->space)
        add_text(st, " ", 1);
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

static void trim_block(cmark_node *blk)
{
    trim_end(blk, false);
    trim_end(blk, true);
}

/* Moves white space and line breaks at the edges of an inline container
 * (emphasis, link) outside it, so `*a *` never happens; frees it when
 * nothing is left (and returns false). */
static bool finish_inline(model_state *st, cmark_node *n)
{
    flush_text(st);
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
        cmark_node *sp = new_node(st, CMARK_NODE_TEXT);
        if (sp && (!cmark_node_set_literal(sp, " ") || !cmark_node_insert_before(n, sp)))
            cmark_node_free(sp), fail(st);
    }
    if (space_after) {
        cmark_node *sp = new_node(st, CMARK_NODE_TEXT);
        if (sp && (!cmark_node_set_literal(sp, " ") || !cmark_node_insert_after(n, sp)))
            cmark_node_free(sp), fail(st);
    }
    if (node_is_empty(n)) {
        cmark_node_unlink(n);
        cmark_node_free(n);
        return false;
    }
    return true;
}

/* --------------------------------------------------------------- frames */

static frame *push(model_state *st, const dom_node *el, role r)
{
    if (st->n == st->cap) {
        size_t cap = st->cap ? st->cap * 2 : 64;
        frame *s = realloc(st->stack, cap * sizeof *s);
        if (!s) {
            fail(st);
            return NULL;
        }
        st->stack = s;
        st->cap = cap;
    }
    frame *f = &st->stack[st->n];
    *f = st->stack[st->n - 1]; /* inherit block and inline target */
    f->dom = el;
    f->made = NULL;
    f->r = r;
    st->n++;
    return f;
}

static void pop(model_state *st)
{
    st->n--;
}

/* ----------------------------------------------------------- footnotes */

/* Class tokens and ids of the element that holds a page's footnotes. */
static const char *const notes_classes[] = {"footnotes",  "footnote-list", "footnotes-list",
                                            "references", "endnotes",      "notes-list"};
static const char *const notes_ids[] = {"footnotes", "endnotes", "references"};
/* Fragments and classes of the "back to the text" links inside a note. */
static const char *const backlink_prefixes[] = {"fnref", "cite_ref", "ref-", "footnote-ref", "r"};
static const char *const backlink_classes[] = {"footnote-back", "footnote-backref",
                                               "reversefootnote", "mw-cite-backlink"};

static bool is_notes_box(const dom_node *n)
{
    for (size_t i = 0; i < sizeof notes_classes / sizeof notes_classes[0]; i++)
        if (dom_has_class(n, notes_classes[i]))
            return true;
    const char *id = dom_attr(n, "id");
    for (size_t i = 0; id && i < sizeof notes_ids / sizeof notes_ids[0]; i++)
        if (ascii_ieq(id, notes_ids[i]))
            return true;
    const char *aria = dom_attr(n, "role");
    return aria && ascii_ieq(aria, "doc-endnotes");
}

/* The fragment of an href (after '#'), or NULL. */
static const char *fragment(const char *href)
{
    const char *h = href ? strchr(href, '#') : NULL;
    return h && h[1] ? h + 1 : NULL;
}

static bool is_backlink(const dom_node *a, const char *href);

/* Fragment prefixes of references to notes numbered in order (#fn1,
 * #footnote-2, #cite_note-3), for lists found by their backlinks. */
static const char *const numbered_note_prefixes[] = {"fn",      "footnote",  "ftn",
                                                     "endnote", "cite_note", "note"};

static bool has_backlink(const dom_node *li)
{
    for (const dom_node *n = li->first; n; n = dom_next(n, li)) {
        const char *href = dom_is(n, TAG_A) ? dom_attr(n, "href") : NULL;
        if (href && is_backlink(n, href))
            return true;
    }
    return false;
}

/* Cleaning may drop the classes and ids that name the notes: then the
 * notes are the last list whose items mostly link back to the text. */
static const dom_node *notes_by_backlinks(model_state *st, const dom_node *article)
{
    const dom_node *found = NULL;
    for (const dom_node *n = article->first; n; n = dom_next(n, article)) {
        if (!(dom_is(n, TAG_OL) || dom_is(n, TAG_UL)) || (n->flags & DOM_MARK_REMOVED))
            continue;
        size_t items = 0, back = 0;
        for (const dom_node *c = n->first; c; c = c->next)
            if (dom_is(c, TAG_LI)) {
                items++;
                back += has_backlink(c);
            }
        if (back > 0 && back * 2 >= items)
            found = n;
    }
    st->notes_by_number = found != NULL;
    return found;
}

/* The number at the end of a fragment such as fn3, cite_note-3 or
 * cite_note-name-3, or 0. */
static int numbered_note(const char *frag)
{
    for (size_t i = 0; i < sizeof numbered_note_prefixes / sizeof numbered_note_prefixes[0]; i++) {
        size_t k = strlen(numbered_note_prefixes[i]);
        if (!ascii_ieqn(frag, numbered_note_prefixes[i], k))
            continue;
        const char *d = frag + strlen(frag); /* the number at the end: cite_note-name-5 */
        while (d > frag + k && d[-1] >= '0' && d[-1] <= '9')
            d--;
        char *end;
        long v = strtol(d, &end, 10);
        return d[0] >= '0' && d[0] <= '9' && *end == '\0' && v > 0 && v < 100000 ? (int)v : 0;
    }
    return 0;
}

static void index_note_ids(model_state *st);

/* Finds the notes box and its notes (the items of its first list). */
static void find_notes(model_state *st, const dom_node *article)
{
    const dom_node *box = NULL;
    for (const dom_node *n = article->first; n && !box; n = dom_next(n, article))
        if (dom_is_element(n) && !(n->flags & DOM_MARK_REMOVED) && is_notes_box(n))
            box = n;
    if (!box)
        box = notes_by_backlinks(st, article);
    if (!box)
        return;
    const dom_node *list =
        (dom_is(box, TAG_OL) || dom_is(box, TAG_UL)) ? box : dom_find(box, TAG_OL);
    if (!list)
        list = dom_find(box, TAG_UL);
    if (!list)
        return;
    size_t n = 0;
    for (const dom_node *c = list->first; c; c = c->next)
        n += dom_is(c, TAG_LI) && !(c->flags & DOM_MARK_REMOVED);
    if (n == 0 || !(st->notes = calloc(n, sizeof *st->notes))) {
        if (n)
            fail(st);
        return;
    }
    for (const dom_node *c = list->first; c; c = c->next)
        if (dom_is(c, TAG_LI) && !(c->flags & DOM_MARK_REMOVED))
            st->notes[st->nnotes++].li = c;
    st->notes_box = box;
    index_note_ids(st);
}

static int cmp_anchor(const void *a, const void *b)
{
    return strcmp(((const anchor *)a)->id, ((const anchor *)b)->id);
}

/* Indexes the ids (and names) inside the notes, sorted, so that finding
 * the note of a link is a binary search however many links point there. */
static void index_note_ids(model_state *st)
{
    size_t cap = 0;
    for (size_t i = 0; i < st->nnotes; i++)
        for (const dom_node *n = st->notes[i].li; n; n = dom_next(n, st->notes[i].li))
            cap += dom_is_element(n);
    if (cap == 0 || !(st->ids = calloc(cap, sizeof *st->ids))) {
        if (cap)
            fail(st);
        return;
    }
    for (size_t i = 0; i < st->nnotes; i++) {
        const dom_node *li = st->notes[i].li;
        for (const dom_node *n = li; n; n = dom_next(n, li)) {
            const char *v = dom_is_element(n) ? dom_attr(n, "id") : NULL;
            if (!v && dom_is_element(n))
                v = dom_attr(n, "name");
            if (v && *v && st->nids < cap)
                st->ids[st->nids++] = (anchor){v, (int)i + 1};
        }
    }
    qsort(st->ids, st->nids, sizeof *st->ids, cmp_anchor);
}

/* The note number (1...) a link points at, or 0. */
static int note_of(const model_state *st, const char *href)
{
    const char *frag = fragment(href);
    anchor key = {frag, 0};
    const anchor *hit =
        frag && st->nids ? bsearch(&key, st->ids, st->nids, sizeof *st->ids, cmp_anchor) : NULL;
    if (hit) /* equal ids: the first in the notes wins, as in a browser */
        while (hit > st->ids && strcmp(hit[-1].id, frag) == 0)
            hit--;
    if (hit)
        return hit->note;
    int k = frag && st->notes_by_number ? numbered_note(frag) : 0;
    return k > 0 && (size_t)k <= st->nnotes ? k : 0;
}

static bool is_backlink(const dom_node *a, const char *href)
{
    if (!href)
        return false;
    const char *frag = fragment(href);
    for (size_t i = 0; frag && i < sizeof backlink_prefixes / sizeof backlink_prefixes[0]; i++) {
        size_t k = strlen(backlink_prefixes[i]);
        /* "r" alone only with a digit after it: #r1 */
        if (ascii_ieqn(frag, backlink_prefixes[i], k) &&
            (k > 1 || (frag[1] >= '0' && frag[1] <= '9')))
            return true;
    }
    for (size_t i = 0; i < sizeof backlink_classes / sizeof backlink_classes[0]; i++)
        if (dom_has_class(a, backlink_classes[i]))
            return true;
    return false;
}

static void add_note_ref(model_state *st, int num)
{
    cmark_node *r = new_node(st, CMARK_NODE_CUSTOM_INLINE);
    if (!r)
        return;
    char tag[96];
    footnote *note = &st->notes[num - 1];
    if (!note->referenced)
        snprintf(tag, sizeof tag, "<sup id=\"fnref-%d\"><a href=\"#fn-%d\">%d</a></sup>", num, num,
                 num);
    else
        snprintf(tag, sizeof tag, "<sup><a href=\"#fn-%d\">%d</a></sup>", num, num);
    note->referenced = true;
    model_set_kind(r, MODEL_FNREF, num);
    if (!cmark_node_set_on_enter(r, tag) || !cmark_node_set_on_exit(r, "")) {
        cmark_node_free(r);
        fail(st);
        return;
    }
    add_inline(st, r);
}

/* ------------------------------------------------------------- code */

/* Class prefixes that name a code block's language. */
static const char *const lang_prefixes[] = {"language-",  "lang-",  "highlight-source-",
                                            "highlight-", "brush:", "sourcecode-"};
/* Language names that mean "none". */
static const char *const lang_none[] = {"none", "nohighlight", "plain", "plaintext", "text"};

/* Copies a language name (letters, digits, _ + # . -) into out. */
static bool clean_lang(const char *s, size_t n, char *out)
{
    size_t k = 0;
    for (size_t i = 0; i < n && k < MAX_LANG; i++) {
        char c = s[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '_' || c == '+' || c == '#' || c == '.' || c == '-')
            out[k++] = c;
        else
            break;
    }
    out[k] = '\0';
    for (size_t i = 0; i < sizeof lang_none / sizeof lang_none[0]; i++)
        if (ascii_ieq(out, lang_none[i]))
            return false;
    return k > 0;
}

/* The language named by el's class (or data-lang); false if none. */
static bool lang_of(const dom_node *el, char *out)
{
    const char *v = dom_attr(el, "data-lang");
    if (!v)
        v = dom_attr(el, "data-language");
    if (v && clean_lang(v, strlen(v), out))
        return true;
    const char *cls = dom_attr(el, "class");
    for (const char *p = cls; p && *p;) {
        while (*p == ' ' || *p == '\t' || *p == '\n')
            p++;
        const char *e = p;
        while (*e && *e != ' ' && *e != '\t' && *e != '\n')
            e++;
        for (size_t i = 0; i < sizeof lang_prefixes / sizeof lang_prefixes[0]; i++) {
            size_t k = strlen(lang_prefixes[i]);
            if ((size_t)(e - p) < k || !ascii_ieqn(p, lang_prefixes[i], k))
                continue;
            const char *l = p + k;
            if (l == e) { /* "brush: js" */
                l = e;
                while (*l == ' ')
                    l++;
            }
            if (clean_lang(l, strlen(l), out))
                return true;
        }
        p = e;
    }
    return false;
}

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
    cmark_node *cb = new_node(st, CMARK_NODE_CODE_BLOCK);
    if (!cb || text->failed)
        return;
    if (!cmark_node_set_literal(cb, text->data + start) ||
        !cmark_node_set_fence_info(cb, lang ? lang : "")) {
        cmark_node_free(cb);
        fail(st);
        return;
    }
    add_block(st, cb);
}

static void do_pre(model_state *st, const dom_node *el)
{
    char lang[MAX_LANG + 1];
    const dom_node *code = NULL;
    for (const dom_node *c = el->first; c; c = c->next)
        if (dom_is(c, TAG_CODE))
            code = c;
    bool has = lang_of(el, lang) || (code && lang_of(code, lang));
    buf b = BUF_INIT;
    code_text(el, &b);
    add_code_block(st, &b, has ? lang : NULL);
    buf_free(&b);
}

/* Inline code; a multi-line one alone in its block becomes a code block. */
static void do_code(model_state *st, const dom_node *el)
{
    buf b = BUF_INIT;
    code_text(el, &b);
    if (b.failed) {
        fail(st);
    } else if (b.len && memchr(b.data, '\n', b.len) && (!st->para || node_is_empty(st->para))) {
        char lang[MAX_LANG + 1];
        add_code_block(st, &b, lang_of(el, lang) ? lang : NULL);
    } else if (b.len) {
        buf c = BUF_INIT;
        utf8_collapse_buf(&c, b.data, b.len);
        size_t a = 0, e = c.len;
        while (a < e && c.data[a] == ' ')
            a++;
        while (e > a && c.data[e - 1] == ' ')
            e--;
        if (a > 0)
            add_text(st, " ", 1);
        if (e > a && !c.failed) {
            cmark_node *n = new_node(st, CMARK_NODE_CODE);
            c.data[e] = '\0';
            if (n && !cmark_node_set_literal(n, c.data + a))
                cmark_node_free(n), n = NULL, fail(st);
            if (n)
                add_inline(st, n);
        }
        if (e < c.len)
            add_text(st, " ", 1);
        buf_free(&c);
    }
    buf_free(&b);
}

/* ------------------------------------------------------------- inlines */

static void do_img(model_state *st, const dom_node *el)
{
    const char *src = dom_attr(el, "src");
    if (!src || !*src || !url_is_safe(src))
        return;
    cmark_node *img = new_node(st, CMARK_NODE_IMAGE);
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
        cmark_node *t = new_node(st, CMARK_NODE_TEXT);
        ok = t && cmark_node_set_literal(t, b.data + a) && append(st, img, t);
    }
    buf_free(&b);
    if (!ok || b.failed) {
        cmark_node_free(img);
        fail(st);
        return;
    }
    add_inline(st, img);
}

static void do_br(model_state *st)
{
    if (st->leaf) {
        leaf_space(st);
        return;
    }
    flush_text(st);
    if (!st->para || node_is_empty(st->para))
        return;
    cmark_node *last = cmark_node_last_child(st->para);
    while (last && cmark_node_last_child(last)) /* the last thing written */
        last = cmark_node_last_child(last);
    if (last && cmark_node_get_type(last) == CMARK_NODE_LINEBREAK) {
        cmark_node_unlink(last); /* two line breaks end a paragraph */
        cmark_node_free(last);
        close_para(st);
        return;
    }
    cmark_node *br = new_node(st, CMARK_NODE_LINEBREAK);
    if (br && add_inline(st, br))
        st->space = true;
}

/* Opens an inline container (emphasis, strong, link) for el. */
static void open_inline(model_state *st, const dom_node *el, cmark_node *n)
{
    bool space = st->space; /* a container is not content */
    if (!add_inline(st, n))
        return;
    st->space = space;
    frame *f = push(st, el, R_EMPH);
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
        fail(st);
    c = cmark_node_first_child(n);
    if (c && cmark_node_get_type(c) == CMARK_NODE_LINEBREAK && !cmark_node_insert_before(n, c))
        fail(st);
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
            fail(st);
            return;
        }
    cmark_node_unlink(n);
    cmark_node_free(n);
}

static void close_inline(model_state *st, frame *f)
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
        trim_block(parent);
        if (node_is_empty(parent)) {
            cmark_node_unlink(parent);
            cmark_node_free(parent);
        }
    }
}

static void do_link(model_state *st, const dom_node *el)
{
    const char *href = dom_attr(el, "href");
    cmark_node *l = new_node(st, CMARK_NODE_LINK);
    const char *title = dom_attr(el, "title");
    if (!l || !cmark_node_set_url(l, href) || !cmark_node_set_title(l, title ? title : "")) {
        if (l)
            cmark_node_free(l);
        fail(st);
        return;
    }
    open_inline(st, el, l);
}

/* ------------------------------------------------------------- blocks */

/* Opens a block node of the model for el: appended to the current
 * container, it becomes the container of el's content. */
static void open_block(model_state *st, const dom_node *el, role r, cmark_node *n)
{
    if (!add_block(st, n))
        return;
    frame *f = push(st, el, r);
    if (f) {
        f->block = n;
        f->made = n;
    }
}

static cmark_node *custom_block(model_state *st, model_kind k, const char *on_enter,
                                const char *on_exit)
{
    cmark_node *n = new_node(st, CMARK_NODE_CUSTOM_BLOCK);
    if (n && (!cmark_node_set_on_enter(n, on_enter) || !cmark_node_set_on_exit(n, on_exit))) {
        cmark_node_free(n);
        fail(st);
        return NULL;
    }
    if (n)
        model_set_kind(n, k, 0);
    return n;
}

static void open_list(model_state *st, const dom_node *el)
{
    cmark_node *l = new_node(st, CMARK_NODE_LIST);
    if (!l)
        return;
    bool ordered = dom_is(el, TAG_OL);
    cmark_node_set_list_type(l, ordered ? CMARK_ORDERED_LIST : CMARK_BULLET_LIST);
    if (ordered) {
        const char *s = dom_attr(el, "start");
        long start = s ? strtol(s, NULL, 10) : 1;
        cmark_node_set_list_start(l, start < 0 ? 0 : start > MAX_LIST_START ? 1 : (int)start);
        cmark_node_set_list_delim(l, CMARK_PERIOD_DELIM);
    }
    open_block(st, el, R_LIST, l);
}

/* Lists are tight unless an item holds two blocks that are not lists. */
static void finish_list(cmark_node *l)
{
    bool tight = true;
    for (cmark_node *it = cmark_node_first_child(l); it;) {
        cmark_node *next = cmark_node_next(it);
        int blocks = 0;
        for (cmark_node *c = cmark_node_first_child(it); c; c = cmark_node_next(c))
            blocks += cmark_node_get_type(c) != CMARK_NODE_LIST;
        if (blocks > 1)
            tight = false;
        if (!cmark_node_first_child(it)) {
            cmark_node_unlink(it);
            cmark_node_free(it);
        }
        it = next;
    }
    cmark_node_set_list_tight(l, tight);
    if (!cmark_node_first_child(l)) {
        cmark_node_unlink(l);
        cmark_node_free(l);
    }
}

/* A paragraph whose inlines go into a wrapper (emphasis for a figure
 * caption, strong for a definition term); blocks inside flow. */
static void open_styled_para(model_state *st, const dom_node *el, role r, cmark_node_type t)
{
    cmark_node *p = new_node(st, CMARK_NODE_PARAGRAPH);
    cmark_node *x = new_node(st, t);
    if (!p || !x || !add_block(st, p) || !append(st, p, x)) {
        if (x && !cmark_node_parent(x))
            cmark_node_free(x);
        return;
    }
    st->para = p;
    st->gen++;
    st->space = true;
    frame *f = push(st, el, r);
    if (!f)
        return;
    f->target = x;
    f->gen = st->gen;
    f->made = x;
    st->leaf++;
}

static void open_heading(model_state *st, const dom_node *el)
{
    cmark_node *h = new_node(st, CMARK_NODE_HEADING);
    if (!h || !cmark_node_set_heading_level(h, el->tag - TAG_H1 + 1) || !add_block(st, h))
        return;
    st->para = h;
    st->gen++;
    st->space = true;
    frame *f = push(st, el, R_HEADING);
    if (!f)
        return;
    f->target = h;
    f->gen = st->gen;
    f->made = h;
    st->leaf++;
}

static model_kind top_kind(model_state *st)
{
    return model_node_kind(st->stack[st->n - 1].block);
}

/* Table parts open a custom block only where they belong; elsewhere they
 * are plain blocks. Returns false when el is not placed as a table part. */
static bool open_table_part(model_state *st, const dom_node *el, role r)
{
    model_kind k = top_kind(st);
    char tag[16];
    buf cell = BUF_INIT;
    cmark_node *n = NULL;
    if (r == R_TABLE) {
        n = custom_block(st, MODEL_TABLE, "<table>", "</table>");
    } else if (r == R_TSECTION && k == MODEL_TABLE) {
        snprintf(tag, sizeof tag, "<%s>", el->name);
        n = custom_block(st, MODEL_TSECTION, tag, "");
        snprintf(tag, sizeof tag, "</%s>", el->name);
        if (n && !cmark_node_set_on_exit(n, tag))
            fail(st);
    } else if (r == R_ROW && (k == MODEL_TABLE || k == MODEL_TSECTION)) {
        n = custom_block(st, MODEL_ROW, "<tr>", "</tr>");
    } else if (r == R_CELL && k == MODEL_ROW) {
        bool head = dom_is(el, TAG_TH);
        tables_cell_tag(el, head, &cell);
        n = cell.failed ? NULL
                        : custom_block(st, head ? MODEL_HEADCELL : MODEL_CELL, cell.data,
                                       head ? "</th>" : "</td>");
        buf_free(&cell);
    } else if (r == R_CAPTION && k == MODEL_TABLE) {
        n = custom_block(st, MODEL_CAPTION, "<caption>", "</caption>");
    } else {
        return false;
    }
    if (n) {
        close_para(st);
        if (append(st, st->stack[st->n - 1].block, n)) {
            frame *f = push(st, el, r);
            if (f)
                f->block = f->made = n;
        }
    }
    return true;
}

/* Inside a heading or caption, block elements only separate words. */
static role leaf_role(role r)
{
    switch (r) {
    case R_PRE:
        return R_CODE;
    case R_BR:
    case R_INLINE:
    case R_SKIP:
    case R_CODE:
    case R_EMPH:
    case R_STRONG:
    case R_LINK:
    case R_IMG:
        return r;
    default:
        return R_DIV;
    }
}

/* True when inline content now lands inside a node of type t. */
static bool inside(model_state *st, cmark_node_type t)
{
    frame *f = &st->stack[st->n - 1];
    if (!f->target || f->gen != st->gen || !st->para)
        return false;
    for (cmark_node *n = f->target; n && n != st->para; n = cmark_node_parent(n))
        if (cmark_node_get_type(n) == t)
            return true;
    return false;
}

static void enter_emphasis(model_state *st, const dom_node *el, cmark_node_type t)
{
    if (inside(st, t))
        push(st, el, R_INLINE); /* <i> in <cite> is not more slanted */
    else
        open_inline(st, el, new_node(st, t));
}

/* A link, a note reference, a backlink of a note (dropped) or, without a
 * safe target, its text. True when its children are walked. */
static bool enter_link(model_state *st, const dom_node *el)
{
    const char *href = dom_attr(el, "href");
    if (!href || !*href) {
        push(st, el, R_INLINE);
        return true;
    }
    if (st->in_notes && is_backlink(el, href))
        return false;
    int note = st->nnotes ? note_of(st, href) : 0;
    if (note) {
        add_note_ref(st, note);
        return false;
    }
    if (url_is_safe(href))
        do_link(st, el);
    else
        push(st, el, R_INLINE);
    return true;
}

/* An item of the list being built; false when el is not in a list. */
static bool open_item(model_state *st, const dom_node *el)
{
    cmark_node *list = st->stack[st->n - 1].block;
    if (cmark_node_get_type(list) != CMARK_NODE_LIST)
        return false;
    close_para(st);
    cmark_node *it = new_node(st, CMARK_NODE_ITEM);
    if (it && append(st, list, it)) {
        frame *f = push(st, el, R_ITEM);
        if (f)
            f->block = f->made = it;
    }
    return true;
}

/* Handles the start of element el; true when its children are walked. */
static bool enter(model_state *st, const dom_node *el)
{
    if (el == st->notes_box)
        return false;
    role r = role_of(el);
    if (st->leaf)
        r = leaf_role(r);
    switch (r) {
    case R_SKIP:
        return false;
    case R_PRE:
        do_pre(st, el);
        return false;
    case R_CODE:
        do_code(st, el);
        return false;
    case R_IMG:
        do_img(st, el);
        return false;
    case R_BR:
        do_br(st);
        return false;
    case R_HR:
        add_block(st, new_node(st, CMARK_NODE_THEMATIC_BREAK));
        return false;
    case R_EMPH:
    case R_STRONG:
        enter_emphasis(st, el, r == R_EMPH ? CMARK_NODE_EMPH : CMARK_NODE_STRONG);
        return true;
    case R_LINK:
        return enter_link(st, el);
    case R_HEADING:
        open_heading(st, el);
        return true;
    case R_LIST:
        open_list(st, el);
        return true;
    case R_ITEM:
        if (open_item(st, el))
            return true;
        break; /* an item outside a list is a plain block */
    case R_QUOTE:
        open_block(st, el, R_QUOTE, new_node(st, CMARK_NODE_BLOCK_QUOTE));
        return true;
    case R_FIGCAPTION:
        open_styled_para(st, el, r, CMARK_NODE_EMPH);
        return true;
    case R_DT:
        open_styled_para(st, el, r, CMARK_NODE_STRONG);
        return true;
    case R_TABLE:
    case R_TSECTION:
    case R_ROW:
    case R_CELL:
    case R_CAPTION:
        if (open_table_part(st, el, r))
            return true;
        break;
    case R_INLINE:
        push(st, el, R_INLINE);
        return true;
    case R_QUOTATION: /* browsers draw the marks of <q>; text must carry them */
        add_text(st, quote_marks[0], strlen(quote_marks[0]));
        push(st, el, R_QUOTATION);
        return true;
    default:
        break;
    }
    /* a block boundary with no node of its own (div, p, section...) */
    if (st->leaf)
        leaf_space(st);
    else
        close_para(st);
    push(st, el, R_DIV);
    return true;
}

/* Handles the end of the element of the top frame and pops it. */
static void leave(model_state *st)
{
    frame f = st->stack[st->n - 1];
    pop(st);
    switch (f.r) {
    case R_EMPH:
        close_inline(st, &f);
        break;
    case R_FIGCAPTION:
    case R_DT:
        close_inline(st, &f);
        st->leaf--;
        close_para(st);
        break;
    case R_HEADING:
        st->leaf--;
        close_para(st);
        break;
    case R_LIST:
        close_para(st);
        finish_list(f.made);
        break;
    case R_QUOTE:
    case R_ITEM:
        close_para(st);
        if (cmark_node_get_type(f.made) == CMARK_NODE_BLOCK_QUOTE && node_is_empty(f.made)) {
            cmark_node_unlink(f.made);
            cmark_node_free(f.made);
        }
        break;
    case R_TABLE:
        close_para(st);
        if (tables_finish(f.made) != FOLIO_OK)
            fail(st);
        break;
    case R_QUOTATION:
        add_text(st, quote_marks[1], strlen(quote_marks[1]));
        break;
    case R_DIV:
    case R_CELL:
    case R_CAPTION:
    case R_ROW:
    case R_TSECTION:
        if (st->leaf)
            leaf_space(st);
        else
            close_para(st);
        break;
    default:
        break;
    }
}

/* Walks root's children into the model (the top frame is the context). */
static void walk(model_state *st, const dom_node *root)
{
    size_t base = st->n;
    const dom_node *n = root->first;
    while (n && !st->failed) {
        bool down = false;
        if (n->flags & DOM_MARK_REMOVED)
            ;
        else if (dom_is_text(n))
            add_text(st, n->text, n->text_len);
        else if (dom_is_element(n))
            down = enter(st, n) && n->first;
        if (down && st->n > base && st->stack[st->n - 1].dom == n) {
            n = n->first;
            continue;
        }
        if (!down && st->n > base && st->stack[st->n - 1].dom == n)
            leave(st); /* an element that was entered but has no children */
        while (n != root && !n->next) {
            n = n->parent;
            if (n != root && st->n > base && st->stack[st->n - 1].dom == n)
                leave(st);
        }
        n = n == root ? NULL : n->next;
    }
    while (st->n > base)
        leave(st);
}

/* The notes, at the end: one custom block holding one per note. */
static void build_notes(model_state *st, cmark_node *doc)
{
    close_para(st);
    cmark_node *box = custom_block(st, MODEL_FOOTNOTES, "<section class=\"footnotes\">\n<ol>",
                                   "</ol>\n</section>");
    if (!box || !append(st, doc, box))
        return;
    for (size_t i = 0; i < st->nnotes && !st->failed; i++) {
        char tag[40];
        snprintf(tag, sizeof tag, "<li id=\"fn-%zu\">", i + 1);
        cmark_node *def = custom_block(st, MODEL_FNDEF, tag, "</li>");
        cmark_node *p = new_node(st, CMARK_NODE_PARAGRAPH);
        if (!def || !p || !append(st, box, def) || !append(st, def, p))
            return;
        model_set_kind(def, MODEL_FNDEF, (int)i + 1);
        st->para = p;
        st->gen++;
        st->space = true;
        st->leaf++;
        st->in_notes = true;
        frame *f = push(st, st->notes[i].li, R_DIV);
        if (!f)
            return;
        f->block = def;
        f->target = p;
        f->gen = st->gen;
        walk(st, st->notes[i].li);
        pop(st);
        st->leaf--;
        close_para(st);
        if (node_is_empty(def)) { /* keep the numbering: an empty note says so */
            cmark_node *t = new_node(st, CMARK_NODE_TEXT);
            cmark_node *q = new_node(st, CMARK_NODE_PARAGRAPH);
            if (!t || !q || !cmark_node_set_literal(t, "-") || !append(st, q, t) ||
                !append(st, def, q))
                return;
        }
    }
}

folio_status model_build(const dom_node *article, cmark_node **out)
{
    model_state st = {0};
    buf_init(&st.text);
    cmark_node *doc = cmark_node_new(CMARK_NODE_DOCUMENT);
    st.stack = malloc(64 * sizeof *st.stack);
    if (!doc || !st.stack) {
        free(st.stack);
        if (doc)
            cmark_node_free(doc);
        return FOLIO_ENOMEM;
    }
    st.cap = 64;
    st.n = 1;
    st.stack[0] = (frame){article, doc, NULL, NULL, 0, R_DIV};
    st.space = true;
    find_notes(&st, article);
    walk(&st, article);
    close_para(&st);
    if (st.nnotes && !st.failed)
        build_notes(&st, doc);
    free(st.stack);
    free(st.notes);
    free(st.ids);
    buf_free(&st.text);
    if (st.failed) {
        cmark_node_free(doc);
        return FOLIO_ENOMEM;
    }
    *out = doc;
    return FOLIO_OK;
}
