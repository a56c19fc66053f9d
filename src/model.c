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
 *
 * This file holds the block walk: roles of tags, the frame stack, blocks,
 * lists, headings and table parts. Text, inline elements and code are in
 * model_inline.c, footnotes in notes.c; model_impl.h is what they share.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model_impl.h"

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

/* Limits: ordered list starts cmark can write (CommonMark allows nine digits). */
enum { MAX_LIST_START = 999999999 };

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

/* ------------------------------------------------------------ tree edits */

void model_fail(model_state *st)
{
    st->failed = true;
}

cmark_node *model_new_node(model_state *st, cmark_node_type t)
{
    cmark_node *n = cmark_node_new(t);
    if (!n)
        model_fail(st);
    return n;
}

bool model_append(model_state *st, cmark_node *parent, cmark_node *child)
{
    if (!parent || !child || !cmark_node_append_child(parent, child)) {
        if (child)
            cmark_node_free(child);
        model_fail(st);
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
    item = model_new_node(st, CMARK_NODE_ITEM);
    return model_append(st, c, item) ? item : NULL;
}

/* Writes the pending text into a text node. */
void model_flush_text(model_state *st)
{
    if (st->text.len && st->text_to && !st->text.failed) {
        cmark_node *t = model_new_node(st, CMARK_NODE_TEXT);
        if (t && cmark_node_set_literal(t, st->text.data))
            model_append(st, st->text_to, t);
        else if (t)
            cmark_node_free(t), model_fail(st);
    }
    if (st->text.failed)
        model_fail(st);
    buf_truncate(&st->text, 0);
    st->text_to = NULL;
}

bool model_node_is_empty(cmark_node *n)
{
    return cmark_node_first_child(n) == NULL;
}

/* Closes the open paragraph (or heading): trims it, drops it when empty. */
void model_close_para(model_state *st)
{
    model_flush_text(st);
    if (st->para) {
        model_trim_block(st->para);
        if (model_node_is_empty(st->para)) {
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
    cmark_node *p = model_new_node(st, CMARK_NODE_PARAGRAPH);
    if (!p || !model_append(st, c, p))
        return NULL;
    st->para = p;
    st->gen++;
    st->space = true;
    return p;
}

/* Where inline content goes now. */
cmark_node *model_inline_target(model_state *st)
{
    frame *f = &st->stack[st->n - 1];
    if (f->target && f->gen == st->gen && st->para)
        return f->target;
    return ensure_para(st);
}

/* Appends an inline node at the current position. */
bool model_add_inline(model_state *st, cmark_node *n)
{
    cmark_node *to = model_inline_target(st);
    model_flush_text(st);
    if (!to) {
        cmark_node_free(n);
        return false;
    }
    if (!model_append(st, to, n))
        return false;
    st->space = false;
    return true;
}

/* Appends a block to the current container, closing the open paragraph. */
bool model_add_block(model_state *st, cmark_node *n)
{
    model_close_para(st);
    cmark_node *c = block_container(st);
    if (c && is_table_part(c)) {
        cmark_node_free(n); /* nothing but rows and cells lives there */
        return false;
    }
    return model_append(st, c, n);
}

/* --------------------------------------------------------------- frames */

frame *model_push(model_state *st, const dom_node *el, role r)
{
    if (st->n == st->cap) {
        size_t cap = st->cap ? st->cap * 2 : 64;
        frame *s = realloc(st->stack, cap * sizeof *s);
        if (!s) {
            model_fail(st);
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

void model_pop(model_state *st)
{
    st->n--;
}

/* ------------------------------------------------------------- blocks */

/* Opens a block node of the model for el: appended to the current
 * container, it becomes the container of el's content. */
static void open_block(model_state *st, const dom_node *el, role r, cmark_node *n)
{
    if (!model_add_block(st, n))
        return;
    frame *f = model_push(st, el, r);
    if (f) {
        f->block = n;
        f->made = n;
    }
}

cmark_node *model_custom_block(model_state *st, model_kind k, const char *on_enter,
                               const char *on_exit)
{
    cmark_node *n = model_new_node(st, CMARK_NODE_CUSTOM_BLOCK);
    if (n && (!cmark_node_set_on_enter(n, on_enter) || !cmark_node_set_on_exit(n, on_exit))) {
        cmark_node_free(n);
        model_fail(st);
        return NULL;
    }
    if (n)
        model_set_kind(n, k, 0);
    return n;
}

static void open_list(model_state *st, const dom_node *el)
{
    cmark_node *l = model_new_node(st, CMARK_NODE_LIST);
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
    cmark_node *p = model_new_node(st, CMARK_NODE_PARAGRAPH);
    cmark_node *x = model_new_node(st, t);
    if (!p || !x || !model_add_block(st, p) || !model_append(st, p, x)) {
        if (x && !cmark_node_parent(x))
            cmark_node_free(x);
        return;
    }
    st->para = p;
    st->gen++;
    st->space = true;
    frame *f = model_push(st, el, r);
    if (!f)
        return;
    f->target = x;
    f->gen = st->gen;
    f->made = x;
    st->leaf++;
}

static void open_heading(model_state *st, const dom_node *el)
{
    cmark_node *h = model_new_node(st, CMARK_NODE_HEADING);
    if (!h || !cmark_node_set_heading_level(h, el->tag - TAG_H1 + 1) || !model_add_block(st, h))
        return;
    st->para = h;
    st->gen++;
    st->space = true;
    frame *f = model_push(st, el, R_HEADING);
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
        n = model_custom_block(st, MODEL_TABLE, "<table>", "</table>");
    } else if (r == R_TSECTION && k == MODEL_TABLE) {
        snprintf(tag, sizeof tag, "<%s>", el->name);
        n = model_custom_block(st, MODEL_TSECTION, tag, "");
        snprintf(tag, sizeof tag, "</%s>", el->name);
        if (n && !cmark_node_set_on_exit(n, tag))
            model_fail(st);
    } else if (r == R_ROW && (k == MODEL_TABLE || k == MODEL_TSECTION)) {
        n = model_custom_block(st, MODEL_ROW, "<tr>", "</tr>");
    } else if (r == R_CELL && k == MODEL_ROW) {
        bool head = dom_is(el, TAG_TH);
        tables_cell_tag(el, head, &cell);
        n = cell.failed ? NULL
                        : model_custom_block(st, head ? MODEL_HEADCELL : MODEL_CELL, cell.data,
                                             head ? "</th>" : "</td>");
        buf_free(&cell);
    } else if (r == R_CAPTION && k == MODEL_TABLE) {
        n = model_custom_block(st, MODEL_CAPTION, "<caption>", "</caption>");
    } else {
        return false;
    }
    if (n) {
        model_close_para(st);
        if (model_append(st, st->stack[st->n - 1].block, n)) {
            frame *f = model_push(st, el, r);
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
        model_push(st, el, R_INLINE); /* <i> in <cite> is not more slanted */
    else
        model_open_inline(st, el, model_new_node(st, t));
}

/* A link, a note reference, a backlink of a note (dropped) or, without a
 * safe target, its text. True when its children are walked. */
static bool enter_link(model_state *st, const dom_node *el)
{
    const char *href = dom_attr(el, "href");
    if (!href || !*href) {
        model_push(st, el, R_INLINE);
        return true;
    }
    if (st->in_notes && notes_is_backlink(el, href))
        return false;
    int note = st->nnotes ? notes_number_of(st, href) : 0;
    if (note) {
        notes_add_ref(st, note);
        return false;
    }
    if (model_url_is_safe(href))
        model_link(st, el);
    else
        model_push(st, el, R_INLINE);
    return true;
}

/* An item of the list being built; false when el is not in a list. */
static bool open_item(model_state *st, const dom_node *el)
{
    cmark_node *list = st->stack[st->n - 1].block;
    if (cmark_node_get_type(list) != CMARK_NODE_LIST)
        return false;
    model_close_para(st);
    cmark_node *it = model_new_node(st, CMARK_NODE_ITEM);
    if (it && model_append(st, list, it)) {
        frame *f = model_push(st, el, R_ITEM);
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
        model_pre(st, el);
        return false;
    case R_CODE:
        model_code(st, el);
        return false;
    case R_IMG:
        model_img(st, el);
        return false;
    case R_BR:
        model_br(st);
        return false;
    case R_HR:
        model_add_block(st, model_new_node(st, CMARK_NODE_THEMATIC_BREAK));
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
        open_block(st, el, R_QUOTE, model_new_node(st, CMARK_NODE_BLOCK_QUOTE));
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
        model_push(st, el, R_INLINE);
        return true;
    case R_QUOTATION: /* browsers draw the marks of <q>; text must carry them */
        model_add_text(st, quote_marks[0], strlen(quote_marks[0]));
        model_push(st, el, R_QUOTATION);
        return true;
    default:
        break;
    }
    /* a block boundary with no node of its own (div, p, section...) */
    if (st->leaf)
        model_leaf_space(st);
    else
        model_close_para(st);
    model_push(st, el, R_DIV);
    return true;
}

/* Handles the end of the element of the top frame and pops it. */
static void leave(model_state *st)
{
    frame f = st->stack[st->n - 1];
    model_pop(st);
    switch (f.r) {
    case R_EMPH:
        model_close_inline(st, &f);
        break;
    case R_FIGCAPTION:
    case R_DT:
        model_close_inline(st, &f);
        st->leaf--;
        model_close_para(st);
        break;
    case R_HEADING:
        st->leaf--;
        model_close_para(st);
        break;
    case R_LIST:
        model_close_para(st);
        finish_list(f.made);
        break;
    case R_QUOTE:
    case R_ITEM:
        model_close_para(st);
        if (cmark_node_get_type(f.made) == CMARK_NODE_BLOCK_QUOTE && model_node_is_empty(f.made)) {
            cmark_node_unlink(f.made);
            cmark_node_free(f.made);
        }
        break;
    case R_TABLE:
        model_close_para(st);
        if (tables_finish(f.made) != FOLIO_OK)
            model_fail(st);
        break;
    case R_QUOTATION:
        model_add_text(st, quote_marks[1], strlen(quote_marks[1]));
        break;
    case R_DIV:
    case R_CELL:
    case R_CAPTION:
    case R_ROW:
    case R_TSECTION:
        if (st->leaf)
            model_leaf_space(st);
        else
            model_close_para(st);
        break;
    default:
        break;
    }
}

/* Walks root's children into the model (the top frame is the context). */
void model_walk(model_state *st, const dom_node *root)
{
    size_t base = st->n;
    const dom_node *n = root->first;
    while (n && !st->failed) {
        bool down = false;
        if (n->flags & DOM_MARK_REMOVED)
            ;
        else if (dom_is_text(n))
            model_add_text(st, n->text, n->text_len);
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
    notes_find(&st, article);
    model_walk(&st, article);
    model_close_para(&st);
    if (st.nnotes && !st.failed)
        notes_build(&st, doc);
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
