/* internal.h — the document object and the interfaces between stages.
 *
 * Each stage is one module (see DESIGN.md's table). This header declares
 * what each module offers the next; a module includes only what it reads.
 * The pipeline, run by folio.c:
 *
 *   decode -> dom_parse -> meta_extract -> extract_article -> clean_article
 *          -> model_build -> (render_* | folio_epub_build)
 */
#ifndef FOLIO_INTERNAL_H
#define FOLIO_INTERNAL_H

#include <cmark.h>
#include <stdbool.h>

#include "arena.h"
#include "buf.h"
#include "dom.h"
#include "folio.h"

/* ------------------------------------------------------------------ meta */

/* What meta learns that later stages use, beyond folio_meta. Strings live
 * in the document's arena. */
typedef struct {
    const char *jsonld_body;  /* JSON-LD articleBody of an article-type node, or NULL */
    size_t jsonld_body_len;
    const char *page_type;    /* og:type or the JSON-LD @type of the main node, or NULL */
    const dom_node *byline;   /* the element the author was read from, or NULL */
    const char *h1_title;     /* text of the h1 that matches the title, or NULL */
} meta_hints;

typedef struct {
    const char *source_url; /* may be NULL */
    const char *base_url;   /* may be NULL: resolve images against it */
    long long now;          /* Unix time of the conversion, 0 = unknown */
} meta_context;

/* Fills *m and *h from the page (head and body). Strings are allocated
 * from d->arena. Never fails except for FOLIO_ENOMEM; missing fields stay
 * NULL. m->source is set from ctx->source_url. */
folio_status meta_extract(dom_doc *d, const meta_context *ctx, folio_meta *m, meta_hints *h);

/* --------------------------------------------------------------- extract */

/* Chooses the article body. On success *article is an element holding the
 * article (possibly a new <div> that gathers the best candidate and its
 * siblings), or NULL when the page holds no article. May mark nodes and
 * move them; the tree stays valid. */
folio_status extract_article(dom_doc *d, const folio_meta *m, const meta_hints *h,
                             dom_node **article);

/* ----------------------------------------------------------------- clean */

typedef struct {
    const char *base_url; /* absolute; may be NULL (links then stay as given) */
    const char *title;    /* the article title, to drop its repetition; may be NULL */
    bool images;          /* keep images */
} clean_context;

/* Cleans the article in place: drops boilerplate, hidden and empty nodes,
 * fixes lazy images, makes URLs absolute, removes unsafe URLs. */
folio_status clean_article(dom_doc *d, dom_node *article, const clean_context *c);

/* ----------------------------------------------------------------- model */

/* Converts a cleaned article into a new cmark document node (free with
 * cmark_node_free). The one document model every writer reads. */
folio_status model_build(const dom_node *article, cmark_node **out);

/* The custom nodes model_build makes, told apart by their cmark user data
 * (model_kind in the low byte, a footnote number above it). Tables are
 * CUSTOM_BLOCKs (table > [section >] row > cell > blocks) whose on_enter and
 * on_exit hold the XHTML tags, so cmark_render_html gives a valid table;
 * a footnote reference is a CUSTOM_INLINE, the notes one CUSTOM_BLOCK at the
 * end holding one CUSTOM_BLOCK per note (each holding one paragraph). */
typedef enum {
    MODEL_PLAIN = 0, /* an ordinary cmark node */
    MODEL_TABLE, MODEL_TSECTION, MODEL_ROW, MODEL_CELL, MODEL_HEADCELL, MODEL_CAPTION,
    MODEL_FNREF,     /* footnote reference (number: the note) */
    MODEL_FOOTNOTES, /* the notes */
    MODEL_FNDEF      /* one note (number: the note) */
} model_kind;

/* The model_kind of n (MODEL_PLAIN for nodes model_build did not mark). */
model_kind model_node_kind(cmark_node *n);
/* The footnote number of a MODEL_FNREF or MODEL_FNDEF node, else 0. */
int model_node_number(cmark_node *n);

/* Sets n's model_kind and footnote number. */
void model_set_kind(cmark_node *n, model_kind k, int number);

/* tables.c. The XHTML start tag of a DOM cell (td or th) with its rowspan
 * and colspan kept, appended to b. */
void tables_cell_tag(const dom_node *cell, bool head, buf *b);
/* Called when a MODEL_TABLE is complete: drops empty rows, removes a table
 * with no content, and replaces a layout table (one cell per row, or a
 * table in a cell) by the blocks of its cells. FOLIO_ENOMEM on failure. */
folio_status tables_finish(cmark_node *table);
/* True when table can be a GFM pipe table: a header row first, no merged
 * cells, one line of inline content per cell. */
bool tables_is_simple(cmark_node *table);
/* Appends the pipe table of a simple table, cells rendered by cmark's
 * CommonMark renderer with `|` escaped, one row a line. FOLIO_EINVAL when
 * a cell would take more than one line (write it as XHTML then). */
folio_status tables_pipe(cmark_node *table, buf *b);
/* Appends table as an HTML block: well-formed XHTML with no blank line. */
folio_status tables_xhtml(cmark_node *table, buf *b);

/* frontmatter.c. Appends YAML front matter ("---" lines around the fields
 * of DESIGN.md, each value double-quoted and escaped) for m. */
void frontmatter_write(const folio_meta *m, buf *b);
/* Appends s as a YAML double-quoted scalar (invalid UTF-8 becomes U+FFFD). */
void frontmatter_quote(const char *s, buf *b);

/* markdown.c. The Markdown of d's model without front matter. */
folio_status markdown_body(const folio_doc *d, buf *b);

/* ----------------------------------------------------------------- the doc */

struct folio_doc {
    arena *arena;          /* owns everything below but model */
    dom_doc dom;
    folio_meta meta;
    meta_hints hints;
    dom_node *article;     /* NULL when the page holds no article */
    cmark_node *model;     /* owned; NULL when no article */
    char *text;            /* the plain text (arena), for word count and json */
    size_t text_len;
    const char *base_url;  /* absolute base for links, or NULL */
    /* rendering settings, copied from folio_options */
    int front_matter;
    int images;
    int wrap;
    folio_link_style link_style;
};

/* --------------------------------------------------------------- writers */

/* Each appends d's rendering to b. FOLIO_ENOMEM on failure. */
folio_status render_markdown(const folio_doc *d, buf *b);
folio_status render_text(const folio_doc *d, buf *b);
folio_status render_json(const folio_doc *d, bool with_content, buf *b);
folio_status render_html(const folio_doc *d, buf *b);

/* The plain text of a cmark tree (the text format's body): paragraphs
 * separated by one blank line, list items on their own lines, no markup.
 * wrap = 0 means no wrapping. */
folio_status text_from_model(cmark_node *root, int wrap, buf *b);

/* Counts words of UTF-8 text (CJK characters count one each). */
size_t text_word_count(const char *s, size_t len);

#endif
