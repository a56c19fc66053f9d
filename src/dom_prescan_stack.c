/* dom_prescan_stack.c — the prescan's model of gumbo's stack of open
 * elements and list of active formatting elements: pushing and popping,
 * the searches that decide what a tag closes, the reconstruction of
 * formatting elements, the Noah's Ark clause and the simple cases of the
 * adoption agency. The tag rules (dom_prescan_tags.c) drive it; see
 * dom_prescan.h for the model as a whole.
 */
#include <stdlib.h>

#include "dom_prescan.h"

static void ps_counters(ps_state *p, const ps_open *e, int delta)
{
    p->n_foreign += (unsigned)(e->foreign ? delta : 0);
    p->n_select += (unsigned)(e->id == PS_SELECT && !e->foreign ? delta : 0);
    p->n_table += (unsigned)(e->id == PS_TABLE && !e->foreign ? delta : 0);
    p->n_template += (unsigned)(e->id == PS_TEMPLATE && !e->foreign ? delta : 0);
    p->n_table_template += (unsigned)(e->tmpl == PS_TMPL_TABLE ? delta : 0);
}

bool prescan_push(ps_state *p, uint32_t hash, const ps_tag *tag, unsigned char foreign)
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
         * mi...mtext in MathML only (annotation-xml: see prescan_start_tag) */
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

void prescan_clear_to_marker(ps_state *p)
{
    while (p->nlist) {
        ps_fmt *f = &p->list[--p->nlist];
        if (f->open == -2)
            return;
        if (f->open >= 0)
            p->stack[f->open].afe = -1;
    }
}

bool prescan_list_add(ps_state *p, uint32_t ident, uint32_t hash, int open)
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
void prescan_pop(ps_state *p)
{
    ps_open *e = &p->stack[--p->depth];
    if (e->afe >= 0)
        p->list[e->afe].open = -1;
    ps_counters(p, e, -1);
    /* no clearing of the formatting list here: gumbo clears it to the last
     * marker only on the end tags of td, th, caption, applet, marquee,
     * object and template, and when it closes a cell (prescan_close_marked) */
}

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

long prescan_find(ps_state *p, ps_walk_kind w, uint32_t hash, int id)
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

/* A close that ends a marker element explicitly: the formatting list is
 * then cleared to the last marker, as gumbo does. With cell set, also when
 * the close pops an open cell on the way (</tr>, </table> in a cell). */
bool prescan_close_marked(ps_state *p, ps_walk_kind w, uint32_t hash, int id, bool cell)
{
    long c = cell ? prescan_find(p, W_TABLE, 0, PS_CELL) : -1;
    p->r.work += p->depth;
    long k = prescan_find(p, w, hash, id);
    if (k < 0)
        return false;
    ps_pop_to(p, (unsigned)k);
    if (!cell || c >= k)
        prescan_clear_to_marker(p);
    return true;
}

/* Reconstructs the active formatting elements: pushes, in order, the
 * entries after the last one that is open or a marker. */
void prescan_reconstruct(ps_state *p)
{
    size_t k = p->nlist;
    while (k > 0 && p->list[k - 1].open == -1)
        k--;
    for (; k < p->nlist && !p->over; k++) {
        if (!prescan_push(p, p->list[k].hash, NULL, false))
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
void prescan_noahs_ark(ps_state *p, uint32_t ident)
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

/* Where gumbo pops (or not) what the model cannot follow, the model keeps
 * the elements as zombies: a search that would match one stops there and
 * pops nothing, as popping it (or going on to a deeper match) could pop
 * what gumbo keeps. They still count, and still stop other searches as
 * before (both only overcount). */
void prescan_zombify(ps_state *p, unsigned k)
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
void prescan_end_format(ps_state *p, uint32_t hash)
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
        prescan_zombify(p, (unsigned)at);
        for (unsigned k = (unsigned)at + 1; k < p->depth; k++)
            if (!p->stack[k].special && p->stack[k].afe < 0)
                prescan_zombify(p, k);
        return;
    }
    ps_pop_to(p, (unsigned)at);
    long g = ps_list_find(p, hash);
    if (g >= 0 && p->list[g].open == -1)
        ps_list_remove(p, (size_t)g);
}
