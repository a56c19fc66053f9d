/* dom_prescan.h — what the files of dom's prescan share: the model's
 * limits, its tables' types, its state, the small helpers every part calls
 * on the hot path (static inline, so each file can inline them), and the
 * functions one part calls in another. Private to dom.c and dom_prescan*.c:
 *   dom_prescan.c        reads the bytes: tags, comments, raw text, text;
 *                        dom_prescan and dom_depth_bound;
 *   dom_prescan_stack.c  the model's stack of open elements and list of
 *                        active formatting elements (the adoption agency);
 *   dom_prescan_tags.c   the tree builder's rules for each start and end
 *                        tag, and the insertion modes they depend on.
 * Names: ps_ for what has no linkage (types, static helpers), prescan_ for
 * the functions the files share.
 */
#ifndef FOLIO_DOM_PRESCAN_H
#define FOLIO_DOM_PRESCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dom.h"

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

/* The searches of the stack (prescan_find): where each kind stops. */
typedef enum { W_DEFAULT, W_BUTTON, W_LIST, W_TABLE, W_SPECIAL, W_LI } ps_walk_kind;

/* True when gumbo 0.10.1 has a tag enum for the name s[0..n) (any case).
 * In dom.c, the only file that includes gumbo.h. */
bool dom_gumbo_knows(const char *s, size_t n);

/* ---- the stack and the list (dom_prescan_stack.c) */

/* Pushes an element (tag may be NULL; foreign: PS_NS_*); false when the
 * model gives up (p->over). */
bool prescan_push(ps_state *p, uint32_t hash, const ps_tag *tag, unsigned char foreign);
/* Pops the top entry. */
void prescan_pop(ps_state *p);
/* Clears the formatting list back to the last marker. */
void prescan_clear_to_marker(ps_state *p);
/* Adds an entry to the formatting list (open: its stack index, -2 for a
 * marker); false when the list is full (p->over). */
bool prescan_list_add(ps_state *p, uint32_t ident, uint32_t hash, int open);
/* The index of the element a tag would close (see dom_prescan_stack.c), or -1. */
long prescan_find(ps_state *p, ps_walk_kind w, uint32_t hash, int id);
/* prescan_find and pop to it, clearing the formatting list to its marker. */
bool prescan_close_marked(ps_state *p, ps_walk_kind w, uint32_t hash, int id, bool cell);
/* Reconstructs the active formatting elements. */
void prescan_reconstruct(ps_state *p);
/* The Noah's Ark clause for a new formatting entry of identity ident. */
void prescan_noahs_ark(ps_state *p, uint32_t ident);
/* Keeps stack entry k as a zombie: it counts but no tag closes it. */
void prescan_zombify(ps_state *p, unsigned k);
/* An end tag of a formatting element: the adoption agency. */
void prescan_end_format(ps_state *p, uint32_t hash);

/* ---- the tag rules (dom_prescan_tags.c) */

/* An end tag. */
void prescan_end_tag(ps_state *p, const ps_token *t);
/* A start tag; false when it ends the scan (plaintext). *skip_raw is set
 * when its content is raw text. */
bool prescan_start_tag(ps_state *p, const ps_token *t, bool *skip_raw);

/* ---- hot helpers */

static inline int ps_lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static inline uint32_t ps_hash(uint32_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        h = h * 33u + (uint32_t)ps_lower((unsigned char)s[i]);
    return h;
}

static inline void ps_note_depth(ps_state *p, unsigned extra)
{
    unsigned d = p->depth + extra;
    if (d > p->r.depth)
        p->r.depth = d;
    if (d > p->lim->max_depth)
        p->over = true;
}

static inline void ps_count_node(ps_state *p)
{
    if (++p->r.nodes > p->lim->max_nodes)
        p->over = true;
}

/* Counts n steps of the model's own stack walks; over PS_MAX_STEPS the page
 * is refused (gumbo walks as much, and a little slower). */
static inline void ps_steps(ps_state *p, unsigned n)
{
    p->steps += n;
    if (p->steps > PS_MAX_STEPS)
        p->over = true;
}

static inline void ps_pop_to(ps_state *p, unsigned k)
{
    while (p->depth > k)
        prescan_pop(p);
}

/* Pops to (and including) what prescan_find finds; true when it found it. */
static inline bool ps_close(ps_state *p, ps_walk_kind w, uint32_t hash, int id)
{
    p->r.work += p->depth;
    long k = prescan_find(p, w, hash, id);
    if (k < 0)
        return false;
    ps_pop_to(p, (unsigned)k);
    return true;
}

/* Any other end tag: pops to the element of that name unless a special
 * element comes first. */
static inline void ps_end_other(ps_state *p, uint32_t hash)
{
    ps_close(p, W_SPECIAL, hash, 0);
}

static inline bool ps_top_is(const ps_state *p, int id)
{
    const ps_open *e = &p->stack[p->depth - 1];
    return !e->foreign && !e->zombie && e->id == id;
}

#endif
