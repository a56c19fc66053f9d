/* dom.c — parse with gumbo, copy into folio's arena DOM; see dom.h.
 *
 * The only file that includes gumbo.h. gumbo 0.10.1 is quadratic in nesting
 * depth (and in attributes per tag, and in text under deep formatting
 * elements), so dom_parse first scans the bytes (dom_prescan, a small model
 * of the tree builder) and refuses hostile pages before gumbo sees them.
 * gumbo's memory comes from a tracking allocator that dom_parse frees in
 * one iterative sweep: no recursive tree destruction, no gumbo leak.
 */
#include "dom.h"

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

static bool name_is(const char *p, size_t n, const char *word)
{
    size_t w = strlen(word);
    if (n != w)
        return false;
    for (size_t i = 0; i < n; i++)
        if (lower((unsigned char)p[i]) != word[i])
            return false;
    return true;
}

/* ------------------------------------------------------------- prescan */

/* gumbo 0.10.1 costs more than linear time on some inputs, and its tree
 * destruction recurses, so dom_parse refuses a page before gumbo sees it
 * when a cheap scan of the bytes shows it would be too deep, too big or too
 * slow. The scan is a small model of the HTML tree builder: a stack of open
 * elements and the list of active formatting elements, with the rules that
 * decide depth. It errs one way only: it pops an element only where gumbo
 * surely pops it too, and pushes wherever gumbo might push (implied tbody
 * and tr, reconstructed formatting elements), so its depth is an upper bound
 * of gumbo's, within a small factor on real pages. The traps it models:
 *   - `<div><table><td></div>` and `<span><div></span>`: end tags that
 *     gumbo ignores (scope boundaries, special elements);
 *   - `<div><font color=1></div>` repeated: formatting elements that gumbo
 *     reconstructs at every paragraph (depth and node count blow up);
 *   - `<select><xmp></select>`, `<svg><style>`, `<!-->`, `<a"b>`: places
 *     where text that looks raw or quoted is markup to gumbo;
 *   - attributes: gumbo checks duplicates in quadratic time, and merges the
 *     attributes of every <html> and <body> tag into one element;
 *   - text under an open formatting element deep in the stack: gumbo looks
 *     the element up in the stack once per character (the work figure). */

/* Steps of gumbo's work (stack entries visited) a page may cost before it is
 * refused: about 3-10 s on the reference machine; real pages stay below 1e9. */
#define DOM_MAX_WORK 10000000000ULL
/* Steps of the model's own stack walks before it gives up and refuses the
 * page: a tenth of a second here. The 1,250 pages of the shared corpora take
 * at most 45,000, a 50 MB page 1.6 million. */
#define PS_MAX_STEPS 100000000ULL
enum {
    PS_WINDOW = 64,  /* list entries a search looks at before giving up */
    PS_SLACK = 4,    /* transient elements the model does not keep (isindex...) */
    PS_NAME_MAX = 16, /* longer names are none of the tags below */
    PS_INITIAL = 256  /* entries allocated at first; the tables grow to the caps */
};

enum { /* tag classes */
    PS_VOID = 1 << 0,      /* void in HTML content */
    PS_RAW = 1 << 1,       /* raw text or RCDATA in HTML content */
    PS_SPECIAL = 1 << 2,   /* the "special" category: stops "any other end tag" */
    PS_SCOPE = 1 << 3,     /* a boundary of the default scope */
    PS_FORMAT = 1 << 4,    /* a formatting element */
    PS_MARKER = 1 << 5,    /* puts a marker on the list of formatting elements */
    PS_CLOSE_P = 1 << 6,   /* its start tag closes a p in button scope */
    PS_BREAKOUT = 1 << 7,  /* its start tag leaves foreign content */
    PS_POINT = 1 << 8,     /* a foreign integration point: its content is HTML */
    PS_BLOCK_END = 1 << 9, /* its end tag pops through the default scope */
    PS_NO_RECON = 1 << 10, /* its start tag does not reconstruct formatting */
};

typedef enum {
    PS_OTHER = 0, PS_A, PS_ANNOTATION, PS_BODY, PS_BUTTON, PS_CAPTION, PS_CELL, PS_COL,
    PS_COLGROUP, PS_DD, PS_DT, PS_FONT, PS_FORM, PS_FRAMESET, PS_HEAD, PS_HEADING, PS_HTML,
    PS_IMAGE, PS_INPUT, PS_ISINDEX, PS_LI, PS_MATH, PS_MGLYPH, PS_MTEXT, PS_NOBR,
    PS_OPTGROUP, PS_OPTION, PS_P, PS_PLAINTEXT, PS_SECTION, PS_SELECT, PS_SVG, PS_TABLE,
    PS_TEMPLATE, PS_TEXTAREA, PS_TR, PS_BR, PS_RUBY_PART, PS_NOSCRIPT
} ps_id;

typedef struct {
    const char *name;
    unsigned char id;
    unsigned short flags;
} ps_tag;

#define SP PS_SPECIAL
#define CP (PS_SPECIAL | PS_CLOSE_P | PS_BLOCK_END)
#define FB (PS_FORMAT | PS_BREAKOUT)
#define VS (PS_VOID | PS_SPECIAL)
/* Sorted by name (bsearch). */
static const ps_tag ps_tags[] = {
    {"a", PS_A, PS_FORMAT},
    {"address", 0, CP},
    {"annotation-xml", PS_ANNOTATION, 0},
    {"applet", 0, SP | PS_SCOPE | PS_MARKER | PS_BLOCK_END},
    {"area", 0, VS},
    {"article", 0, CP},
    {"aside", 0, CP},
    {"b", 0, FB},
    {"base", 0, VS | PS_NO_RECON},
    {"basefont", 0, VS | PS_NO_RECON},
    {"bgsound", 0, VS | PS_NO_RECON},
    {"big", 0, FB},
    {"blockquote", 0, CP | PS_BREAKOUT},
    {"body", PS_BODY, SP | PS_BREAKOUT | PS_NO_RECON},
    {"br", PS_BR, VS | PS_BREAKOUT},
    {"button", PS_BUTTON, SP | PS_BLOCK_END},
    {"caption", PS_CAPTION, SP | PS_SCOPE | PS_MARKER | PS_NO_RECON},
    {"center", 0, CP | PS_BREAKOUT},
    {"code", 0, FB},
    {"col", PS_COL, VS | PS_NO_RECON},
    {"colgroup", PS_COLGROUP, SP | PS_NO_RECON},
    {"dd", PS_DD, SP | PS_CLOSE_P | PS_BREAKOUT},
    {"desc", 0, PS_POINT},
    {"details", 0, CP},
    {"dir", 0, CP},
    {"div", 0, CP | PS_BREAKOUT},
    {"dl", 0, CP | PS_BREAKOUT},
    {"dt", PS_DT, SP | PS_CLOSE_P | PS_BREAKOUT},
    {"em", 0, FB},
    {"embed", 0, VS | PS_BREAKOUT},
    {"fieldset", 0, CP},
    {"figcaption", 0, CP},
    {"figure", 0, CP},
    {"font", PS_FONT, PS_FORMAT},
    {"footer", 0, CP},
    {"foreignobject", 0, PS_POINT},
    {"form", PS_FORM, SP | PS_CLOSE_P},
    {"frame", 0, VS | PS_NO_RECON},
    {"frameset", PS_FRAMESET, SP | PS_NO_RECON},
    {"h1", PS_HEADING, SP | PS_CLOSE_P | PS_BREAKOUT},
    {"h2", PS_HEADING, SP | PS_CLOSE_P | PS_BREAKOUT},
    {"h3", PS_HEADING, SP | PS_CLOSE_P | PS_BREAKOUT},
    {"h4", PS_HEADING, SP | PS_CLOSE_P | PS_BREAKOUT},
    {"h5", PS_HEADING, SP | PS_CLOSE_P | PS_BREAKOUT},
    {"h6", PS_HEADING, SP | PS_CLOSE_P | PS_BREAKOUT},
    {"head", PS_HEAD, SP | PS_BREAKOUT | PS_NO_RECON},
    {"header", 0, CP},
    {"hgroup", 0, CP},
    {"hr", 0, VS | PS_CLOSE_P | PS_BREAKOUT},
    {"html", PS_HTML, SP | PS_SCOPE | PS_NO_RECON},
    {"i", 0, FB},
    {"iframe", 0, SP | PS_RAW | PS_NO_RECON},
    {"image", PS_IMAGE, PS_VOID},
    {"img", 0, VS | PS_BREAKOUT},
    {"input", PS_INPUT, VS},
    {"isindex", PS_ISINDEX, VS | PS_CLOSE_P},
    {"keygen", PS_INPUT, VS},
    {"li", PS_LI, SP | PS_CLOSE_P | PS_BREAKOUT},
    {"link", 0, VS | PS_NO_RECON},
    {"listing", 0, CP | PS_BREAKOUT},
    {"main", 0, CP},
    {"malignmark", PS_MGLYPH, 0},
    {"marquee", 0, SP | PS_SCOPE | PS_MARKER | PS_BLOCK_END},
    {"math", PS_MATH, 0},
    {"menu", 0, CP | PS_BREAKOUT},
    {"menuitem", 0, SP},
    {"meta", 0, VS | PS_BREAKOUT | PS_NO_RECON},
    {"mglyph", PS_MGLYPH, 0},
    {"mi", PS_MTEXT, 0},
    {"mn", PS_MTEXT, 0},
    {"mo", PS_MTEXT, 0},
    {"ms", PS_MTEXT, 0},
    {"mtext", PS_MTEXT, 0},
    {"nav", 0, CP},
    {"nobr", PS_NOBR, FB},
    {"noembed", 0, SP | PS_RAW | PS_NO_RECON},
    {"noframes", 0, SP | PS_RAW | PS_NO_RECON},
    {"noscript", PS_NOSCRIPT, SP},
    {"object", 0, SP | PS_SCOPE | PS_MARKER | PS_BLOCK_END},
    {"ol", 0, CP | PS_BREAKOUT},
    {"optgroup", PS_OPTGROUP, 0},
    {"option", PS_OPTION, 0},
    {"p", PS_P, SP | PS_CLOSE_P | PS_BREAKOUT},
    {"param", 0, VS | PS_NO_RECON},
    {"plaintext", PS_PLAINTEXT, SP | PS_CLOSE_P},
    {"pre", 0, CP | PS_BREAKOUT},
    {"rb", PS_RUBY_PART, PS_NO_RECON},
    {"rp", PS_RUBY_PART, PS_NO_RECON},
    {"rt", PS_RUBY_PART, PS_NO_RECON},
    {"rtc", PS_RUBY_PART, PS_NO_RECON},
    {"ruby", 0, PS_BREAKOUT},
    {"s", 0, FB},
    {"script", 0, SP | PS_RAW | PS_NO_RECON},
    {"section", 0, CP},
    {"select", PS_SELECT, SP},
    {"small", 0, FB},
    {"source", 0, VS | PS_NO_RECON},
    {"span", 0, PS_BREAKOUT},
    {"strike", 0, FB},
    {"strong", 0, FB},
    {"style", 0, SP | PS_RAW | PS_NO_RECON},
    {"sub", 0, PS_BREAKOUT},
    {"summary", 0, CP},
    {"sup", 0, PS_BREAKOUT},
    {"svg", PS_SVG, 0},
    {"table", PS_TABLE, SP | PS_SCOPE | PS_BREAKOUT | PS_NO_RECON},
    {"tbody", PS_SECTION, SP | PS_NO_RECON},
    {"td", PS_CELL, SP | PS_SCOPE | PS_MARKER | PS_NO_RECON},
    {"template", PS_TEMPLATE, SP | PS_SCOPE | PS_MARKER | PS_NO_RECON},
    {"textarea", PS_TEXTAREA, SP | PS_RAW | PS_NO_RECON},
    {"tfoot", PS_SECTION, SP | PS_NO_RECON},
    {"th", PS_CELL, SP | PS_SCOPE | PS_MARKER | PS_NO_RECON},
    {"thead", PS_SECTION, SP | PS_NO_RECON},
    {"title", 0, SP | PS_RAW | PS_POINT | PS_NO_RECON},
    {"tr", PS_TR, SP | PS_NO_RECON},
    {"track", 0, VS | PS_NO_RECON},
    {"tt", 0, FB},
    {"u", 0, FB},
    {"ul", 0, CP | PS_BREAKOUT},
    {"var", 0, PS_BREAKOUT},
    {"wbr", 0, VS},
    {"xmp", 0, SP | PS_RAW | PS_CLOSE_P},
};
#undef SP
#undef CP
#undef FB
#undef VS

/* Namespaces of foreign elements. */
enum { PS_NS_HTML = 0, PS_NS_SVG, PS_NS_MATH };

/* The mode of a template's content, fixed by the first start tag in it. */
enum { PS_TMPL_UNSET = 0, PS_TMPL_COLGROUP, PS_TMPL_TABLE, PS_TMPL_OTHER };

/* One open element of the model. */
typedef struct {
    uint32_t hash;       /* of the lower-case name */
    unsigned char id;    /* ps_id */
    unsigned char foreign; /* 0 HTML, PS_NS_SVG or PS_NS_MATH */
    unsigned char special; /* stops "any other end tag" */
    unsigned char scope; /* a default-scope boundary */
    unsigned char point; /* foreign: 1 HTML integration point, 2 MathML text one */
    unsigned char tmpl;  /* template: its mode, by its first start tag (PS_TMPL_*) */
    unsigned char zombie; /* maybe closed by gumbo already: a tag that would
                             match it pops nothing (gumbo may pop it, or one
                             further down) */
    unsigned short flags;
    int afe;             /* its entry in the formatting list, or -1 */
} ps_open;

/* One entry of the list of active formatting elements. */
typedef struct {
    uint32_t ident; /* name and attributes, for the Noah's Ark clause */
    uint32_t hash;  /* name */
    int open;       /* index in the stack, or -1; -2 for a marker */
} ps_fmt;

/* What the tag tokenizer learned of one tag. */
typedef struct {
    size_t name, name_len; /* offset and length of the name */
    size_t end;            /* offset after the tag */
    uint32_t hash, ident;
    uint32_t html_hash; /* for HTML elements: hash, or PS_UNKNOWN_HASH */
    unsigned attrs;
    bool self_closing, font_breakout, html_encoding, mangled;
    const ps_tag *tag;     /* NULL for names not in ps_tags */
} ps_token;

typedef struct {
    ps_open *stack;
    unsigned depth, cap, stack_alloc; /* cap: most entries ever (from max_depth) */
    ps_fmt *list;
    size_t nlist, list_cap, list_alloc;
    unsigned n_foreign, n_select, n_table, n_template;
    unsigned n_table_template; /* open templates whose content is table parts */
    unsigned html_attrs, body_attrs;
    bool frameset, over; /* frameset: raw text unsure from here on */
    bool maybe_raw; /* the last start tag may or may not begin raw text */
    unsigned long long steps; /* of the model's stack walks (PS_MAX_STEPS) */
    size_t clip;    /* scan markup only up to here for now (see dom_prescan) */
    size_t empty_end_at; /* just after the last "</>" */
    bool in_body; /* past the head: a body tag or text was seen */
    bool reset;   /* gumbo just reset its insertion mode: raw text unsure */
    dom_prescan_result r;
    const dom_limits *lim;
} ps_state;

static bool ps_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static uint32_t ps_hash(uint32_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        h = h * 33u + (uint32_t)lower((unsigned char)s[i]);
    return h;
}

static int ps_tag_cmp(const void *key, const void *elem)
{
    return strcmp(key, ((const ps_tag *)elem)->name);
}

static const ps_tag *ps_lookup(const char *s, size_t n)
{
    char name[PS_NAME_MAX + 1];
    if (n == 0 || n > PS_NAME_MAX || memchr(s, '\0', n)) /* gumbo: U+FFFD, unknown */
        return NULL;
    for (size_t i = 0; i < n; i++)
        name[i] = (char)lower((unsigned char)s[i]);
    name[n] = '\0';
    return bsearch(name, ps_tags, sizeof ps_tags / sizeof ps_tags[0], sizeof ps_tags[0],
                   ps_tag_cmp);
}

static bool ps_ieq(const char *s, size_t n, const char *word)
{
    return name_is(s, n, word);
}

/* gumbo 0.10.1 matches end tags to HTML elements by its tag enum, so an
 * end tag of a name it does not know closes the nearest element of any
 * unknown name (</g> closes an open <x>): such names share one hash. */
#define PS_UNKNOWN_HASH 1u

static bool ps_gumbo_knows(const char *s, size_t n)
{
    char name[32];
    if (n == 0 || n >= sizeof name || memchr(s, '\0', n))
        return false;
    for (size_t i = 0; i < n; i++)
        name[i] = (char)lower((unsigned char)s[i]);
    return gumbo_tagn_enum(name, (unsigned)n) != GUMBO_TAG_UNKNOWN;
}

/* Tokenizes the tag whose name starts at i, as the HTML tokenizer does:
 * quotes open a value only after '=', a '>' inside a quoted value does not
 * end the tag, and one in an attribute name or unquoted value does. */
static void ps_tokenize(const char *s, size_t len, size_t i, ps_token *t)
{
    memset(t, 0, sizeof *t);
    t->name = i;
    while (i < len && !ps_space(s[i]) && s[i] != '/' && s[i] != '>')
        i++;
    t->name_len = i - t->name;
    t->hash = ps_hash(5381, s + t->name, t->name_len);
    t->ident = t->hash;
    t->html_hash = ps_gumbo_knows(s + t->name, t->name_len) ? t->hash : PS_UNKNOWN_HASH;
    t->tag = ps_lookup(s + t->name, t->name_len);
    bool font = t->tag && t->tag->id == PS_FONT;
    bool annotation = t->tag && t->tag->id == PS_ANNOTATION;
    while (i < len) {
        char c = s[i];
        if (ps_space(c)) {
            i++;
            continue;
        }
        if (c == '>') {
            t->end = i + 1;
            return;
        }
        if (c == '/') {
            t->self_closing = i + 1 < len && s[i + 1] == '>';
            i++;
            continue;
        }
        /* an attribute name: '=' is part of it when it comes first */
        size_t an = i++;
        while (i < len && !ps_space(s[i]) && s[i] != '/' && s[i] != '>' && s[i] != '=')
            i++;
        size_t an_len = i - an;
        t->attrs++;
        t->ident = ps_hash(t->ident * 31u + 1u, s + an, an_len);
        if (font && (ps_ieq(s + an, an_len, "color") || ps_ieq(s + an, an_len, "face") ||
                     ps_ieq(s + an, an_len, "size")))
            t->font_breakout = true;
        while (i < len && ps_space(s[i]))
            i++;
        if (i >= len || s[i] != '=')
            continue;
        i++;
        while (i < len && ps_space(s[i]))
            i++;
        size_t v = i, v_len;
        if (i < len && (s[i] == '"' || s[i] == '\'')) {
            const char *q = memchr(s + i + 1, s[i], len - i - 1);
            v = i + 1;
            i = q ? (size_t)(q - s) + 1 : len;
            v_len = (q ? (size_t)(q - s) : len) - v;
        } else {
            while (i < len && !ps_space(s[i]) && s[i] != '>')
                i++;
            v_len = i - v;
        }
        t->ident = t->ident * 31u + (uint32_t)v_len;
        for (size_t k = 0; k < v_len; k++)
            t->ident = t->ident * 33u + (unsigned char)s[v + k];
        if (annotation && ps_ieq(s + an, an_len, "encoding") &&
            (ps_ieq(s + v, v_len, "text/html") || ps_ieq(s + v, v_len, "application/xhtml+xml")))
            t->html_encoding = true;
    }
    t->end = len;
}

/* ---- the model's stack and list */

static void ps_note_depth(ps_state *p, unsigned extra)
{
    unsigned d = p->depth + extra;
    if (d > p->r.depth)
        p->r.depth = d;
    if (d > p->lim->max_depth)
        p->over = true;
}

static void ps_count_node(ps_state *p)
{
    if (++p->r.nodes > p->lim->max_nodes)
        p->over = true;
}

static void ps_counters(ps_state *p, const ps_open *e, int delta)
{
    p->n_foreign += (unsigned)(e->foreign ? delta : 0);
    p->n_select += (unsigned)(e->id == PS_SELECT && !e->foreign ? delta : 0);
    p->n_table += (unsigned)(e->id == PS_TABLE && !e->foreign ? delta : 0);
    p->n_template += (unsigned)(e->id == PS_TEMPLATE && !e->foreign ? delta : 0);
    p->n_table_template += (unsigned)(e->tmpl == PS_TMPL_TABLE ? delta : 0);
}

static bool ps_push(ps_state *p, uint32_t hash, const ps_tag *tag, unsigned char foreign)
{
    ps_count_node(p);
    if (p->depth >= p->cap) {
        p->over = true;
        return false;
    }
    if (p->depth == p->stack_alloc) {
        unsigned n = p->stack_alloc * 2 < p->cap ? p->stack_alloc * 2 : p->cap;
        ps_open *grown = realloc(p->stack, n * sizeof *grown);
        if (!grown) {
            p->over = true; /* refuse rather than risk it */
            return false;
        }
        p->stack = grown;
        p->stack_alloc = n;
    }
    ps_open *e = &p->stack[p->depth];
    e->hash = hash;
    e->id = tag ? tag->id : PS_OTHER;
    e->flags = tag ? tag->flags : 0;
    e->foreign = foreign;
    e->point = 0;
    e->tmpl = PS_TMPL_UNSET;
    e->zombie = 0;
    if (foreign) {
        /* foreignObject, desc and title are integration points in SVG only,
         * mi...mtext in MathML only (annotation-xml: see ps_start_tag) */
        e->point = foreign == PS_NS_SVG && (e->flags & PS_POINT)    ? 1
                   : foreign == PS_NS_MATH && e->id == PS_MTEXT ? 2
                                                                : 0;
        e->special = e->scope = e->point || (foreign == PS_NS_MATH && e->id == PS_ANNOTATION);
    } else {
        e->special = (e->flags & PS_SPECIAL) != 0;
        e->scope = (e->flags & PS_SCOPE) != 0;
    }
    e->afe = -1;
    ps_counters(p, e, 1);
    p->depth++;
    ps_note_depth(p, 0);
    return true;
}

/* Removes list entry k, keeping the stack's back references right. */
static void ps_list_remove(ps_state *p, size_t k)
{
    if (p->list[k].open >= 0)
        p->stack[p->list[k].open].afe = -1;
    for (size_t j = k + 1; j < p->nlist; j++) {
        p->list[j - 1] = p->list[j];
        if (p->list[j - 1].open >= 0)
            p->stack[p->list[j - 1].open].afe = (int)(j - 1);
    }
    p->nlist--;
}

static void ps_clear_to_marker(ps_state *p)
{
    while (p->nlist) {
        ps_fmt *f = &p->list[--p->nlist];
        if (f->open == -2)
            return;
        if (f->open >= 0)
            p->stack[f->open].afe = -1;
    }
}

static bool ps_list_add(ps_state *p, uint32_t ident, uint32_t hash, int open)
{
    if (p->nlist == p->list_cap) {
        p->over = true; /* more than any page needs: see dom_prescan */
        return false;
    }
    if (p->nlist == p->list_alloc) {
        size_t n = p->list_alloc * 2 < p->list_cap ? p->list_alloc * 2 : p->list_cap;
        ps_fmt *grown = realloc(p->list, n * sizeof *grown);
        if (!grown) {
            p->over = true;
            return false;
        }
        p->list = grown;
        p->list_alloc = n;
    }
    p->list[p->nlist] = (ps_fmt){ident, hash, open};
    if (open >= 0)
        p->stack[open].afe = (int)p->nlist;
    p->nlist++;
    return true;
}

/* Pops the top entry. */
static void ps_pop(ps_state *p)
{
    ps_open *e = &p->stack[--p->depth];
    if (e->afe >= 0)
        p->list[e->afe].open = -1;
    ps_counters(p, e, -1);
    /* no clearing of the formatting list here: gumbo clears it to the last
     * marker only on the end tags of td, th, caption, applet, marquee,
     * object and template, and when it closes a cell (ps_close_marked) */
}

static void ps_pop_to(ps_state *p, unsigned k)
{
    while (p->depth > k)
        ps_pop(p);
}

/* Searches the stack from the top for the element an end tag or a start
 * tag would close. match(e) says it is the one; stop(e) that the search
 * ends there without it. Gives its index, or -1. */
typedef enum { W_DEFAULT, W_BUTTON, W_LIST, W_TABLE, W_SPECIAL, W_LI } ps_walk_kind;

static bool ps_stops(const ps_open *e, ps_walk_kind w)
{
    if (!e->foreign && (e->id == PS_HTML || e->id == PS_TEMPLATE))
        return true;
    switch (w) {
    case W_DEFAULT:
        return e->scope;
    case W_BUTTON:
        return e->scope || (!e->foreign && e->id == PS_BUTTON);
    case W_LIST:
        return e->scope || (!e->foreign && (e->hash == ps_hash(5381, "ol", 2) ||
                                            e->hash == ps_hash(5381, "ul", 2)));
    case W_TABLE:
        return !e->foreign && e->id == PS_TABLE;
    case W_SPECIAL:
        return e->special;
    case W_LI: /* li, dd, dt start tags: stop at specials but address, div, p */
        return e->special && !(e->id == PS_P || e->hash == ps_hash(5381, "div", 3) ||
                               e->hash == ps_hash(5381, "address", 7));
    }
    return true;
}

/* Counts n steps of the model's own stack walks; over PS_MAX_STEPS the page
 * is refused (gumbo walks as much, and a little slower). */
static void ps_steps(ps_state *p, unsigned n)
{
    p->steps += n;
    if (p->steps > PS_MAX_STEPS)
        p->over = true;
}

static long ps_find(ps_state *p, ps_walk_kind w, uint32_t hash, int id)
{
    for (unsigned k = 0; k < p->depth; k++) {
        const ps_open *e = &p->stack[p->depth - 1 - k];
        ps_steps(p, 1);
        bool match = !e->foreign && (id ? e->id == id : e->hash == hash);
        if (match && e->zombie)
            return -1; /* gumbo may pop it or one further down: pop nothing */
        if (match)
            return (long)(p->depth - 1 - k);
        if (ps_stops(e, w))
            return -1;
    }
    return -1;
}

/* Pops to (and including) what ps_find finds; true when it found it. */
static bool ps_close(ps_state *p, ps_walk_kind w, uint32_t hash, int id)
{
    p->r.work += p->depth;
    long k = ps_find(p, w, hash, id);
    if (k < 0)
        return false;
    ps_pop_to(p, (unsigned)k);
    return true;
}

/* A close that ends a marker element explicitly: the formatting list is
 * then cleared to the last marker, as gumbo does. With cell set, also when
 * the close pops an open cell on the way (</tr>, </table> in a cell). */
static bool ps_close_marked(ps_state *p, ps_walk_kind w, uint32_t hash, int id, bool cell)
{
    long c = cell ? ps_find(p, W_TABLE, 0, PS_CELL) : -1;
    p->r.work += p->depth;
    long k = ps_find(p, w, hash, id);
    if (k < 0)
        return false;
    ps_pop_to(p, (unsigned)k);
    if (!cell || c >= k)
        ps_clear_to_marker(p);
    return true;
}

/* Reconstructs the active formatting elements: pushes, in order, the
 * entries after the last one that is open or a marker. */
static void ps_reconstruct(ps_state *p)
{
    size_t k = p->nlist;
    while (k > 0 && p->list[k - 1].open == -1)
        k--;
    for (; k < p->nlist && !p->over; k++) {
        if (!ps_push(p, p->list[k].hash, NULL, false))
            return;
        p->stack[p->depth - 1].flags = PS_FORMAT;
        p->stack[p->depth - 1].afe = (int)k;
        p->list[k].open = (int)(p->depth - 1);
    }
}

/* The last list entry after the last marker named hash, looking at most
 * PS_WINDOW entries back; -1 if none. */
static long ps_list_find(const ps_state *p, uint32_t hash)
{
    for (size_t k = p->nlist, n = 0; k > 0 && n < PS_WINDOW; k--, n++) {
        const ps_fmt *f = &p->list[k - 1];
        if (f->open == -2)
            return -1;
        if (f->hash == hash)
            return (long)(k - 1);
    }
    return -1;
}

/* The Noah's Ark clause: at most three identical entries after the last
 * marker (looking PS_WINDOW entries back: keeping more only overcounts). */
static void ps_noahs_ark(ps_state *p, uint32_t ident)
{
    size_t same = 0, earliest = 0;
    for (size_t k = p->nlist, n = 0; k > 0 && n < PS_WINDOW; k--, n++) {
        const ps_fmt *f = &p->list[k - 1];
        if (f->open == -2)
            break;
        if (f->ident == ident) {
            same++;
            earliest = k - 1;
        }
    }
    if (same >= 3)
        ps_list_remove(p, earliest);
}

/* Any other end tag: pops to the element of that name unless a special
 * element comes first. */
static void ps_end_other(ps_state *p, uint32_t hash)
{
    ps_close(p, W_SPECIAL, hash, 0);
}

/* Where gumbo pops (or not) what the model cannot follow, the model keeps
 * the elements as zombies: a search that would match one stops there and
 * pops nothing, as popping it (or going on to a deeper match) could pop
 * what gumbo keeps. They still count, and still stop other searches as
 * before (both only overcount). */
static void ps_zombify(ps_state *p, unsigned k)
{
    ps_open *e = &p->stack[k];
    if (e->afe >= 0)
        ps_list_remove(p, (size_t)e->afe);
    e->zombie = 1;
}

/* An end tag of a formatting element: the adoption agency. Modelled where
 * it is simple (no special element above the formatting element: pop to
 * it); otherwise gumbo rearranges the tree without making the stack deeper,
 * and the model keeps its stack as it is. */
static void ps_end_format(ps_state *p, uint32_t hash)
{
    p->r.work += p->depth + PS_WINDOW;
    long f = ps_list_find(p, hash);
    if (f < 0) {
        ps_end_other(p, hash);
        return;
    }
    int at = p->list[f].open;
    if (at < 0) {
        ps_list_remove(p, (size_t)f);
        return;
    }
    ps_steps(p, p->depth - (unsigned)at);
    unsigned fb = 0; /* the furthest block: the lowest special above at */
    for (unsigned k = p->depth - 1; k > (unsigned)at; k--) {
        if (p->stack[k].scope)
            return; /* not in scope: ignored */
        if (p->stack[k].special)
            fb = k;
    }
    if (fb) {
        /* gumbo's outer loop (8 rounds) moves the element below each special
         * element above it in turn, takes the others off its stack, and in
         * its last round pops all above the topmost special element */
        unsigned top = fb, specials = 0;
        for (unsigned k = fb; k < p->depth; k++)
            if (p->stack[k].special) {
                top = k;
                specials++;
            }
        if (specials < 7)
            ps_pop_to(p, top + 1);
        ps_zombify(p, (unsigned)at);
        for (unsigned k = (unsigned)at + 1; k < p->depth; k++)
            if (!p->stack[k].special && p->stack[k].afe < 0)
                ps_zombify(p, k);
        return;
    }
    ps_pop_to(p, (unsigned)at);
    long g = ps_list_find(p, hash);
    if (g >= 0 && p->list[g].open == -1)
        ps_list_remove(p, (size_t)g);
}

static bool ps_top_is(const ps_state *p, int id)
{
    const ps_open *e = &p->stack[p->depth - 1];
    return !e->foreign && !e->zombie && e->id == id;
}


/* True for elements that decide gumbo's insertion mode ahead of a select. */
static bool ps_mode_boundary(const ps_open *e)
{
    if (e->foreign)
        return true;
    switch (e->id) {
    case PS_TEMPLATE: case PS_CELL: case PS_TR: case PS_SECTION: case PS_TABLE:
    case PS_CAPTION: case PS_COLGROUP: case PS_HTML: case PS_BODY: case PS_FRAMESET:
        return true;
    default:
        return false;
    }
}

/* True when table parts are read as such: the nearest open table or template
 * is a table, or a template whose content began with a table part. */
static bool ps_table_context(ps_state *p)
{
    if (p->n_table == 0 && p->n_table_template == 0)
        return false;
    for (unsigned k = p->depth; k > 0; k--) {
        const ps_open *e = &p->stack[k - 1];
        ps_steps(p, 1);
        if (e->foreign || e->zombie)
            continue;
        if (e->id == PS_TABLE)
            return true;
        if (e->id == PS_TEMPLATE)
            return e->tmpl != PS_TMPL_OTHER && e->tmpl != PS_TMPL_COLGROUP;
    }
    return false;
}

/* True when gumbo is in a table mode ("in table", "in table body", "in
 * row"): the nearest table is reached before any cell or caption. What
 * lies above it then was foster-parented and does not change the mode. */
static bool ps_in_table_mode(ps_state *p)
{
    if (p->n_table == 0)
        return false;
    for (unsigned k = p->depth; k > 0; k--) {
        const ps_open *e = &p->stack[k - 1];
        ps_steps(p, 1);
        if (e->foreign || e->zombie)
            continue;
        if (e->id == PS_TABLE)
            return true;
        if (e->id == PS_CELL || e->id == PS_CAPTION || e->id == PS_TEMPLATE ||
            e->id == PS_HTML || e->id == PS_SELECT)
            return false;
    }
    return false;
}

/* The index of the select whose "in select" mode gumbo is in, or -1. Above
 * it in the model are only elements gumbo ignored (or option, optgroup). */
static long ps_select_at(ps_state *p)
{
    for (unsigned k = 0; k < p->depth; k++) {
        const ps_open *e = &p->stack[p->depth - 1 - k];
        ps_steps(p, 1);
        if (!e->foreign && e->id == PS_SELECT)
            return (long)(p->depth - 1 - k);
        if (ps_mode_boundary(e))
            return -1;
    }
    return -1;
}

static bool ps_in_select(ps_state *p)
{
    return p->n_select && ps_select_at(p) >= 0;
}

/* After gumbo "resets the insertion mode" (a select, table or template
 * ends) it picks the mode from the names on its stack, foreign elements
 * included: a MathML <frameset> or <colgroup> then puts it in a mode that
 * ignores most tags and reads no raw text. The model cannot follow that, so
 * from there on it reads raw text both ways, as after a real frameset. */
static void ps_after_reset(ps_state *p)
{
    static const char *const modal[] = {"select", "td", "th", "tr", "tbody", "thead", "tfoot",
                                        "caption", "colgroup", "table", "template", "head",
                                        "body", "frameset", "html"};
    for (unsigned k = p->depth; k > 0 && !p->frameset; k--) {
        const ps_open *e = &p->stack[k - 1];
        ps_steps(p, 1);
        if (!e->foreign)
            continue;
        for (size_t m = 0; m < sizeof modal / sizeof modal[0]; m++)
            if (e->hash == ps_hash(5381, modal[m], strlen(modal[m])))
                p->frameset = true;
    }
}

static void ps_close_select(ps_state *p)
{
    long k = ps_select_at(p);
    if (k >= 0) {
        ps_pop_to(p, (unsigned)k);
        ps_after_reset(p);
    }
}

/* True when the next start tag is parsed as foreign content. */
static bool ps_in_foreign(const ps_state *p, const ps_token *t)
{
    const ps_open *e = &p->stack[p->depth - 1];
    if (!e->foreign)
        return false;
    int id = t->tag ? t->tag->id : PS_OTHER;
    if (e->point == 1)
        return false; /* foreignObject, desc, title, annotation-xml as HTML */
    if (e->point == 2)
        return id == PS_MGLYPH; /* mi, mo, mn, ms, mtext */
    return true;
}

static void ps_end_tag(ps_state *p, const ps_token *t)
{
    int id = t->tag ? t->tag->id : PS_OTHER;
    unsigned flags = t->tag ? t->tag->flags : 0;
    /* in foreign content, foreign elements of that name close first */
    for (unsigned k = p->depth; k > 0 && p->stack[k - 1].foreign; k--, ps_steps(p, 1))
        if (p->stack[k - 1].hash == t->hash) {
            ps_pop_to(p, k - 1);
            return;
        }
    bool table_end = id == PS_CAPTION || id == PS_TABLE || id == PS_SECTION ||
                     id == PS_TR || id == PS_CELL;
    if (ps_in_select(p) && table_end && ps_table_context(p) &&
        ps_find(p, W_TABLE, id == PS_CELL || id == PS_SECTION ? t->hash : 0,
                id == PS_CELL || id == PS_SECTION ? 0 : id) >= 0)
        ps_close_select(p); /* "in select in table": then as in the table */
    else if (ps_in_select(p) && id != PS_TEMPLATE) { /* "in select": the rest is ignored */
        if (id == PS_SELECT)
            ps_close_select(p);
        else if (id == PS_OPTION && ps_top_is(p, PS_OPTION))
            ps_pop(p);
        else if (id == PS_OPTGROUP) {
            if (ps_top_is(p, PS_OPTION) && p->depth > 1 && !p->stack[p->depth - 2].foreign &&
                p->stack[p->depth - 2].id == PS_OPTGROUP)
                ps_pop(p);
            if (ps_top_is(p, PS_OPTGROUP))
                ps_pop(p);
        }
        return;
    }
    switch (id) {
    case PS_HTML: case PS_BODY: case PS_HEAD:
        return;
    case PS_BR:
        ps_reconstruct(p); /* </br> is <br> */
        ps_count_node(p);
        ps_note_depth(p, 1);
        return;
    case PS_P:
        if (!ps_close(p, W_BUTTON, 0, PS_P)) {
            ps_count_node(p); /* </p> alone makes an empty p */
            ps_note_depth(p, 1);
        }
        return;
    case PS_LI:
        ps_close(p, W_LIST, 0, PS_LI);
        return;
    case PS_DD: case PS_DT: case PS_HEADING:
        ps_close(p, W_DEFAULT, 0, id);
        return;
    case PS_CAPTION:
        ps_close_marked(p, W_TABLE, 0, id, false);
        return;
    case PS_CELL: /* </td> closes a td, not a th */
        ps_close_marked(p, W_TABLE, t->hash, 0, false);
        return;
    case PS_SECTION:
        ps_close_marked(p, W_TABLE, t->hash, 0, true);
        return;
    case PS_TR: case PS_TABLE:
        if (ps_close_marked(p, W_TABLE, 0, id, true) && id == PS_TABLE)
            ps_after_reset(p);
        return;
    case PS_COLGROUP:
        if (ps_top_is(p, id))
            ps_pop(p);
        return;
    case PS_FORM: { /* gumbo takes the form off its stack, wherever it is */
        long k = ps_find(p, W_DEFAULT, 0, PS_FORM);
        if (k >= 0 && (unsigned)k == p->depth - 1)
            ps_pop(p);
        else if (k >= 0)
            ps_zombify(p, (unsigned)k);
        return;
    }
    case PS_TEMPLATE:
        for (unsigned k = p->depth; k > 0; k--, ps_steps(p, 1))
            if (!p->stack[k - 1].foreign && p->stack[k - 1].id == PS_TEMPLATE) {
                ps_pop_to(p, k - 1);
                ps_clear_to_marker(p);
                ps_after_reset(p);
                return;
            }
        return;
    default:
        break;
    }
    if (flags & PS_FORMAT)
        ps_end_format(p, t->hash);
    else if (flags & PS_MARKER) /* applet, marquee, object clear the list */
        ps_close_marked(p, W_DEFAULT, t->hash, 0, false);
    else if (flags & PS_BLOCK_END)
        ps_close(p, W_DEFAULT, t->hash, 0);
    else
        ps_end_other(p, t->html_hash);
}

/* Table start tags: close what they close, add the implied tbody and tr;
 * outside any table (and template) gumbo ignores them. False when ignored. */
static bool ps_table_start(ps_state *p, int id)
{
    if (!ps_table_context(p))
        return false;
    p->r.work += p->depth;
    /* every table part closes an open cell first ("in cell"), then clears
     * the stack back to the context it belongs in: a cell to its row, a row
     * to its section, the others to the table */
    ps_close_marked(p, W_TABLE, 0, PS_CELL, false); /* close the cell */
    int upto[3] = {PS_TABLE, 0, 0};
    if (id == PS_CELL) {
        upto[1] = PS_TR;
        upto[2] = PS_SECTION;
    } else if (id == PS_TR) {
        upto[1] = PS_SECTION;
    }
    for (unsigned k = p->depth; k > 0; k--) {
        const ps_open *e = &p->stack[k - 1];
        ps_steps(p, 1);
        if (e->foreign || e->zombie)
            continue;
        if (e->id == upto[0] || (upto[1] && e->id == upto[1]) || (upto[2] && e->id == upto[2])) {
            ps_pop_to(p, k);
            break;
        }
        if (e->id == PS_TEMPLATE || e->id == PS_HTML)
            break;
    }
    static const ps_tag tbody = {"tbody", PS_SECTION, PS_SPECIAL};
    static const ps_tag tr = {"tr", PS_TR, PS_SPECIAL};
    static const ps_tag colgroup = {"colgroup", PS_COLGROUP, PS_SPECIAL};
    if ((id == PS_CELL || id == PS_TR) && ps_top_is(p, PS_TABLE))
        ps_push(p, ps_hash(5381, "tbody", 5), &tbody, false);
    if (id == PS_CELL && ps_top_is(p, PS_SECTION))
        ps_push(p, ps_hash(5381, "tr", 2), &tr, false);
    if (id == PS_COL && ps_top_is(p, PS_TABLE))
        ps_push(p, ps_hash(5381, "colgroup", 8), &colgroup, false);
    return true;
}

/* gumbo's "generate implied end tags": pops dd, dt, li, optgroup, option,
 * p, rb, rp, rt, rtc while one is the current node. */
static void ps_implied_end(ps_state *p)
{
    while (p->depth > 2) {
        const ps_open *e = &p->stack[p->depth - 1];
        bool implied = !e->foreign && !e->zombie &&
                       (e->id == PS_DD || e->id == PS_DT || e->id == PS_LI || e->id == PS_P ||
                        e->id == PS_OPTGROUP || e->id == PS_OPTION || e->id == PS_RUBY_PART);
        if (!implied)
            return;
        ps_pop(p);
    }
}

/* Start tags that close open elements first. */
static void ps_start_closes(ps_state *p, int id, unsigned flags, uint32_t hash)
{
    if (id == PS_LI)
        ps_close(p, W_LI, 0, PS_LI);
    else if (id == PS_DD || id == PS_DT) {
        ps_close(p, W_LI, 0, PS_DD);
        ps_close(p, W_LI, 0, PS_DT);
    }
    if (flags & PS_CLOSE_P)
        ps_close(p, W_BUTTON, 0, PS_P);
    if (id == PS_HEADING && ps_top_is(p, PS_HEADING))
        ps_pop(p);
    else if (id == PS_OPTION && ps_top_is(p, PS_OPTION))
        ps_pop(p);
    else if (id == PS_OPTGROUP) { /* in body, optgroups nest */
        if (ps_top_is(p, PS_OPTION))
            ps_pop(p);
        if (ps_top_is(p, PS_OPTGROUP) && ps_in_select(p))
            ps_pop(p);
    } else if (id == PS_BUTTON)
        ps_close(p, W_DEFAULT, 0, PS_BUTTON);
    else if (id == PS_TABLE && ps_in_table_mode(p))
        ps_close(p, W_TABLE, 0, PS_TABLE); /* a table in a table ends it */
    else if (id == PS_TABLE) {
        /* a table closes an open p in no-quirks mode only: maybe closed */
        long k = ps_find(p, W_BUTTON, 0, PS_P);
        for (unsigned j = k >= 0 ? (unsigned)k : p->depth; j < p->depth; j++)
            ps_zombify(p, j);
    }
    else if (id == PS_A || id == PS_NOBR)
        ps_end_format(p, hash); /* an open a (nobr) is closed first */
    else if (id == PS_RUBY_PART && ps_find(p, W_DEFAULT, ps_hash(5381, "ruby", 4), 0) >= 0)
        ps_implied_end(p); /* rb, rp, rt, rtc: inside a ruby, close p, li, rt... */
}

/* A start tag in the "in select" mode: false when gumbo ignores it (most
 * tags), else it goes on as in body after what it closes. */
static bool ps_start_in_select(ps_state *p, int id, uint32_t hash)
{
    switch (id) {
    case PS_SELECT: /* <select> in a select ends it */
        ps_close_select(p);
        return false;
    case PS_INPUT: case PS_TEXTAREA: /* end the select, then go on */
        ps_close_select(p);
        p->reset = true; /* gumbo then guesses its mode from the stack */
        return true;
    case PS_CAPTION: case PS_TABLE: case PS_SECTION: case PS_TR: case PS_CELL:
        if (!ps_table_context(p))
            return false;
        ps_close_select(p); /* "in select in table" */
        return true;
    case PS_OPTION: case PS_OPTGROUP: case PS_TEMPLATE:
        return true;
    default:
        return hash == ps_hash(5381, "script", 6);
    }
}

/* A start tag with a template as the current node. The first one that is
 * not a head element fixes the template's mode; in the column-group mode
 * (a <col> came first) gumbo ignores all but col and template (and so no
 * raw text starts there). False when ignored. */
static bool ps_start_in_template(ps_state *p, int id, uint32_t hash)
{
    static const char *const head_tags[] = {"base", "basefont", "bgsound", "link", "meta",
                                            "noframes", "script", "style", "template",
                                            "title"};
    ps_open *top = &p->stack[p->depth - 1];
    if (top->tmpl == PS_TMPL_UNSET) {
        bool head = false;
        for (size_t k = 0; k < sizeof head_tags / sizeof head_tags[0]; k++)
            head = head || hash == ps_hash(5381, head_tags[k], strlen(head_tags[k]));
        bool table = id == PS_CAPTION || id == PS_COLGROUP || id == PS_SECTION ||
                     id == PS_TR || id == PS_CELL;
        if (!head)
            top->tmpl = id == PS_COL ? PS_TMPL_COLGROUP : table ? PS_TMPL_TABLE : PS_TMPL_OTHER;
        p->n_table_template += top->tmpl == PS_TMPL_TABLE;
    }
    return top->tmpl != PS_TMPL_COLGROUP || id == PS_COL || id == PS_TEMPLATE;
}

/* A start tag in HTML content. Returns false when it ends the scan
 * (plaintext); *skip_raw is set when its content is raw text. */
static bool ps_start_html(ps_state *p, const ps_token *t, bool *skip_raw)
{
    int id = t->tag ? t->tag->id : PS_OTHER;
    unsigned flags = t->tag ? t->tag->flags : 0;
    /* In HTML content raw text is certain, but after a <frameset> (gumbo may
     * or may not have honoured it, and ignores raw tags if it did). */
    bool raw_ok; /* decided below, after what the tag closes */
    *skip_raw = false;
    if (ps_top_is(p, PS_TEMPLATE) && !ps_start_in_template(p, id, t->hash))
        return true;
    if (id == PS_HTML || id == PS_BODY) { /* merged into the one element */
        unsigned *n = id == PS_HTML ? &p->html_attrs : &p->body_attrs;
        *n += t->attrs;
        if (*n > p->r.attrs)
            p->r.attrs = *n;
        if (*n > p->lim->max_attrs)
            p->over = true;
        return true;
    }
    if (id == PS_HEAD)
        return true;
    if (!p->in_body && !(id == PS_NOSCRIPT || (flags & PS_NO_RECON)))
        p->in_body = true; /* a tag that does not belong in the head */
    if (ps_in_select(p) && !ps_start_in_select(p, id, t->hash))
        return true;
    if (id == PS_CELL || id == PS_TR || id == PS_SECTION || id == PS_CAPTION ||
        id == PS_COLGROUP || id == PS_COL) {
        if (!ps_table_start(p, id))
            return true;
    }
    ps_start_closes(p, id, flags, t->hash);
    raw_ok = !p->frameset && !p->reset;
    p->reset = false;
    /* block-level tags open no formatting elements again (gumbo reopens them
     * at the next text or phrasing tag: inside the block, which matters for
     * the node count) */
    if (!(flags & PS_NO_RECON) &&
        (!(flags & PS_CLOSE_P) || t->hash == ps_hash(5381, "xmp", 3) || id == PS_ISINDEX))
        ps_reconstruct(p);
    if (id == PS_SVG || id == PS_MATH) {
        if (t->self_closing) {
            ps_count_node(p);
            ps_note_depth(p, 1);
        } else {
            ps_push(p, t->mangled ? 0 : t->hash, t->tag, id == PS_SVG ? PS_NS_SVG : PS_NS_MATH);
        }
        return true;
    }
    if (flags & PS_VOID) {
        ps_count_node(p);
        ps_note_depth(p, id == PS_ISINDEX ? 3 : 1);
        return true;
    }
    if (id == PS_PLAINTEXT && raw_ok) {
        ps_count_node(p);
        ps_note_depth(p, 2);
        return false;
    }
    if ((flags & PS_RAW) && raw_ok) {
        ps_count_node(p);
        ps_note_depth(p, 2); /* the element and its text */
        *skip_raw = true;
        return true;
    }
    if (id == PS_FRAMESET)
        p->frameset = true;
    if (!ps_push(p, t->html_hash, t->tag, false))
        return true;
    if (id == PS_NOSCRIPT && !p->in_body) /* gumbo's "in head noscript" */
        p->stack[p->depth - 1].zombie = 1; /* ends at the first body tag */
    if (p->n_table == 0 && (id == PS_CELL || id == PS_TR || id == PS_SECTION ||
                            id == PS_CAPTION || id == PS_COLGROUP)) {
        /* table parts in a template: gumbo's template modes may have
         * ignored them, so no end tag may close them (nor what is above) */
        ps_open *e = &p->stack[p->depth - 1];
        e->hash = 0;
        e->id = PS_OTHER;
        e->special = e->scope = 0;
    }
    if (flags & PS_RAW)
        p->maybe_raw = true; /* raw or not: see dom_prescan */
    if (flags & PS_FORMAT) {
        ps_noahs_ark(p, t->ident);
        ps_list_add(p, t->ident, t->hash, (int)(p->depth - 1));
    } else if (flags & PS_MARKER) {
        ps_list_add(p, 0, 0, -2);
    }
    return true;
}

static bool ps_start_tag(ps_state *p, const ps_token *t, bool *skip_raw)
{
    p->r.work += p->depth + PS_WINDOW;
    *skip_raw = false;
    if (ps_in_foreign(p, t)) {
        bool breakout = t->tag && ((t->tag->flags & PS_BREAKOUT) ||
                                   (t->tag->id == PS_FONT && t->font_breakout));
        if (breakout) {
            /* gumbo pops foreign elements until an HTML element or an
             * integration point is current, then reads the tag as HTML */
            while (p->depth > 1 && p->stack[p->depth - 1].foreign &&
                   !p->stack[p->depth - 1].point)
                ps_pop(p);
        } else {
            if (t->self_closing) {
                ps_count_node(p);
                ps_note_depth(p, 1);
                return true;
            }
            unsigned char ns = p->stack[p->depth - 1].foreign; /* the parent's */
            if (ps_push(p, t->mangled ? 0 : t->hash, t->tag, ns) && ns == PS_NS_MATH && t->tag &&
                t->tag->id == PS_ANNOTATION && t->html_encoding)
                p->stack[p->depth - 1].point = 1;
            return true;
        }
    }
    return ps_start_html(p, t, skip_raw);
}

/* The end of a comment opened at i ("<!--" at i - 1): gumbo ends it at the
 * first "-->" or "--!>", and "<!-->" / "<!--->" are empty comments. */
static size_t ps_comment_end(const char *s, size_t len, size_t i)
{
    for (size_t k = i; k + 2 < len; k++) {
        if (s[k] != '-' || s[k + 1] != '-')
            continue;
        if (s[k + 2] == '>')
            return k + 3;
        if (k + 3 < len && s[k + 2] == '!' && s[k + 3] == '>')
            return k + 4;
    }
    return len;
}

/* True when s[i..] holds "<" "/" name (any case) and then white space, '/',
 * '>' or the end: an end tag that ends raw text. */
static bool ps_raw_end_at(const char *s, size_t len, size_t i, const char *name, size_t n)
{
    if (i + 2 + n > len || s[i] != '<' || s[i + 1] != '/')
        return false;
    for (size_t k = 0; k < n; k++)
        if (lower((unsigned char)s[i + 2 + k]) != lower((unsigned char)name[k]))
            return false;
    size_t e = i + 2 + n;
    return e == len || ps_space(s[e]) || s[e] == '/' || s[e] == '>';
}

/* True when s[i..] holds "script" (any case) and then white space, '/' or
 * '>': what switches the script escape states. */
static bool ps_script_word(const char *s, size_t len, size_t i)
{
    return i + 6 < len && name_is(s + i, 6, "script") &&
           (ps_space(s[i + 6]) || s[i + 6] == '/' || s[i + 6] == '>');
}

/* Where the script data from `from` ends (the '<' of its end tag, or len),
 * with the tokenizer's escape states: after "<!--", "<script>" starts a
 * double-escaped part that "</script>" only ends, and "-->" leaves both. */
static size_t ps_skip_script(const char *s, size_t len, size_t from)
{
    enum { DATA, ESCAPED, DOUBLE } state = DATA;
    for (size_t i = from; i < len; i++) {
        char c = s[i];
        if (c == '-' && state != DATA && i + 2 < len && s[i + 1] == '-' && s[i + 2] == '>') {
            state = DATA;
            i += 2;
            continue;
        }
        if (c != '<')
            continue;
        if (state == DATA && i + 3 < len && s[i + 1] == '!' && s[i + 2] == '-' &&
            s[i + 3] == '-') {
            state = ESCAPED;
            i += 3; /* "<!-->" then ends it again at the '-' check */
            if (i + 1 < len && s[i + 1] == '>')
                state = DATA;
            continue;
        }
        if (state != DOUBLE && ps_raw_end_at(s, len, i, "script", 6))
            return i;
        if (state == ESCAPED && ps_script_word(s, len, i + 1))
            state = DOUBLE;
        else if (state == DOUBLE && i + 1 < len && s[i + 1] == '/' && ps_script_word(s, len, i + 2))
            state = ESCAPED;
    }
    return len;
}

/* Where the raw text of t's element ends: the '<' of its end tag (the
 * tokenizer's rule exactly: an earlier end would let the scan read raw text
 * as markup, and a "<!--" or "<xmp>" there could hide what follows). */
static size_t ps_skip_raw(const char *s, size_t len, size_t from, const ps_token *t)
{
    if (t->tag && strcmp(t->tag->name, "script") == 0)
        return ps_skip_script(s, len, from);
    for (size_t i = from; i < len; i++) {
        const char *lt = memchr(s + i, '<', len - i);
        if (!lt)
            return len;
        i = (size_t)(lt - s);
        if (ps_raw_end_at(s, len, i, s + t->name, t->name_len))
            return i;
    }
    return len;
}

/* Text between tags: gumbo reconstructs the formatting elements, and looks
 * the last one up in its stack once per character. */
static void ps_text(ps_state *p, const char *s, size_t n)
{
    for (size_t i = 0; i < n && !p->in_body; i++)
        p->in_body = !ps_space(s[i]);
    ps_reconstruct(p);
    ps_count_node(p);
    ps_note_depth(p, 1);
    if (p->nlist && p->list[p->nlist - 1].open >= 0)
        p->r.work += (unsigned long long)n * (unsigned long long)(p->list[p->nlist - 1].open + 1);
    if (p->r.work > DOM_MAX_WORK)
        p->over = true;
}

/* A tag inside text that may or may not be raw (a <script> after a
 * <frameset>, which gumbo may or may not have honoured): start tags push an
 * element and nothing else, end tags do nothing, <noframes> is raw (it is in
 * both readings). So the model holds at least what either reading does. */
static size_t ps_in_region(ps_state *p, const char *s, size_t len, const ps_token *t,
                           bool closing)
{
    p->r.work += p->depth;
    if (closing)
        return t->end;
    if (t->tag && (t->tag->flags & PS_VOID)) {
        ps_count_node(p);
        ps_note_depth(p, 1);
        return t->end;
    }
    ps_push(p, 0, NULL, false); /* no end tag may close it */
    if (t->hash == ps_hash(5381, "noframes", 8))
        return ps_skip_raw(s, len, t->end, t);
    return t->end;
}

/* The markup at s[i] ('<' at i - 1); returns where scanning goes on, or len
 * when it ends. */
static size_t ps_markup(ps_state *p, const char *s, size_t len, size_t i)
{
    if (s[i] == '!') {
        if (i + 2 < len && s[i + 1] == '-' && s[i + 2] == '-')
            return ps_comment_end(s, len, i + 1);
        const char *gt = memchr(s + i, '>', len - i); /* doctype, bogus comment */
        return gt ? (size_t)(gt - s) + 1 : len;
    }
    if (s[i] == '?') {
        const char *gt = memchr(s + i, '>', len - i);
        return gt ? (size_t)(gt - s) + 1 : len;
    }
    bool closing = s[i] == '/';
    size_t at = closing ? i + 1 : i;
    if (at >= len)
        return len;
    if (!((s[at] | 32) >= 'a' && (s[at] | 32) <= 'z')) {
        if (!closing) /* a '<' in text */
            return i;
        const char *gt = memchr(s + at, '>', len - at); /* </> or a bogus comment */
        if (gt == s + at) /* "</>": gumbo then mangles the next tag's name */
            p->empty_end_at = at + 1;
        return gt ? (size_t)(gt - s) + 1 : len;
    }
    ps_token t;
    ps_tokenize(s, len, at, &t);
    /* gumbo 0.10.1 reads the name of a tag right after "</>" wrongly, so a
     * foreign element opened there never matches its end tag */
    t.mangled = !closing && i - 1 == p->empty_end_at;
    if (t.attrs > p->r.attrs)
        p->r.attrs = t.attrs;
    if (t.attrs > p->lim->max_attrs) {
        p->over = true;
        return len;
    }
    if (p->clip != SIZE_MAX)
        return ps_in_region(p, s, len, &t, closing);
    if (closing) {
        p->r.work += p->depth;
        ps_end_tag(p, &t);
        return t.end;
    }
    bool raw;
    p->maybe_raw = false;
    if (!ps_start_tag(p, &t, &raw))
        return len;
    if (p->maybe_raw) {
        size_t e = ps_skip_raw(s, len, t.end, &t);
        if (e < p->clip)
            p->clip = e;
    }
    return raw ? ps_skip_raw(s, len, t.end, &t) : t.end;
}

void dom_prescan(const char *s, size_t len, const dom_limits *lim, dom_prescan_result *r)
{
    ps_state p;
    memset(&p, 0, sizeof p);
    p.lim = lim;
    p.cap = lim->max_depth + PS_SLACK + 2;
    p.list_cap = 2 * (size_t)p.cap + 64;
    p.stack_alloc = p.cap < PS_INITIAL ? p.cap : PS_INITIAL;
    p.list_alloc = PS_INITIAL;
    p.stack = malloc(p.stack_alloc * sizeof *p.stack);
    p.list = malloc(p.list_alloc * sizeof *p.list);
    if (!p.stack || !p.list) {
        free(p.stack);
        free(p.list);
        memset(r, 0, sizeof *r);
        r->depth = lim->max_depth + 1; /* refuse rather than risk it */
        return;
    }
    static const ps_tag html = {"html", PS_HTML, PS_SPECIAL | PS_SCOPE};
    static const ps_tag body = {"body", PS_BODY, PS_SPECIAL};
    ps_push(&p, ps_hash(5381, "html", 4), &html, false);
    ps_push(&p, ps_hash(5381, "body", 4), &body, false);
    /* Where the model cannot tell whether gumbo reads an element's content
     * as raw text (a script in a select, a style in svg), it reads it as
     * markup, but only up to the first "</name": nothing in it (a comment, a
     * quoted attribute) may hide what follows, whichever way gumbo reads it. */
    p.clip = SIZE_MAX;
    p.empty_end_at = SIZE_MAX;
    size_t i = 0, full = len;
    while (i < full && !p.over) {
        if (i >= p.clip)
            p.clip = SIZE_MAX;
        len = p.clip < full ? p.clip : full;
        const char *lt = memchr(s + i, '<', len - i);
        size_t at = lt ? (size_t)(lt - s) : len;
        if (at > i)
            ps_text(&p, s + i, at - i);
        if (!lt) {
            i = len;
            continue;
        }
        if (p.over)
            break;
        i = at + 1;
        if (i >= len) {
            ps_text(&p, "<", 1);
            continue;
        }
        size_t next = ps_markup(&p, s, len, i);
        if (next == i) { /* '<' as text */
            ps_text(&p, "<", 1);
            continue;
        }
        i = next;
    }
    p.r.depth += PS_SLACK;
    p.r.steps = p.steps;
    if (p.over && p.r.depth <= lim->max_depth && p.r.nodes <= lim->max_nodes &&
        p.r.attrs <= lim->max_attrs && p.r.work <= DOM_MAX_WORK)
        p.r.depth = lim->max_depth + 1; /* stopped for want of memory: refuse */
    *r = p.r;
    free(p.stack);
    free(p.list);
}

unsigned dom_depth_bound(const char *html, size_t len, unsigned cap)
{
    dom_limits lim = {cap, SIZE_MAX, UINT_MAX};
    dom_prescan_result r;
    dom_prescan(html, len, &lim, &r);
    return r.depth > cap ? cap + 1 : r.depth;
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
 * recursively, so dom_parse gives it an allocator that links every block
 * into a list, and afterwards frees whatever is left, iteratively, instead
 * of calling gumbo_destroy_output. */
typedef union gumbo_block {
    struct {
        union gumbo_block *prev, *next;
    } link;
    max_align_t align; /* the payload after the header stays aligned */
} gumbo_block;

typedef struct {
    gumbo_block head; /* a ring: head.link is the list's ends */
} gumbo_memory;

static void *gumbo_alloc(void *userdata, size_t size)
{
    gumbo_memory *m = userdata;
    if (size > SIZE_MAX - sizeof(gumbo_block))
        return NULL;
    gumbo_block *b = malloc(sizeof *b + size);
    if (!b)
        return NULL;
    b->link.prev = &m->head;
    b->link.next = m->head.link.next;
    m->head.link.next->link.prev = b;
    m->head.link.next = b;
    return b + 1;
}

static void gumbo_dealloc(void *userdata, void *ptr)
{
    (void)userdata;
    if (!ptr)
        return;
    gumbo_block *b = (gumbo_block *)ptr - 1;
    b->link.prev->link.next = b->link.next;
    b->link.next->link.prev = b->link.prev;
    free(b);
}

static void gumbo_free_all(gumbo_memory *m)
{
    gumbo_block *b = m->head.link.next;
    while (b != &m->head) {
        gumbo_block *next = b->link.next;
        free(b);
        b = next;
    }
    m->head.link.prev = m->head.link.next = &m->head;
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
    gumbo_memory mem;
    mem.head.link.prev = mem.head.link.next = &mem.head;
    GumboOptions opts = kGumboDefaultOptions;
    opts.max_errors = 0; /* folio never reads them */
    opts.allocator = gumbo_alloc;
    opts.deallocator = gumbo_dealloc;
    opts.userdata = &mem;
    GumboOutput *g = gumbo_parse_with_options(&opts, html, len);
    folio_status st = g ? copy_tree(out, g->document, lim) : FOLIO_ENOMEM;
    gumbo_free_all(&mem); /* instead of gumbo_destroy_output */
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
