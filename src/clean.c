/* clean.c — prune and repair the chosen article in place.
 *
 * Place in the pipeline: after extract, before model. Inside the article it
 * drops scripts and other non-content elements, hidden nodes, boilerplate
 * blocks (words, roles, Readability's conditional cleaning, link density,
 * share and label lines; boiler.c judges, deepest block first, with the
 * counters kept current), the heading that repeats the title, trailing
 * headings and empty nodes; it unwraps layout tables, gives lazy images
 * their real source (lazyimg.c), turns video embeds into links, resolves
 * URLs against the base and removes unsafe ones and every attribute the
 * writers do not need. Removal is a mark first (so a pass that would take
 * nearly everything is undone), then a sweep that detaches.
 */
#include <stdlib.h>
#include <string.h>

#include "boiler.h"
#include "codelang.h"
#include "hidden.h"
#include "internal.h"
#include "lazyimg.h"
#include "score.h"
#include "url.h"
#include "utf8.h"

typedef struct {
    dom_doc *d;
    dom_node *root;
    const clean_context *c;
    size_t cap;
    score_stats *st;
    boiler_tables bt; /* the page's tables decided once (owned) */
    float *before;     /* characters of the article's text before each element */
    dom_node **marked; /* marks of the boilerplate pass, for the undo */
    size_t nmarked;
    unsigned first_new; /* ids from here on are nodes clean made (video links) */
    struct cl_frag *frags; /* sorted fragments of same-page links (owned) */
    size_t nfrags;
} cl_ctx;

/* Elements that never reach the output, whatever they hold. A ruby's
 * <rt> (the reading of the characters before it, furigana) goes too:
 * without ruby layout it would run into the text it annotates
 * ("子こども"), as its <rp> parentheses already do. */
static bool never_content(const dom_node *n)
{
    switch (n->tag) {
    case TAG_RT:
    case TAG_SCRIPT: case TAG_STYLE: case TAG_TEMPLATE: case TAG_IFRAME: case TAG_OBJECT:
    case TAG_EMBED: case TAG_APPLET: case TAG_SVG: case TAG_CANVAS: case TAG_BUTTON:
    case TAG_INPUT: case TAG_SELECT: case TAG_TEXTAREA: case TAG_NAV: case TAG_ASIDE:
    case TAG_FOOTER: case TAG_LINK: case TAG_META: case TAG_NOSCRIPT: case TAG_FRAME:
    case TAG_FRAMESET: case TAG_NOEMBED: case TAG_DATALIST: case TAG_MENU:
        return true;
    default:
        return (dom_tag_flags(n->tag) & DOM_F_SKIP) != 0;
    }
}

/* ---------------------------------------------------------------- videos */

/* Hosts whose embeds are videos worth a link. */
static const char *const video_hosts[] = {
    "youtube.com", "youtube-nocookie.com", "youtu.be", "vimeo.com", "player.vimeo.com",
    "dailymotion.com", "player.twitch.tv", "ted.com", "embed.ted.com", "rumble.com",
    "archive.org", "peertube", "bilibili.com", "player.bilibili.com", "streamable.com",
};

static bool is_video_url(arena *a, const char *url)
{
    char *host = url_host(a, url);
    if (!host)
        return false;
    size_t hl = strlen(host);
    for (size_t i = 0; i < sizeof video_hosts / sizeof *video_hosts; i++) {
        size_t vl = strlen(video_hosts[i]);
        if (hl >= vl && strcmp(host + hl - vl, video_hosts[i]) == 0 &&
            (hl == vl || host[hl - vl - 1] == '.'))
            return true;
    }
    return false;
}

/* Replaces a video iframe/embed by <p><a href="URL">Video: URL</a></p>. */
static bool video_to_link(cl_ctx *x, dom_node *n)
{
    const char *src = dom_attr(n, "src");
    if (!src)
        src = dom_attr(n, "data-src");
    if (!src)
        return true;
    const char *base = x->c->base_url;
    char *url = url_resolve(x->d->arena, base, src[0] == '/' && src[1] == '/' && !base
                                                   ? NULL : src);
    if (url && url[0] == '/' && url[1] == '/') { /* scheme-relative, no base */
        size_t n2 = strlen(url) + 7;
        char *abs = arena_alloc(x->d->arena, n2);
        if (!abs)
            return false;
        memcpy(abs, "https:", 6);
        memcpy(abs + 6, url, n2 - 6);
        url = abs;
    }
    if (!url || !url_is_http(url) || !is_video_url(x->d->arena, url))
        return true;
    dom_node *p = dom_element_new(x->d, TAG_P);
    dom_node *a = dom_element_new(x->d, TAG_A);
    size_t ul = strlen(url);
    char *label = arena_alloc(x->d->arena, ul + 8);
    if (!p || !a || !label)
        return false;
    memcpy(label, "Video: ", 7);
    memcpy(label + 7, url, ul + 1);
    dom_node *t = dom_text_new(x->d, label, ul + 7);
    if (!t || !dom_set_attr(x->d, a, "href", url, ul))
        return false;
    dom_append(a, t);
    dom_append(p, a);
    dom_insert_before(n, p);
    n->flags |= DOM_MARK_REMOVED;
    return true;
}

/* --------------------------------------------------------- first marks */

/* True when a <noscript> holds the text itself (pages that render the
 * article by script keep a copy there), not a "turn on JavaScript" line. */
static bool noscript_text(const dom_node *n)
{
    buf b = BUF_INIT;
    dom_text_content(n, &b);
    float commas = 0, terms = 0, chars = 0;
    score_punct(b.data ? b.data : "", b.len, &commas, &terms, &chars);
    buf_free(&b);
    return chars >= score_p.noscript_chars;
}

/* Marks never-content elements and hidden nodes; video embeds become links.
 * A <form> is unwrapped instead when it wraps most of the page (ASP.NET). */
static bool mark_obvious(cl_ctx *x)
{
    dom_node *root = x->root;
    for (dom_node *n = root->first; n;) {
        if (n->kind != DOM_ELEMENT || (n->flags & DOM_MARK_REMOVED)) {
            n = n->kind == DOM_ELEMENT ? dom_next_skip(n, root) : dom_next(n, root);
            continue;
        }
        if ((dom_is(n, TAG_IFRAME) || dom_is(n, TAG_EMBED) || dom_is(n, TAG_OBJECT)) &&
            !video_to_link(x, n))
            return false;
        if (dom_is(n, TAG_NOSCRIPT) && noscript_text(n)) {
            dom_node *next = n->first ? n->first : dom_next_skip(n, root);
            dom_unwrap(n);
            n = next;
            continue;
        }
        if (never_content(n) || hidden_node(n) || score_role_unlikely(n))
            n->flags |= DOM_MARK_REMOVED;
        n = (n->flags & DOM_MARK_REMOVED) ? dom_next_skip(n, root) : dom_next(n, root);
    }
    return true;
}

/* ------------------------------------------------------- the boilerplate */

/* Removes n's counters from its ancestors up to the root. */
static void subtract(cl_ctx *x, const dom_node *n)
{
    const score_stats *s = &x->st[n->id];
    for (dom_node *p = n->parent; p && p->id < x->cap; p = p->parent) {
        score_stats *t = &x->st[p->id];
        t->chars -= s->chars;
        t->link_chars -= s->link_chars;
        t->commas -= s->commas;
        t->terms -= s->terms;
        t->paras -= s->paras;
        t->imgs -= s->imgs;
        t->inputs -= s->inputs;
        t->lis -= s->lis;
        t->embeds -= s->embeds;
        t->headings -= s->headings;
        t->links -= s->links;
        if (p == n->parent && t->blocks > 0 && (dom_tag_flags(n->tag) & DOM_F_BLOCK))
            t->blocks--;
        if (p == x->root)
            break;
    }
}

static void mark(cl_ctx *x, dom_node *n)
{
    subtract(x, n);
    n->flags |= DOM_MARK_REMOVED;
    x->marked[x->nmarked++] = n;
}

/* Tags Readability cleans conditionally (plus sections and ordered lists). */
static bool conditional_tag(const dom_node *n)
{
    return dom_is(n, TAG_FORM) || dom_is(n, TAG_FIELDSET) || dom_is(n, TAG_TABLE) ||
           dom_is(n, TAG_UL) || dom_is(n, TAG_DIV) || dom_is(n, TAG_SECTION) ||
           dom_is(n, TAG_OL) || dom_is(n, TAG_DL) || dom_is(n, TAG_HEADER);
}

/* Blocks the line filters read: leaves holding one line of text. */
static bool line_block(const dom_node *n, const score_stats *s)
{
    if (s->blocks > 0 || s->chars > score_p.readmore_line_max || s->chars <= 0)
        return false;
    return !(dom_tag_flags(n->tag) & DOM_F_INLINE);
}

/* True for an inline element of a caption (a credit in a <span> or
 * <small> after the caption text). */
static bool caption_part(const dom_node *n, const score_stats *s)
{
    if (!(dom_tag_flags(n->tag) & DOM_F_INLINE) || dom_is(n, TAG_A) || s->chars <= 0 ||
        s->chars > score_p.credit_line_max)
        return false;
    for (const dom_node *p = n->parent; p; p = p->parent)
        if (dom_is(p, TAG_FIGCAPTION) || dom_is(p, TAG_FIGURE))
            return true;
    return false;
}

/* True for a <time> standing alone in a header or a meta line, not inside
 * a sentence: a publication date, which is metadata. */
static bool loose_time(const dom_node *n, const score_stats *s)
{
    const dom_node *p = n->parent;
    if (!p || s->chars > score_p.date_line_max)
        return false;
    return !(dom_is(p, TAG_P) || dom_is(p, TAG_LI) || dom_is(p, TAG_TD) || dom_is(p, TAG_TH) ||
             dom_is(p, TAG_DD) || dom_is(p, TAG_BLOCKQUOTE) || dom_is(p, TAG_FIGCAPTION) ||
             dom_is(p, TAG_SPAN) || dom_is(p, TAG_A) || dom_is(p, TAG_EM) ||
             dom_is(p, TAG_STRONG) || dom_is(p, TAG_B) || dom_is(p, TAG_I));
}

/* Fills x->before: for each live element under the root, the characters
 * of live text before it in the article (one walk). */
static void text_before(cl_ctx *x)
{
    float sum = 0;
    for (dom_node *n = x->root->first; n;) {
        if (n->id >= x->cap || (n->flags & DOM_MARK_REMOVED)) {
            n = dom_next_skip(n, x->root);
            continue;
        }
        if (n->kind == DOM_TEXT)
            sum += x->st[n->id].chars;
        else if (n->kind == DOM_ELEMENT)
            x->before[n->id] = sum;
        n = dom_next(n, x->root);
    }
}

/* True for the standfirst under a teaser class: it opens the article and
 * is prose with few links. Teasers of other stories come later, or are
 * mostly their headline link. */
static bool lead_teaser(const cl_ctx *x, const dom_node *n, const score_stats *s)
{
    return (score_tokens(n) & SCORE_K_LEAD) && x->before[n->id] <= score_p.lead_before_max &&
           s->chars >= score_p.lead_min_chars && score_link_density(s) < score_p.lead_link_max &&
           s->commas + s->terms > 0;
}

/* The judgement on one element, its counters current. */
static boiler_reason judge(cl_ctx *x, dom_node *n, float total, buf *tmp)
{
    const score_stats *s = &x->st[n->id];
    if (lead_teaser(x, n, s))
        return BOIL_KEEP;
    if (dom_is(n, TAG_FIGCAPTION)) {
        boiler_text(n, tmp);
        if (score_has_credit(tmp->data ? tmp->data : "", tmp->len))
            return BOIL_META;
    }
    boiler_reason r = boiler_by_words(n, s, total);
    if (r)
        return r;
    if (dom_is(n, TAG_ADDRESS) && s->chars <= score_p.meta_max_chars)
        return BOIL_META;
    if (dom_is(n, TAG_TIME) && loose_time(n, s))
        return BOIL_META;
    if (conditional_tag(n) && (r = boiler_conditional(&x->bt, n, s)))
        return r;
    if ((r = boiler_links(&x->bt, n, s)))
        return r;
    if (line_block(n, s)) {
        boiler_text(n, tmp);
        const char *t = tmp->data ? tmp->data : "";
        if (score_is_share_line(t, tmp->len) || score_is_label_line(t, tmp->len) ||
            score_is_credit_line(t, tmp->len) || score_is_readmore_line(t, tmp->len))
            return BOIL_LINE;
    } else if (caption_part(n, s)) {
        boiler_text(n, tmp);
        if (score_is_credit_line(tmp->data ? tmp->data : "", tmp->len))
            return BOIL_LINE;
    }
    return BOIL_KEEP;
}

/* Lists the live elements under root in preorder into order[]. */
static size_t preorder(cl_ctx *x, dom_node **order)
{
    size_t k = 0;
    for (dom_node *n = x->root->first; n;) {
        if (n->kind != DOM_ELEMENT || (n->flags & DOM_MARK_REMOVED) || n->id >= x->first_new) {
            n = n->kind == DOM_ELEMENT ? dom_next_skip(n, x->root) : dom_next(n, x->root);
            continue;
        }
        order[k++] = n;
        n = dom_next(n, x->root);
    }
    return k;
}

/* The boilerplate pass, deepest first; undone when it would leave less
 * than undo_share of the text. */
static bool prune_boilerplate(cl_ctx *x)
{
    dom_node **order = malloc(x->cap * sizeof *order);
    x->marked = malloc(x->cap * sizeof *x->marked);
    x->before = malloc(x->cap * sizeof *x->before);
    if (!order || !x->marked || !x->before) {
        free(order);
        return false;
    }
    x->nmarked = 0;
    text_before(x);
    size_t k = preorder(x, order);
    float total = x->st[x->root->id].chars;
    buf tmp = BUF_INIT;
    while (k > 0) {
        dom_node *n = order[--k];
        if (!(n->flags & DOM_MARK_REMOVED) && judge(x, n, total, &tmp))
            mark(x, n);
    }
    buf_free(&tmp);
    if (x->st[x->root->id].chars < total * score_p.undo_share)
        for (size_t i = 0; i < x->nmarked; i++)
            x->marked[i]->flags &= (unsigned char)~DOM_MARK_REMOVED;
    free(order);
    return true;
}

/* --------------------------------------------------------------- title */

/* Drops the first h1/h2 that repeats the title, if it comes before most of
 * the text. */
static void drop_title(cl_ctx *x)
{
    if (!x->c->title || !*x->c->title)
        return;
    buf b = BUF_INIT;
    for (dom_node *n = x->root->first; n;) {
        if (n->flags & DOM_MARK_REMOVED) {
            n = dom_next_skip(n, x->root);
            continue;
        }
        if (dom_is(n, TAG_H1) || dom_is(n, TAG_H2)) {
            boiler_text(n, &b);
            if (b.len && score_title_similarity(x->c->title, b.data, b.len) >= score_p.title_similarity)
                n->flags |= DOM_MARK_REMOVED;
            break;
        }
        if (dom_is(n, TAG_P) && n->first)
            break; /* text came first: the heading is not the title block */
        n = dom_next(n, x->root);
    }
    buf_free(&b);
}

/* --------------------------------------------------------------- sweep */

/* Detaches every marked node and never-content element under root. */
static void sweep(dom_node *root)
{
    for (dom_node *n = root->first; n;) {
        if ((n->flags & DOM_MARK_REMOVED) ||
            (n->kind == DOM_ELEMENT && never_content(n))) {
            dom_node *next = dom_next_skip(n, root);
            dom_detach(n);
            n = next;
        } else {
            n = dom_next(n, root);
        }
    }
}

static bool table_part(const dom_node *c)
{
    return dom_is(c, TAG_TBODY) || dom_is(c, TAG_THEAD) || dom_is(c, TAG_TFOOT) ||
           dom_is(c, TAG_TR) || dom_is(c, TAG_TD) || dom_is(c, TAG_TH) ||
           dom_is(c, TAG_CAPTION);
}

static void to_div(dom_node *c)
{
    c->tag = TAG_DIV;
    c->name = dom_tag_name(TAG_DIV);
}

/* Table parts with no table around them inside the article (the pick was
 * a row or a cell of a layout table) become divs. */
static void orphan_table_parts(dom_node *root)
{
    if (table_part(root))
        to_div(root);
    for (dom_node *n = root->first; n;) {
        if (dom_is(n, TAG_TABLE)) {
            n = dom_next_skip(n, root);
            continue;
        }
        if (table_part(n))
            to_div(n);
        n = dom_next(n, root);
    }
}

/* Turns layout tables into plain blocks: table, rows and cells become
 * divs (cell boundaries stay block boundaries). Each table is judged on
 * its subtree as the sweep left it (bt filled after it); turning one
 * table's parts to divs never touches a table judged later. */
static void unwrap_layout_tables(const boiler_tables *bt, dom_node *root)
{
    for (dom_node *n = root->first; n; n = dom_next(n, root)) {
        if (!dom_is(n, TAG_TABLE) || boiler_tables_data(bt, n))
            continue;
        for (dom_node *c = n; c; c = dom_next(c, n)) {
            if (c != n && dom_is(c, TAG_TABLE))
                break; /* a nested table is judged on its own */
            if (dom_is(c, TAG_TABLE) || dom_is(c, TAG_TBODY) || dom_is(c, TAG_THEAD) ||
                dom_is(c, TAG_TFOOT) || dom_is(c, TAG_TR) || dom_is(c, TAG_TD) ||
                dom_is(c, TAG_TH))
                to_div(c);
        }
    }
}

/* ----------------------------------------------------------- attributes */

/* Attributes the writers read, per tag; everything else goes (on*, style,
 * data-*, ids and classes of the page, but see filter_attrs). */
static bool attr_kept(const dom_node *n, const char *name)
{
    if (strcmp(name, "lang") == 0 || strcmp(name, "dir") == 0)
        return true;
    switch (n->tag) {
    case TAG_A: return strcmp(name, "href") == 0 || strcmp(name, "title") == 0;
    case TAG_IMG:
        return strcmp(name, "src") == 0 || strcmp(name, "alt") == 0 ||
               strcmp(name, "title") == 0 || strcmp(name, "width") == 0 ||
               strcmp(name, "height") == 0;
    case TAG_TD: case TAG_TH: return strcmp(name, "colspan") == 0 || strcmp(name, "rowspan") == 0;
    case TAG_OL: return strcmp(name, "start") == 0 || strcmp(name, "type") == 0;
    case TAG_PRE: case TAG_CODE:
        return strcmp(name, "class") == 0 || strcmp(name, "data-lang") == 0 ||
               strcmp(name, "data-language") == 0;
    case TAG_BLOCKQUOTE: case TAG_Q: case TAG_DEL: case TAG_INS: return strcmp(name, "cite") == 0;
    case TAG_TIME: return strcmp(name, "datetime") == 0;
    case TAG_ABBR: return strcmp(name, "title") == 0;
    default: return false;
    }
}

/* A same-page link target: the fragment of an href="#...". */
typedef struct cl_frag {
    const char *s;
    size_t n;
} cl_frag;

static int frag_cmp(const void *a, const void *b)
{
    const cl_frag *x = a, *y = b;
    size_t n = x->n < y->n ? x->n : y->n;
    int c = memcmp(x->s, y->s, n);
    return c ? c : (x->n > y->n) - (x->n < y->n);
}

/* The fragments of the article's same-page links, sorted (*out malloc'd,
 * NULL when there are none); false when memory runs out. */
static bool collect_fragments(dom_node *root, cl_frag **out, size_t *count)
{
    size_t k = 0, cap = 0;
    cl_frag *f = NULL;
    *out = NULL;
    *count = 0;
    for (dom_node *n = root->first; n; n = dom_next(n, root)) {
        size_t len;
        const char *h = dom_is(n, TAG_A) ? dom_attr_len(n, "href", &len) : NULL;
        if (!h || len < 2 || h[0] != '#')
            continue;
        if (k == cap) {
            cap = cap ? cap * 2 : 16;
            cl_frag *g = realloc(f, cap * sizeof *f);
            if (!g) {
                free(f);
                return false;
            }
            f = g;
        }
        f[k++] = (cl_frag){h + 1, len - 1};
    }
    if (k)
        qsort(f, k, sizeof *f, frag_cmp);
    *out = f;
    *count = k;
    return true;
}

/* True when id v[0..len) is kept: a footnote or backlink id, or the
 * target of one of the article's same-page links (notes.c pairs them). */
static bool id_kept(const cl_ctx *x, const char *v, size_t len)
{
    cl_frag key = {v, len};
    return score_is_note_id(v, len) ||
           (x->nfrags && bsearch(&key, x->frags, x->nfrags, sizeof key, frag_cmp));
}

/* The class tokens of n that name a footnotes container, space-separated,
 * into b (empty when none). */
static void note_classes(const dom_node *n, buf *b)
{
    size_t len;
    const char *v = dom_attr_len(n, "class", &len);
    buf_truncate(b, 0);
    size_t pos = 0, s0, t;
    while (v && (t = utf8_next_token(v, len, &pos, &s0)) > 0)
        if (score_is_note_class(v + s0, t)) {
            if (b->len)
                buf_append(b, " ", 1);
            buf_append(b, v + s0, t);
        }
}

/* Keeps the attributes the writers read, footnote ids and the class
 * naming the notes container (for notes.c); false when memory runs out. */
static bool filter_attrs(cl_ctx *x, dom_node *n, buf *cls)
{
    bool keep_class = !attr_kept(n, "class");
    if (keep_class)
        note_classes(n, cls);
    unsigned k = 0;
    for (unsigned i = 0; i < n->nattrs; i++) {
        const dom_attribute *a = &n->attrs[i];
        if (attr_kept(n, a->name) ||
            (strcmp(a->name, "id") == 0 && id_kept(x, a->value, a->value_len)))
            n->attrs[k++] = n->attrs[i];
    }
    n->nattrs = k;
    if (keep_class && cls->len)
        return dom_set_attr(x->d, n, "class", cls->data, cls->len);
    return true;
}

/* Resolves attribute name of n against the base; false when the URL is
 * unsafe (the attribute is then removed) or missing. */
static bool resolve_attr(cl_ctx *x, dom_node *n, const char *name, bool image)
{
    const char *v = dom_attr(n, name);
    if (!v)
        return false;
    char *abs = url_resolve(x->d->arena, x->c->base_url, v);
    if (!abs || !url_is_safe(abs, image)) {
        dom_remove_attr(n, name);
        return false;
    }
    return dom_set_attr(x->d, n, name, abs, strlen(abs)) || true;
}

/* The first element child of n, or NULL. */
static const dom_node *first_element(const dom_node *n)
{
    for (const dom_node *c = n->first; c; c = c->next)
        if (c->kind == DOM_ELEMENT)
            return c;
    return NULL;
}

/* A pre whose attributes (and its code's) name no language takes the one
 * a wrapper names: GitHub's <div class="highlight highlight-source-rust">,
 * Rouge's <div class="language-ruby"><div class="highlight">, Sphinx's
 * <div class="highlight-python"><div class="highlight"> hold the pre as
 * their first element, and cleaning is about to drop the wrapper's class.
 * Up to two wrappers up, inside the article; a pre or wrapper that says
 * "no language" (plaintext, nohighlight) ends the search. */
static bool carry_code_languages(cl_ctx *x)
{
    dom_node *root = x->root;
    char lang[CODELANG_MAX + 1];
    for (dom_node *n = root->first; n; n = dom_next(n, root)) {
        if (!dom_is(n, TAG_PRE) || codelang_of_pre(n, lang) != CODELANG_UNNAMED)
            continue;
        const dom_node *inner = n;
        for (int up = 0; up < 2; up++) {
            const dom_node *w = inner->parent;
            if (!w || w == root || w->kind != DOM_ELEMENT || first_element(w) != inner)
                break;
            codelang_result r = codelang_of_wrapper(w, lang);
            if (r == CODELANG_FOUND && !dom_set_attr(x->d, n, "data-lang", lang, strlen(lang)))
                return false;
            if (r != CODELANG_UNNAMED)
                break;
            inner = w;
        }
    }
    return true;
}

/* Filters attributes and resolves URLs; links with no safe target are
 * unwrapped, images with none removed, and every image removed when the
 * caller asked for none (--no-images). */
static bool fix_attributes(cl_ctx *x)
{
    dom_node *root = x->root;
    if (!collect_fragments(root, &x->frags, &x->nfrags) || !carry_code_languages(x))
        return false;
    buf cls = BUF_INIT;
    bool ok = true;
    for (dom_node *n = root->first; n && ok;) {
        if (n->kind != DOM_ELEMENT) {
            n = dom_next(n, root);
            continue;
        }
        ok = filter_attrs(x, n, &cls) && !cls.failed;
        if (dom_is(n, TAG_A) && !resolve_attr(x, n, "href", false)) {
            dom_node *next = n->first ? n->first : dom_next_skip(n, root);
            dom_unwrap(n);
            n = next;
            continue;
        }
        if (dom_is(n, TAG_IMG) && (!x->c->images || !resolve_attr(x, n, "src", true))) {
            dom_node *next = dom_next_skip(n, root);
            dom_detach(n);
            n = next;
            continue;
        }
        n = dom_next(n, root);
    }
    buf_free(&cls);
    return ok;
}

/* ---------------------------------------------------------- empty nodes */

/* Elements that are content without text. */
static bool is_media(const dom_node *n)
{
    return dom_is(n, TAG_IMG) || dom_is(n, TAG_HR) || dom_is(n, TAG_VIDEO) ||
           dom_is(n, TAG_AUDIO) || dom_is(n, TAG_PICTURE) || dom_is(n, TAG_TD) ||
           dom_is(n, TAG_TH) || dom_is(n, TAG_TR) || dom_is(n, TAG_MATH);
}

static bool blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        size_t used;
        unsigned long cp = utf8_decode(s + i, n - i, &used);
        if (!utf8_is_space(cp) && !utf8_is_invisible(cp))
            return false;
        i += used;
    }
    return true;
}

/* Removes elements with no text and no media, deepest first. */
static bool drop_empty(cl_ctx *x)
{
    size_t cap = x->d->nnodes;
    dom_node **order = malloc(cap * sizeof *order);
    unsigned char *full = calloc(cap, 1);
    if (!order || !full) {
        free(order);
        free(full);
        return false;
    }
    size_t k = 0;
    for (dom_node *n = x->root->first; n && k < cap; n = dom_next(n, x->root))
        order[k++] = n;
    while (k > 0) {
        dom_node *n = order[--k];
        bool has = n->kind == DOM_TEXT ? !blank(n->text, n->text_len)
                                       : (full[n->id] || is_media(n));
        if (n->kind == DOM_ELEMENT && !has && !dom_is(n, TAG_BR))
            dom_detach(n);
        else if (has && n->parent && n->parent->id < cap)
            full[n->parent->id] = 1;
    }
    free(order);
    free(full);
    return true;
}

/* ------------------------------------------------------ empty headings */

static int heading_level(const dom_node *n)
{
    return n->kind == DOM_ELEMENT && n->tag >= TAG_H1 && n->tag <= TAG_H6
               ? (int)(n->tag - TAG_H1) + 1
               : 0;
}

enum { MAX_PENDING = 64 };

/* True when heading h holds prose (lead_min_chars or more with a comma or
 * a sentence end): text some pages set as headings, not a box title. */
static bool prose_heading(const dom_node *h, buf *b)
{
    buf_truncate(b, 0);
    dom_text_content(h, b);
    float commas = 0, terms = 0, chars = 0;
    score_punct(b->data ? b->data : "", b->len, &commas, &terms, &chars);
    return chars >= score_p.lead_min_chars && commas + terms > 0;
}

/* Drops headings that no content follows before the next heading of the
 * same or a higher rank, or the end: the titles of boxes whose content
 * went (trafilatura drops trailing headings). A heading of prose is
 * content itself. */
static void drop_empty_headings(dom_node *root)
{
    dom_node *pending[MAX_PENDING];
    int np = 0;
    buf b = BUF_INIT;
    for (dom_node *n = root->first; n;) {
        int level = heading_level(n);
        if (level && prose_heading(n, &b)) {
            np = 0;
            n = dom_next_skip(n, root);
            continue;
        }
        if (level) {
            while (np > 0 && heading_level(pending[np - 1]) >= level)
                dom_detach(pending[--np]); /* an empty section */
            if (np < MAX_PENDING)
                pending[np++] = n;
            n = dom_next_skip(n, root);
            continue;
        }
        if ((n->kind == DOM_TEXT && !blank(n->text, n->text_len)) || is_media(n))
            np = 0;
        n = dom_next(n, root);
    }
    while (np > 0)
        dom_detach(pending[--np]);
    buf_free(&b);
}

folio_status clean_article(dom_doc *d, dom_node *article, const clean_context *c)
{
    cl_ctx x = {.d = d, .root = article, .c = c, .cap = d->nnodes, .first_new = d->nnodes};
    folio_status st = FOLIO_ENOMEM;
    if (!lazyimg_fix(d, article) || !mark_obvious(&x))
        goto done;
    x.cap = d->nnodes;
    x.st = malloc(x.cap * sizeof *x.st);
    if (!x.st || !score_stats_fill(d, article, NULL, x.st))
        goto done;
    if (!boiler_tables_fill(&x.bt, d, d->root)) /* every ancestor counts */
        goto done;
    if (!prune_boilerplate(&x))
        goto done;
    drop_title(&x);
    sweep(article);
    orphan_table_parts(article);
    if (!boiler_tables_fill(&x.bt, d, article)) /* the tree the sweep left */
        goto done;
    unwrap_layout_tables(&x.bt, article);
    if (!fix_attributes(&x))
        goto done;
    if (!drop_empty(&x))
        goto done;
    drop_empty_headings(article);
    st = FOLIO_OK;
done:
    free(x.st);
    boiler_tables_free(&x.bt);
    free(x.marked);
    free(x.before);
    free(x.frags);
    return st;
}
