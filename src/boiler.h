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

/* Readability's _cleanConditionally for n (table, ul, ol, div, section,
 * form...), data tables excepted. */
boiler_reason boiler_conditional(const dom_node *n, const score_stats *s);

/* Link-density rules for lists and short paragraphs (trafilatura). */
boiler_reason boiler_links(const dom_node *n, const score_stats *s);

/* True when table n holds data (Readability's _markDataTables). */
bool boiler_data_table(const dom_node *n);

/* Text of n (collapsed, trimmed) into b; used for the line filters. */
void boiler_text(const dom_node *n, buf *b);

#endif
