/* jsonld.c — JSON-LD for the meta stage: a small iterative JSON reader and
 * the choice of the page's main schema.org node.
 *
 * Pages embed schema.org data as <script type="application/ld+json">; it is
 * the most trusted metadata source (meta.c ranks it first). The reader is
 * lenient about what real pages get wrong and never recurses: the chain of
 * parent links is the stack, bounded by JSON_MAX_DEPTH. Broken scripts are
 * skipped without failing the page.
 */
#include "jsonld.h"

#include <string.h>

#include "buf.h"
#include "utf8.h"

/* Values per script at most: a bound on memory for hostile pages (real
 * JSON-LD blocks hold a few hundred). */
#define JSON_MAX_VALUES 200000

/* Definitions indexed per script, and author entries read: bounds on the
 * work of resolving references in a hostile script (real ones define a
 * handful of nodes and name a few authors). */
#define JSONLD_MAX_DEFS 256
#define JSONLD_MAX_AUTHOR_ENTRIES 32

/* ------------------------------------------------------------ the reader */

typedef struct {
    arena *a;
    const char *s;
    size_t n, i;
    size_t count;
} json_reader;

static void skip_ws(json_reader *r)
{
    while (r->i < r->n) {
        char c = r->s[r->i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
            r->i++;
        else
            break;
    }
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (char)ascii_lower((unsigned char)c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Reads 4 hex digits at s[i..]; -1 when they are not there. */
static long read_hex4(const json_reader *r, size_t i)
{
    if (i + 4 > r->n)
        return -1;
    long v = 0;
    for (size_t k = 0; k < 4; k++) {
        int h = hex_value(r->s[i + k]);
        if (h < 0)
            return -1;
        v = v * 16 + h;
    }
    return v;
}

/* Decodes a \uXXXX escape (r->i at 'u'), joining surrogate pairs. */
static void read_unicode_escape(json_reader *r, buf *b)
{
    long cp = read_hex4(r, r->i + 1);
    if (cp < 0) {
        buf_putc(b, 'u');
        r->i++;
        return;
    }
    r->i += 5;
    if (cp >= 0xD800 && cp <= 0xDBFF && r->i + 1 < r->n && r->s[r->i] == '\\' &&
        r->s[r->i + 1] == 'u') {
        long lo = read_hex4(r, r->i + 2);
        if (lo >= 0xDC00 && lo <= 0xDFFF) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            r->i += 6;
        }
    }
    buf_put_utf8(b, cp ? (unsigned long)cp : 0xFFFD); /* no NUL inside C strings */
}

/* Reads a string (r->i at the opening quote) into b. False when it does
 * not end. Raw control characters are accepted, as browsers do. */
static bool read_string(json_reader *r, buf *b)
{
    r->i++;
    while (r->i < r->n) {
        char c = r->s[r->i];
        if (c == '"') {
            r->i++;
            return true;
        }
        if (c != '\\') {
            size_t start = r->i;
            while (r->i < r->n && r->s[r->i] != '"' && r->s[r->i] != '\\')
                r->i++;
            buf_append(b, r->s + start, r->i - start);
            continue;
        }
        if (++r->i >= r->n)
            return false;
        c = r->s[r->i];
        static const char from[] = "bfnrt", to[] = "\b\f\n\r\t";
        const char *k = strchr(from, c);
        if (c == 'u') {
            read_unicode_escape(r, b);
            continue;
        }
        buf_putc(b, k && c ? to[k - from] : c);
        r->i++;
    }
    return false;
}

static json_value *new_value(json_reader *r, json_kind kind, json_value *parent)
{
    if (++r->count > JSON_MAX_VALUES)
        return NULL;
    json_value *v = arena_alloc(r->a, sizeof *v);
    if (!v)
        return NULL;
    v->kind = (unsigned char)kind;
    v->parent = parent;
    if (parent) {
        if (parent->last)
            parent->last->next = v;
        else
            parent->first = v;
        parent->last = v;
    }
    return v;
}

/* Reads a scalar (string, number, true, false, null) as a child of
 * parent. NULL when broken. */
static json_value *read_scalar(json_reader *r, json_value *parent)
{
    char c = r->s[r->i];
    if (c == '"') {
        buf b = BUF_INIT;
        bool ok = read_string(r, &b);
        json_value *v = ok && !b.failed ? new_value(r, JSON_STRING, parent) : NULL;
        if (v) {
            v->str = arena_strndup(r->a, b.data ? b.data : "", b.len);
            v->len = b.len;
            if (!v->str)
                v = NULL;
        }
        buf_free(&b);
        return v;
    }
    size_t start = r->i;
    while (r->i < r->n && strchr(",]}: \t\r\n", r->s[r->i]) == NULL)
        r->i++;
    size_t len = r->i - start;
    if (len == 0)
        return NULL;
    json_kind kind = JSON_NUMBER;
    if ((len == 4 && memcmp(r->s + start, "true", 4) == 0) ||
        (len == 5 && memcmp(r->s + start, "false", 5) == 0))
        kind = JSON_BOOL;
    else if (len == 4 && memcmp(r->s + start, "null", 4) == 0)
        kind = JSON_NULL;
    else if (!strchr("-0123456789", c))
        return NULL;
    json_value *v = new_value(r, kind, parent);
    if (v && !(v->str = arena_strndup(r->a, r->s + start, len)))
        return NULL;
    if (v)
        v->len = len;
    return v;
}

/* Reads `"key" :` inside an object into *key. False when broken. */
static bool read_key(json_reader *r, const char **key)
{
    if (r->i >= r->n || r->s[r->i] != '"')
        return false;
    buf b = BUF_INIT;
    bool ok = read_string(r, &b) && !b.failed;
    *key = ok ? arena_strndup(r->a, b.data ? b.data : "", b.len) : NULL;
    buf_free(&b);
    skip_ws(r);
    if (!*key || r->i >= r->n || r->s[r->i] != ':')
        return false;
    r->i++;
    return true;
}

/* Drops wrappers pages put around JSON: an HTML comment or CDATA marker. */
static void skip_wrappers(json_reader *r)
{
    static const char *const openers[] = {"<!--", "//<![CDATA[", "<![CDATA["};
    for (int again = 1; again;) {
        again = 0;
        skip_ws(r);
        for (size_t k = 0; k < sizeof openers / sizeof *openers; k++) {
            size_t m = strlen(openers[k]);
            if (r->n - r->i >= m && memcmp(r->s + r->i, openers[k], m) == 0) {
                r->i += m;
                again = 1;
            }
        }
    }
}

json_value *json_parse(arena *a, const char *s, size_t n)
{
    json_reader r = {a, s, n, 0, 0};
    skip_wrappers(&r);
    json_value *root = NULL, *cur = NULL; /* cur: the open container */
    unsigned depth = 0;
    for (;;) {
        skip_ws(&r);
        if (r.i >= r.n)
            return NULL;
        char c = r.s[r.i];
        if (cur && (c == '}' || c == ']')) { /* also after a trailing comma */
            if ((c == '}') != (cur->kind == JSON_OBJECT))
                return NULL;
            r.i++;
            cur = cur->parent;
            depth--;
        } else {
            const char *key = NULL;
            if (cur && cur->kind == JSON_OBJECT) {
                if (!read_key(&r, &key))
                    return NULL;
                skip_ws(&r);
                if (r.i >= r.n)
                    return NULL;
                c = r.s[r.i];
            }
            json_value *v;
            if (c == '{' || c == '[') {
                if (++depth > JSON_MAX_DEPTH)
                    return NULL;
                v = new_value(&r, c == '{' ? JSON_OBJECT : JSON_ARRAY, cur);
                r.i++;
            } else {
                v = read_scalar(&r, cur);
            }
            if (!v)
                return NULL;
            v->key = key;
            if (!root)
                root = v;
            if (v->kind == JSON_OBJECT || v->kind == JSON_ARRAY) {
                cur = v;
                continue;
            }
        }
        if (!cur)
            return root;
        skip_ws(&r);
        if (r.i < r.n && r.s[r.i] == ',')
            r.i++;
        else if (r.i >= r.n || (r.s[r.i] != '}' && r.s[r.i] != ']'))
            return NULL;
    }
}

const json_value *json_get(const json_value *obj, const char *key)
{
    if (!obj || obj->kind != JSON_OBJECT)
        return NULL;
    for (const json_value *v = obj->first; v; v = v->next)
        if (v->key && strcmp(v->key, key) == 0)
            return v;
    return NULL;
}

/* -------------------------------------------------------- schema.org nodes */

/* How article-like a schema.org @type is. The article family carries the
 * headline, authors and publication date of the page itself; a WebPage node
 * describes the page too but its name is often the <title> with the site
 * and its dates may be the page's, not the article's; a few other works
 * (a product, a recipe, a video) can be what a page is about, and give its
 * page type; anything else (Organization, WebSite, BreadcrumbList, Person)
 * describes something on the page and is never the main node. Names from
 * schema.org's CreativeWork hierarchy. */
enum { RANK_NONE = 0, RANK_OTHER = 1, RANK_PAGE = 2, RANK_ARTICLE = JSONLD_RANK_ARTICLE };

/* clang-format off */
static const struct {
    const char *type;
    int rank;
} type_ranks[] = {
    {"Article", RANK_ARTICLE},          {"NewsArticle", RANK_ARTICLE},
    {"AnalysisNewsArticle", RANK_ARTICLE}, {"AskPublicNewsArticle", RANK_ARTICLE},
    {"BackgroundNewsArticle", RANK_ARTICLE}, {"OpinionNewsArticle", RANK_ARTICLE},
    {"ReportageNewsArticle", RANK_ARTICLE}, {"ReviewNewsArticle", RANK_ARTICLE},
    {"Report", RANK_ARTICLE},           {"SatiricalArticle", RANK_ARTICLE},
    {"ScholarlyArticle", RANK_ARTICLE}, {"MedicalScholarlyArticle", RANK_ARTICLE},
    {"SocialMediaPosting", RANK_ARTICLE}, {"BlogPosting", RANK_ARTICLE},
    {"LiveBlogPosting", RANK_ARTICLE},  {"DiscussionForumPosting", RANK_ARTICLE},
    {"TechArticle", RANK_ARTICLE},      {"APIReference", RANK_ARTICLE},
    {"Product", RANK_OTHER},            {"Recipe", RANK_OTHER},
    {"VideoObject", RANK_OTHER},        {"AudioObject", RANK_OTHER},
    {"Event", RANK_OTHER},              {"Review", RANK_OTHER},
    {"Course", RANK_OTHER},             {"JobPosting", RANK_OTHER},
    {"Book", RANK_OTHER},               {"Movie", RANK_OTHER},
    {"HowTo", RANK_OTHER},              {"Question", RANK_OTHER},
    {"ItemList", RANK_OTHER},           {"Dataset", RANK_OTHER},
    {"SoftwareApplication", RANK_OTHER}, {"PodcastEpisode", RANK_OTHER},
    {"CreativeWork", RANK_OTHER},
    {"WebPage", RANK_PAGE},             {"ItemPage", RANK_PAGE},
    {"AboutPage", RANK_PAGE},           {"FAQPage", RANK_PAGE},
    {"QAPage", RANK_PAGE},              {"ProfilePage", RANK_PAGE},
    {"CollectionPage", RANK_PAGE},      {"MedicalWebPage", RANK_PAGE},
};
/* clang-format on */

/* schema.org types that name an organization rather than a person. */
/* clang-format off */
static const char *const org_types[] = {"Organization", "NewsMediaOrganization", "Corporation",
                                        "EducationalOrganization", "GovernmentOrganization",
                                        "WebSite", "Brand"};
/* clang-format on */

/* The local name of a type IRI: "http://schema.org/NewsArticle" and
 * "schema:NewsArticle" give "NewsArticle". */
static const char *type_local(const char *t)
{
    const char *p = strrchr(t, '/');
    const char *q = strrchr(t, ':');
    if (q && (!p || q > p))
        p = q;
    return p ? p + 1 : t;
}

/* The best rank among the types of obj (@type: a string or an array). */
static int type_rank(const json_value *obj)
{
    const json_value *t = json_get(obj, "@type");
    int best = RANK_NONE;
    const json_value *one = t && t->kind == JSON_ARRAY ? t->first : t;
    for (; one; one = t->kind == JSON_ARRAY ? one->next : NULL) {
        if (one->kind != JSON_STRING)
            continue;
        int r = RANK_NONE;
        for (size_t k = 0; k < sizeof type_ranks / sizeof *type_ranks; k++)
            if (strcmp(type_local(one->str), type_ranks[k].type) == 0)
                r = type_ranks[k].rank;
        if (r > best)
            best = r;
    }
    return best;
}

static bool type_is(const json_value *obj, const char *const *list, size_t n)
{
    const json_value *t = json_get(obj, "@type");
    const json_value *one = t && t->kind == JSON_ARRAY ? t->first : t;
    for (; one; one = t->kind == JSON_ARRAY ? one->next : NULL)
        for (size_t k = 0; one->kind == JSON_STRING && k < n; k++)
            if (strcmp(type_local(one->str), list[k]) == 0)
                return true;
    return false;
}

/* The first type name of obj, or NULL. */
static const char *first_type(const json_value *obj)
{
    const json_value *t = json_get(obj, "@type");
    if (t && t->kind == JSON_ARRAY)
        t = t->first;
    return t && t->kind == JSON_STRING ? type_local(t->str) : NULL;
}

/* Objects defined with an @id in the script, for references. */
typedef struct {
    const json_value **defs;
    size_t ndefs;
} id_index;

/* An object that only refers to another by @id is replaced by the
 * definition, when the script has one. */
static const json_value *resolve(const id_index *ix, const json_value *v)
{
    if (!v || v->kind != JSON_OBJECT || !v->first || v->first->next)
        return v;
    const json_value *id = json_get(v, "@id");
    if (!id || id->kind != JSON_STRING)
        return v;
    for (size_t k = 0; k < ix->ndefs; k++) {
        const json_value *d = json_get(ix->defs[k], "@id");
        if (ix->defs[k] != v && d && strcmp(d->str, id->str) == 0)
            return ix->defs[k];
    }
    return v;
}

/* A string for v: itself, the first string of an array, the name (or
 * @value, url, @id per `keys`) of an object. NULL when none. */
static const char *text_of(const id_index *ix, const json_value *v, const char *const *keys)
{
    for (int hops = 0; v && hops < 4; hops++) {
        v = resolve(ix, v);
        if (v->kind == JSON_STRING)
            return v->len ? v->str : NULL;
        if (v->kind == JSON_ARRAY) {
            v = v->first;
            continue;
        }
        if (v->kind != JSON_OBJECT)
            return NULL;
        const json_value *next = NULL;
        for (size_t k = 0; keys[k] && !next; k++)
            next = json_get(v, keys[k]);
        v = next;
    }
    return NULL;
}

static const char *const name_keys[] = {"name", "@value", NULL};
static const char *const url_keys[] = {"url", "contentUrl", "@id", NULL};

static const char *get_text(const id_index *ix, const json_value *obj, const char *key,
                            const char *const *keys)
{
    return text_of(ix, json_get(obj, key), keys);
}

/* A person's name from an author object: name, else given + family. */
static const char *person_name(arena *a, const json_value *p)
{
    const json_value *n = json_get(p, "name");
    if (n && n->kind == JSON_ARRAY)
        n = n->first;
    if (n && n->kind == JSON_STRING && n->len)
        return n->str;
    const json_value *g = json_get(p, "givenName"), *f = json_get(p, "familyName");
    if (!g || !f || g->kind != JSON_STRING || f->kind != JSON_STRING)
        return NULL;
    buf b = BUF_INIT;
    buf_append(&b, g->str, g->len);
    buf_putc(&b, ' ');
    buf_append(&b, f->str, f->len);
    char *s = b.failed ? NULL : arena_strndup(a, b.data, b.len);
    buf_free(&b);
    return s;
}

/* Fills the authors of info from an author (or creator) value: a string,
 * an object, or an array of either. Persons win over organizations. */
static void read_authors(arena *a, const id_index *ix, const json_value *v, jsonld_info *info)
{
    const char *orgs[JSONLD_MAX_AUTHORS];
    size_t norgs = 0;
    info->nauthors = 0;
    const json_value *one = v && v->kind == JSON_ARRAY ? v->first : v;
    for (size_t seen = 0; one && seen < JSONLD_MAX_AUTHOR_ENTRIES;
         one = v->kind == JSON_ARRAY ? one->next : NULL, seen++) {
        const json_value *p = resolve(ix, one);
        const char *name = NULL;
        bool org = false;
        if (p->kind == JSON_STRING) {
            name = p->len ? p->str : NULL;
        } else if (p->kind == JSON_OBJECT) {
            name = person_name(a, p);
            org = type_is(p, org_types, sizeof org_types / sizeof *org_types);
        }
        if (name && org && norgs < JSONLD_MAX_AUTHORS)
            orgs[norgs++] = name;
        else if (name && !org && info->nauthors < JSONLD_MAX_AUTHORS)
            info->authors[info->nauthors++] = name;
    }
    info->author_org = info->nauthors == 0 && norgs > 0;
    if (info->author_org) {
        memcpy(info->authors, orgs, norgs * sizeof *orgs);
        info->nauthors = norgs;
    }
}

/* Refills info from the main node obj. */
static void read_main(arena *a, const id_index *ix, const json_value *obj, int rank,
                      jsonld_info *info)
{
    const char *site = info->site;
    memset(info, 0, sizeof *info);
    info->site = site;
    info->rank = rank;
    info->type = first_type(obj);
    info->headline = get_text(ix, obj, "headline", name_keys);
    info->name = get_text(ix, obj, "name", name_keys);
    const json_value *au = json_get(obj, "author");
    read_authors(a, ix, au ? au : json_get(obj, "creator"), info);
    info->published = get_text(ix, obj, "datePublished", name_keys);
    if (!info->published)
        info->published = get_text(ix, obj, "dateCreated", name_keys);
    info->modified = get_text(ix, obj, "dateModified", name_keys);
    info->publisher = get_text(ix, obj, "publisher", name_keys);
    info->image = get_text(ix, obj, "image", url_keys);
    if (!info->image)
        info->image = get_text(ix, obj, "thumbnailUrl", url_keys);
    info->description = get_text(ix, obj, "description", name_keys);
    info->lang = get_text(ix, obj, "inLanguage", name_keys);
    info->url = get_text(ix, obj, "url", url_keys);
    if (!info->url)
        info->url = get_text(ix, obj, "mainEntityOfPage", url_keys);
    const json_value *body = json_get(obj, "articleBody");
    if (body && body->kind == JSON_STRING && body->len) {
        info->body = body->str;
        info->body_len = body->len;
    }
}

/* The next value after v in preorder (iterative). */
static const json_value *json_next(const json_value *v)
{
    if (v->first)
        return v->first;
    while (v && !v->next)
        v = v->parent;
    return v ? v->next : NULL;
}

/* Lists the objects of the tree that define an @id (more than the @id). */
static folio_status index_ids(arena *a, const json_value *root, id_index *ix)
{
    size_t n = 0, cap = 0;
    for (const json_value *v = root; v && n < JSONLD_MAX_DEFS; v = json_next(v)) {
        if (v->kind != JSON_OBJECT || !json_get(v, "@id") || !v->first || !v->first->next)
            continue;
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 16;
            const json_value **nd = arena_alloc(a, ncap * sizeof *nd);
            if (!nd)
                return FOLIO_ENOMEM;
            if (n)
                memcpy(nd, ix->defs, n * sizeof *nd);
            ix->defs = nd;
            cap = ncap;
        }
        ix->defs[n++] = v;
    }
    ix->ndefs = n;
    return FOLIO_OK;
}

folio_status jsonld_read(arena *a, const char *text, size_t len, jsonld_info *info)
{
    json_value *root = json_parse(a, text, len);
    if (!root)
        return FOLIO_OK; /* broken JSON: skipped, never fatal */
    id_index ix = {NULL, 0};
    if (index_ids(a, root, &ix) != FOLIO_OK)
        return FOLIO_ENOMEM;
    const json_value *best = NULL;
    int best_rank = RANK_NONE;
    for (const json_value *v = root; v; v = json_next(v)) {
        if (v->kind != JSON_OBJECT)
            continue;
        int r = type_rank(v);
        if (r > best_rank) {
            best = v;
            best_rank = r;
        }
        static const char *const site_types[] = {"WebSite"};
        if (!info->site && type_is(v, site_types, 1))
            info->site = get_text(&ix, v, "name", name_keys);
    }
    if (best && best_rank > info->rank)
        read_main(a, &ix, best, best_rank, info);
    return FOLIO_OK;
}
