/* dom.c — parse with gumbo, copy into folio's arena DOM; see dom.h.
 *
 * The only file that includes gumbo.h. gumbo 0.10.1 is quadratic in nesting
 * depth (and in attributes per tag, and in text under deep formatting
 * elements), so dom_parse first scans the bytes (dom_prescan, a small model
 * of the tree builder, in dom_prescan*.c) and refuses hostile pages before
 * gumbo sees them.
 * gumbo's memory comes from a tracking allocator that dom_parse frees in
 * one iterative sweep: no recursive tree destruction, no gumbo leak.
 */
#include "dom.h"
#include "dom_prescan.h"
#include "pool.h"

#include <gumbo.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ tag tables */

static const struct {
    const char *name;
    unsigned flags;
} tag_info[TAG_COUNT] = {
    [TAG_UNKNOWN] = {"", DOM_I},
#define DOM_TAG_INFO(e, n, f) [TAG_##e] = {#n, f},
    DOM_TAGS_GUMBO(DOM_TAG_INFO) DOM_TAGS_EXTRA(DOM_TAG_INFO)
#undef DOM_TAG_INFO
};

static const unsigned short gumbo_to_tag[GUMBO_TAG_LAST + 1] = {
#define DOM_TAG_MAP(e, n, f) [GUMBO_TAG_##e] = TAG_##e,
    DOM_TAGS_GUMBO(DOM_TAG_MAP)
#undef DOM_TAG_MAP
};

unsigned dom_tag_flags(dom_tag t)
{
    return (unsigned)t < TAG_COUNT ? tag_info[t].flags : 0;
}

const char *dom_tag_name(dom_tag t)
{
    return (unsigned)t < TAG_COUNT ? tag_info[t].name : "";
}

dom_tag dom_tag_by_name(const char *name, size_t n)
{
    /* A linear scan: only used for tags gumbo does not know. */
    for (int t = 1; t < TAG_COUNT; t++)
        if (strlen(tag_info[t].name) == n && memcmp(tag_info[t].name, name, n) == 0)
            return (dom_tag)t;
    return TAG_UNKNOWN;
}

/* ---------------------------------------------------------- depth bound */

static int lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* The prescan's one question to gumbo (dom_prescan.h). */
bool dom_gumbo_knows(const char *s, size_t n)
{
    char name[32];
    if (n == 0 || n >= sizeof name || memchr(s, '\0', n))
        return false;
    for (size_t i = 0; i < n; i++)
        name[i] = (char)lower((unsigned char)s[i]);
    return gumbo_tagn_enum(name, (unsigned)n) != GUMBO_TAG_UNKNOWN;
}

/* --------------------------------------------------------------- parsing */

static dom_node *node_new(dom_doc *d, dom_kind kind)
{
    dom_node *n = arena_alloc(d->arena, sizeof *n);
    if (!n)
        return NULL;
    n->kind = (unsigned char)kind;
    n->id = d->nnodes++;
    return n;
}

dom_node *dom_element_new(dom_doc *d, dom_tag tag)
{
    dom_node *n = node_new(d, DOM_ELEMENT);
    if (!n)
        return NULL;
    n->tag = (unsigned short)tag;
    n->name = dom_tag_name(tag);
    return n;
}

dom_node *dom_text_new(dom_doc *d, const char *text, size_t len)
{
    dom_node *n = node_new(d, DOM_TEXT);
    if (!n)
        return NULL;
    n->text = arena_strndup(d->arena, text, len);
    if (!n->text)
        return NULL;
    n->text_len = len;
    return n;
}

/* The lower-case name of an element gumbo does not know. */
static const char *unknown_name(arena *a, const GumboElement *e)
{
    GumboStringPiece piece = e->original_tag;
    if (!piece.data || piece.length == 0)
        return "unknown";
    gumbo_tag_from_original_text(&piece);
    char *name = arena_strndup(a, piece.data, piece.length);
    if (!name)
        return NULL;
    for (char *c = name; *c; c++)
        *c = (char)lower((unsigned char)*c);
    return name;
}

static folio_status copy_element(dom_doc *d, const GumboNode *g, const dom_limits *lim,
                                 dom_node **out)
{
    const GumboElement *e = &g->v.element;
    dom_node *n = node_new(d, DOM_ELEMENT);
    if (!n)
        return FOLIO_ENOMEM;
    if (e->tag != GUMBO_TAG_UNKNOWN && e->tag < GUMBO_TAG_LAST) {
        n->tag = gumbo_to_tag[e->tag];
        n->name = tag_info[n->tag].name;
    } else {
        n->name = unknown_name(d->arena, e);
        if (!n->name)
            return FOLIO_ENOMEM;
        n->tag = (unsigned short)dom_tag_by_name(n->name, strlen(n->name));
    }
    if (e->attributes.length > lim->max_attrs)
        return FOLIO_ELIMIT;
    if (e->attributes.length) {
        n->attrs = arena_alloc(d->arena, e->attributes.length * sizeof *n->attrs);
        if (!n->attrs)
            return FOLIO_ENOMEM;
        for (unsigned i = 0; i < e->attributes.length; i++) {
            const GumboAttribute *ga = e->attributes.data[i];
            dom_attribute *at = &n->attrs[n->nattrs++];
            at->name = arena_strdup(d->arena, ga->name);
            at->value_len = strlen(ga->value);
            at->value = arena_strndup(d->arena, ga->value, at->value_len);
            if (!at->name || !at->value)
                return FOLIO_ENOMEM;
        }
    }
    *out = n;
    return FOLIO_OK;
}

/* Copies the node g (not its children); *out is NULL for nodes folio drops
 * (comments, the doctype). */
static folio_status copy_node(dom_doc *d, const GumboNode *g, const dom_limits *lim,
                              dom_node **out)
{
    *out = NULL;
    switch (g->type) {
    case GUMBO_NODE_ELEMENT:
    case GUMBO_NODE_TEMPLATE:
        return copy_element(d, g, lim, out);
    case GUMBO_NODE_TEXT:
    case GUMBO_NODE_WHITESPACE:
    case GUMBO_NODE_CDATA: {
        const char *t = g->v.text.text;
        *out = dom_text_new(d, t, strlen(t));
        return *out ? FOLIO_OK : FOLIO_ENOMEM;
    }
    default:
        return FOLIO_OK;
    }
}

static const GumboVector *children_of(const GumboNode *g)
{
    if (g->type == GUMBO_NODE_DOCUMENT)
        return &g->v.document.children;
    if (g->type == GUMBO_NODE_ELEMENT || g->type == GUMBO_NODE_TEMPLATE)
        return &g->v.element.children;
    return NULL;
}

/* Copies gumbo's tree under groot into d->root, iteratively. */
static folio_status copy_tree(dom_doc *d, const GumboNode *groot, const dom_limits *lim)
{
    const GumboNode *g = groot;
    dom_node *parent = d->root; /* the copy of g */
    size_t index = 0;           /* next child of g to visit */
    unsigned depth = 0;         /* of parent below the document */
    for (;;) {
        const GumboVector *kids = children_of(g);
        if (kids && index < kids->length) {
            const GumboNode *child = kids->data[index];
            dom_node *copy;
            folio_status st = copy_node(d, child, lim, &copy);
            if (st != FOLIO_OK)
                return st;
            if (d->nnodes > lim->max_nodes)
                return FOLIO_ELIMIT;
            if (copy) {
                dom_append(parent, copy);
                if (children_of(child)) {
                    if (++depth > lim->max_depth) /* the prescan's bound should hold */
                        return FOLIO_ELIMIT;
                    g = child;
                    parent = copy;
                    index = 0;
                    continue;
                }
            }
            index++;
            continue;
        }
        if (g == groot)
            return FOLIO_OK;
        index = g->index_within_parent + 1;
        g = g->parent;
        parent = parent->parent;
        depth--;
    }
}

/* gumbo's memory. gumbo 0.10.1 leaks a few strings on some inputs (a
 * doctype inside <noscript> in the head...) and destroys its tree
 * recursively, so dom_parse gives it a pool (pool.h) and afterwards frees
 * whatever is left in one pass instead of calling gumbo_destroy_output.
 * The pool's size classes also spare malloc gumbo's stream of small
 * blocks. */
static void *gumbo_alloc(void *userdata, size_t size)
{
    return pool_alloc(userdata, size);
}

static void gumbo_dealloc(void *userdata, void *ptr)
{
    pool_free(userdata, ptr);
}

static void find_landmarks(dom_doc *d)
{
    for (dom_node *n = d->root->first; n; n = n->next)
        if (dom_is(n, TAG_HTML))
            d->html = n;
    if (!d->html)
        return;
    for (dom_node *n = d->html->first; n; n = n->next) {
        if (dom_is(n, TAG_HEAD) && !d->head)
            d->head = n;
        else if ((dom_is(n, TAG_BODY) || dom_is(n, TAG_FRAMESET)) && !d->body)
            d->body = n;
    }
}

/* Makes sure html, head and body exist (gumbo always makes them; this is
 * for the frameset case and for safety). */
static folio_status ensure_landmarks(dom_doc *d)
{
    if (!d->html) {
        d->html = dom_element_new(d, TAG_HTML);
        if (!d->html)
            return FOLIO_ENOMEM;
        dom_append(d->root, d->html);
    }
    if (!d->head) {
        d->head = dom_element_new(d, TAG_HEAD);
        if (!d->head)
            return FOLIO_ENOMEM;
        if (d->html->first)
            dom_insert_before(d->html->first, d->head);
        else
            dom_append(d->html, d->head);
    }
    if (!d->body) {
        d->body = dom_element_new(d, TAG_BODY);
        if (!d->body)
            return FOLIO_ENOMEM;
        dom_append(d->html, d->body);
    }
    return FOLIO_OK;
}

folio_status dom_parse(arena *a, const char *html, size_t len, const dom_limits *lim,
                       dom_doc *out)
{
    memset(out, 0, sizeof *out);
    out->arena = a;
    dom_prescan_result pr;
    dom_prescan(html, len, lim, &pr);
    if (pr.depth > lim->max_depth || pr.nodes > lim->max_nodes || pr.attrs > lim->max_attrs ||
        pr.work > DOM_MAX_WORK)
        return FOLIO_ELIMIT;
    out->root = node_new(out, DOM_DOCUMENT);
    if (!out->root)
        return FOLIO_ENOMEM;
    pool mem;
    pool_init(&mem);
    GumboOptions opts = kGumboDefaultOptions;
    opts.max_errors = 0; /* folio never reads them */
    opts.allocator = gumbo_alloc;
    opts.deallocator = gumbo_dealloc;
    opts.userdata = &mem;
    GumboOutput *g = gumbo_parse_with_options(&opts, html, len);
    folio_status st = g ? copy_tree(out, g->document, lim) : FOLIO_ENOMEM;
    pool_free_all(&mem); /* instead of gumbo_destroy_output */
    if (st != FOLIO_OK)
        return st;
    find_landmarks(out);
    return ensure_landmarks(out);
}

/* ------------------------------------------------------------ attributes */

const char *dom_attr_len(const dom_node *n, const char *name, size_t *len)
{
    if (!n || n->kind != DOM_ELEMENT)
        return NULL;
    for (unsigned i = 0; i < n->nattrs; i++)
        if (strcmp(n->attrs[i].name, name) == 0) {
            if (len)
                *len = n->attrs[i].value_len;
            return n->attrs[i].value;
        }
    return NULL;
}

const char *dom_attr(const dom_node *n, const char *name)
{
    return dom_attr_len(n, name, NULL);
}

bool dom_set_attr(dom_doc *d, dom_node *n, const char *name, const char *value, size_t len)
{
    char *v = arena_strndup(d->arena, value, len);
    if (!v)
        return false;
    for (unsigned i = 0; i < n->nattrs; i++)
        if (strcmp(n->attrs[i].name, name) == 0) {
            n->attrs[i].value = v;
            n->attrs[i].value_len = len;
            return true;
        }
    dom_attribute *attrs = arena_alloc(d->arena, (n->nattrs + 1) * sizeof *attrs);
    const char *nm = arena_strdup(d->arena, name);
    if (!attrs || !nm)
        return false;
    if (n->nattrs)
        memcpy(attrs, n->attrs, n->nattrs * sizeof *attrs);
    attrs[n->nattrs] = (dom_attribute){nm, v, len};
    n->attrs = attrs;
    n->nattrs++;
    return true;
}

void dom_remove_attr(dom_node *n, const char *name)
{
    for (unsigned i = 0; i < n->nattrs; i++)
        if (strcmp(n->attrs[i].name, name) == 0) {
            memmove(&n->attrs[i], &n->attrs[i + 1], (n->nattrs - i - 1) * sizeof *n->attrs);
            n->nattrs--;
            return;
        }
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

bool dom_has_class(const dom_node *n, const char *token)
{
    size_t len;
    const char *c = dom_attr_len(n, "class", &len);
    if (!c)
        return false;
    size_t tl = strlen(token);
    if (tl == 0)
        return false;
    size_t i = 0;
    while (i < len) {
        while (i < len && is_space(c[i]))
            i++;
        size_t s = i;
        while (i < len && !is_space(c[i]))
            i++;
        if (i - s == tl) {
            size_t k = 0;
            while (k < tl && lower((unsigned char)c[s + k]) == lower((unsigned char)token[k]))
                k++;
            if (k == tl)
                return true;
        }
    }
    return false;
}

/* ----------------------------------------------------------------- walks */

dom_node *dom_next_skip(const dom_node *n, const dom_node *root)
{
    while (n && n != root) {
        if (n->next)
            return n->next;
        n = n->parent;
    }
    return NULL;
}

dom_node *dom_next(const dom_node *n, const dom_node *root)
{
    if (n->first)
        return n->first;
    return dom_next_skip(n, root);
}

dom_node *dom_find(const dom_node *n, dom_tag t)
{
    for (dom_node *c = n->first ? n->first : NULL; c; c = dom_next(c, n))
        if (dom_is(c, t))
            return c;
    return NULL;
}

void dom_text_content(const dom_node *n, buf *b)
{
    if (n->kind == DOM_TEXT) {
        buf_append(b, n->text, n->text_len);
        return;
    }
    const dom_node *c = n->first;
    while (c) {
        if (c->flags & DOM_MARK_REMOVED ||
            (c->kind == DOM_ELEMENT && (dom_tag_flags(c->tag) & DOM_F_SKIP))) {
            c = dom_next_skip(c, n);
            continue;
        }
        if (c->kind == DOM_TEXT)
            buf_append(b, c->text, c->text_len);
        c = dom_next(c, n);
    }
}

/* ----------------------------------------------------------------- edits */

void dom_detach(dom_node *n)
{
    dom_node *p = n->parent;
    if (!p)
        return;
    if (n->prev)
        n->prev->next = n->next;
    else
        p->first = n->next;
    if (n->next)
        n->next->prev = n->prev;
    else
        p->last = n->prev;
    n->parent = n->prev = n->next = NULL;
}

void dom_append(dom_node *parent, dom_node *child)
{
    child->parent = parent;
    child->next = NULL;
    child->prev = parent->last;
    if (parent->last)
        parent->last->next = child;
    else
        parent->first = child;
    parent->last = child;
}

void dom_insert_before(dom_node *ref, dom_node *child)
{
    dom_node *p = ref->parent;
    child->parent = p;
    child->next = ref;
    child->prev = ref->prev;
    if (ref->prev)
        ref->prev->next = child;
    else
        p->first = child;
    ref->prev = child;
}

void dom_unwrap(dom_node *n)
{
    while (n->first) {
        dom_node *c = n->first;
        dom_detach(c);
        dom_insert_before(n, c);
    }
    dom_detach(n);
}
