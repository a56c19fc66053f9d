/* extract.c — choose the article body.
 *
 * Place in the pipeline: after meta, before clean. A Readability-class
 * scorer over folio's DOM: hidden and unlikely nodes are set aside, one
 * post-order pass counts text, commas, terminators and links per node
 * (score.c), paragraph-like blocks give points to their ancestors, the best
 * candidate climbs to a better parent, and its siblings join when they
 * belong. Too short a pick is retried with relaxed rules; the longest
 * attempt wins. A page with little prose, or mostly links and teasers,
 * holds no article. Every number comes from score_p (score.c).
 */
#include <stdlib.h>
#include <string.h>

#include "boiler.h"
#include "hidden.h"
#include "internal.h"
#include "score.h"
#include "utf8.h"

/* Rules of one attempt; the retry ladder turns them off one by one. */
enum {
    RULE_UNLIKELY = 1, /* drop unlikely class/id/role/tag nodes before scoring */
    RULE_WEIGHTS = 2,  /* class/id words move candidates */
    RULE_HIDDEN = 4,   /* drop hidden nodes before scoring */
    RULE_COMMENTS = 8, /* drop comment sections before scoring */
};

/* The attempts, in order (Readability's flags, then hidden nodes kept for
 * pages that hide the article until a script runs). */
static const unsigned attempt_rules[] = {
    RULE_UNLIKELY | RULE_WEIGHTS | RULE_HIDDEN | RULE_COMMENTS,
    RULE_WEIGHTS | RULE_HIDDEN | RULE_COMMENTS,
    RULE_HIDDEN | RULE_COMMENTS,
    RULE_HIDDEN,
    RULE_COMMENTS,
    0,
};

/* The state of the extraction of one document. */
typedef struct {
    dom_doc *d;
    const meta_hints *hints;
    size_t cap;          /* side arrays hold cap slots (d->nnodes at start) */
    unsigned char *drop; /* non-zero: set aside in this attempt */
    unsigned char *holds; /* non-zero: an ancestor of the main landmark */
    unsigned char *cand; /* non-zero: an initialised candidate */
    float *score;        /* content score of candidates */
    float *base;         /* the part of score not from text: prior, class, hint */
    float *bonus;        /* the positive class weight within base, for the cap */
    score_stats *st;     /* counters of this attempt */
    unsigned rules;
    size_t narticles;    /* <article> elements with text, for the hint */
    const dom_node *title_heading; /* the h1/h2 repeating the title, or NULL */
    const dom_node *next_h1;       /* the next h1 after it (another story), or NULL */
    const char *description;       /* the page's own summary (meta), or NULL */
    boiler_view view;    /* st and drop for the page tests of boiler.c */
} ex_ctx;

/* The outcome of one attempt: the winner and the siblings that join it
 * (in document order, the winner among them). */
typedef struct {
    dom_node *top;
    dom_node **parts;
    size_t nparts;
    float chars;
    unsigned rules;
} ex_plan;

static bool in_range(const ex_ctx *x, const dom_node *n)
{
    return n && n->id < x->cap;
}

/* --------------------------------------------------------- setting aside */

static bool is_tag_chrome(const dom_node *n)
{
    return dom_is(n, TAG_NAV) || dom_is(n, TAG_ASIDE) || dom_is(n, TAG_FOOTER) ||
           dom_is(n, TAG_MENU);
}

static bool inside_table_or_code(const dom_node *n)
{
    for (const dom_node *p = n->parent; p; p = p->parent)
        if (dom_is(p, TAG_TABLE) || dom_is(p, TAG_CODE) || dom_is(p, TAG_PRE))
            return true;
    return false;
}

/* Readability's unlikely test: chrome words in class/id without a rescue
 * word, chrome roles, chrome tags. Body, links, article landmarks and
 * parts of tables and code stay. */
static bool is_unlikely(const dom_node *n)
{
    if (dom_is(n, TAG_BODY) || dom_is(n, TAG_A) || dom_is(n, TAG_ARTICLE) ||
        dom_is(n, TAG_MAIN) || dom_is(n, TAG_HTML))
        return false;
    if (score_role_unlikely(n) || is_tag_chrome(n))
        return true;
    unsigned f = score_tokens(n);
    if (n->tag >= TAG_H1 && n->tag <= TAG_H6) { /* its id is an anchor of its words */
        size_t len;
        const char *c = dom_attr_len(n, "class", &len);
        f = c ? score_tokens_of(c, len) : 0;
    }
    return (f & SCORE_K_UNLIKELY) && !(f & SCORE_K_MAYBE) && !inside_table_or_code(n) &&
           !score_holds_math(n);
}

/* Comment sections are set aside in every attempt but the last: comma-rich
 * threads outscore short articles once the other rules relax. The last
 * attempt (forums, where the posts are the content) must be much longer
 * to win. */
static bool is_comment_section(const dom_node *n)
{
    return !dom_is(n, TAG_BODY) && !dom_is(n, TAG_ARTICLE) && !dom_is(n, TAG_MAIN) &&
           (score_tokens(n) & SCORE_K_COMMENT) && !(score_tokens(n) & SCORE_K_MAYBE);
}

static bool is_main_landmark(const dom_node *n)
{
    if (dom_is(n, TAG_MAIN))
        return true;
    const char *role = dom_attr(n, "role");
    if (role && ascii_ieq(role, "main"))
        return true;
    const char *ip = dom_attr(n, "itemprop");
    return ip && ascii_istr(ip, strlen(ip), "articleBody");
}

/* Marks the wrappers the unlikely rule must spare: the ancestors of the
 * main landmarks (<main>, role=main, itemprop=articleBody). Class words
 * such as "left-navigation_page-wrapper" or "no-sub-nav" otherwise drop
 * the whole article with its wrapper, and a widget elsewhere wins. A
 * header or chrome tag around the landmark (misnested markup) is not
 * spared. (Sparing every wrapper that holds most of the page's text too
 * was measured: trafilatura P 0.9045 -> 0.9038, readability F1 -0.002 at
 * a 60-70% share.) */
static void mark_holders(ex_ctx *x)
{
    dom_node *body = x->d->body;
    memset(x->holds, 0, x->cap);
    for (dom_node *n = body->first; n; n = dom_next(n, body)) {
        if (n->kind != DOM_ELEMENT || !is_main_landmark(n))
            continue;
        for (dom_node *a = n->parent; a && a != body && in_range(x, a) && !x->holds[a->id];
             a = a->parent)
            if (!dom_is(a, TAG_HEADER) && !is_tag_chrome(a))
                x->holds[a->id] = 1;
    }
}

/* Sets aside the nodes this attempt's rules exclude. */
static void mark_drops(ex_ctx *x)
{
    memset(x->drop, 0, x->cap);
    dom_node *body = x->d->body;
    for (dom_node *n = body->first; n;) {
        if (in_range(x, n) && n->kind == DOM_ELEMENT &&
            (((x->rules & RULE_HIDDEN) && hidden_node(n)) ||
             ((x->rules & RULE_UNLIKELY) && !x->holds[n->id] && is_unlikely(n)) ||
             ((x->rules & RULE_COMMENTS) && is_comment_section(n)))) {
            x->drop[n->id] = 1;
            n = dom_next_skip(n, body);
        } else {
            n = dom_next(n, body);
        }
    }
}

/* -------------------------------------------------------------- scoring */

/* The tag prior of a new candidate (Readability's _initializeNode). */
static float tag_prior(const dom_node *n)
{
    switch (n->tag) {
    case TAG_DIV: return score_p.prior_div;
    case TAG_ARTICLE: case TAG_MAIN: return score_p.prior_article;
    case TAG_PRE: case TAG_TD: case TAG_BLOCKQUOTE: return score_p.prior_pre;
    case TAG_ADDRESS: case TAG_OL: case TAG_UL: case TAG_DL: case TAG_DD: case TAG_DT:
    case TAG_LI: case TAG_FORM:
        return score_p.prior_list;
    case TAG_H1: case TAG_H2: case TAG_H3: case TAG_H4: case TAG_H5: case TAG_H6: case TAG_TH:
        return score_p.prior_heading;
    default: return 0;
    }
}

/* True for structural hints: itemprop=articleBody, role=main, <main>, and
 * <article> when the page has only one with text. */
static bool is_hint(const ex_ctx *x, const dom_node *n)
{
    if (is_main_landmark(n) || (dom_is(n, TAG_ARTICLE) && x->narticles == 1))
        return true;
    const char *ip = dom_attr(n, "itemprop");
    return ip && ascii_ieq(ip, "text");
}

static void init_candidate(ex_ctx *x, const dom_node *n)
{
    if (x->cand[n->id])
        return;
    x->cand[n->id] = 1;
    float s = tag_prior(n);
    x->bonus[n->id] = 0;
    if (x->rules & RULE_WEIGHTS) {
        float w = score_class_weight(n);
        s += w;
        x->bonus[n->id] = w > 0 ? w : 0;
        if (score_tokens(n) & SCORE_K_META)
            s -= score_p.class_weight; /* author boxes, bylines, credits */
    }
    if (is_hint(x, n))
        s += score_p.prior_hint;
    x->score[n->id] = s;
    x->base[n->id] = s;
}

/* Points of a paragraph of chars characters with commas and terminators. */
static float para_points(float chars, float commas, float terms)
{
    float len = chars / score_p.para_len_unit;
    if (len > score_p.para_len_cap)
        len = score_p.para_len_cap;
    return 1 + commas * score_p.comma_weight + terms * score_p.term_weight + len;
}

/* Gives points to from and its ancestors (from gets all, the next half,
 * then 1/(level x 3)), up to the body. */
static void give_points(ex_ctx *x, dom_node *from, float points)
{
    dom_node *a = from;
    for (unsigned level = 0; a && level < score_p.max_levels; level++, a = a->parent) {
        if (!in_range(x, a) || a->kind != DOM_ELEMENT || dom_is(a, TAG_HTML))
            break;
        init_candidate(x, a);
        float div = level == 0 ? 1 : level == 1 ? 1 / score_p.level1_share
                                                : level * score_p.level_divisor;
        x->score[a->id] += points / div;
        if (a == x->d->body)
            break;
    }
}

/* True for elements that are scored as one paragraph when they hold no
 * block children (Readability's p, td, pre, and divs turned into p). */
static bool leaf_scored(const dom_node *n)
{
    switch (n->tag) {
    case TAG_LI: case TAG_UL: case TAG_OL: case TAG_DL: case TAG_TABLE: case TAG_TBODY: case TAG_THEAD:
    case TAG_TFOOT: case TAG_TR: case TAG_BODY: case TAG_HTML: case TAG_H1: case TAG_FORM:
    case TAG_SELECT: case TAG_FIGCAPTION: case TAG_CAPTION: case TAG_ADDRESS:
        return false;
    default:
        return !(dom_tag_flags(n->tag) & DOM_F_INLINE) || n->tag == TAG_UNKNOWN;
    }
}

static void score_paragraphs(ex_ctx *x)
{
    dom_node *body = x->d->body;
    for (dom_node *n = body->first; n;) {
        if (!in_range(x, n) || x->drop[n->id] || n->kind != DOM_ELEMENT ||
            (dom_tag_flags(n->tag) & DOM_F_SKIP)) {
            n = dom_next_skip(n, body);
            continue;
        }
        const score_stats *s = &x->st[n->id];
        if (s->blocks == 0 && leaf_scored(n) && n->parent) {
            if (s->chars >= score_p.para_min_chars) {
                float pts = para_points(s->chars, s->commas, s->terms);
                give_points(x, n->parent, pts * (1 - score_link_density(s)));
            }
            n = dom_next_skip(n, body);
            continue;
        }
        if (s->blocks > 0 && s->inline_chars >= score_p.para_min_chars && leaf_scored(n))
            give_points(x, n, para_points(s->inline_chars, s->inline_commas, 0));
        n = dom_next(n, body);
    }
}

/* The final score of a candidate: scaled by 1 - link density. */
static float final_score(const ex_ctx *x, const dom_node *n)
{
    if (!in_range(x, n) || !x->cand[n->id])
        return 0;
    float sc = x->score[n->id], b = x->bonus[n->id];
    if (b > 0) {
        /* an article word counts no more than the text it holds: a
         * "content" box of one line is not an article */
        float cap = (sc - x->base[n->id]) * score_p.bonus_text_ratio;
        if (cap < 0)
            cap = 0;
        if (b > cap)
            sc -= b - cap;
    }
    return sc * (1 - score_link_density(&x->st[n->id]));
}

/* ------------------------------------------------------------- choosing */

enum { TOP_N = 5 };

static void top_candidates(const ex_ctx *x, dom_node **top)
{
    float best[TOP_N] = {0};
    dom_node *body = x->d->body;
    for (dom_node *n = body; n; n = dom_next(n, body)) {
        if (!in_range(x, n) || !x->cand[n->id])
            continue;
        float s = final_score(x, n);
        for (int i = 0; i < TOP_N; i++) {
            if (!top[i] || s > best[i]) {
                for (int j = TOP_N - 1; j > i; j--) {
                    top[j] = top[j - 1];
                    best[j] = best[j - 1];
                }
                top[i] = n;
                best[i] = s;
                break;
            }
        }
    }
}

static bool is_ancestor(const dom_node *a, const dom_node *n)
{
    for (const dom_node *p = n ? n->parent : NULL; p; p = p->parent)
        if (p == a)
            return true;
    return false;
}

static bool same_class(const dom_node *a, const dom_node *b);

static const dom_node *article_of(const dom_node *n)
{
    for (const dom_node *p = n; p; p = p->parent)
        if (dom_is(p, TAG_ARTICLE))
            return p;
    return NULL;
}

/* True when a and b may be two stories rather than two parts of one:
 * they lie in different <article> elements, or (outside articles) they
 * differ in class. */
static bool other_story(const dom_node *a, const dom_node *b)
{
    const dom_node *aa = article_of(a), *ab = article_of(b);
    if (aa && ab)
        return aa != ab;
    return !same_class(a, b);
}

/* Commas and terminators per character of n: how much of it is prose. */
static float punct_rate(const ex_ctx *x, const dom_node *n)
{
    const score_stats *s = &x->st[n->id];
    return s->chars > 0 ? (s->commas + s->terms) / s->chars : 0;
}

/* Where c lies from the title heading: 0 when it holds it, the distance
 * in document order when it comes after it, else "far". */
static unsigned long title_distance(const ex_ctx *x, const dom_node *c)
{
    const dom_node *h = x->title_heading;
    if (is_ancestor(c, h))
        return 0;
    return c->id > h->id ? c->id - h->id : (unsigned long)-1;
}

/* True when c lies in the title's section: after the title heading (or
 * around it) and before the next story's h1. */
static bool in_title_section(const ex_ctx *x, const dom_node *c)
{
    const dom_node *h = x->title_heading, *next = x->next_h1;
    if (next && (c == next || is_ancestor(c, next)))
        return false;
    if (is_ancestor(c, h))
        return true;
    return c->id > h->id && (!next || c->id < next->id);
}

/* When the winner lies outside the title's section (a story appended
 * below by infinite scroll, a longer story beside it), the best candidate
 * inside that section wins if it scores section_share of the winner. */
static dom_node *title_section_pick(const ex_ctx *x, dom_node *win)
{
    if (!x->title_heading || in_title_section(x, win))
        return win;
    float floor = final_score(x, win) * score_p.section_share, best = 0;
    dom_node *pick = win;
    for (dom_node *n = x->d->body; n; n = dom_next(n, x->d->body)) {
        if (!in_range(x, n) || !x->cand[n->id] || n == x->d->body)
            continue;
        float s = final_score(x, n);
        if (s >= floor && s > best && in_title_section(x, n)) {
            best = s;
            pick = n;
        }
    }
    return pick;
}

/* Among candidates nearly as good as the winner (near_title_share of it),
 * the article is the one nearest after the heading that repeats the title:
 * pages that append the next article below (infinite scroll) or put a
 * longer story next to it. */
static dom_node *near_title(const ex_ctx *x, dom_node **top)
{
    if (!x->title_heading)
        return top[0];
    dom_node *sec = title_section_pick(x, top[0]);
    if (sec != top[0])
        return sec;
    float best = final_score(x, top[0]), rate = punct_rate(x, top[0]);
    dom_node *pick = top[0];
    unsigned long dist = title_distance(x, top[0]);
    for (int i = 1; i < TOP_N && top[i]; i++) {
        if (final_score(x, top[i]) < score_p.near_title_share * best ||
            is_ancestor(top[i], top[0]) || is_ancestor(top[0], top[i]) ||
            !other_story(top[i], top[0]) ||
            punct_rate(x, top[i]) < score_p.near_title_punct * rate)
            continue; /* parts of one article are joined, not chosen between;
                         players and menus near the title are not prose */
        unsigned long d = title_distance(x, top[i]);
        if (d < dist) {
            dist = d;
            pick = top[i];
        }
    }
    return pick;
}

/* True when heading h stands among paragraphs (a section heading set as
 * h1 inside the text, as some blogs do), not in a story's header. */
static bool in_text_flow(const dom_node *h)
{
    for (const dom_node *c = h->parent ? h->parent->first : NULL; c; c = c->next)
        if (dom_is(c, TAG_P))
            return true;
    return false;
}

/* The first h1 after the title heading that does not repeat the title, is
 * short enough to be a headline (not a slide caption set as h1) and is not
 * a section heading among the paragraphs. */
static const dom_node *find_next_h1(const ex_ctx *x, const char *title)
{
    buf b = BUF_INIT;
    const dom_node *found = NULL;
    for (const dom_node *n = x->title_heading; n && !found; n = dom_next(n, x->d->body)) {
        if (n == x->title_heading || !dom_is(n, TAG_H1) || in_text_flow(n))
            continue;
        buf_truncate(&b, 0);
        dom_text_content(n, &b);
        if (b.len && b.len <= score_p.headline_max &&
            score_title_similarity(title, b.data, b.len) < score_p.title_similarity)
            found = n;
    }
    buf_free(&b);
    return found;
}

/* The first h1 (else h2) that repeats the title. */
static const dom_node *find_title_heading(const ex_ctx *x, const char *title)
{
    if (!title || !*title)
        return NULL;
    buf b = BUF_INIT;
    const dom_node *found = NULL;
    for (int pass = 0; pass < 2 && !found; pass++) {
        dom_tag want = pass == 0 ? TAG_H1 : TAG_H2;
        for (const dom_node *n = x->d->body; n && !found; n = dom_next(n, x->d->body)) {
            if (!dom_is(n, want) || n->id >= x->cap)
                continue;
            buf_truncate(&b, 0);
            dom_text_content(n, &b);
            if (b.len && score_title_similarity(title, b.data, b.len) >= score_p.title_similarity)
                found = n;
        }
    }
    buf_free(&b);
    return found;
}

/* When 3+ of the runners-up are nearly as good as the winner and share an
 * ancestor with it, the article is split in parts: take that ancestor. */
static dom_node *shared_ancestor(const ex_ctx *x, dom_node **top)
{
    float best = final_score(x, top[0]);
    dom_node *alt[TOP_N];
    int nalt = 0;
    for (int i = 1; i < TOP_N && top[i]; i++)
        if (final_score(x, top[i]) >= score_p.top_share * best)
            alt[nalt++] = top[i];
    if (nalt < (int)score_p.top_count_min)
        return top[0];
    for (dom_node *p = top[0]->parent; p && p != x->d->body; p = p->parent) {
        int k = 0;
        for (int i = 0; i < nalt; i++)
            k += is_ancestor(p, alt[i]);
        if (k >= (int)score_p.top_count_min)
            return p;
    }
    return top[0];
}

static size_t element_children(const dom_node *n)
{
    size_t k = 0;
    for (const dom_node *c = n->first; c; c = c->next)
        k += c->kind == DOM_ELEMENT;
    return k;
}

/* True when going from top to p would take in the next story (its h1). */
static bool crosses_story(const ex_ctx *x, const dom_node *top, const dom_node *p)
{
    const dom_node *next = x->next_h1;
    return next && is_ancestor(p, next) && !is_ancestor(top, next) && top != next;
}

/* The winner climbs while a parent scores higher, stopping below a third
 * of its score; then past wrappers with one child. */
static dom_node *climb(ex_ctx *x, dom_node *top)
{
    float last = final_score(x, top), stop = last * score_p.climb_stop;
    for (dom_node *p = top->parent; p && p != x->d->body; p = p->parent) {
        if (crosses_story(x, top, p))
            break;
        if (!in_range(x, p) || !x->cand[p->id])
            continue;
        float s = final_score(x, p);
        if (s < stop)
            break;
        if (s > last) {
            top = p;
            break;
        }
        last = s;
    }
    while (top->parent && top->parent != x->d->body && in_range(x, top->parent) &&
           element_children(top->parent) == 1 && !crosses_story(x, top, top->parent))
        top = top->parent;
    return top;
}

static bool same_class(const dom_node *a, const dom_node *b)
{
    const char *ca = dom_attr(a, "class"), *cb = dom_attr(b, "class");
    return ca && cb && *ca && strcmp(ca, cb) == 0;
}

/* The best final score along n and its chain of single-child wrappers:
 * a component wrapped in layers of divs carries its content's score, as
 * the winner did when it climbed past such wrappers. */
static float chain_score(const ex_ctx *x, const dom_node *n)
{
    float best = final_score(x, n);
    for (unsigned depth = 0; depth < score_p.max_levels && element_children(n) == 1; depth++) {
        const dom_node *c = n->first;
        while (c->kind != DOM_ELEMENT)
            c = c->next;
        n = c;
        if (final_score(x, n) > best)
            best = final_score(x, n);
    }
    return best;
}

/* Readability's sibling test, on chain scores. */
static bool sibling_joins(const ex_ctx *x, const dom_node *top, const dom_node *s)
{
    if (!in_range(x, s) || x->drop[s->id] || s->kind != DOM_ELEMENT ||
        (dom_tag_flags(s->tag) & DOM_F_SKIP))
        return false;
    if (x->next_h1 && (s == x->next_h1 || is_ancestor(s, x->next_h1) ||
                       (s->id > x->next_h1->id && x->next_h1->id > top->id)))
        return false; /* the next story */
    float ts = chain_score(x, top);
    float threshold = ts * score_p.sibling_share;
    if (threshold < score_p.sibling_min)
        threshold = score_p.sibling_min;
    float bonus = same_class(top, s) ? ts * score_p.sibling_class_bonus : 0;
    if (chain_score(x, s) > 0 && chain_score(x, s) + bonus >= threshold)
        return true;
    if (s->id > top->id && boiler_holds_notes_of(top, s))
        return true; /* the footnotes of the text */
    if (!dom_is(s, TAG_P))
        return false;
    const score_stats *st = &x->st[s->id];
    float ld = score_link_density(st);
    if (st->chars > score_p.sibling_p_long)
        return ld < score_p.sibling_p_link_max;
    return st->chars > 0 && ld == 0 && st->terms > 0; /* ends a sentence */
}

/* The runners-up of the winner's class scoring part_share of it, when
 * there are part_count_min of them: the sections of one article set in
 * separate containers (section-0, section-1...), which neither the
 * winner's climb nor its siblings reach. Into sect[]; returns their
 * number (0 when too few). */
static size_t article_sections(const ex_ctx *x, dom_node **top, dom_node **sect)
{
    float best = final_score(x, top[0]);
    size_t k = 0;
    for (int i = 1; i < TOP_N && top[i]; i++)
        if (final_score(x, top[i]) >= score_p.part_share * best && same_class(top[i], top[0]) &&
            !is_ancestor(top[i], top[0]) && !is_ancestor(top[0], top[i]))
            sect[k++] = top[i];
    return k >= score_p.part_count_min ? k : 0;
}

/* True when n is one of parts[0..k) or inside one, or holds one. */
static bool overlaps(dom_node *const *parts, size_t k, const dom_node *n)
{
    for (size_t i = 0; i < k; i++)
        if (parts[i] == n || is_ancestor(parts[i], n) || is_ancestor(n, parts[i]))
            return true;
    return false;
}

static int by_id(const void *a, const void *b)
{
    const dom_node *x = *(dom_node *const *)a, *y = *(dom_node *const *)b;
    return (x->id > y->id) - (x->id < y->id);
}

/* Adds the article's sections the plan's parts do not hold yet, keeping
 * the parts in document order (parts has room for them). */
static void add_sections(const ex_ctx *x, ex_plan *plan, dom_node *const *sect, size_t nsect)
{
    size_t before = plan->nparts;
    for (size_t i = 0; i < nsect; i++) {
        if (overlaps(plan->parts, plan->nparts, sect[i]))
            continue;
        plan->parts[plan->nparts++] = sect[i];
        plan->chars += x->st[sect[i]->id].chars;
    }
    if (plan->nparts > before)
        qsort(plan->parts, plan->nparts, sizeof *plan->parts, by_id);
}

/* One attempt under x->rules; fills plan (parts malloc'd). */
static folio_status attempt(ex_ctx *x, ex_plan *plan)
{
    memset(plan, 0, sizeof *plan);
    plan->rules = x->rules;
    mark_drops(x);
    if (!score_stats_fill(x->d, x->d->body, x->drop, x->st))
        return FOLIO_ENOMEM;
    memset(x->cand, 0, x->cap);
    memset(x->score, 0, x->cap * sizeof *x->score);
    score_paragraphs(x);
    dom_node *top[TOP_N] = {0};
    top_candidates(x, top);
    if (!top[0] || top[0] == x->d->body) {
        plan->top = x->d->body;
        plan->chars = x->st[x->d->body->id].chars;
        return FOLIO_OK;
    }
    dom_node *sect[TOP_N];
    size_t nsect = article_sections(x, top, sect);
    top[0] = near_title(x, top);
    dom_node *t = climb(x, shared_ancestor(x, top));
    plan->top = t;
    dom_node *parent = t->parent;
    if (!parent || t == x->d->body) {
        plan->chars = x->st[t->id].chars;
        return FOLIO_OK;
    }
    size_t n = 0;
    for (dom_node *c = parent->first; c; c = c->next)
        n++;
    plan->parts = malloc((n + nsect) * sizeof *plan->parts);
    if (!plan->parts)
        return FOLIO_ENOMEM;
    for (dom_node *c = parent->first; c; c = c->next) {
        if (c == t || sibling_joins(x, t, c)) {
            plan->parts[plan->nparts++] = c;
            plan->chars += x->st[c->id].chars;
        }
    }
    add_sections(x, plan, sect, nsect);
    return FOLIO_OK;
}

/* ------------------------------------------------------- the article test */

/* The next node of a walk of root that skips set-aside subtrees, and
 * n's subtree too when skip is true. */
static const dom_node *walk_next(const ex_ctx *x, const dom_node *n, const dom_node *root,
                                 bool skip)
{
    return boiler_walk_next(&x->view, n, root, skip);
}

/* True when the page says it is one article: an article-type og:type or
 * JSON-LD @type, or a single <article> element around the pick. */
static bool declared_article(const ex_ctx *x, const ex_plan *p)
{
    const char *t = x->hints ? x->hints->page_type : NULL;
    if (t && (ascii_istr(t, strlen(t), "article") || ascii_istr(t, strlen(t), "posting")))
        return true;
    if (x->narticles != 1)
        return false;
    for (const dom_node *a = p->top; a; a = a->parent)
        if (dom_is(a, TAG_ARTICLE))
            return true;
    return dom_find(p->top, TAG_ARTICLE) != NULL;
}

/* False when the pick is not an article: too little prose, mostly links, or
 * mostly teasers, on a page that does not declare itself an article. */
static bool plan_is_article(const ex_ctx *x, const ex_plan *p)
{
    if (declared_article(x, p))
        return true;
    float chars = 0, links = 0, teasers = 0, prose = 0;
    unsigned nteasers = 0;
    for (size_t i = 0; i < (p->nparts ? p->nparts : 1); i++) {
        const dom_node *r = p->nparts ? p->parts[i] : p->top;
        chars += x->st[r->id].chars;
        links += x->st[r->id].link_chars;
        prose += boiler_prose_chars(&x->view, r);
        unsigned k;
        teasers += boiler_teaser_chars(&x->view, r, &k);
        nteasers += k;
    }
    /* little prose is still an article unless links make up most of it */
    if (chars <= 0 ||
        (prose < score_p.readerable_chars && links / chars > score_p.nonarticle_link_density))
        return false;
    if (nteasers >= score_p.teaser_min && teasers / chars > score_p.teaser_share)
        return boiler_readerable(&x->view);
    return true;
}

/* ------------------------------------------------------------ the result */

/* Marks what the chosen attempt set aside inside the article as removed, so
 * clean drops it. */
static void apply_drops(ex_ctx *x, dom_node *root)
{
    for (dom_node *n = root->first; n;) {
        if (in_range(x, n) && x->drop[n->id]) {
            n->flags |= DOM_MARK_REMOVED;
            n = dom_next_skip(n, root);
            continue;
        }
        n = dom_next(n, root);
    }
}

/* The byline meta read the author from is metadata, not text: it goes when
 * it lies in the article and is short (Readability does the same). */
static void drop_byline(ex_ctx *x, dom_node *a)
{
    dom_node *b = x->hints ? (dom_node *)x->hints->byline : NULL;
    if (!b || !in_range(x, b) || b == a || !is_ancestor(a, b) ||
        x->st[b->id].chars > score_p.meta_max_chars)
        return;
    b->flags |= DOM_MARK_REMOVED;
}

enum { LEAD_MAX = 4 }; /* lead paragraphs and the lead image */

/* True when the collapsed text of n opens with the page's description
 * (its first desc_prefix bytes, or all of a shorter one). */
static bool opens_with_description(const dom_node *n, const buf *desc, buf *tmp)
{
    boiler_text(n, tmp);
    size_t k = desc->len < score_p.desc_prefix ? desc->len : (size_t)score_p.desc_prefix;
    return tmp->len >= k && memcmp(tmp->data, desc->data, k) == 0;
}

/* The standfirst the page describes itself with: a leaf block before the
 * winner, outside the parts, whose text opens with the meta description
 * and is about as long (desc_min_share to desc_max_share of it) and
 * prose. Sites set it as an h2 or in the header beside the h1, where the
 * lead finder (prose leaves after the title heading) misses it. NULL
 * when there is none. */
static dom_node *description_lead(ex_ctx *x, const ex_plan *p, dom_node *const *parts,
                                  size_t nparts)
{
    const char *d = x->description;
    if (!d || p->top == x->d->body)
        return NULL;
    buf desc = BUF_INIT, tmp = BUF_INIT;
    utf8_collapse_buf(&desc, d, strlen(d));
    size_t a = 0;
    while (a < desc.len && desc.data[a] == ' ')
        a++;
    float commas = 0, terms = 0, len = 0;
    score_punct(desc.data ? desc.data + a : "", desc.len - a, &commas, &terms, &len);
    if (a)
        memmove(desc.data, desc.data + a, desc.len - a);
    buf_truncate(&desc, desc.len - a);
    dom_node *found = NULL, *body = x->d->body;
    if (len >= score_p.desc_min_chars && commas + terms > 0 && !desc.failed) {
        for (dom_node *n = body->first; n && n->id < p->top->id && !found;
             n = (dom_node *)walk_next(x, n, body, false)) {
            const score_stats *s = &x->st[n->id];
            if (n->kind != DOM_ELEMENT || s->blocks > 0 || (dom_tag_flags(n->tag) & DOM_F_INLINE) ||
                s->chars < len * score_p.desc_min_share || s->chars > len * score_p.desc_max_share ||
                score_link_density(s) >= score_p.lead_link_max || is_ancestor(n, p->top) ||
                overlaps(parts, nparts, n))
                continue;
            if (opens_with_description(n, &desc, &tmp))
                found = n;
        }
    }
    buf_free(&desc);
    buf_free(&tmp);
    return found;
}

/* Gathers the lead (paragraphs and image) and the plan's parts into one
 * new <div>, in document order (or returns the winner when it stands
 * alone). */
static dom_node *gather(ex_ctx *x, const ex_plan *p)
{
    dom_node *leads[LEAD_MAX + 2]; /* a standfirst heading, the description's lead */
    size_t nparts = p->nparts ? p->nparts : 1;
    dom_node *const *parts = p->nparts ? p->parts : &p->top;
    size_t nleads = p->top == x->d->body ? 0
                    : boiler_find_leads(&x->view, x->title_heading, p->top,
                                        (const dom_node *const *)parts, nparts, leads, LEAD_MAX);
    dom_node *dl = description_lead(x, p, parts, nparts);
    if (dl && !overlaps(leads, nleads, dl)) {
        size_t at = nleads++;
        while (at > 0 && leads[at - 1]->id > dl->id) {
            leads[at] = leads[at - 1];
            at--;
        }
        leads[at] = dl;
    }
    if (nparts <= 1 && nleads == 0)
        return p->top;
    dom_node *div = dom_element_new(x->d, TAG_DIV);
    if (!div)
        return NULL;
    dom_insert_before(parts[0], div);
    size_t i = 0, j = 0;
    while (i < nleads || j < nparts) {
        bool lead = i < nleads && (j >= nparts || leads[i]->id < parts[j]->id);
        dom_node *n = lead ? leads[i++] : parts[j++];
        if (lead && dom_is(n, TAG_FIGURE) && !score_p.lead_caption)
            for (dom_node *c = n->first; c; c = c->next)
                if (dom_is(c, TAG_FIGCAPTION))
                    c->flags |= DOM_MARK_REMOVED;
        dom_detach(n);
        dom_append(div, n);
    }
    return div;
}

/* True when s[0..n) holds markup (a '<' before a letter or '/'): such an
 * articleBody is HTML, not text to show as it is. */
static bool has_markup(const char *s, size_t n)
{
    for (size_t i = 0; i + 1 < n; i++) {
        unsigned char c = (unsigned char)s[i + 1];
        if (s[i] == '<' && (c == '/' || ((c | 32) >= 'a' && (c | 32) <= 'z')))
            return true;
    }
    return false;
}

/* The JSON-LD articleBody as a cross-check: when the pick holds much less
 * text than it, the smallest element holding most of that length (with
 * few links) is the article instead (the pick was a fragment). Returns
 * true when no element holds it (a page that renders its text by
 * script): the articleBody itself is then the article. */
static bool jsonld_check(ex_ctx *x, ex_plan *p)
{
    if (!x->hints || !x->hints->jsonld_body)
        return false;
    float commas = 0, terms = 0, len = 0;
    score_punct(x->hints->jsonld_body, x->hints->jsonld_body_len, &commas, &terms, &len);
    if (len < score_p.jsonld_min || p->chars >= len * score_p.jsonld_short)
        return false;
    dom_node *body = x->d->body, *pick = NULL;
    for (dom_node *n = body->first; n; n = (dom_node *)walk_next(x, n, body, false)) {
        if (n->kind != DOM_ELEMENT)
            continue;
        const score_stats *s = &x->st[n->id];
        if (s->chars >= len * score_p.jsonld_cover && s->chars <= len * score_p.jsonld_over &&
            score_link_density(s) < score_p.cc_link_low && (!pick || s->chars < x->st[pick->id].chars))
            pick = n;
    }
    if (!pick)
        return p->chars < len * score_p.jsonld_text_share &&
               !has_markup(x->hints->jsonld_body, x->hints->jsonld_body_len);
    if (pick == body)
        return false;
    free(p->parts);
    p->parts = NULL;
    p->nparts = 0;
    p->top = pick;
    p->chars = x->st[pick->id].chars;
    return false;
}

/* The article made from the JSON-LD articleBody: a new <div> at the end
 * of the body holding one <p> per line of the text. NULL when memory
 * runs out. */
static dom_node *jsonld_article(ex_ctx *x)
{
    const char *s = x->hints->jsonld_body;
    size_t n = x->hints->jsonld_body_len;
    dom_node *div = dom_element_new(x->d, TAG_DIV);
    if (!div)
        return NULL;
    dom_append(x->d->body, div);
    for (size_t i = 0; i < n;) {
        size_t e = i;
        while (e < n && s[e] != '\n')
            e++;
        size_t a = i, b = e;
        while (a < b && (s[a] == ' ' || s[a] == '\t' || s[a] == '\r'))
            a++;
        while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '\r'))
            b--;
        if (b > a) {
            dom_node *para = dom_element_new(x->d, TAG_P);
            dom_node *t = dom_text_new(x->d, s + a, b - a);
            if (!para || !t)
                return NULL;
            dom_append(para, t);
            dom_append(div, para);
        }
        i = e + 1;
    }
    return div;
}

static void count_articles(ex_ctx *x)
{
    x->narticles = 0;
    for (dom_node *n = x->d->body; n; n = dom_next(n, x->d->body))
        if (dom_is(n, TAG_ARTICLE) && n->first)
            x->narticles++;
}

static folio_status run_attempts(ex_ctx *x, ex_plan *best)
{
    memset(best, 0, sizeof *best);
    for (size_t i = 0; i < sizeof attempt_rules / sizeof *attempt_rules; i++) {
        x->rules = attempt_rules[i];
        if (best->top && !(x->rules & RULE_HIDDEN) && best->chars >= score_p.hidden_retry_chars)
            break; /* hidden text only rescues pages that show almost nothing */
        ex_plan p;
        folio_status st = attempt(x, &p);
        if (st != FOLIO_OK) {
            free(p.parts);
            return st;
        }
        float need = x->rules & RULE_COMMENTS ? 1 : score_p.retry_comment_gain;
        if (!(x->rules & RULE_HIDDEN) && need < score_p.hidden_retry_gain)
            need = score_p.hidden_retry_gain;
        if (!best->top || p.chars > best->chars * need) {
            free(best->parts);
            *best = p;
        } else {
            free(p.parts);
        }
        if (best->chars >= score_p.retry_chars)
            break;
    }
    return FOLIO_OK;
}

folio_status extract_article(dom_doc *d, const folio_meta *m, const meta_hints *h,
                             dom_node **article)
{
    *article = NULL;
    ex_ctx x = {.d = d, .hints = h, .cap = d->nnodes};
    x.drop = malloc(x.cap);
    x.holds = malloc(x.cap);
    x.cand = malloc(x.cap);
    x.score = malloc(x.cap * sizeof *x.score);
    x.base = malloc(x.cap * sizeof *x.base);
    x.bonus = malloc(x.cap * sizeof *x.bonus);
    x.st = malloc(x.cap * sizeof *x.st);
    folio_status st = FOLIO_ENOMEM;
    ex_plan best = {0};
    x.view = (boiler_view){d, x.st, x.drop, x.cap};
    if (!x.drop || !x.holds || !x.cand || !x.score || !x.st || !x.base || !x.bonus)
        goto done;
    mark_holders(&x);
    count_articles(&x);
    x.title_heading = find_title_heading(&x, m ? m->title : NULL);
    if (x.title_heading)
        x.next_h1 = find_next_h1(&x, m->title);
    x.description = m ? m->description : NULL;
    st = run_attempts(&x, &best);
    if (st != FOLIO_OK)
        goto done;
    /* redo the winning attempt's marks: later attempts overwrote them */
    x.rules = best.rules;
    mark_drops(&x);
    if (!score_stats_fill(d, d->body, x.drop, x.st)) {
        st = FOLIO_ENOMEM;
        goto done;
    }
    bool from_ld = jsonld_check(&x, &best);
    if (!from_ld && !plan_is_article(&x, &best))
        goto done;
    dom_node *a = from_ld ? jsonld_article(&x) : gather(&x, &best);
    if (!a) {
        st = FOLIO_ENOMEM;
        goto done;
    }
    apply_drops(&x, a);
    drop_byline(&x, a);
    if (!(best.rules & RULE_HIDDEN))
        hidden_unhide(a); /* the page hid its article until a script runs */
    *article = a;
done:
    free(best.parts);
    free(x.drop);
    free(x.holds);
    free(x.cand);
    free(x.score);
    free(x.base);
    free(x.bonus);
    free(x.st);
    return st;
}
