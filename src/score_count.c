/* score_count.c — the extractor's per-node counters.
 *
 * Place in the pipeline: extract and clean read these counters. One
 * post-order pass fills score_stats for every node of a subtree: characters,
 * link characters, commas and sentence ends of all scripts, paragraphs,
 * images, inputs... The weights that judge them live in score.c.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "score.h"
#include "utf8.h"

/* ---------------------------------------------------------- punctuation */

static bool is_comma(unsigned long cp)
{
    return cp == ',' || cp == 0x060C || cp == 0xFE50 || cp == 0xFE10 || cp == 0xFE11 ||
           cp == 0x2E41 || cp == 0x2E34 || cp == 0x2E32 || cp == 0xFF0C || cp == 0x3001;
}

static bool is_full_stop(unsigned long cp)
{
    return cp == 0x3002 || cp == 0xFF01 || cp == 0xFF1F || cp == 0x061F || cp == 0x0964 ||
           cp == 0x06D4 || cp == 0x203C;
}

/* What score_punct makes of each ASCII byte, looked up rather than
 * decoded and compared (text is mostly ASCII): the white space of
 * utf8_is_space, the comma, and the three sentence terminators. */
enum { PC_OTHER, PC_SPACE, PC_COMMA, PC_TERM };
static const unsigned char punct_ascii[128] = {
    [' '] = PC_SPACE, ['\t'] = PC_SPACE, ['\n'] = PC_SPACE, ['\r'] = PC_SPACE,
    ['\f'] = PC_SPACE, ['\v'] = PC_SPACE, [','] = PC_COMMA,
    ['.'] = PC_TERM,  ['!'] = PC_TERM,  ['?'] = PC_TERM,
};

void score_punct(const char *s, size_t n, float *commas, float *terms, float *chars)
{
    size_t i = 0;
    bool space = true; /* leading white space is not counted */
    float nc = *commas, nt = *terms, nch = *chars; /* one write each at the end */
    while (i < n) {
        unsigned char b = (unsigned char)s[i];
        unsigned long cp = b;
        unsigned char k = PC_OTHER;
        if (b < 0x80) {
            i++;
            k = punct_ascii[b];
        } else {
            size_t used;
            cp = utf8_decode(s + i, n - i, &used);
            i += used;
            if (utf8_is_space(cp))
                k = PC_SPACE;
            else if (is_comma(cp))
                k = PC_COMMA;
        }
        if (k == PC_SPACE) {
            if (!space)
                nch += 1;
            space = true;
            continue;
        }
        space = false;
        nch += 1;
        if (k == PC_COMMA) {
            nc += 1;
        } else if (k == PC_TERM) {
            /* a terminator ends a sentence: space, end or a quote follows */
            unsigned char next = i < n ? (unsigned char)s[i] : ' ';
            if (next == ' ' || next == '\n' || next == '\t' || next == '"' || next == ')' ||
                next == '\r' || next >= 0x80)
                nt += 1;
        } else if (cp >= 0x80 && is_full_stop(cp)) {
            nt += 1;
        }
    }
    *commas = nc;
    *terms = nt;
    *chars = nch;
}

/* ---------------------------------------------------------- the counters */

static bool counted(const dom_node *n, const unsigned char *skip)
{
    if (n->flags & DOM_MARK_REMOVED)
        return false;
    if (skip && skip[n->id])
        return false;
    return !(n->kind == DOM_ELEMENT && (dom_tag_flags(n->tag) & DOM_F_SKIP));
}

/* How much the text under link element n counts as link text. */
static unsigned char link_kind(const dom_node *n)
{
    if (!dom_is(n, TAG_A))
        return 0;
    const char *href = dom_attr(n, "href");
    if (!href || ascii_ieqn(href, "javascript:", 11))
        return 0; /* script links are buttons or placeholders, not navigation */
    return href[0] == '#' ? 1 : 2;
}

/* Adds n's own contribution (a text's characters, an element's kind) to
 * its counters; link is the link kind around it. */
static void own_counts(const dom_node *n, unsigned char link, score_stats *s)
{
    if (n->kind == DOM_TEXT) {
        float chars = 0;
        score_punct(n->text, n->text_len, &s->commas, &s->terms, &chars);
        s->chars += chars;
        if (link)
            s->link_chars += link == 1 ? chars * score_p.fragment_link_weight : chars;
        return;
    }
    switch (n->tag) {
    case TAG_P: s->paras++; break;
    case TAG_IMG: case TAG_PICTURE: case TAG_VIDEO: s->imgs++; break;
    case TAG_INPUT: case TAG_SELECT: case TAG_TEXTAREA: case TAG_BUTTON: s->inputs++; break;
    case TAG_LI: s->lis++; break;
    case TAG_IFRAME: case TAG_EMBED: case TAG_OBJECT: s->embeds++; break;
    case TAG_H1: case TAG_H2: case TAG_H3: case TAG_H4: case TAG_H5: case TAG_H6:
        s->headings++;
        break;
    case TAG_A: s->links += dom_attr(n, "href") != NULL; break;
    default: break;
    }
}

/* Adds child c's counters into its parent's p. */
static void add_child(const dom_node *c, const score_stats *cs, score_stats *p)
{
    p->chars += cs->chars;
    p->link_chars += cs->link_chars;
    p->commas += cs->commas;
    p->terms += cs->terms;
    p->paras += cs->paras;
    p->imgs += cs->imgs;
    p->inputs += cs->inputs;
    p->lis += cs->lis;
    p->embeds += cs->embeds;
    p->headings += cs->headings;
    p->links += cs->links;
    unsigned f = c->kind == DOM_ELEMENT ? dom_tag_flags(c->tag) : 0;
    bool inline_child = c->kind == DOM_TEXT || (f & DOM_F_INLINE);
    if (inline_child) {
        p->inline_chars += cs->chars;
        p->inline_commas += cs->commas;
    } else if ((f & DOM_F_BLOCK) || cs->paras || cs->blocks) {
        p->blocks++;
    }
}

bool score_stats_fill(const dom_doc *d, const dom_node *root, const unsigned char *skip,
                      score_stats *st)
{
    size_t cap = d->nnodes;
    const dom_node **order = malloc((cap + 1) * sizeof *order);
    unsigned char *link = calloc(cap + 1, 1);
    if (!order || !link) {
        free(order);
        free(link);
        return false;
    }
    memset(st, 0, cap * sizeof *st);
    size_t k = 0;
    order[k++] = root;
    link[root->id] = link_kind(root);
    for (const dom_node *n = root->first; n && k < cap;) {
        if (n->id >= cap || !counted(n, skip)) {
            n = dom_next_skip(n, root);
            continue;
        }
        unsigned char lk = link_kind(n);
        link[n->id] = lk ? lk : (n->parent && n->parent->id < cap ? link[n->parent->id] : 0);
        order[k++] = n;
        n = dom_next(n, root);
    }
    while (k > 0) {
        const dom_node *n = order[--k];
        own_counts(n, link[n->id], &st[n->id]);
        if (n != root && n->parent)
            add_child(n, &st[n->id], &st[n->parent->id]);
    }
    free(order);
    free(link);
    return true;
}
