/* meta.c — the meta stage: title, authors, dates, site, language,
 * description, lead image and canonical URL of a page.
 *
 * Runs after dom, before extract. One walk over the document collects
 * candidates, each with the rank of its source (the tables below: lower is
 * more trusted): JSON-LD (jsonld.c), <meta> keys (OpenGraph, article:*,
 * twitter:*, Dublin Core, citation_*, parsely, sailthru), microdata,
 * <time>, visible bylines and date lines, the URL, <title> and <h1>. Then
 * each field takes its best candidate that survives checking: dates must
 * parse and lie between 1995 and the conversion time (dates.c), authors
 * must leave a name after cleaning (byline.c), languages must be tags
 * (langtag.c). The walk does constant work per node; text is read only
 * from a bounded number of short elements.
 */
#include <limits.h>
#include <string.h>

#include "byline.h"
#include "dates.h"
#include "internal.h"
#include "jsonld.h"
#include "langtag.h"
#include "meta_collect.h"
#include "url.h"
#include "utf8.h"

/* --------------------------------------------------------- <meta> keys */

/* <meta> keys (property, name or itemprop; ASCII case-insensitive; a
 * space-separated list is read token by token), the field each fills and
 * its rank (lower is more trusted). The order follows how deliberately
 * each vocabulary is written: Dublin Core and OpenGraph are set by the
 * publisher for this page; twitter:* often repeats them in short form;
 * parsely and sailthru feed analytics and are usually right; generic
 * names (date, title) are ambiguous. JSON-LD (rank 10) comes before all. */
/* clang-format off */
static const struct {
    const char *key;
    unsigned char field;
    int rank;
} meta_keys[] = {
    {"dc:title", MF_TITLE, 20}, {"dc.title", MF_TITLE, 20}, {"dcterm:title", MF_TITLE, 21},
    {"dcterms.title", MF_TITLE, 21}, {"og:title", MF_TITLE, 30}, {"title", MF_TITLE, 40},
    {"twitter:title", MF_TITLE, 50}, {"parsely-title", MF_TITLE, 60},
    {"sailthru.title", MF_TITLE, 61}, {"citation_title", MF_TITLE, 62},
    {"headline", MF_TITLE, 63},

    {"dc:creator", MF_AUTHOR, 20}, {"dc.creator", MF_AUTHOR, 20},
    {"dcterm:creator", MF_AUTHOR, 21}, {"dcterms.creator", MF_AUTHOR, 21},
    {"author", MF_AUTHOR, 30}, {"parsely-author", MF_AUTHOR, 40},
    {"sailthru.author", MF_AUTHOR, 41}, {"article:author", MF_AUTHOR, 45},
    {"citation_author", MF_AUTHOR, 46}, {"og:article:author", MF_AUTHOR, 47},
    {"book:author", MF_AUTHOR, 47},

    {"article:published_time", MF_PUBLISHED, 20}, {"og:published_time", MF_PUBLISHED, 21},
    {"article:published", MF_PUBLISHED, 22}, {"parsely-pub-date", MF_PUBLISHED, 30},
    {"sailthru.date", MF_PUBLISHED, 31}, {"dc.date.issued", MF_PUBLISHED, 33},
    {"dcterms.issued", MF_PUBLISHED, 34}, {"dc:date", MF_PUBLISHED, 35},
    {"dc.date", MF_PUBLISHED, 35}, {"dcterms.date", MF_PUBLISHED, 35},
    {"dc.date.created", MF_PUBLISHED, 36}, {"dcterms.created", MF_PUBLISHED, 36},
    {"citation_publication_date", MF_PUBLISHED, 37}, {"citation_date", MF_PUBLISHED, 37},
    {"citation_online_date", MF_PUBLISHED, 38}, {"datepublished", MF_PUBLISHED, 39},
    {"pubdate", MF_PUBLISHED, 40}, {"publish_date", MF_PUBLISHED, 40},
    {"publish-date", MF_PUBLISHED, 40}, {"publication_date", MF_PUBLISHED, 40},
    {"article.published", MF_PUBLISHED, 40}, {"date", MF_PUBLISHED, 42},

    {"article:modified_time", MF_MODIFIED, 20}, {"og:updated_time", MF_MODIFIED, 21},
    {"article:modified", MF_MODIFIED, 22}, {"dcterms.modified", MF_MODIFIED, 30},
    {"dc.date.modified", MF_MODIFIED, 30}, {"datemodified", MF_MODIFIED, 39},
    {"last-modified", MF_MODIFIED, 40},

    {"og:site_name", MF_SITE, 10}, {"application-name", MF_SITE, 30},

    {"description", MF_DESCRIPTION, 10}, {"og:description", MF_DESCRIPTION, 20},
    {"dc.description", MF_DESCRIPTION, 25}, {"dcterms.description", MF_DESCRIPTION, 25},
    {"twitter:description", MF_DESCRIPTION, 30},

    {"og:image", MF_IMAGE, 10}, {"og:image:url", MF_IMAGE, 11},
    {"og:image:secure_url", MF_IMAGE, 11}, {"twitter:image", MF_IMAGE, 20},
    {"twitter:image:src", MF_IMAGE, 20}, {"image", MF_IMAGE, 50},

    {"og:url", MF_CANONICAL, 20},

    {"og:locale", MF_LANG, 30}, {"language", MF_LANG, 35}, {"dc.language", MF_LANG, 36},
    {"inlanguage", MF_LANG, 38},

    {"og:type", MF_TYPE, 20},
};
/* clang-format on */

/* Bytes of element text read for one candidate; longer text is cut (a
 * title, byline or date line is short). */
#define META_MAX_TEXT 400

/* Named entities some pages leave encoded a second time in meta values
 * and JSON-LD ("&amp;amp;", "&#039;"). */
/* clang-format off */
static const struct {
    const char *name;
    const char *utf8;
} entities[] = {
    {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}, {"nbsp", " "},
    {"ndash", "\xE2\x80\x93"}, {"mdash", "\xE2\x80\x94"}, {"hellip", "\xE2\x80\xA6"},
    {"rsquo", "\xE2\x80\x99"}, {"lsquo", "\xE2\x80\x98"}, {"rdquo", "\xE2\x80\x9D"},
    {"ldquo", "\xE2\x80\x9C"},
};
/* clang-format on */

/* Decodes one entity at s[0] == '&' into b; returns the bytes used or 0. */
static size_t decode_entity(const char *s, size_t n, buf *b)
{
    size_t semi = 1;
    while (semi < n && semi < 12 && s[semi] != ';')
        semi++;
    if (semi >= n || s[semi] != ';')
        return 0;
    if (s[1] == '#') {
        unsigned long cp = 0;
        bool hex = semi > 2 && (s[2] == 'x' || s[2] == 'X');
        for (size_t i = hex ? 3 : 2; i < semi; i++) {
            char ch = (char)ascii_lower((unsigned char)s[i]);
            int v = ch >= '0' && ch <= '9'          ? ch - '0'
                    : hex && ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
                                                    : -1;
            if (v < 0 || cp > 0x10FFFF)
                return 0;
            cp = cp * (hex ? 16 : 10) + (unsigned long)v;
        }
        buf_put_utf8(b, cp ? cp : 0xFFFD); /* &#0; is U+FFFD, as in HTML */
        return semi + 1;
    }
    for (size_t k = 0; k < sizeof entities / sizeof *entities; k++)
        if (strlen(entities[k].name) == semi - 1 &&
            memcmp(s + 1, entities[k].name, semi - 1) == 0) {
            buf_puts(b, entities[k].utf8);
            return semi + 1;
        }
    return 0;
}

/* s (n bytes) with entities decoded and white space collapsed, or NULL
 * when empty. */
static const char *clean_value(meta_collector *c, const char *s, size_t n)
{
    buf b = BUF_INIT;
    for (size_t i = 0; i < n;) {
        size_t used = s[i] == '&' ? decode_entity(s + i, n - i, &b) : 0;
        if (used) {
            i += used;
            continue;
        }
        size_t j = i + 1;
        while (j < n && s[j] != '&')
            j++;
        buf_append(&b, s + i, j - i);
        i = j;
    }
    char *out = b.failed ? NULL : utf8_collapse(c->d->arena, b.data ? b.data : "", b.len);
    buf_free(&b);
    if (!out)
        c->failed = true;
    return out && *out ? out : NULL;
}

void meta_add(meta_collector *c, meta_field f, int rank, const char *s, size_t n,
              const dom_node *node)
{
    if (!s || c->n == META_MAX_CANDS)
        return;
    const char *v = clean_value(c, s, n);
    if (!v)
        return;
    meta_cand *k = &c->cands[c->n++];
    memset(k, 0, sizeof *k);
    k->value = v;
    k->node = node;
    k->rank = rank;
    k->field = (unsigned char)f;
}

void meta_add_text(meta_collector *c, meta_field f, int rank, const dom_node *e)
{
    buf b = BUF_INIT;
    dom_text_content(e, &b);
    size_t n = b.len < META_MAX_TEXT ? b.len : META_MAX_TEXT;
    while (n < b.len && n > 0 && ((unsigned char)b.data[n] & 0xC0) == 0x80)
        n--; /* cut on a character boundary */
    if (b.failed)
        c->failed = true;
    else
        meta_add(c, f, rank, b.data, n, e);
    buf_free(&b);
}

/* Looks key (n bytes) up in meta_keys and adds the content. */
static void add_meta_key(meta_collector *c, const char *key, size_t n, const char *content,
                         size_t clen, const dom_node *e, int bias)
{
    for (size_t k = 0; k < sizeof meta_keys / sizeof *meta_keys; k++)
        if (strlen(meta_keys[k].key) == n && ascii_ieqn(key, meta_keys[k].key, n)) {
            meta_add(c, (meta_field)meta_keys[k].field, meta_keys[k].rank + bias, content, clen, e);
            return;
        }
}

/* <meta property|name|itemprop=... content=...>; http-equiv language. */
static void handle_meta(meta_collector *c, const dom_node *e)
{
    size_t clen;
    const char *content = dom_attr_len(e, "content", &clen);
    if (!content)
        return;
    const char *eq = dom_attr(e, "http-equiv");
    if (eq && ascii_ieq(eq, "content-language"))
        meta_add(c, MF_LANG, MR_LANG_HTTP, content, clen, e);
    static const char *const attrs[] = {"property", "name", "itemprop"};
    for (size_t a = 0; a < 3; a++) {
        size_t len;
        const char *v = dom_attr_len(e, attrs[a], &len);
        for (size_t i = 0; v && i < len;) {
            while (i < len && (v[i] == ' ' || v[i] == '\t' || v[i] == '\n'))
                i++;
            size_t s = i;
            while (i < len && v[i] != ' ' && v[i] != '\t' && v[i] != '\n')
                i++;
            if (i > s) /* RDFa property is the vocabulary's own form: it wins ties */
                add_meta_key(c, v + s, i - s, content, clen, e, a == 0 ? -1 : 0);
        }
    }
}

/* True when the space-separated list v holds token (ASCII case-insensitive). */
static bool has_token(const char *v, const char *token)
{
    size_t tl = strlen(token);
    for (const char *p = v; p && *p;) {
        while (*p == ' ' || *p == '\t' || *p == '\n')
            p++;
        const char *s = p;
        while (*p && *p != ' ' && *p != '\t' && *p != '\n')
            p++;
        if ((size_t)(p - s) == tl && ascii_ieqn(s, token, tl))
            return true;
    }
    return false;
}

static void handle_link(meta_collector *c, const dom_node *e)
{
    const char *rel = dom_attr(e, "rel");
    size_t len;
    const char *href = dom_attr_len(e, "href", &len);
    if (!rel || !href)
        return;
    if (has_token(rel, "canonical"))
        meta_add(c, MF_CANONICAL, MR_CANONICAL_LINK, href, len, e);
    else if (has_token(rel, "image_src"))
        meta_add(c, MF_IMAGE, MR_IMAGE_LINK, href, len, e);
}

static void handle_script(meta_collector *c, const dom_node *e)
{
    const char *type = dom_attr(e, "type");
    if (!type || !ascii_istr(type, strlen(type), "ld+json") || !e->first)
        return;
    buf b = BUF_INIT;
    dom_text_content(e, &b);
    if (b.failed || jsonld_read(c->d->arena, b.data ? b.data : "", b.len, &c->ld) != FOLIO_OK)
        c->failed = true;
    buf_free(&b);
}

#define ADD_STR(f, r, s) meta_add(c, f, r, s, (s) ? strlen(s) : 0, NULL)

static size_t squeeze(const char *s, size_t n, char *out, size_t cap);

/* True when another title of the page (<title>, og:title, h1) holds s:
 * when JSON-LD's headline and name differ (Wikipedia puts a description
 * in the headline), the one the page shows as its title wins. */
static bool shown_as_title(const meta_collector *c, const char *s)
{
    char x[512], y[512];
    if (!s || squeeze(s, strlen(s), x, sizeof x) < 2)
        return false;
    for (size_t i = 0; i < c->n; i++)
        if (c->cands[i].field == MF_TITLE &&
            squeeze(c->cands[i].value, strlen(c->cands[i].value), y, sizeof y) && strstr(y, x))
            return true;
    return false;
}

/* Adds what JSON-LD said, once every script has been read. */
static void add_jsonld(meta_collector *c)
{
    const jsonld_info *ld = &c->ld;
    bool article = ld->rank >= JSONLD_RANK_ARTICLE;
    const char *first = ld->headline, *second = ld->name;
    if (first && second && !shown_as_title(c, first) && shown_as_title(c, second)) {
        first = ld->name;
        second = ld->headline;
    }
    ADD_STR(MF_TITLE, article ? MR_JSONLD : MR_TITLE_LD_PAGE, first ? first : second);
    if (first)
        ADD_STR(MF_TITLE, article ? MR_TITLE_LD_NAME : MR_TITLE_LD_PAGE, second);
    for (size_t i = 0; i < ld->nauthors; i++) {
        size_t before = c->n;
        ADD_STR(MF_AUTHOR, ld->author_org ? MR_JSONLD_ORG : MR_JSONLD, ld->authors[i]);
        if (c->n > before)
            c->cands[before].org = ld->author_org;
    }
    ADD_STR(MF_PUBLISHED, article ? MR_JSONLD : MR_JSONLD_PAGE, ld->published);
    ADD_STR(MF_MODIFIED, article ? MR_JSONLD : MR_JSONLD_PAGE, ld->modified);
    ADD_STR(MF_SITE, MR_SITE_PUBLISHER, ld->publisher);
    ADD_STR(MF_SITE, MR_SITE_WEBSITE, ld->site);
    ADD_STR(MF_IMAGE, MR_IMAGE_LD, ld->image);
    ADD_STR(MF_DESCRIPTION, MR_DESCRIPTION_LD, ld->description);
    ADD_STR(MF_LANG, MR_LANG_LD, ld->lang);
    ADD_STR(MF_CANONICAL, MR_CANONICAL_LD, ld->url);
    ADD_STR(MF_TYPE, MR_TYPE_LD, ld->type);
}

/* The date in the path of the source URL or the canonical one. */
static void add_url_dates(meta_collector *c)
{
    const char *urls[2] = {c->ctx->source_url, NULL};
    for (size_t i = 0; i < c->n && !urls[1]; i++)
        if (c->cands[i].field == MF_CANONICAL)
            urls[1] = c->cands[i].value;
    for (int k = 0; k < 2; k++) {
        date_parts p;
        if (urls[k] && date_from_url(urls[k], &p)) {
            char *s = date_format(c->d->arena, &p);
            ADD_STR(MF_PUBLISHED, MR_URL, s);
            return;
        }
    }
}

/* ------------------------------------------------------------- the walk */

/* Elements with an itemprop outside <meta>: microdata in the body. */
static void handle_itemprop(meta_collector *c, const dom_node *e, const char *prop)
{
    size_t len;
    const char *v = dom_attr_len(e, "content", &len);
    if (!v)
        v = dom_attr_len(e, "datetime", &len);
    if (has_token(prop, "headline") || has_token(prop, "name")) {
        if (has_token(prop, "headline"))
            meta_add_text(c, MF_TITLE, MR_MICRODATA + 20, e);
    } else if (has_token(prop, "datePublished") || has_token(prop, "dateCreated")) {
        if (v)
            meta_add(c, MF_PUBLISHED, MR_MICRODATA, v, len, e);
    } else if (has_token(prop, "dateModified")) {
        if (v)
            meta_add(c, MF_MODIFIED, MR_MICRODATA, v, len, e);
    }
}

static void handle_h1(meta_collector *c, const dom_node *e)
{
    if (c->nh1 < sizeof c->h1 / sizeof *c->h1) {
        size_t before = c->n;
        meta_add_text(c, MF_TITLE, MR_H1, e);
        if (c->n > before) {
            c->h1[c->nh1++] = c->cands[c->n - 1].value;
        }
    } else {
        c->nh1++;
    }
}

static void handle_element(meta_collector *c, const dom_node *e, bool in_head)
{
    switch (e->tag) {
    case TAG_META:
        handle_meta(c, e);
        return;
    case TAG_LINK:
        handle_link(c, e);
        return;
    case TAG_SCRIPT:
        handle_script(c, e);
        return;
    case TAG_TITLE:
        if (in_head)
            meta_add_text(c, MF_TITLE, MR_TITLE_ELEMENT, e);
        return;
    case TAG_H1:
        handle_h1(c, e);
        break;
    default:
        break;
    }
    if (in_head)
        return;
    const char *prop = dom_attr(e, "itemprop");
    if (prop)
        handle_itemprop(c, e, prop);
    byline_scan_element(c, e);
}

/* A preorder walk over the subtree of top; SVG, templates and styles are
 * skipped (an SVG <title> is no page title). */
static void walk(meta_collector *c, const dom_node *top, bool in_head)
{
    for (const dom_node *n = top->first; n;) {
        if (n->kind != DOM_ELEMENT) {
            n = dom_next(n, top);
            continue;
        }
        if (n->tag == TAG_SVG || n->tag == TAG_TEMPLATE || n->tag == TAG_STYLE) {
            n = dom_next_skip(n, top);
            continue;
        }
        handle_element(c, n, in_head);
        n = dom_next(n, top);
    }
}

static folio_status meta_collect(meta_collector *c)
{
    size_t len;
    const char *lang = dom_attr_len(c->d->html, "lang", &len);
    if (!lang)
        lang = dom_attr_len(c->d->html, "xml:lang", &len);
    meta_add(c, MF_LANG, MR_LANG_HTML, lang, lang ? len : 0, c->d->html);
    walk(c, c->d->head, true);
    walk(c, c->d->body, false);
    add_jsonld(c);
    add_url_dates(c);
    return c->failed ? FOLIO_ENOMEM : FOLIO_OK;
}

const meta_cand *meta_first_accepted(meta_collector *c, meta_field f,
                                     bool (*accept)(meta_collector *, const meta_cand *))
{
    int last = INT_MIN;
    for (;;) {
        const meta_cand *best = NULL;
        for (size_t i = 0; i < c->n; i++) {
            const meta_cand *k = &c->cands[i];
            if (k->field == f && k->rank > last && (!best || k->rank < best->rank))
                best = k;
        }
        if (!best)
            return NULL;
        for (size_t i = 0; i < c->n; i++) { /* every candidate of that rank, in order */
            const meta_cand *k = &c->cands[i];
            if (k->field == f && k->rank == best->rank && accept(c, k))
                return k;
        }
        last = best->rank;
    }
}

/* ----------------------------------------------------------- authors */

/* Names of every author candidate of k's rank (several citation_author
 * or article:author tags make one list). */
static byline_names names_of_rank(meta_collector *c, const meta_cand *k)
{
    byline_names names = {0};
    for (size_t i = 0; i < c->n; i++) {
        const meta_cand *o = &c->cands[i];
        if (o->field != MF_AUTHOR || o->rank != k->rank)
            continue;
        size_t before = names.n;
        unsigned flags = o->org ? BYLINE_ORG : o->rank >= MR_VISIBLE_BYLINE ? BYLINE_STRICT : 0;
        if (!byline_parse(c->d->arena, o->value, strlen(o->value), flags, &names))
            c->failed = true;
        for (size_t j = before; o->org && j < names.n; j++)
            names.org[j] = true;
    }
    byline_prefer_people(&names);
    return names;
}

/* Accepts a source that names at least one person. */
static bool accept_people(meta_collector *c, const meta_cand *k)
{
    byline_names names = names_of_rank(c, k);
    if (names.n == 0 || names.org[0])
        return false;
    c->names = names;
    return true;
}

/* Accepts a source that names anyone, an organization included. */
static bool accept_names(meta_collector *c, const meta_cand *k)
{
    byline_names names = names_of_rank(c, k);
    if (names.n == 0)
        return false;
    c->names = names;
    return true;
}

/* The visible element that shows the authors, for the stages that drop
 * it from the article: the chosen candidate's element when it is a visible
 * byline, else a visible byline naming the first author. NULL if none. */
static const dom_node *byline_element(const meta_collector *c, const meta_cand *k)
{
    if (k->rank >= MR_VISIBLE_BYLINE && k->node && !dom_is(k->node, TAG_META))
        return k->node;
    const char *name = c->names.names[0];
    for (size_t i = 0; i < c->n; i++) {
        const meta_cand *o = &c->cands[i];
        if (o->field == MF_AUTHOR && o->rank >= MR_VISIBLE_BYLINE && o->node &&
            !dom_is(o->node, TAG_META) && ascii_istr(o->value, strlen(o->value), name))
            return o->node;
    }
    return NULL;
}

/* Authors: the most trusted source that names a person; an organization
 * only when no source names a person (the newsroom is not the author). */
static folio_status resolve_authors(meta_collector *c, folio_meta *m, meta_hints *h)
{
    const meta_cand *k = meta_first_accepted(c, MF_AUTHOR, accept_people);
    if (!k)
        k = meta_first_accepted(c, MF_AUTHOR, accept_names);
    if (c->failed)
        return FOLIO_ENOMEM;
    if (!k)
        return FOLIO_OK;
    const char **list = arena_alloc(c->d->arena, c->names.n * sizeof *list);
    buf b = BUF_INIT;
    for (size_t i = 0; list && i < c->names.n; i++) {
        list[i] = c->names.names[i];
        if (i)
            buf_puts(&b, ", ");
        buf_puts(&b, list[i]);
    }
    m->author = b.failed || !list ? NULL : arena_strndup(c->d->arena, b.data, b.len);
    buf_free(&b);
    if (!m->author)
        return FOLIO_ENOMEM;
    m->authors = list;
    m->nauthors = c->names.n;
    h->byline = byline_element(c, k);
    return FOLIO_OK;
}

/* -------------------------------------------------------- plain fields */

static bool accept_any(meta_collector *c, const meta_cand *k)
{
    (void)c;
    return k->value && *k->value;
}

static bool accept_lang(meta_collector *c, const meta_cand *k)
{
    char *tag = langtag_normalize(c->d->arena, k->value, strlen(k->value));
    if (!tag)
        return false;
    c->lang = tag;
    return true;
}

static bool accept_url(meta_collector *c, const meta_cand *k)
{
    const char *base = c->ctx->base_url ? c->ctx->base_url : c->ctx->source_url;
    char *u = url_resolve(c->d->arena, base, k->value);
    if (!u || !*u || !url_is_safe(u, true) || ascii_ieqn(u, "data:", 5))
        return false;
    c->url = u;
    return true;
}

static const char *pick(meta_collector *c, meta_field f)
{
    const meta_cand *k = meta_first_accepted(c, f, accept_any);
    return k ? k->value : NULL;
}

static folio_status resolve_plain(meta_collector *c, folio_meta *m, meta_hints *h)
{
    m->description = pick(c, MF_DESCRIPTION);
    if (meta_first_accepted(c, MF_IMAGE, accept_url))
        m->image = c->url;
    if (meta_first_accepted(c, MF_CANONICAL, accept_url))
        m->canonical = c->url;
    if (meta_first_accepted(c, MF_LANG, accept_lang))
        m->lang = c->lang;
    h->page_type = pick(c, MF_TYPE);
    m->site = pick(c, MF_SITE);
    if (!m->site) {
        const char *u = m->canonical         ? m->canonical
                        : c->ctx->source_url ? c->ctx->source_url
                                             : c->ctx->base_url; /* a saved page's origin */
        m->site = u ? url_host(c->d->arena, u) : NULL;
    }
    return FOLIO_OK;
}

/* ------------------------------------------------------------- title */

/* Separators between a title and the site's name in <title>, tried from
 * the last: "Title | Site", "Title - Site", "Title — Site". The colon is
 * only read as "Site: Title". */
static const char *const title_separators[] = {
    " | ",  " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", " \xC2\xB7 ", " :: ", " \xC2\xBB ", " / ",
    " \\ ", " > ",
};

/* Words a title must keep after a cut. When the part cut is the site's
 * name, two words are enough; when the evidence is only that the part
 * kept is the h1 or that the part cut is the author's name, a remainder of
 * four words or less is as likely a section or a person as the title
 * ("Mozilla - Wikipedia" stays whole, as Readability keeps it). Text
 * without spaces (CJK) counts by bytes instead. */
#define TITLE_MIN_WORDS_SITE 2
#define TITLE_MIN_WORDS_WEAK 5
#define TITLE_MIN_BYTES_NOSPACE 12

/* ASCII letters and digits lower-cased, other ASCII dropped, UTF-8 kept:
 * "Ars Technica" and "arstechnica.com" compare as "arstechnica(com)". */
static size_t squeeze(const char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < n && o + 1 < cap; i++) {
        unsigned char ch = (unsigned char)s[i];
        if (ch >= 0x80 || (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z'))
            out[o++] = (char)ch;
        else if (ch >= 'A' && ch <= 'Z')
            out[o++] = (char)(ch + 32);
    }
    out[o] = 0;
    return o;
}

static bool same_text(const char *a, size_t na, const char *b)
{
    char x[512], y[512];
    size_t lx = squeeze(a, na, x, sizeof x), ly = squeeze(b, strlen(b), y, sizeof y);
    return lx > 0 && lx == ly && memcmp(x, y, lx) == 0;
}

/* True when part names the site: equal to a site name, or the site name
 * or host holds it ("Ars Technica" in "arstechnica.com"). */
static bool is_site_name(const meta_collector *c, const char *part, size_t n)
{
    char x[512], y[512];
    size_t lx = squeeze(part, n, x, sizeof x);
    if (lx < 2)
        return false;
    for (size_t i = 0; i < c->n; i++) {
        const meta_cand *k = &c->cands[i];
        if (k->field != MF_SITE && k->field != MF_CANONICAL)
            continue;
        size_t ly = squeeze(k->value, strlen(k->value), y, sizeof y);
        if ((k->field == MF_SITE && lx == ly && memcmp(x, y, lx) == 0) || (lx >= 4 && strstr(y, x)))
            return true;
    }
    const char *urls[2] = {c->ctx->source_url, c->ctx->base_url};
    for (int k = 0; k < 2; k++) {
        if (!urls[k])
            continue;
        squeeze(urls[k], strlen(urls[k]), y, sizeof y);
        if (lx >= 4 && strstr(y, x))
            return true;
    }
    return false;
}

static bool matches_h1(const meta_collector *c, const char *part, size_t n)
{
    for (size_t i = 0; i < c->nh1 && i < sizeof c->h1 / sizeof *c->h1; i++)
        if (same_text(part, n, c->h1[i]))
            return true;
    return false;
}

static bool has_words(const char *s, size_t n, size_t min)
{
    size_t words = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && (i == 0 || s[i - 1] == ' '))
            words++;
    return words >= min ||
           (words == 1 && n >= TITLE_MIN_BYTES_NOSPACE && (unsigned char)s[0] >= 0x80);
}

static bool is_author_name(const folio_meta *m, const char *part, size_t n)
{
    for (size_t i = 0; i < m->nauthors; i++)
        if (same_text(part, n, m->authors[i]))
            return true;
    return false;
}

/* The <title> text with the site's name cut off, when the part cut names
 * the site or the author, or the part kept is the page's h1 (see the
 * word minimums above). NULL: keep it whole. */
static const char *cut_site(meta_collector *c, const folio_meta *m, const char *t)
{
    size_t n = strlen(t);
    for (size_t pos = n; pos-- > 0;) {
        for (size_t k = 0; k < sizeof title_separators / sizeof *title_separators; k++) {
            size_t sl = strlen(title_separators[k]);
            if (pos + sl > n || memcmp(t + pos, title_separators[k], sl) != 0)
                continue;
            const char *tail = t + pos + sl;
            size_t tl = n - pos - sl;
            bool site = is_site_name(c, tail, tl);
            bool weak = is_author_name(m, tail, tl) || matches_h1(c, t, pos);
            if ((site && has_words(t, pos, TITLE_MIN_WORDS_SITE)) ||
                (weak && has_words(t, pos, TITLE_MIN_WORDS_WEAK)))
                return arena_strndup(c->d->arena, t, pos);
        }
    }
    const char *colon = strstr(t, ": ");
    if (colon && is_site_name(c, t, (size_t)(colon - t)) &&
        has_words(colon + 2, strlen(colon + 2), TITLE_MIN_WORDS_SITE))
        return colon + 2;
    return NULL;
}

/* A headline cut short for search engines ("...", "…") gives way to a
 * title that continues it. */
static const char *uncut(const meta_collector *c, const char *t)
{
    size_t n = strlen(t);
    size_t keep = n >= 3 && memcmp(t + n - 3, "...", 3) == 0            ? n - 3
                  : n >= 3 && memcmp(t + n - 3, "\xE2\x80\xA6", 3) == 0 ? n - 3
                                                                        : 0;
    while (keep && t[keep - 1] == ' ')
        keep--;
    for (size_t i = 0; keep && i < c->n; i++) {
        const char *v = c->cands[i].value;
        if (c->cands[i].field == MF_TITLE && strlen(v) > n && strncmp(v, t, keep) == 0 &&
            strncmp(v + keep, t + keep, n - keep) != 0) /* the ellipsis is not its own */
            return v;
    }
    return t;
}

/* The h1 that repeats the title: the same text, else an h1 the title
 * starts with (a title kept whole with its site: "Mozilla - Wikipedia"). */
static const char *title_h1(const meta_collector *c, const char *title)
{
    char x[512], y[512];
    size_t lt = squeeze(title, strlen(title), x, sizeof x);
    const char *prefix = NULL;
    for (size_t i = 0; i < c->nh1 && i < sizeof c->h1 / sizeof *c->h1; i++) {
        size_t lh = squeeze(c->h1[i], strlen(c->h1[i]), y, sizeof y);
        if (lh > 0 && lh == lt && memcmp(x, y, lh) == 0)
            return c->h1[i];
        if (!prefix && lh >= 2 && lh < lt && memcmp(x, y, lh) == 0)
            prefix = c->h1[i];
    }
    return prefix;
}

folio_status meta_resolve_title(meta_collector *c, folio_meta *m, meta_hints *h)
{
    const meta_cand *best = NULL;
    for (size_t i = 0; i < c->n; i++)
        if (c->cands[i].field == MF_TITLE && (!best || c->cands[i].rank < best->rank))
            best = &c->cands[i];
    if (!best)
        return FOLIO_OK;
    m->title = uncut(c, best->value);
    if (best->rank == MR_TITLE_ELEMENT) {
        const char *cut = cut_site(c, m, best->value);
        if (cut)
            m->title = cut;
    }
    h->h1_title = title_h1(c, m->title);
    return FOLIO_OK;
}

/* -------------------------------------------------------------- entry */

folio_status meta_extract(dom_doc *d, const meta_context *ctx, folio_meta *m, meta_hints *h)
{
    meta_collector *c = arena_alloc(d->arena, sizeof *c);
    if (!c)
        return FOLIO_ENOMEM;
    c->d = d;
    c->ctx = ctx;
    m->source = ctx->source_url;
    folio_status st = meta_collect(c);
    if (st != FOLIO_OK)
        return st;
    if ((st = resolve_authors(c, m, h)) != FOLIO_OK ||
        (st = meta_resolve_title(c, m, h)) != FOLIO_OK || (st = resolve_plain(c, m, h)) != FOLIO_OK)
        return st;
    c->lang_hint = m->lang; /* the language decides 03/04 (en-US: March 4) */
    if ((st = meta_resolve_dates(c, m)) != FOLIO_OK)
        return st;
    if (c->ld.body && c->ld.rank >= JSONLD_RANK_ARTICLE) { /* article-type nodes only */
        h->jsonld_body = c->ld.body;
        h->jsonld_body_len = c->ld.body_len;
    }
    return c->failed ? FOLIO_ENOMEM : FOLIO_OK;
}
