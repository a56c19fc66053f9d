/* model_impl.h — what the three files of the model stage share: the walk's
 * state and the tree edits of model.c, the inline handlers of
 * model_inline.c, the footnote handling of notes.c. Private to those files;
 * other stages read the model through internal.h.
 */
#ifndef FOLIO_MODEL_IMPL_H
#define FOLIO_MODEL_IMPL_H

#include "internal.h"

/* What an element does in the model. */
typedef enum {
    R_INLINE = 0, /* transparent: its content flows into the parent */
    R_SKIP,       /* dropped with its content */
    R_DIV,        /* a block boundary with no node of its own */
    R_PARA,       /* p: a block boundary */
    R_HEADING,
    R_LIST,
    R_ITEM,
    R_QUOTE,
    R_PRE,
    R_CODE,
    R_EMPH,
    R_STRONG,
    R_LINK,
    R_IMG,
    R_BR,
    R_HR,
    R_FIGCAPTION, /* an emphasised paragraph */
    R_DT,         /* a strong paragraph */
    R_TABLE,
    R_TSECTION,
    R_ROW,
    R_CELL,
    R_CAPTION,
    R_QUOTATION, /* q: its text between quotation marks */
} role;

/* A footnote found before the walk: the ids that point at it. */
typedef struct {
    const dom_node *li;
    bool referenced;
} footnote;

/* An id inside a note, and the note's number. */
typedef struct {
    const char *id;
    int note;
} anchor;

typedef struct {
    const dom_node *dom; /* the element of this frame */
    cmark_node *block;   /* where blocks go inside it */
    cmark_node *target;  /* where inlines go, valid while gen matches */
    cmark_node *made;    /* the node this frame made, finished on exit */
    unsigned gen;
    role r;
} frame;

typedef struct {
    frame *stack;
    size_t n, cap;
    cmark_node *para; /* the open block that takes inlines, or NULL */
    unsigned gen;     /* bumped whenever para closes */
    int leaf;         /* > 0 inside a heading, caption or term: blocks flow */
    bool space;       /* the last thing written was a space (or nothing) */
    buf text;         /* pending text for text_to */
    cmark_node *text_to;
    const dom_node *notes_box; /* the element holding the footnotes, or NULL */
    footnote *notes;
    size_t nnotes;
    bool notes_by_number; /* notes found by backlinks: #fn3 is the third */
    anchor *ids;          /* ids inside the notes, sorted */
    bool in_notes;        /* building the notes: backlinks are dropped */
    size_t nids;
    bool failed;
} model_state;

/* ------------------------------------------------- model.c: tree edits */

/* Marks the build failed (out of memory or a refused cmark edit). */
void model_fail(model_state *st);
/* A new node of type t, or NULL (the build then fails). */
cmark_node *model_new_node(model_state *st, cmark_node_type t);
/* Appends child to parent; on failure frees child, fails and returns false. */
bool model_append(model_state *st, cmark_node *parent, cmark_node *child);
/* A CUSTOM_BLOCK of kind k with its XHTML tags, or NULL. */
cmark_node *model_custom_block(model_state *st, model_kind k, const char *on_enter,
                               const char *on_exit);
/* True when n has no children. */
bool model_node_is_empty(cmark_node *n);
/* Writes the pending text into a text node. */
void model_flush_text(model_state *st);
/* Closes the open paragraph (or heading): trims it, drops it when empty. */
void model_close_para(model_state *st);
/* Where inline content goes now (opens a paragraph if needed), or NULL. */
cmark_node *model_inline_target(model_state *st);
/* Appends an inline node at the current position (freed on failure). */
bool model_add_inline(model_state *st, cmark_node *n);
/* Appends a block to the current container, closing the open paragraph
 * (freed and false when it has no place there). */
bool model_add_block(model_state *st, cmark_node *n);
/* Pushes a frame for el that inherits the top frame's targets; NULL when
 * out of memory. */
frame *model_push(model_state *st, const dom_node *el, role r);
/* Pops the top frame. */
void model_pop(model_state *st);
/* Walks root's children into the model (the top frame is the context). */
void model_walk(model_state *st, const dom_node *root);

/* ---------------------------------------------- model_inline.c: inlines */

/* False for URLs with a scheme never written out (javascript:, data:text...). */
bool model_url_is_safe(const char *u);
/* Adds text (a DOM text node's) at the current position. */
void model_add_text(model_state *st, const char *s, size_t n);
/* A collapsing space between blocks flowing inside a leaf (a heading). */
void model_leaf_space(model_state *st);
/* Removes white space at the start of the first and the end of the last
 * text of a leaf block, and line breaks at its ends. */
void model_trim_block(cmark_node *blk);
/* A pre element: a fenced code block with its language. */
void model_pre(model_state *st, const dom_node *el);
/* Inline code; a multi-line one alone in its block becomes a code block. */
void model_code(model_state *st, const dom_node *el);
/* An image with its alt text, when its URL is safe. */
void model_img(model_state *st, const dom_node *el);
/* A line break (two end the paragraph; a space inside a heading). */
void model_br(model_state *st);
/* Opens an inline container (emphasis, strong, link) for el. */
void model_open_inline(model_state *st, const dom_node *el, cmark_node *n);
/* Finishes the inline container of frame f (popped already). */
void model_close_inline(model_state *st, frame *f);
/* Opens a link for el (its href is safe). */
void model_link(model_state *st, const dom_node *el);

/* ---------------------------------------------------- notes.c: footnotes */

/* Finds the notes box of article and its notes, before the walk. */
void notes_find(model_state *st, const dom_node *article);
/* The note number (1...) a link points at, or 0. */
int notes_number_of(const model_state *st, const char *href);
/* True when a (with href) is a "back to the text" link of a note. */
bool notes_is_backlink(const dom_node *a, const char *href);
/* Adds a reference to note num (1...) at the current position. */
void notes_add_ref(model_state *st, int num);
/* The notes, at the end of doc: one custom block holding one per note. */
void notes_build(model_state *st, cmark_node *doc);

#endif
