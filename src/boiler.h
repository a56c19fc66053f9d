/* boiler.h — is a block inside the article boilerplate?
 *
 * Place in the pipeline: the judgements clean applies inside the chosen
 * article. Each function looks at one element and its counters (score.h)
 * and says whether it goes; clean decides the order and keeps the counters
 * up to date. The numbers and words come from score.c.
 */
#ifndef FOLIO_BOILER_H
#define FOLIO_BOILER_H

#include <stdbool.h>

#include "dom.h"
#include "score.h"

/* Why a block goes (0: it stays). */
typedef enum {
    BOIL_KEEP = 0,
    BOIL_WORDS,      /* class/id words of share bars, related, ads, comments... */
    BOIL_META,       /* a short byline, date or credit block */
    BOIL_ROLE,       /* an ARIA role or tag of page chrome */
    BOIL_CONDITION,  /* Readability's conditional cleaning */
    BOIL_LINKS,      /* a list or paragraph made of links */
    BOIL_LINE,       /* a line of share words or an "N comments" label */
} boiler_reason;

/* The words test: n's class/id words name boilerplate, and n holds no more
 * than boil_max_share of the article's total characters (or its words do
 * not allow the exception). */
boiler_reason boiler_by_words(const dom_node *n, const score_stats *s, float total);

/* The tables of a tree decided once (Readability's _markDataTables), with
 * what each node has around it (a data table, pre or code, figure, li, td)
 * and below it, in side arrays by node id: what
 * clean asks of every block in time independent of the tree's size.
 * Valid while the tree's structure, tags and attributes stay as they were
 * at the fill (marks do not matter); nodes made later (ids >= cap) are
 * judged by walking the tree. */
typedef struct {
    unsigned char *f; /* owned: BT_* bits (boiler.c) by node id */
    size_t cap;       /* slots: the document's nnodes at the fill */
} boiler_tables;

/* Fills bt for the subtree of root (pass the document node to count every
 * ancestor of a block) in two linear passes; bt starts zeroed, or filled
 * (refilled in place). False when memory runs out. Free with
 * boiler_tables_free. */
bool boiler_tables_fill(boiler_tables *bt, const dom_doc *d, const dom_node *root);

/* Frees bt's arrays; bt may be refilled afterwards. */
void boiler_tables_free(boiler_tables *bt);

/* True when t is a table judged a data table (at the fill). */
bool boiler_tables_data(const boiler_tables *bt, const dom_node *t);

/* Readability's _cleanConditionally for n (table, ul, ol, div, section,
 * form...); n inside or around a data table or inside code (bt) stays. */
boiler_reason boiler_conditional(const boiler_tables *bt, const dom_node *n,
                                 const score_stats *s);

/* Link-density rules for lists and short paragraphs (trafilatura); the
 * same protection as boiler_conditional. */
boiler_reason boiler_links(const boiler_tables *bt, const dom_node *n, const score_stats *s);

/* True when table n holds data (Readability's _markDataTables): one walk
 * of n's subtree. boiler_tables decides every table of a tree at once. */
bool boiler_data_table(const dom_node *n);

/* What the page tests read: the counters of a page (score_stats_fill) and
 * the nodes set aside (skip may be NULL); slots below cap. Not owned. */
typedef struct {
    const dom_doc *d;
    const score_stats *st;
    const unsigned char *skip;
    size_t cap;
} boiler_view;

/* The next node after n in a walk of root that skips set-aside subtrees
 * (and n's subtree when skip is true). */
const dom_node *boiler_walk_next(const boiler_view *v, const dom_node *n, const dom_node *root,
                                 bool skip);

/* Headline links under root (headings that are mostly a link: teasers);
 * *count gets their number; returns the characters of those headings and
 * the blocks right after them. */
float boiler_teaser_chars(const boiler_view *v, const dom_node *root, unsigned *count);

/* Characters of prose under root: leaves of para_min_chars+ with few
 * links and a comma or a terminator. */
float boiler_prose_chars(const boiler_view *v, const dom_node *root);

/* Readability's isProbablyReaderable: p, pre and article elements of
 * readerable_para+ characters add sqrt(len - readerable_para); true when
 * the sum passes readerable_sum. */
bool boiler_readerable(const boiler_view *v);

/* The lead of the article between heading h (the one repeating the title)
 * and stop, the chosen winner, when h lies before it and outside it: pages
 * put the standfirst and the lead image in the header block beside the h1
 * or between it and the body. Up to max prose leaves with few links, and
 * up to lead_img_max lead images (a figure, picture or img that is not an
 * icon, a placeholder or inside chrome), go to leads[] in document order
 * (which has room for max + 1: a standfirst heading comes on top);
 * the subtrees of taken[0..ntaken) (parts already in the article) are
 * skipped. Returns their number. */
size_t boiler_find_leads(const boiler_view *v, const dom_node *h, const dom_node *stop,
                         const dom_node *const *taken, size_t ntaken, dom_node **leads,
                         size_t max);

/* True when s holds footnotes of top: its first element with a note id
 * (score_is_note_id) is the target of a same-page link in top. A notes
 * block beside the text belongs to the article whatever its score. */
bool boiler_holds_notes_of(const dom_node *top, const dom_node *s);

/* Text of n (collapsed, trimmed) into b; used for the line filters. */
void boiler_text(const dom_node *n, buf *b);

#endif
