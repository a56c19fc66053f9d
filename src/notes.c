/* notes.c — footnotes in the document model.
 *
 * Part of stage 7 (model). Before the walk, notes_find locates the element
 * holding the page's footnotes (by class, id or role, else the last list
 * whose items link back to the text) and indexes the ids inside its notes.
 * During the walk a link to a note becomes a MODEL_FNREF reference; after
 * it, notes_build writes the notes as MODEL_FOOTNOTES / MODEL_FNDEF custom
 * blocks at the end of the document, their backlinks dropped.
 */
#include <stdlib.h>
#include <string.h>

#include "model_impl.h"
#include "utf8.h"

/* ----------------------------------------------------------- footnotes */

/* Class tokens and ids of the element that holds a page's footnotes. */
static const char *const notes_classes[] = {"footnotes",  "footnote-list", "footnotes-list",
                                            "references", "endnotes",      "notes-list"};
static const char *const notes_ids[] = {"footnotes", "endnotes", "references"};
/* Fragments and classes of the "back to the text" links inside a note. */
static const char *const backlink_prefixes[] = {"fnref", "cite_ref", "ref-", "footnote-ref", "r"};
static const char *const backlink_classes[] = {"footnote-back", "footnote-backref",
                                               "reversefootnote", "mw-cite-backlink"};

static bool is_notes_box(const dom_node *n)
{
    for (size_t i = 0; i < sizeof notes_classes / sizeof notes_classes[0]; i++)
        if (dom_has_class(n, notes_classes[i]))
            return true;
    const char *id = dom_attr(n, "id");
    for (size_t i = 0; id && i < sizeof notes_ids / sizeof notes_ids[0]; i++)
        if (ascii_ieq(id, notes_ids[i]))
            return true;
    const char *aria = dom_attr(n, "role");
    return aria && ascii_ieq(aria, "doc-endnotes");
}

/* The fragment of an href (after '#'), or NULL. */
static const char *fragment(const char *href)
{
    const char *h = href ? strchr(href, '#') : NULL;
    return h && h[1] ? h + 1 : NULL;
}

/* Fragment prefixes of references to notes numbered in order (#fn1,
 * #footnote-2, #cite_note-3), for lists found by their backlinks. */
static const char *const numbered_note_prefixes[] = {"fn",      "footnote",  "ftn",
                                                     "endnote", "cite_note", "note"};

static bool has_backlink(const dom_node *li)
{
    for (const dom_node *n = li->first; n; n = dom_next(n, li)) {
        const char *href = dom_is(n, TAG_A) ? dom_attr(n, "href") : NULL;
        if (href && notes_is_backlink(n, href))
            return true;
    }
    return false;
}

/* Cleaning may drop the classes and ids that name the notes: then the
 * notes are the last list whose items mostly link back to the text. */
static const dom_node *notes_by_backlinks(model_state *st, const dom_node *article)
{
    const dom_node *found = NULL;
    for (const dom_node *n = article->first; n; n = dom_next(n, article)) {
        if (!(dom_is(n, TAG_OL) || dom_is(n, TAG_UL)) || (n->flags & DOM_MARK_REMOVED))
            continue;
        size_t items = 0, back = 0;
        for (const dom_node *c = n->first; c; c = c->next)
            if (dom_is(c, TAG_LI)) {
                items++;
                back += has_backlink(c);
            }
        if (back > 0 && back * 2 >= items)
            found = n;
    }
    st->notes_by_number = found != NULL;
    return found;
}

/* The number at the end of a fragment such as fn3, cite_note-3 or
 * cite_note-name-3, or 0. */
static int numbered_note(const char *frag)
{
    for (size_t i = 0; i < sizeof numbered_note_prefixes / sizeof numbered_note_prefixes[0]; i++) {
        size_t k = strlen(numbered_note_prefixes[i]);
        if (!ascii_ieqn(frag, numbered_note_prefixes[i], k))
            continue;
        const char *d = frag + strlen(frag); /* the number at the end: cite_note-name-5 */
        while (d > frag + k && d[-1] >= '0' && d[-1] <= '9')
            d--;
        char *end;
        long v = strtol(d, &end, 10);
        return d[0] >= '0' && d[0] <= '9' && *end == '\0' && v > 0 && v < 100000 ? (int)v : 0;
    }
    return 0;
}

static void index_note_ids(model_state *st);

/* Finds the notes box and its notes (the items of its first list). */
void notes_find(model_state *st, const dom_node *article)
{
    const dom_node *box = NULL;
    for (const dom_node *n = article->first; n && !box; n = dom_next(n, article))
        if (dom_is_element(n) && !(n->flags & DOM_MARK_REMOVED) && is_notes_box(n))
            box = n;
    if (!box)
        box = notes_by_backlinks(st, article);
    if (!box)
        return;
    const dom_node *list =
        (dom_is(box, TAG_OL) || dom_is(box, TAG_UL)) ? box : dom_find(box, TAG_OL);
    if (!list)
        list = dom_find(box, TAG_UL);
    if (!list)
        return;
    size_t n = 0;
    for (const dom_node *c = list->first; c; c = c->next)
        n += dom_is(c, TAG_LI) && !(c->flags & DOM_MARK_REMOVED);
    if (n == 0 || !(st->notes = calloc(n, sizeof *st->notes))) {
        if (n)
            model_fail(st);
        return;
    }
    for (const dom_node *c = list->first; c; c = c->next)
        if (dom_is(c, TAG_LI) && !(c->flags & DOM_MARK_REMOVED))
            st->notes[st->nnotes++].li = c;
    st->notes_box = box;
    index_note_ids(st);
}

static int cmp_anchor(const void *a, const void *b)
{
    return strcmp(((const anchor *)a)->id, ((const anchor *)b)->id);
}

/* Indexes the ids (and names) inside the notes, sorted, so that finding
 * the note of a link is a binary search however many links point there. */
static void index_note_ids(model_state *st)
{
    size_t cap = 0;
    for (size_t i = 0; i < st->nnotes; i++)
        for (const dom_node *n = st->notes[i].li; n; n = dom_next(n, st->notes[i].li))
            cap += dom_is_element(n);
    if (cap == 0 || !(st->ids = calloc(cap, sizeof *st->ids))) {
        if (cap)
            model_fail(st);
        return;
    }
    for (size_t i = 0; i < st->nnotes; i++) {
        const dom_node *li = st->notes[i].li;
        for (const dom_node *n = li; n; n = dom_next(n, li)) {
            const char *v = dom_is_element(n) ? dom_attr(n, "id") : NULL;
            if (!v && dom_is_element(n))
                v = dom_attr(n, "name");
            if (v && *v && st->nids < cap)
                st->ids[st->nids++] = (anchor){v, (int)i + 1};
        }
    }
    qsort(st->ids, st->nids, sizeof *st->ids, cmp_anchor);
}

/* The note number (1...) a link points at, or 0. */
int notes_number_of(const model_state *st, const char *href)
{
    const char *frag = fragment(href);
    anchor key = {frag, 0};
    const anchor *hit =
        frag && st->nids ? bsearch(&key, st->ids, st->nids, sizeof *st->ids, cmp_anchor) : NULL;
    if (hit) /* equal ids: the first in the notes wins, as in a browser */
        while (hit > st->ids && strcmp(hit[-1].id, frag) == 0)
            hit--;
    if (hit)
        return hit->note;
    int k = frag && st->notes_by_number ? numbered_note(frag) : 0;
    return k > 0 && (size_t)k <= st->nnotes ? k : 0;
}

bool notes_is_backlink(const dom_node *a, const char *href)
{
    if (!href)
        return false;
    const char *frag = fragment(href);
    for (size_t i = 0; frag && i < sizeof backlink_prefixes / sizeof backlink_prefixes[0]; i++) {
        size_t k = strlen(backlink_prefixes[i]);
        /* "r" alone only with a digit after it: #r1 */
        if (ascii_ieqn(frag, backlink_prefixes[i], k) &&
            (k > 1 || (frag[1] >= '0' && frag[1] <= '9')))
            return true;
    }
    for (size_t i = 0; i < sizeof backlink_classes / sizeof backlink_classes[0]; i++)
        if (dom_has_class(a, backlink_classes[i]))
            return true;
    return false;
}

void notes_add_ref(model_state *st, int num)
{
    cmark_node *r = model_new_node(st, CMARK_NODE_CUSTOM_INLINE);
    if (!r)
        return;
    char tag[96];
    footnote *note = &st->notes[num - 1];
    if (!note->referenced)
        snprintf(tag, sizeof tag, "<sup id=\"fnref-%d\"><a href=\"#fn-%d\">%d</a></sup>", num, num,
                 num);
    else
        snprintf(tag, sizeof tag, "<sup><a href=\"#fn-%d\">%d</a></sup>", num, num);
    note->referenced = true;
    model_set_kind(r, MODEL_FNREF, num);
    if (!cmark_node_set_on_enter(r, tag) || !cmark_node_set_on_exit(r, "")) {
        cmark_node_free(r);
        model_fail(st);
        return;
    }
    model_add_inline(st, r);
}

/* The notes, at the end: one custom block holding one per note. */
void notes_build(model_state *st, cmark_node *doc)
{
    model_close_para(st);
    cmark_node *box = model_custom_block(st, MODEL_FOOTNOTES, "<section class=\"footnotes\">\n<ol>",
                                         "</ol>\n</section>");
    if (!box || !model_append(st, doc, box))
        return;
    for (size_t i = 0; i < st->nnotes && !st->failed; i++) {
        char tag[40];
        snprintf(tag, sizeof tag, "<li id=\"fn-%zu\">", i + 1);
        cmark_node *def = model_custom_block(st, MODEL_FNDEF, tag, "</li>");
        cmark_node *p = model_new_node(st, CMARK_NODE_PARAGRAPH);
        if (!def || !p || !model_append(st, box, def) || !model_append(st, def, p))
            return;
        model_set_kind(def, MODEL_FNDEF, (int)i + 1);
        st->para = p;
        st->gen++;
        st->space = true;
        st->leaf++;
        st->in_notes = true;
        frame *f = model_push(st, st->notes[i].li, R_DIV);
        if (!f)
            return;
        f->block = def;
        f->target = p;
        f->gen = st->gen;
        model_walk(st, st->notes[i].li);
        model_pop(st);
        st->leaf--;
        model_close_para(st);
        if (model_node_is_empty(def)) { /* keep the numbering: an empty note says so */
            cmark_node *t = model_new_node(st, CMARK_NODE_TEXT);
            cmark_node *q = model_new_node(st, CMARK_NODE_PARAGRAPH);
            if (!t || !q || !cmark_node_set_literal(t, "-") || !model_append(st, q, t) ||
                !model_append(st, def, q))
                return;
        }
    }
}
