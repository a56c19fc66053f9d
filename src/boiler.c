/* boiler.c — boilerplate judgements inside the article; see boiler.h.
 *
 * Place in the pipeline: clean asks these functions about each block of the
 * chosen article, deepest first, with counters kept current as blocks go;
 * extract asks the page tests whether a pick is an article at all.
 * The ideas: Readability's conditional cleaning (_cleanConditionally,
 * _markDataTables), trafilatura's discard vocabulary and link-density test.
 * Every number and word comes from score.c.
 */
#include "boiler.h"

#include <stdlib.h>
#include <string.h>

#include "lazyimg.h"
#include "utf8.h"

static bool has_ancestor(const dom_node *n, dom_tag t)
{
    for (const dom_node *p = n->parent; p; p = p->parent)
        if (dom_is(p, t))
            return true;
    return false;
}

/* True for h1..h6: their ids are anchors made from their own words
 * ("what-are-you-looking-forward-to-next") and say nothing of chrome. */
static bool is_heading_tag(const dom_node *n)
{
    return n->tag >= TAG_H1 && n->tag <= TAG_H6;
}

/* True when n opens with a heading: a document section, whose id is made
 * from the heading's words ("sharing-changes") and says nothing of chrome. */
static bool titled_section(const dom_node *n)
{
    const dom_node *c = n->first;
    while (c && c->kind != DOM_ELEMENT)
        c = c->next;
    return c && c->tag >= TAG_H1 && c->tag <= TAG_H6;
}

boiler_reason boiler_by_words(const dom_node *n, const score_stats *s, float total)
{
    /* A blockquote quotes: the platform words in its class name whose post
     * it embeds (Twitter's "twitter-tweet"), not a share bar. */
    if (dom_is(n, TAG_BLOCKQUOTE))
        return BOIL_KEEP;
    unsigned f = 0;
    size_t len;
    const char *v = dom_attr_len(n, "class", &len);
    if (v)
        f |= score_tokens_of(v, len);
    v = dom_attr_len(n, "id", &len);
    if (v && !titled_section(n) && !is_heading_tag(n))
        f |= score_tokens_of(v, len);
    if (!f || score_holds_math(n)) /* a formula in a classed wrapper */
        return BOIL_KEEP;
    float share = total > 0 ? s->chars / total : 0;
    if (f & (SCORE_K_BOIL | SCORE_K_COMMENT)) {
        bool only_keeptop = !(f & SCORE_K_NEG) && (f & SCORE_K_KEEPTOP);
        float limit = only_keeptop ? score_p.keeptop_share : score_p.boil_max_share;
        if (share <= limit)
            return BOIL_WORDS;
    }
    if ((f & SCORE_K_META) && s->chars <= score_p.meta_max_chars && share <= score_p.boil_max_share)
        return BOIL_META;
    return BOIL_KEEP;
}

/* What a subtree holds that decides a table (Readability's
 * _markDataTables): the first caption in document order (0 none, 1 empty,
 * 2 with content), a header part (th, thead, tfoot, colgroup, col), a
 * table, whether the first table is a data table, the rows (tr) and the
 * widest row (read only when no table is nested, so they are the table's). */
typedef struct {
    unsigned rows, cols;
    unsigned char caption;
    bool head, table, first_data;
} bt_sub;

static bool header_part(const dom_node *n)
{
    return dom_is(n, TAG_TH) || dom_is(n, TAG_THEAD) || dom_is(n, TAG_TFOOT) ||
           dom_is(n, TAG_COLGROUP) || dom_is(n, TAG_COL);
}

/* Cells of row tr, colspans counted. */
static unsigned row_cols(const dom_node *tr)
{
    unsigned c = 0;
    for (const dom_node *cell = tr->first; cell; cell = cell->next) {
        if (!dom_is(cell, TAG_TD) && !dom_is(cell, TAG_TH))
            continue;
        const char *span = dom_attr(cell, "colspan");
        int k = span ? atoi(span) : 1;
        c += k > 0 && k < 1000 ? (unsigned)k : 1;
    }
    return c;
}

/* The decision on table t from what its subtree holds (t excluded). */
static bool data_decide(const dom_node *t, const bt_sub *s)
{
    const char *role = dom_attr(t, "role");
    if (role && ascii_ieq(role, "presentation"))
        return false;
    const char *dt = dom_attr(t, "datatable");
    if (dt && strcmp(dt, "0") == 0)
        return false;
    if (dom_attr(t, "summary"))
        return true;
    if (s->caption == 2 || s->head)
        return true;
    if (s->table)
        return false;
    unsigned rows = s->rows, cols = s->cols;
    if (rows <= 1 || cols <= 1)
        return false;
    if (rows >= score_p.table_rows_data || cols > score_p.table_cols_data)
        return true;
    return rows * cols > score_p.table_cells_data;
}

/* Adds node n (a descendant of the subtree summed in s) to s; n's own
 * subtree is added by the caller's walk. first tells whether n comes
 * before every node already added, in document order. */
static void sub_add_node(bt_sub *s, const dom_node *n, bool first)
{
    if (dom_is(n, TAG_CAPTION) && (first || !s->caption))
        s->caption = n->first ? 2 : 1;
    s->head |= header_part(n);
    if (dom_is(n, TAG_TR)) {
        s->rows++;
        unsigned c = row_cols(n);
        if (c > s->cols)
            s->cols = c;
    }
}

bool boiler_data_table(const dom_node *t)
{
    bt_sub s = {0};
    for (const dom_node *n = t->first; n; n = dom_next(n, t)) {
        sub_add_node(&s, n, false);
        s.table |= dom_is(n, TAG_TABLE);
    }
    return data_decide(t, &s);
}

/* ------------------------------------------------------- tables, once */

enum {
    BT_DATA = 1,       /* a data table */
    BT_FIRST_DATA = 2, /* the first table below (self excluded) is a data table */
    BT_IN_DATA = 4,    /* self or an ancestor is a data table */
    BT_IN_CODE = 8,    /* an ancestor is a pre or a code */
    BT_IN_FIGURE = 16, /* an ancestor is a figure */
    BT_IN_LI = 32,     /* an ancestor is a li */
    BT_IN_TD = 64,     /* an ancestor is a td */
};

/* The BT_IN_* bits a node gets from its parent p (flags pf). */
static unsigned char around(const dom_node *p, unsigned char pf)
{
    unsigned f = pf & (BT_IN_CODE | BT_IN_DATA | BT_IN_FIGURE | BT_IN_LI | BT_IN_TD);
    f |= dom_is(p, TAG_PRE) || dom_is(p, TAG_CODE) ? BT_IN_CODE : 0;
    f |= dom_is(p, TAG_FIGURE) ? BT_IN_FIGURE : 0;
    f |= dom_is(p, TAG_LI) ? BT_IN_LI : 0;
    f |= dom_is(p, TAG_TD) ? BT_IN_TD : 0;
    return (unsigned char)f;
}

/* Merges child c's summary (its subtree, c included) into its parent's p;
 * children come last to first, so the earliest child's caption and first
 * table win. */
static void sub_merge(bt_sub *p, const bt_sub *c)
{
    if (c->caption)
        p->caption = c->caption;
    if (c->table)
        p->first_data = c->first_data;
    p->table |= c->table;
    p->head |= c->head;
    p->rows += c->rows;
    if (c->cols > p->cols)
        p->cols = c->cols;
}

/* Deepest first (order[] in reverse): decides each table from the summary
 * of its subtree, then adds the node itself and hands the sum up. */
static void tables_up(boiler_tables *bt, const dom_node *const *order, size_t k, bt_sub *sub)
{
    while (k > 0) {
        const dom_node *n = order[--k];
        bt_sub *s = &sub[n->id];
        unsigned char f = s->table && s->first_data ? BT_FIRST_DATA : 0;
        if (dom_is(n, TAG_TABLE)) {
            bool data = data_decide(n, s);
            f |= data ? BT_DATA : 0;
            s->table = true;
            s->first_data = data;
        }
        sub_add_node(s, n, true);
        bt->f[n->id] = f;
        if (n->parent && n != order[0])
            sub_merge(&sub[n->parent->id], s);
    }
}

bool boiler_tables_fill(boiler_tables *bt, const dom_doc *d, const dom_node *root)
{
    size_t cap = d->nnodes;
    free(bt->f);
    bt->cap = 0;
    bt->f = calloc(cap ? cap : 1, 1);
    const dom_node **order = malloc((cap ? cap : 1) * sizeof *order);
    bt_sub *sub = calloc(cap ? cap : 1, sizeof *sub);
    if (!bt->f || !order || !sub) {
        free(order);
        free(sub);
        return false;
    }
    size_t k = 0;
    for (const dom_node *n = root; n && k < cap; n = dom_next(n, root))
        order[k++] = n;
    tables_up(bt, order, k, sub);
    for (size_t i = 0; i < k; i++) { /* top down: what lies around */
        const dom_node *n = order[i], *p = i > 0 ? n->parent : NULL;
        unsigned char f = bt->f[n->id] | (p ? around(p, bt->f[p->id]) : 0);
        bt->f[n->id] = (unsigned char)(f | (f & BT_DATA ? BT_IN_DATA : 0));
    }
    bt->cap = cap;
    free(order);
    free(sub);
    return true;
}
void boiler_tables_free(boiler_tables *bt)
{
    free(bt->f);
    bt->f = NULL;
    bt->cap = 0;
}

bool boiler_tables_data(const boiler_tables *bt, const dom_node *t)
{
    if (!dom_is(t, TAG_TABLE))
        return false;
    return t->id < bt->cap ? (bt->f[t->id] & BT_DATA) != 0 : boiler_data_table(t);
}

/* protected_node for a node made after the fill (no slot): the walks the
 * arrays replace, each table deciding on its own. */
static bool protected_late(const dom_node *n)
{
    if (has_ancestor(n, TAG_PRE) || has_ancestor(n, TAG_CODE))
        return true;
    for (const dom_node *p = n; p; p = p->parent)
        if (dom_is(p, TAG_TABLE) && boiler_data_table(p))
            return true;
    if (dom_is(n, TAG_TABLE))
        return false;
    const dom_node *t = dom_find(n, TAG_TABLE);
    return t && boiler_data_table(t);
}

/* True when an ancestor of n is a t (bit: its BT_IN_* bit). */
static bool inside(const boiler_tables *bt, const dom_node *n, unsigned char bit, dom_tag t)
{
    return n->id < bt->cap ? (bt->f[n->id] & bit) != 0 : has_ancestor(n, t);
}

/* True inside or around a data table, or inside code: never cleaned.
 * Around: the first table below n (document order) is a data table. */
static bool protected_node(const boiler_tables *bt, const dom_node *n)
{
    if (n->id >= bt->cap)
        return protected_late(n);
    unsigned char f = bt->f[n->id];
    if (f & (BT_IN_CODE | BT_IN_DATA))
        return true;
    return !dom_is(n, TAG_TABLE) && (f & BT_FIRST_DATA);
}

/* True for the block holding the page's footnotes: a footnotes class token
 * or an ARIA endnotes role. Its notes are short and end in backlinks, the
 * shape the link and length rules take for chrome. */
static bool notes_box(const dom_node *n)
{
    size_t len;
    const char *v = dom_attr_len(n, "class", &len);
    for (size_t i = 0; v && i < len;) {
        while (i < len && v[i] == ' ')
            i++;
        size_t s0 = i;
        while (i < len && v[i] != ' ')
            i++;
        if (i > s0 && score_is_note_class(v + s0, i - s0))
            return true;
    }
    const char *role = dom_attr(n, "role");
    return role && (ascii_ieq(role, "doc-endnotes") || ascii_ieq(role, "doc-footnote"));
}

/* True when the removal rules of Readability's _cleanConditionally hit. */
static bool conditional_hits(const boiler_tables *bt, const dom_node *n, const score_stats *s,
                             float weight, bool list)
{
    bool in_figure = inside(bt, n, BT_IN_FIGURE, TAG_FIGURE) || dom_is(n, TAG_FIGURE);
    float p = (float)s->paras, img = (float)s->imgs;
    float ld = score_link_density(s);
    if (!in_figure && s->imgs > 1 && p / img < score_p.cc_img_p)
        return true;
    if ((float)s->inputs > (float)(unsigned)(p / 3))
        return true;
    if (!list && !in_figure && s->headings == 0 && s->chars < score_p.cc_short &&
        (s->imgs == 0 || s->imgs > 2) && ld > 0)
        return true;
    if (!list && weight < score_p.cc_weight_high && ld > score_p.cc_link_low)
        return true;
    if (weight >= score_p.cc_weight_high && ld > score_p.cc_link_high)
        return true;
    if (s->embeds > 1 || (s->embeds == 1 && s->chars < score_p.cc_embed_short))
        return true;
    return s->imgs == 0 && s->chars == 0;
}

/* A list of images only (a gallery) stays even when the rules hit. */
static bool image_list(const dom_node *n, const score_stats *s)
{
    for (const dom_node *c = n->first; c; c = c->next)
        if (c->kind == DOM_ELEMENT && c->first && c->first->next)
            return false;
    return s->lis > 0 && s->imgs == s->lis;
}

boiler_reason boiler_conditional(const boiler_tables *bt, const dom_node *n,
                                 const score_stats *s)
{
    if (protected_node(bt, n) || notes_box(n))
        return BOIL_KEEP;
    float weight = score_class_weight(n);
    if (titled_section(n) && dom_attr(n, "id")) { /* the id names the heading */
        size_t len;
        const char *v = dom_attr_len(n, "class", &len);
        weight = v ? score_words_weight(v, len) : 0;
    }
    /* Many commas with few links is prose whatever the class says: a
     * chrome word in a wrapper's class ("field--label-hidden", "o-media")
     * must not take the text it wraps. */
    if (s->commas >= score_p.cc_commas && score_link_density(s) < score_p.cc_link_low)
        return BOIL_KEEP;
    if (weight < 0)
        return BOIL_CONDITION;
    if (s->commas >= score_p.cc_commas)
        return BOIL_KEEP;
    bool list = dom_is(n, TAG_UL) || dom_is(n, TAG_OL);
    if (!conditional_hits(bt, n, s, weight, list))
        return BOIL_KEEP;
    if (list && image_list(n, s))
        return BOIL_KEEP;
    return BOIL_CONDITION;
}

boiler_reason boiler_links(const boiler_tables *bt, const dom_node *n, const score_stats *s)
{
    float ld = score_link_density(s);
    if (s->chars <= 0 || (dom_tag_flags(n->tag) & DOM_F_INLINE) || protected_node(bt, n) ||
        notes_box(n))
        return BOIL_KEEP;
    if (dom_is(n, TAG_LI) || dom_is(n, TAG_DT) || dom_is(n, TAG_DD) || dom_is(n, TAG_TD) ||
        dom_is(n, TAG_TH))
        return BOIL_KEEP; /* items and cells go with their list or table, never alone */
    if (dom_is(n, TAG_P)) {
        if (inside(bt, n, BT_IN_LI, TAG_LI) || inside(bt, n, BT_IN_TD, TAG_TD))
            return BOIL_KEEP;
        return s->chars < score_p.p_short && ld > score_p.p_link_density ? BOIL_LINKS : BOIL_KEEP;
    }
    if (s->chars < score_p.block_short && ld > score_p.p_link_density && s->imgs == 0)
        return BOIL_LINKS;
    bool list = dom_is(n, TAG_UL) || dom_is(n, TAG_OL) || dom_is(n, TAG_DL);
    if (list && s->lis >= 2 && ld > score_p.list_link_density && s->imgs == 0 &&
        s->chars / (float)s->lis < score_p.list_short_item)
        return BOIL_LINKS;
    return BOIL_KEEP;
}

void boiler_text(const dom_node *n, buf *b)
{
    buf raw = BUF_INIT;
    dom_text_content(n, &raw);
    buf_truncate(b, 0);
    utf8_collapse_buf(b, raw.data ? raw.data : "", raw.len);
    buf_free(&raw);
    size_t s = 0, e = b->len;
    while (s < e && b->data[s] == ' ')
        s++;
    while (e > s && b->data[e - 1] == ' ')
        e--;
    if (s > 0 && b->data)
        memmove(b->data, b->data + s, e - s);
    buf_truncate(b, e - s);
}

/* ------------------------------------------------------------ page tests */

const dom_node *boiler_walk_next(const boiler_view *x, const dom_node *n, const dom_node *root,
                                 bool skip)
{
    n = skip ? dom_next_skip(n, root) : dom_next(n, root);
    while (n && (n->id >= x->cap || (x->skip && x->skip[n->id])))
        n = dom_next_skip(n, root);
    return n;
}

static bool is_heading_el(const dom_node *n)
{
    return n->kind == DOM_ELEMENT && n->tag >= TAG_H1 && n->tag <= TAG_H6;
}

/* Counts headline links: headings whose text is mostly one link, the
 * shape of teasers on front pages and lists of articles; returns the
 * characters of those headings and the blocks right after them. */
float boiler_teaser_chars(const boiler_view *x, const dom_node *root, unsigned *count)
{
    float chars = 0;
    *count = 0;
    for (const dom_node *n = root; n; n = boiler_walk_next(x, n, root, false)) {
        if (n->kind != DOM_ELEMENT || !is_heading_el(n))
            continue;
        const score_stats *s = &x->st[n->id];
        if (s->chars <= 0 || score_link_density(s) <= score_p.teaser_heading_links)
            continue;
        (*count)++;
        chars += s->chars;
        const dom_node *b = n->next;
        while (b && b->kind != DOM_ELEMENT)
            b = b->next;
        if (b && b->id < x->cap && !is_heading_el(b))
            chars += x->st[b->id].chars;
    }
    return chars;
}

/* Characters of prose under root: paragraph-like leaves of 25+ chars with
 * few links and a comma or a terminator. */
float boiler_prose_chars(const boiler_view *x, const dom_node *root)
{
    float prose = 0;
    for (const dom_node *n = root; n;) {
        const score_stats *s = &x->st[n->id];
        bool leaf = n->kind == DOM_ELEMENT && s->blocks == 0;
        if (leaf && s->chars >= score_p.para_min_chars &&
            score_link_density(s) < score_p.nonarticle_link_density && s->commas + s->terms > 0)
            prose += s->chars;
        n = boiler_walk_next(x, n, root, leaf || n->kind != DOM_ELEMENT);
    }
    return prose;
}

/* The square root of v >= 0 by Newton's method (libm is not linked). */
static double root(double v)
{
    if (v <= 0)
        return 0;
    double r = v > 1 ? v : 1;
    for (int i = 0; i < 40; i++)
        r = (r + v / r) / 2;
    return r;
}

/* Readability's isProbablyReaderable over the page (see boiler.h): paragraphs, pre and
 * article elements of readerable_para+ characters, each adding
 * sqrt(len - readerable_para), must reach readerable_sum. */
bool boiler_readerable(const boiler_view *x)
{
    double sum = 0;
    const dom_node *body = x->d->body;
    for (const dom_node *n = body; n; n = boiler_walk_next(x, n, body, false)) {
        if (!dom_is(n, TAG_P) && !dom_is(n, TAG_PRE) && !dom_is(n, TAG_ARTICLE))
            continue;
        float len = x->st[n->id].chars;
        if (len >= score_p.readerable_para)
            sum += root(len - score_p.readerable_para);
        if (sum > score_p.readerable_sum)
            return true;
    }
    return false;
}


static bool holds(const dom_node *a, const dom_node *n)
{
    for (const dom_node *p = n ? n->parent : NULL; p; p = p->parent)
        if (p == a)
            return true;
    return false;
}

/* True for a lead paragraph: a prose leaf with few links, not a caption.
 * The first lead may be a heading other than h1 when it is long prose
 * (desc_min_chars): a standfirst set as an h2. Later prose headings are
 * an interview's questions, not its lead. */
static bool is_lead(const boiler_view *x, const dom_node *n, bool first)
{
    const score_stats *s = &x->st[n->id];
    bool standfirst = first && is_heading_el(n) && !dom_is(n, TAG_H1) &&
                      s->chars >= score_p.desc_min_chars;
    return n->kind == DOM_ELEMENT && s->blocks == 0 && (!is_heading_el(n) || standfirst) &&
           !dom_is(n, TAG_FIGCAPTION) && !has_ancestor(n, TAG_FIGURE) &&
           !(dom_tag_flags(n->tag) & DOM_F_INLINE) && s->chars >= score_p.lead_min_chars &&
           score_link_density(s) < score_p.lead_link_max && s->commas + s->terms > 0;
}

/* The first <img> of n (n itself when it is one), or NULL. */
static const dom_node *first_img(const dom_node *n)
{
    return dom_is(n, TAG_IMG) ? n : dom_find(n, TAG_IMG);
}

/* A width or height attribute under lead_img_min_px (icons, avatars,
 * tracking pixels); absent or unreadable sizes pass. */
static bool small_size(const dom_node *img, const char *name)
{
    const char *v = dom_attr(img, name);
    if (!v || *v < '0' || *v > '9')
        return false;
    return atoi(v) < (int)score_p.lead_img_min_px;
}

/* True when img has a source worth keeping: a real src, a lazy-loading
 * attribute (data-src and its kin, srcset) or <picture> sources. */
static bool real_source(const dom_node *img)
{
    const char *src = dom_attr(img, "src");
    if (src && !lazyimg_placeholder(src))
        return true;
    for (unsigned i = 0; i < img->nattrs; i++) {
        const char *a = img->attrs[i].name;
        if (strcmp(a, "src") != 0 && (strstr(a, "src") || strcmp(a, "data-original") == 0))
            return true;
    }
    return img->parent && dom_is(img->parent, TAG_PICTURE) && dom_find(img->parent, TAG_SOURCE);
}

/* True when img lies in a link to another page (a promo or teaser), not
 * to a file of the picture itself (lightboxes link the full size). */
static bool linked_away(const dom_node *img)
{
    static const char *const exts[] = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif"};
    for (const dom_node *a = img->parent; a; a = a->parent) {
        if (!dom_is(a, TAG_A))
            continue;
        size_t len;
        const char *h = dom_attr_len(a, "href", &len);
        if (!h || !len || h[0] == '#')
            return false;
        size_t end = len;
        for (size_t i = 0; i < len; i++)
            if (h[i] == '?' || h[i] == '#') {
                end = i;
                break;
            }
        for (size_t i = 0; i < sizeof exts / sizeof *exts; i++) {
            size_t k = strlen(exts[i]);
            if (end >= k && ascii_ieqn(h + end - k, exts[i], k))
                return false;
        }
        return true;
    }
    return false;
}

/* True when n or an ancestor below the container holding first is page
 * chrome: boilerplate, comment or byline words, a chrome role or tag
 * (share bars, related boxes, ad slots, author boxes). */
static bool in_chrome(const dom_node *n, const dom_node *first)
{
    for (const dom_node *a = n; a && a->parent; a = a->parent) {
        if (a != n && holds(a, first))
            return false;
        if ((score_tokens(a) & (SCORE_K_BOIL | SCORE_K_UNLIKELY | SCORE_K_COMMENT | SCORE_K_META)) ||
            score_role_unlikely(a) || dom_is(a, TAG_NAV) || dom_is(a, TAG_ASIDE) ||
            dom_is(a, TAG_FOOTER))
            return true;
    }
    return false;
}

/* True for a lead image: a figure, or a picture or img outside any figure,
 * holding one real image that is not an icon nor a link to another page,
 * with little text and few links (a photo and its caption), outside
 * chrome. */
static bool is_lead_image(const boiler_view *x, const dom_node *n, const dom_node *first)
{
    if (n->kind != DOM_ELEMENT || !(dom_is(n, TAG_FIGURE) || dom_is(n, TAG_PICTURE) ||
                                    dom_is(n, TAG_IMG)))
        return false;
    if (!dom_is(n, TAG_FIGURE) && (has_ancestor(n, TAG_FIGURE) ||
                                   (dom_is(n, TAG_IMG) && has_ancestor(n, TAG_PICTURE))))
        return false;
    const score_stats *s = &x->st[n->id];
    const dom_node *img = first_img(n);
    if (!img || s->chars > score_p.lead_fig_max_chars ||
        score_link_density(s) > score_p.nonarticle_link_density)
        return false;
    if (small_size(img, "width") || small_size(img, "height") || !real_source(img) ||
        linked_away(img))
        return false;
    return !in_chrome(n, first);
}

/* True when n is one of the nodes taken[0..ntaken). */
static bool is_taken(const dom_node *n, const dom_node *const *taken, size_t ntaken)
{
    for (size_t i = 0; i < ntaken; i++)
        if (taken[i] == n)
            return true;
    return false;
}

size_t boiler_find_leads(const boiler_view *x, const dom_node *h, const dom_node *stop,
                         const dom_node *const *taken, size_t ntaken, dom_node **leads,
                         size_t max)
{
    if (!h || holds(stop, h) || h->id > stop->id)
        return 0;
    const dom_node *start = h;
    for (size_t i = 0; i < ntaken; i++)
        if (holds(taken[i], h))
            start = taken[i]; /* the heading's block joined the article already */
    size_t k = 0, seen = 0, imgs = 0;
    const dom_node *body = x->d->body;
    size_t cap = max; /* a standfirst heading takes no paragraph's place */
    for (const dom_node *n = boiler_walk_next(x, start, body, true); n && n != stop && k < cap;) {
        if (++seen > score_p.lead_window)
            break;
        if (is_taken(n, taken, ntaken)) {
            n = boiler_walk_next(x, n, body, true);
            continue;
        }
        if (holds(n, stop)) {
            n = boiler_walk_next(x, n, body, false);
            continue;
        }
        bool lead = is_lead(x, n, k == 0);
        if (lead && is_heading_el(n))
            cap++;
        if (!lead && imgs < score_p.lead_img_max && is_lead_image(x, n, stop)) {
            lead = true;
            imgs++;
        }
        if (lead)
            leads[k++] = (dom_node *)n;
        n = boiler_walk_next(x, n, body,
                             lead || n->kind != DOM_ELEMENT || x->st[n->id].blocks == 0);
    }
    return k;
}

/* True when top holds a same-page link to the id v[0..len). */
static bool links_to(const dom_node *top, const char *v, size_t len)
{
    for (const dom_node *n = top->first; n; n = dom_next(n, top)) {
        size_t hl;
        const char *h = dom_is(n, TAG_A) ? dom_attr_len(n, "href", &hl) : NULL;
        if (h && hl == len + 1 && h[0] == '#' && memcmp(h + 1, v, len) == 0)
            return true;
    }
    return false;
}

bool boiler_holds_notes_of(const dom_node *top, const dom_node *s)
{
    for (const dom_node *n = s; n; n = dom_next(n, s)) {
        size_t len;
        const char *id = n->kind == DOM_ELEMENT ? dom_attr_len(n, "id", &len) : NULL;
        if (id && len && score_is_note_id(id, len))
            return links_to(top, id, len); /* the first note decides */
    }
    return false;
}
