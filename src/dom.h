/* dom.h — folio's own editable DOM.
 *
 * Stage 3 of the pipeline. dom.c parses UTF-8 with gumbo (the only file that
 * includes gumbo.h), copies the tree into nodes allocated from the
 * document's arena, and drops gumbo's tree at once. Later stages read and
 * edit this tree: meta reads it, extract scores it, clean prunes it, model
 * converts it. Every walk is iterative (dom_next); nothing recurses.
 *
 * Strings (tag names, attribute names and values, text) are UTF-8 and
 * NUL-terminated; lengths travel with them where they matter.
 */
#ifndef FOLIO_DOM_H
#define FOLIO_DOM_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "buf.h"
#include "folio.h"

/* Tag properties. */
enum {
    DOM_F_BLOCK = 1,  /* a block: its boundaries separate words */
    DOM_F_VOID = 2,   /* never has children */
    DOM_F_SKIP = 4,   /* never content: script, style, template... */
    DOM_F_INLINE = 8, /* phrasing content */
    /* short names for the table below */
    DOM_B = DOM_F_BLOCK, DOM_V = DOM_F_VOID, DOM_S = DOM_F_SKIP, DOM_I = DOM_F_INLINE
};

/* The tags gumbo knows, as X(ENUM, name, flags). */
#define DOM_TAGS_GUMBO(X) \
    X(HTML, html, DOM_B) X(HEAD, head, DOM_B | DOM_S) X(TITLE, title, DOM_S) X(BASE, base, DOM_V | DOM_S) \
    X(LINK, link, DOM_V | DOM_S) X(META, meta, DOM_V | DOM_S) X(STYLE, style, DOM_S) X(SCRIPT, script, DOM_S) \
    X(NOSCRIPT, noscript, DOM_B) X(TEMPLATE, template, DOM_S) X(BODY, body, DOM_B) \
    X(ARTICLE, article, DOM_B) X(SECTION, section, DOM_B) X(NAV, nav, DOM_B) X(ASIDE, aside, DOM_B) \
    X(H1, h1, DOM_B) X(H2, h2, DOM_B) X(H3, h3, DOM_B) X(H4, h4, DOM_B) X(H5, h5, DOM_B) X(H6, h6, DOM_B) \
    X(HGROUP, hgroup, DOM_B) X(HEADER, header, DOM_B) X(FOOTER, footer, DOM_B) X(ADDRESS, address, DOM_B) \
    X(P, p, DOM_B) X(HR, hr, DOM_B | DOM_V) X(PRE, pre, DOM_B) X(BLOCKQUOTE, blockquote, DOM_B) X(OL, ol, DOM_B) \
    X(UL, ul, DOM_B) X(LI, li, DOM_B) X(DL, dl, DOM_B) X(DT, dt, DOM_B) X(DD, dd, DOM_B) X(FIGURE, figure, DOM_B) \
    X(FIGCAPTION, figcaption, DOM_B) X(MAIN, main, DOM_B) X(DIV, div, DOM_B) X(A, a, DOM_I) X(EM, em, DOM_I) \
    X(STRONG, strong, DOM_I) X(SMALL, small, DOM_I) X(S, s, DOM_I) X(CITE, cite, DOM_I) X(Q, q, DOM_I) \
    X(DFN, dfn, DOM_I) X(ABBR, abbr, DOM_I) X(DATA, data, DOM_I) X(TIME, time, DOM_I) X(CODE, code, DOM_I) \
    X(VAR, var, DOM_I) X(SAMP, samp, DOM_I) X(KBD, kbd, DOM_I) X(SUB, sub, DOM_I) X(SUP, sup, DOM_I) \
    X(I, i, DOM_I) X(B, b, DOM_I) X(U, u, DOM_I) X(MARK, mark, DOM_I) X(RUBY, ruby, DOM_I) X(RT, rt, DOM_I) \
    X(RP, rp, DOM_I | DOM_S) X(BDI, bdi, DOM_I) X(BDO, bdo, DOM_I) X(SPAN, span, DOM_I) X(BR, br, DOM_I | DOM_V) \
    X(WBR, wbr, DOM_I | DOM_V) X(INS, ins, DOM_I) X(DEL, del, DOM_I) X(IMAGE, image, DOM_I | DOM_V) \
    X(IMG, img, DOM_I | DOM_V) X(IFRAME, iframe, DOM_B | DOM_S) X(EMBED, embed, DOM_V | DOM_S) \
    X(OBJECT, object, DOM_S) X(PARAM, param, DOM_V | DOM_S) X(VIDEO, video, DOM_B) X(AUDIO, audio, DOM_B) \
    X(SOURCE, source, DOM_V) X(TRACK, track, DOM_V | DOM_S) X(CANVAS, canvas, DOM_S) X(MAP, map, DOM_I) \
    X(AREA, area, DOM_V | DOM_S) X(MATH, math, DOM_I) X(MI, mi, DOM_I) X(MO, mo, DOM_I) X(MN, mn, DOM_I) \
    X(MS, ms, DOM_I) X(MTEXT, mtext, DOM_I) X(MGLYPH, mglyph, DOM_I) X(MALIGNMARK, malignmark, DOM_I) \
    X(ANNOTATION_XML, annotation-xml, DOM_I) X(SVG, svg, DOM_S) \
    X(FOREIGNOBJECT, foreignobject, DOM_S) X(DESC, desc, DOM_S) X(TABLE, table, DOM_B) \
    X(CAPTION, caption, DOM_B) X(COLGROUP, colgroup, DOM_B | DOM_S) X(COL, col, DOM_V | DOM_S) \
    X(TBODY, tbody, DOM_B) X(THEAD, thead, DOM_B) X(TFOOT, tfoot, DOM_B) X(TR, tr, DOM_B) X(TD, td, DOM_B) \
    X(TH, th, DOM_B) X(FORM, form, DOM_B) X(FIELDSET, fieldset, DOM_B) X(LEGEND, legend, DOM_B) \
    X(LABEL, label, DOM_I) X(INPUT, input, DOM_V | DOM_S) X(BUTTON, button, DOM_I | DOM_S) \
    X(SELECT, select, DOM_S) X(DATALIST, datalist, DOM_S) X(OPTGROUP, optgroup, DOM_S) \
    X(OPTION, option, DOM_S) X(TEXTAREA, textarea, DOM_S) X(KEYGEN, keygen, DOM_V | DOM_S) \
    X(OUTPUT, output, DOM_I) X(PROGRESS, progress, DOM_S) X(METER, meter, DOM_S) \
    X(DETAILS, details, DOM_B) X(SUMMARY, summary, DOM_B) X(MENU, menu, DOM_B) \
    X(MENUITEM, menuitem, DOM_V | DOM_S) X(APPLET, applet, DOM_S) X(ACRONYM, acronym, DOM_I) \
    X(BGSOUND, bgsound, DOM_V | DOM_S) X(DIR, dir, DOM_B) X(FRAME, frame, DOM_V | DOM_S) \
    X(FRAMESET, frameset, DOM_B) X(NOFRAMES, noframes, DOM_S) X(ISINDEX, isindex, DOM_V | DOM_S) \
    X(LISTING, listing, DOM_B) X(XMP, xmp, DOM_B) X(NEXTID, nextid, DOM_V | DOM_S) X(NOEMBED, noembed, DOM_S) \
    X(PLAINTEXT, plaintext, DOM_B) X(RB, rb, DOM_I) X(STRIKE, strike, DOM_I) \
    X(BASEFONT, basefont, DOM_V | DOM_S) X(BIG, big, DOM_I) X(BLINK, blink, DOM_I) X(CENTER, center, DOM_B) \
    X(FONT, font, DOM_I) X(MARQUEE, marquee, DOM_B) X(MULTICOL, multicol, DOM_B) X(NOBR, nobr, DOM_I) \
    X(SPACER, spacer, DOM_V | DOM_S) X(TT, tt, DOM_I) X(RTC, rtc, DOM_I)
/* Tags gumbo does not know that folio treats specially. */
#define DOM_TAGS_EXTRA(X) X(PICTURE, picture, DOM_I)

typedef enum {
    TAG_UNKNOWN = 0,
#define DOM_TAG_ENUM(e, n, f) TAG_##e,
    DOM_TAGS_GUMBO(DOM_TAG_ENUM) DOM_TAGS_EXTRA(DOM_TAG_ENUM)
#undef DOM_TAG_ENUM
    TAG_COUNT
} dom_tag;

typedef enum { DOM_DOCUMENT = 0, DOM_ELEMENT, DOM_TEXT } dom_kind;

typedef struct {
    const char *name;  /* lower-case for HTML elements */
    const char *value; /* decoded */
    size_t value_len;
} dom_attribute;

typedef struct dom_node {
    struct dom_node *parent, *first, *last, *prev, *next;
    const char *name; /* element: lower-case tag name; else NULL */
    const char *text; /* text node: its text; else NULL */
    size_t text_len;
    dom_attribute *attrs; /* element attributes */
    unsigned nattrs;
    unsigned id;     /* unique in the document and < dom_doc.nnodes, so
                        stages can keep side arrays; parsed nodes are
                        numbered in document order */
    unsigned short tag; /* dom_tag */
    unsigned char kind; /* dom_kind */
    unsigned char flags; /* free for stages: see DOM_MARK_* */
} dom_node;

/* Marks a stage may set on dom_node.flags. */
enum {
    DOM_MARK_REMOVED = 1, /* logically removed (skip it and its subtree) */
    DOM_MARK_HIDDEN = 2,  /* hidden by the page */
};

typedef struct {
    arena *arena;   /* not owned: the document's */
    dom_node *root; /* the document node */
    dom_node *html, *head, *body; /* never NULL after dom_parse */
    unsigned nnodes; /* ids handed out so far */
} dom_doc;

typedef struct {
    unsigned max_depth;
    size_t max_nodes;
    unsigned max_attrs;
} dom_limits;

/* What a cheap scan of a page's bytes tells of the tree gumbo would build:
 * upper bounds within a small factor on real pages (see dom.c). */
typedef struct {
    unsigned depth;          /* element nesting depth */
    size_t nodes;            /* nodes (elements and text runs) */
    unsigned attrs;          /* attributes of one element (html and body merge
                                every <html> and <body> tag's) */
    unsigned long long work; /* steps of gumbo's tree builder (stack entries
                                visited); DOM_MAX_WORK in dom.c caps it */
    unsigned long long steps; /* of the scan's own stack walks (capped in dom.c) */
} dom_prescan_result;

/* Scans len bytes of UTF-8 into *r without parsing them; stops early once a
 * limit of lim is exceeded (the figure that exceeded it is then over the
 * limit, the others partial). Linear in len. dom_parse refuses a page when
 * a figure is over its limit, before gumbo's super-linear costs matter:
 * gumbo 0.10.1 is quadratic in depth, in attributes per tag, and in text
 * under deep formatting elements. Never fails: with no memory for its
 * tables it reports a depth over the limit. */
void dom_prescan(const char *html, size_t len, const dom_limits *lim, dom_prescan_result *r);

/* An estimate of the element nesting depth that parsing html would
 * produce, found by dom_prescan; at most cap + 1 (over the cap). It is an
 * upper bound on real pages (at most 3.3x the real depth on the shared
 * corpora) and, on the one fuzzed shape where it falls short, never below
 * half the real depth — enough to keep gumbo's quadratic cost bounded;
 * dom_parse enforces the exact limit on the tree afterwards. */
unsigned dom_depth_bound(const char *html, size_t len, unsigned cap);

/* Parses len bytes of UTF-8 into out, allocating from a. FOLIO_ELIMIT when
 * a limit of lim is exceeded, FOLIO_ENOMEM on allocation failure. */
folio_status dom_parse(arena *a, const char *html, size_t len, const dom_limits *lim,
                       dom_doc *out);

/* Properties of a tag (DOM_F_*). */
unsigned dom_tag_flags(dom_tag t);
/* The tag of a lower-case name of n bytes, or TAG_UNKNOWN. */
dom_tag dom_tag_by_name(const char *name, size_t n);
/* The name of a tag ("" for TAG_UNKNOWN). */
const char *dom_tag_name(dom_tag t);

static inline bool dom_is(const dom_node *n, dom_tag t)
{
    return n && n->kind == DOM_ELEMENT && n->tag == t;
}
static inline bool dom_is_element(const dom_node *n)
{
    return n && n->kind == DOM_ELEMENT;
}
static inline bool dom_is_text(const dom_node *n)
{
    return n && n->kind == DOM_TEXT;
}

/* The value of attribute name (lower-case), or NULL. */
const char *dom_attr(const dom_node *n, const char *name);
/* As dom_attr, also giving the length. */
const char *dom_attr_len(const dom_node *n, const char *name, size_t *len);
/* Sets (adds or replaces) an attribute; the value is copied. */
bool dom_set_attr(dom_doc *d, dom_node *n, const char *name, const char *value, size_t len);
/* Removes an attribute if present. */
void dom_remove_attr(dom_node *n, const char *name);
/* True when the space-separated class list of n holds token (ASCII
 * case-insensitive, whole tokens only). */
bool dom_has_class(const dom_node *n, const char *token);

/* The next node after n in document order within root's subtree (root
 * itself excluded), or NULL: an iterative preorder walk. dom_next_skip does
 * not descend into n's children. */
dom_node *dom_next(const dom_node *n, const dom_node *root);
dom_node *dom_next_skip(const dom_node *n, const dom_node *root);

/* New nodes, not yet in the tree. NULL on allocation failure. */
dom_node *dom_element_new(dom_doc *d, dom_tag tag);
dom_node *dom_text_new(dom_doc *d, const char *text, size_t len);

/* Tree edits. A node is detached before it is inserted elsewhere. */
void dom_detach(dom_node *n);
void dom_append(dom_node *parent, dom_node *child);
void dom_insert_before(dom_node *ref, dom_node *child);
/* Replaces n by its children. */
void dom_unwrap(dom_node *n);

/* Appends the text of n's subtree (text nodes only, skipping DOM_F_SKIP
 * elements and nodes marked removed) to b, with no normalisation. */
void dom_text_content(const dom_node *n, buf *b);

/* The first element of tag t in n's subtree (n excluded), or NULL. */
dom_node *dom_find(const dom_node *n, dom_tag t);

#endif
