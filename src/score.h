/* score.h — the measurements and the tables of the extract and clean stages.
 *
 * Place in the pipeline: a helper of extract (choosing the article) and
 * clean (pruning inside it). score.c holds every weight, threshold and
 * keyword list those stages use (score_p and the token table), so tuning
 * happens in one file; it also fills the per-node counters both stages
 * read, in one iterative post-order pass.
 */
#ifndef FOLIO_SCORE_H
#define FOLIO_SCORE_H

#include <stdbool.h>
#include <stddef.h>

#include "dom.h"

/* Per-node counters over the visible text of a subtree. */
typedef struct {
    float chars;      /* characters of text, white space runs counted once */
    float link_chars; /* of which inside <a href> (#fragment links weigh less) */
    float commas;     /* commas of every script */
    float terms;      /* sentence terminators of every script */
    float inline_chars;  /* chars of direct text and inline children */
    float inline_commas; /* commas among them */
    unsigned paras;   /* <p> elements */
    unsigned imgs;    /* <img>, <picture>, <video> */
    unsigned inputs;  /* <input>, <select>, <textarea>, <button> */
    unsigned lis;     /* <li> */
    unsigned embeds;  /* <iframe>, <embed>, <object> */
    unsigned headings; /* <h1>..<h6> */
    unsigned blocks;  /* block-level element children (direct) */
    unsigned links;   /* <a href> */
} score_stats;

/* Token classes of class/id words (bit flags of score_tokens). */
enum {
    SCORE_K_POS = 1,       /* hints at the article container */
    SCORE_K_NEG = 2,       /* hints at page chrome */
    SCORE_K_UNLIKELY = 4,  /* dropped before scoring */
    SCORE_K_MAYBE = 8,     /* rescues an unlikely node */
    SCORE_K_BOIL = 16,     /* boilerplate inside the article */
    SCORE_K_COMMENT = 32,  /* comment sections */
    SCORE_K_HIDDEN = 64,   /* hidden by a class (only as a whole class token) */
    SCORE_K_META = 128,    /* byline, date and credit lines (dropped when short) */
    SCORE_K_KEEPTOP = 256, /* boilerplate words that never drop a large block */
    SCORE_K_LEAD = 512,    /* teaser words: also the standfirst when it opens the article */
};

/* Every number the extractor and the cleaner use. Field notes in score.c. */
typedef struct {
    float para_min_chars, para_len_unit, para_len_cap;
    float comma_weight, term_weight;
    float level1_share, level_divisor;
    unsigned max_levels;
    float prior_div, prior_pre, prior_list, prior_heading, prior_article, prior_hint;
    float class_weight, bonus_text_ratio;
    float fragment_link_weight;
    float top_share, top_count_min, part_share, part_count_min;
    float climb_stop, near_title_share, near_title_punct, section_share, headline_max;
    float sibling_min, sibling_share, sibling_class_bonus;
    float sibling_p_long, sibling_p_link_max;
    float retry_chars, retry_comment_gain, hidden_retry_chars, hidden_retry_gain;
    float lead_min_chars, lead_link_max, lead_window, lead_before_max;
    float desc_prefix, desc_min_share, desc_max_share, desc_min_chars;
    float lead_img_max, lead_img_min_px, lead_fig_max_chars, lead_caption;
    float jsonld_min, jsonld_short, jsonld_cover, jsonld_over, jsonld_text_share;
    float readerable_chars, readerable_para, readerable_sum;
    float nonarticle_link_density, teaser_min, teaser_share, teaser_heading_links;
    float cc_commas, cc_link_low, cc_link_high, cc_weight_high, cc_short, cc_img_p, cc_embed_short;
    float list_link_density, list_short_item;
    float p_link_density, p_short, block_short;
    float boil_max_share, keeptop_share, undo_share;
    float meta_max_chars, date_line_max, share_line_max, credit_line_max, agency_line_max, readmore_line_max;
    float table_rows_data, table_cols_data, table_cells_data;
    float title_similarity;
    float noscript_chars;
} score_params;

extern const score_params score_p;

/* The classes of the words of n's class and id attributes (SCORE_K_*):
 * whole tokens split on space, '-', '_' and lower-to-upper case changes,
 * and the whole space-separated tokens themselves. */
unsigned score_tokens(const dom_node *n);
/* The same for the class attribute alone or the id alone. */
unsigned score_tokens_of(const char *value, size_t len);

/* True when the word table is sorted (score_tokens searches it by halves);
 * for the unit test. */
bool score_tables_sorted(void);

/* The weight of one class or id value: +class_weight for article words,
 * -class_weight for chrome words. */
float score_words_weight(const char *v, size_t len);

/* Readability's class weight: +/- class_weight for class and for id. */
float score_class_weight(const dom_node *n);

/* True when n's role attribute names page chrome (navigation, menu,
 * complementary, dialog, banner, contentinfo...). */
bool score_role_unlikely(const dom_node *n);

/* True when n is or holds a formula near its top: a <math> element among
 * its children or grandchildren. Math is content whatever the class words
 * of its wrapper say (MathJax 3 puts "CtxtMenu_Attached_0" on every
 * formula's container). */
bool score_holds_math(const dom_node *n);

/* True when s[0..n) is only share/print/social words ("Share", "Tweet",
 * "Facebook", "Drucken"...) and separators. */
bool score_is_share_line(const char *s, size_t n);

/* True when s[0..n) is a short image credit or source line ("Foto: dpa",
 * "Credit: ...", "© ..."). */
bool score_is_credit_line(const char *s, size_t n);

/* True when s[0..n) holds an image credit anywhere: the copyright sign,
 * a picture agency, or a credit label with its colon ("Foto: ..."). */
bool score_has_credit(const char *s, size_t n);

/* True when s[0..n) opens with a "read also" label ("Lesen Sie auch",
 * "À lire aussi", "Read more") and is short. */
bool score_is_readmore_line(const char *s, size_t n);

/* True when the id s[0..n) names a footnote or its backlink (fn1, fn:1,
 * fnref:1, footnote-2, cite_note-3, cite_ref-3, ref-4...). */
bool score_is_note_id(const char *s, size_t n);

/* True when the class token s[0..n) names a footnotes container
 * (footnote, footnotes, references). */
bool score_is_note_class(const char *s, size_t n);

/* True when s[0..n) is an "N comments" line or a short ad label. */
bool score_is_label_line(const char *s, size_t n);

/* Fills st[0..d->nnodes) for the subtree of root (other slots zero), not
 * counting nodes whose skip[id] is non-zero (skip may be NULL), nodes
 * marked DOM_MARK_REMOVED, and DOM_F_SKIP elements. Returns false when
 * memory runs out. */
bool score_stats_fill(const dom_doc *d, const dom_node *root, const unsigned char *skip,
                      score_stats *st);

/* Link density of a node: link_chars / chars (0 when empty). */
static inline float score_link_density(const score_stats *s)
{
    return s->chars > 0 ? s->link_chars / s->chars : 0.0f;
}

/* Share of the heading's characters (heading[0..hlen)) in words that the
 * title also has (Readability's textSimilarity): 1 when every word of the
 * heading is in the title. */
float score_title_similarity(const char *title, const char *heading, size_t hlen);

/* Counts of the punctuation of text: commas and sentence terminators of
 * every script. */
void score_punct(const char *s, size_t n, float *commas, float *terms, float *chars);

#endif
