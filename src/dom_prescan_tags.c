/* dom_prescan_tags.c — the prescan's tree-construction rules: what each
 * start and end tag does to the model's stack (implied end tags, implied
 * tbody and tr, table, select and template modes, foreign content), as
 * gumbo 0.10.1 does it. Called for each tag by the scan of dom_prescan.c;
 * works on the stack through dom_prescan_stack.c (see dom_prescan.h).
 */
#include <string.h>

#include "dom_prescan.h"

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

/* The nearest element from the top of the stack that is HTML, not a zombie
 * and one of ids (a mask of 1 << ps_id), or NULL. */
static const ps_open *ps_nearest(ps_state *p, uint64_t ids)
{
    for (unsigned k = p->depth; k > 0; k--) {
        const ps_open *e = &p->stack[k - 1];
        ps_steps(p, 1);
        if (!e->foreign && !e->zombie && ((ids >> e->id) & 1))
            return e;
    }
    return NULL;
}

#define PS_BIT(id) ((uint64_t)1 << (id))

/* True when table parts are read as such: the nearest open table or template
 * is a table, or a template whose content began with a table part. */
static bool ps_table_context(ps_state *p)
{
    if (p->n_table == 0 && p->n_table_template == 0)
        return false;
    const ps_open *e = ps_nearest(p, PS_BIT(PS_TABLE) | PS_BIT(PS_TEMPLATE));
    return e && (e->id == PS_TABLE ||
                 (e->tmpl != PS_TMPL_OTHER && e->tmpl != PS_TMPL_COLGROUP));
}

/* True when gumbo is in a table mode ("in table", "in table body", "in
 * row"): the nearest table is reached before any cell or caption. What
 * lies above it then was foster-parented and does not change the mode. */
static bool ps_in_table_mode(ps_state *p)
{
    if (p->n_table == 0)
        return false;
    const ps_open *e = ps_nearest(p, PS_BIT(PS_TABLE) | PS_BIT(PS_CELL) | PS_BIT(PS_CAPTION) |
                                         PS_BIT(PS_TEMPLATE) | PS_BIT(PS_HTML) |
                                         PS_BIT(PS_SELECT));
    return e && e->id == PS_TABLE;
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

void prescan_end_tag(ps_state *p, const ps_token *t)
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
        prescan_find(p, W_TABLE, id == PS_CELL || id == PS_SECTION ? t->hash : 0,
                id == PS_CELL || id == PS_SECTION ? 0 : id) >= 0)
        ps_close_select(p); /* "in select in table": then as in the table */
    else if (ps_in_select(p) && id != PS_TEMPLATE) { /* "in select": the rest is ignored */
        if (id == PS_SELECT)
            ps_close_select(p);
        else if (id == PS_OPTION && ps_top_is(p, PS_OPTION))
            prescan_pop(p);
        else if (id == PS_OPTGROUP) {
            if (ps_top_is(p, PS_OPTION) && p->depth > 1 && !p->stack[p->depth - 2].foreign &&
                p->stack[p->depth - 2].id == PS_OPTGROUP)
                prescan_pop(p);
            if (ps_top_is(p, PS_OPTGROUP))
                prescan_pop(p);
        }
        return;
    }
    switch (id) {
    case PS_HTML: case PS_BODY: case PS_HEAD:
        return;
    case PS_BR:
        prescan_reconstruct(p); /* </br> is <br> */
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
        prescan_close_marked(p, W_TABLE, 0, id, false);
        return;
    case PS_CELL: /* </td> closes a td, not a th */
        prescan_close_marked(p, W_TABLE, t->hash, 0, false);
        return;
    case PS_SECTION:
        prescan_close_marked(p, W_TABLE, t->hash, 0, true);
        return;
    case PS_TR: case PS_TABLE:
        if (prescan_close_marked(p, W_TABLE, 0, id, true) && id == PS_TABLE)
            ps_after_reset(p);
        return;
    case PS_COLGROUP:
        if (ps_top_is(p, id))
            prescan_pop(p);
        return;
    case PS_FORM: { /* gumbo takes the form off its stack, wherever it is */
        long k = prescan_find(p, W_DEFAULT, 0, PS_FORM);
        if (k >= 0 && (unsigned)k == p->depth - 1)
            prescan_pop(p);
        else if (k >= 0)
            prescan_zombify(p, (unsigned)k);
        return;
    }
    case PS_TEMPLATE:
        for (unsigned k = p->depth; k > 0; k--, ps_steps(p, 1))
            if (!p->stack[k - 1].foreign && p->stack[k - 1].id == PS_TEMPLATE) {
                ps_pop_to(p, k - 1);
                prescan_clear_to_marker(p);
                ps_after_reset(p);
                return;
            }
        return;
    default:
        break;
    }
    if (flags & PS_FORMAT)
        prescan_end_format(p, t->hash);
    else if (flags & PS_MARKER) /* applet, marquee, object clear the list */
        prescan_close_marked(p, W_DEFAULT, t->hash, 0, false);
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
    prescan_close_marked(p, W_TABLE, 0, PS_CELL, false); /* close the cell */
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
        prescan_push(p, ps_hash(5381, "tbody", 5), &tbody, false);
    if (id == PS_CELL && ps_top_is(p, PS_SECTION))
        prescan_push(p, ps_hash(5381, "tr", 2), &tr, false);
    if (id == PS_COL && ps_top_is(p, PS_TABLE))
        prescan_push(p, ps_hash(5381, "colgroup", 8), &colgroup, false);
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
        prescan_pop(p);
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
        prescan_pop(p);
    else if (id == PS_OPTION && ps_top_is(p, PS_OPTION))
        prescan_pop(p);
    else if (id == PS_OPTGROUP) { /* in body, optgroups nest */
        if (ps_top_is(p, PS_OPTION))
            prescan_pop(p);
        if (ps_top_is(p, PS_OPTGROUP) && ps_in_select(p))
            prescan_pop(p);
    } else if (id == PS_BUTTON)
        ps_close(p, W_DEFAULT, 0, PS_BUTTON);
    else if (id == PS_TABLE && ps_in_table_mode(p))
        ps_close(p, W_TABLE, 0, PS_TABLE); /* a table in a table ends it */
    else if (id == PS_TABLE) {
        /* a table closes an open p in no-quirks mode only: maybe closed */
        long k = prescan_find(p, W_BUTTON, 0, PS_P);
        for (unsigned j = k >= 0 ? (unsigned)k : p->depth; j < p->depth; j++)
            prescan_zombify(p, j);
    }
    else if (id == PS_A || id == PS_NOBR)
        prescan_end_format(p, hash); /* an open a (nobr) is closed first */
    else if (id == PS_RUBY_PART && prescan_find(p, W_DEFAULT, ps_hash(5381, "ruby", 4), 0) >= 0)
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
        prescan_reconstruct(p);
    if (id == PS_SVG || id == PS_MATH) {
        if (t->self_closing) {
            ps_count_node(p);
            ps_note_depth(p, 1);
        } else {
            prescan_push(p, t->mangled ? 0 : t->hash, t->tag, id == PS_SVG ? PS_NS_SVG : PS_NS_MATH);
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
    if (!prescan_push(p, t->html_hash, t->tag, false))
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
        prescan_noahs_ark(p, t->ident);
        prescan_list_add(p, t->ident, t->hash, (int)(p->depth - 1));
    } else if (flags & PS_MARKER) {
        prescan_list_add(p, 0, 0, -2);
    }
    return true;
}

bool prescan_start_tag(ps_state *p, const ps_token *t, bool *skip_raw)
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
                prescan_pop(p);
        } else {
            if (t->self_closing) {
                ps_count_node(p);
                ps_note_depth(p, 1);
                return true;
            }
            unsigned char ns = p->stack[p->depth - 1].foreign; /* the parent's */
            if (prescan_push(p, t->mangled ? 0 : t->hash, t->tag, ns) && ns == PS_NS_MATH && t->tag &&
                t->tag->id == PS_ANNOTATION && t->html_encoding)
                p->stack[p->depth - 1].point = 1;
            return true;
        }
    }
    return ps_start_html(p, t, skip_raw);
}
