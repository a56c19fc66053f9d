/* dom_prescan.c — the prescan (see dom.h and dom_prescan.h): reads a
 * page's bytes as gumbo's tokenizer would (tags and their attributes,
 * comments, raw text and script data, text) and hands each tag to the
 * model's tag rules (dom_prescan_tags.c). Holds the tag table, dom_prescan
 * and dom_depth_bound.
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dom_prescan.h"

static bool name_is(const char *p, size_t n, const char *word)
{
    size_t w = strlen(word);
    if (n != w)
        return false;
    for (size_t i = 0; i < n; i++)
        if (ps_lower((unsigned char)p[i]) != word[i])
            return false;
    return true;
}

#define SP PS_SPECIAL
#define CP (PS_SPECIAL | PS_CLOSE_P | PS_BLOCK_END)
#define FB (PS_FORMAT | PS_BREAKOUT)
#define VS (PS_VOID | PS_SPECIAL)
/* Sorted by name (bsearch). */
static const ps_tag ps_tags[] = {
    {"a", PS_A, PS_FORMAT},
    {"address", 0, CP},
    {"annotation-xml", PS_ANNOTATION, 0},
    {"applet", 0, SP | PS_SCOPE | PS_MARKER | PS_BLOCK_END},
    {"area", 0, VS},
    {"article", 0, CP},
    {"aside", 0, CP},
    {"b", 0, FB},
    {"base", 0, VS | PS_NO_RECON},
    {"basefont", 0, VS | PS_NO_RECON},
    {"bgsound", 0, VS | PS_NO_RECON},
    {"big", 0, FB},
    {"blockquote", 0, CP | PS_BREAKOUT},
    {"body", PS_BODY, SP | PS_BREAKOUT | PS_NO_RECON},
    {"br", PS_BR, VS | PS_BREAKOUT},
    {"button", PS_BUTTON, SP | PS_BLOCK_END},
    {"caption", PS_CAPTION, SP | PS_SCOPE | PS_MARKER | PS_NO_RECON},
    {"center", 0, CP | PS_BREAKOUT},
    {"code", 0, FB},
    {"col", PS_COL, VS | PS_NO_RECON},
    {"colgroup", PS_COLGROUP, SP | PS_NO_RECON},
    {"dd", PS_DD, SP | PS_CLOSE_P | PS_BREAKOUT},
    {"desc", 0, PS_POINT},
    {"details", 0, CP},
    {"dir", 0, CP},
    {"div", 0, CP | PS_BREAKOUT},
    {"dl", 0, CP | PS_BREAKOUT},
    {"dt", PS_DT, SP | PS_CLOSE_P | PS_BREAKOUT},
    {"em", 0, FB},
    {"embed", 0, VS | PS_BREAKOUT},
    {"fieldset", 0, CP},
    {"figcaption", 0, CP},
    {"figure", 0, CP},
    {"font", PS_FONT, PS_FORMAT},
    {"footer", 0, CP},
    {"foreignobject", 0, PS_POINT},
    {"form", PS_FORM, SP | PS_CLOSE_P},
    {"frame", 0, VS | PS_NO_RECON},
    {"frameset", PS_FRAMESET, SP | PS_NO_RECON},
    {"h1", PS_HEADING, SP | PS_CLOSE_P | PS_BREAKOUT},
    {"h2", PS_HEADING, SP | PS_CLOSE_P | PS_BREAKOUT},
    {"h3", PS_HEADING, SP | PS_CLOSE_P | PS_BREAKOUT},
    {"h4", PS_HEADING, SP | PS_CLOSE_P | PS_BREAKOUT},
    {"h5", PS_HEADING, SP | PS_CLOSE_P | PS_BREAKOUT},
    {"h6", PS_HEADING, SP | PS_CLOSE_P | PS_BREAKOUT},
    {"head", PS_HEAD, SP | PS_BREAKOUT | PS_NO_RECON},
    {"header", 0, CP},
    {"hgroup", 0, CP},
    {"hr", 0, VS | PS_CLOSE_P | PS_BREAKOUT},
    {"html", PS_HTML, SP | PS_SCOPE | PS_NO_RECON},
    {"i", 0, FB},
    {"iframe", 0, SP | PS_RAW | PS_NO_RECON},
    {"image", PS_IMAGE, PS_VOID},
    {"img", 0, VS | PS_BREAKOUT},
    {"input", PS_INPUT, VS},
    {"isindex", PS_ISINDEX, VS | PS_CLOSE_P},
    {"keygen", PS_INPUT, VS},
    {"li", PS_LI, SP | PS_CLOSE_P | PS_BREAKOUT},
    {"link", 0, VS | PS_NO_RECON},
    {"listing", 0, CP | PS_BREAKOUT},
    {"main", 0, CP},
    {"malignmark", PS_MGLYPH, 0},
    {"marquee", 0, SP | PS_SCOPE | PS_MARKER | PS_BLOCK_END},
    {"math", PS_MATH, 0},
    {"menu", 0, CP | PS_BREAKOUT},
    {"menuitem", 0, SP},
    {"meta", 0, VS | PS_BREAKOUT | PS_NO_RECON},
    {"mglyph", PS_MGLYPH, 0},
    {"mi", PS_MTEXT, 0},
    {"mn", PS_MTEXT, 0},
    {"mo", PS_MTEXT, 0},
    {"ms", PS_MTEXT, 0},
    {"mtext", PS_MTEXT, 0},
    {"nav", 0, CP},
    {"nobr", PS_NOBR, FB},
    {"noembed", 0, SP | PS_RAW | PS_NO_RECON},
    {"noframes", 0, SP | PS_RAW | PS_NO_RECON},
    {"noscript", PS_NOSCRIPT, SP},
    {"object", 0, SP | PS_SCOPE | PS_MARKER | PS_BLOCK_END},
    {"ol", 0, CP | PS_BREAKOUT},
    {"optgroup", PS_OPTGROUP, 0},
    {"option", PS_OPTION, 0},
    {"p", PS_P, SP | PS_CLOSE_P | PS_BREAKOUT},
    {"param", 0, VS | PS_NO_RECON},
    {"plaintext", PS_PLAINTEXT, SP | PS_CLOSE_P},
    {"pre", 0, CP | PS_BREAKOUT},
    {"rb", PS_RUBY_PART, PS_NO_RECON},
    {"rp", PS_RUBY_PART, PS_NO_RECON},
    {"rt", PS_RUBY_PART, PS_NO_RECON},
    {"rtc", PS_RUBY_PART, PS_NO_RECON},
    {"ruby", 0, PS_BREAKOUT},
    {"s", 0, FB},
    {"script", 0, SP | PS_RAW | PS_NO_RECON},
    {"section", 0, CP},
    {"select", PS_SELECT, SP},
    {"small", 0, FB},
    {"source", 0, VS | PS_NO_RECON},
    {"span", 0, PS_BREAKOUT},
    {"strike", 0, FB},
    {"strong", 0, FB},
    {"style", 0, SP | PS_RAW | PS_NO_RECON},
    {"sub", 0, PS_BREAKOUT},
    {"summary", 0, CP},
    {"sup", 0, PS_BREAKOUT},
    {"svg", PS_SVG, 0},
    {"table", PS_TABLE, SP | PS_SCOPE | PS_BREAKOUT | PS_NO_RECON},
    {"tbody", PS_SECTION, SP | PS_NO_RECON},
    {"td", PS_CELL, SP | PS_SCOPE | PS_MARKER | PS_NO_RECON},
    {"template", PS_TEMPLATE, SP | PS_SCOPE | PS_MARKER | PS_NO_RECON},
    {"textarea", PS_TEXTAREA, SP | PS_RAW | PS_NO_RECON},
    {"tfoot", PS_SECTION, SP | PS_NO_RECON},
    {"th", PS_CELL, SP | PS_SCOPE | PS_MARKER | PS_NO_RECON},
    {"thead", PS_SECTION, SP | PS_NO_RECON},
    {"title", 0, SP | PS_RAW | PS_POINT | PS_NO_RECON},
    {"tr", PS_TR, SP | PS_NO_RECON},
    {"track", 0, VS | PS_NO_RECON},
    {"tt", 0, FB},
    {"u", 0, FB},
    {"ul", 0, CP | PS_BREAKOUT},
    {"var", 0, PS_BREAKOUT},
    {"wbr", 0, VS},
    {"xmp", 0, SP | PS_RAW | PS_CLOSE_P},
};
#undef SP
#undef CP
#undef FB
#undef VS

static bool ps_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static int ps_tag_cmp(const void *key, const void *elem)
{
    return strcmp(key, ((const ps_tag *)elem)->name);
}

static const ps_tag *ps_lookup(const char *s, size_t n)
{
    char name[PS_NAME_MAX + 1];
    if (n == 0 || n > PS_NAME_MAX || memchr(s, '\0', n)) /* gumbo: U+FFFD, unknown */
        return NULL;
    for (size_t i = 0; i < n; i++)
        name[i] = (char)ps_lower((unsigned char)s[i]);
    name[n] = '\0';
    return bsearch(name, ps_tags, sizeof ps_tags / sizeof ps_tags[0], sizeof ps_tags[0],
                   ps_tag_cmp);
}

static bool ps_ieq(const char *s, size_t n, const char *word)
{
    return name_is(s, n, word);
}

/* gumbo 0.10.1 matches end tags to HTML elements by its tag enum, so an
 * end tag of a name it does not know closes the nearest element of any
 * unknown name (</g> closes an open <x>): such names share one hash. */
#define PS_UNKNOWN_HASH 1u

/* Tokenizes the tag whose name starts at i, as the HTML tokenizer does:
 * quotes open a value only after '=', a '>' inside a quoted value does not
 * end the tag, and one in an attribute name or unquoted value does. */
static void ps_tokenize(const char *s, size_t len, size_t i, ps_token *t)
{
    memset(t, 0, sizeof *t);
    t->name = i;
    while (i < len && !ps_space(s[i]) && s[i] != '/' && s[i] != '>')
        i++;
    t->name_len = i - t->name;
    t->hash = ps_hash(5381, s + t->name, t->name_len);
    t->ident = t->hash;
    t->html_hash = dom_gumbo_knows(s + t->name, t->name_len) ? t->hash : PS_UNKNOWN_HASH;
    t->tag = ps_lookup(s + t->name, t->name_len);
    bool font = t->tag && t->tag->id == PS_FONT;
    bool annotation = t->tag && t->tag->id == PS_ANNOTATION;
    while (i < len) {
        char c = s[i];
        if (ps_space(c)) {
            i++;
            continue;
        }
        if (c == '>') {
            t->end = i + 1;
            return;
        }
        if (c == '/') {
            t->self_closing = i + 1 < len && s[i + 1] == '>';
            i++;
            continue;
        }
        /* an attribute name: '=' is part of it when it comes first */
        size_t an = i++;
        while (i < len && !ps_space(s[i]) && s[i] != '/' && s[i] != '>' && s[i] != '=')
            i++;
        size_t an_len = i - an;
        t->attrs++;
        t->ident = ps_hash(t->ident * 31u + 1u, s + an, an_len);
        if (font && (ps_ieq(s + an, an_len, "color") || ps_ieq(s + an, an_len, "face") ||
                     ps_ieq(s + an, an_len, "size")))
            t->font_breakout = true;
        while (i < len && ps_space(s[i]))
            i++;
        if (i >= len || s[i] != '=')
            continue;
        i++;
        while (i < len && ps_space(s[i]))
            i++;
        size_t v = i, v_len;
        if (i < len && (s[i] == '"' || s[i] == '\'')) {
            const char *q = memchr(s + i + 1, s[i], len - i - 1);
            v = i + 1;
            i = q ? (size_t)(q - s) + 1 : len;
            v_len = (q ? (size_t)(q - s) : len) - v;
        } else {
            while (i < len && !ps_space(s[i]) && s[i] != '>')
                i++;
            v_len = i - v;
        }
        t->ident = t->ident * 31u + (uint32_t)v_len;
        for (size_t k = 0; k < v_len; k++)
            t->ident = t->ident * 33u + (unsigned char)s[v + k];
        if (annotation && ps_ieq(s + an, an_len, "encoding") &&
            (ps_ieq(s + v, v_len, "text/html") || ps_ieq(s + v, v_len, "application/xhtml+xml")))
            t->html_encoding = true;
    }
    t->end = len;
}

/* The end of a comment opened at i ("<!--" at i - 1): gumbo ends it at the
 * first "-->" or "--!>", and "<!-->" / "<!--->" are empty comments. */
static size_t ps_comment_end(const char *s, size_t len, size_t i)
{
    for (size_t k = i; k + 2 < len; k++) {
        if (s[k] != '-' || s[k + 1] != '-')
            continue;
        if (s[k + 2] == '>')
            return k + 3;
        if (k + 3 < len && s[k + 2] == '!' && s[k + 3] == '>')
            return k + 4;
    }
    return len;
}

/* True when s[i..] holds "<" "/" name (any case) and then white space, '/',
 * '>' or the end: an end tag that ends raw text. */
static bool ps_raw_end_at(const char *s, size_t len, size_t i, const char *name, size_t n)
{
    if (i + 2 + n > len || s[i] != '<' || s[i + 1] != '/')
        return false;
    for (size_t k = 0; k < n; k++)
        if (ps_lower((unsigned char)s[i + 2 + k]) != ps_lower((unsigned char)name[k]))
            return false;
    size_t e = i + 2 + n;
    return e == len || ps_space(s[e]) || s[e] == '/' || s[e] == '>';
}

/* True when s[i..] holds "script" (any case) and then white space, '/' or
 * '>': what switches the script escape states. */
static bool ps_script_word(const char *s, size_t len, size_t i)
{
    return i + 6 < len && name_is(s + i, 6, "script") &&
           (ps_space(s[i + 6]) || s[i + 6] == '/' || s[i + 6] == '>');
}

/* Where the script data from `from` ends (the '<' of its end tag, or len),
 * with the tokenizer's escape states: after "<!--", "<script>" starts a
 * double-escaped part that "</script>" only ends, and "-->" leaves both. */
static size_t ps_skip_script(const char *s, size_t len, size_t from)
{
    enum { DATA, ESCAPED, DOUBLE } state = DATA;
    for (size_t i = from; i < len; i++) {
        char c = s[i];
        if (c == '-' && state != DATA && i + 2 < len && s[i + 1] == '-' && s[i + 2] == '>') {
            state = DATA;
            i += 2;
            continue;
        }
        if (c != '<')
            continue;
        if (state == DATA && i + 3 < len && s[i + 1] == '!' && s[i + 2] == '-' &&
            s[i + 3] == '-') {
            state = ESCAPED;
            i += 3;
            /* "<!--" leaves the tokenizer in its escaped dash-dash state:
             * more dashes keep it there and a '>' ends the escape, so
             * "<!-->" and "<!--->" open and close at once */
            size_t j = i + 1;
            while (j < len && s[j] == '-')
                j++;
            if (j < len && s[j] == '>') {
                state = DATA;
                i = j;
            }
            continue;
        }
        if (state != DOUBLE && ps_raw_end_at(s, len, i, "script", 6))
            return i;
        if (state == ESCAPED && ps_script_word(s, len, i + 1))
            state = DOUBLE;
        else if (state == DOUBLE && i + 1 < len && s[i + 1] == '/' && ps_script_word(s, len, i + 2))
            state = ESCAPED;
    }
    return len;
}

/* Where the raw text of t's element ends: the '<' of its end tag (the
 * tokenizer's rule exactly: an earlier end would let the scan read raw text
 * as markup, and a "<!--" or "<xmp>" there could hide what follows). */
static size_t ps_skip_raw(const char *s, size_t len, size_t from, const ps_token *t)
{
    if (t->tag && strcmp(t->tag->name, "script") == 0)
        return ps_skip_script(s, len, from);
    for (size_t i = from; i < len; i++) {
        const char *lt = memchr(s + i, '<', len - i);
        if (!lt)
            return len;
        i = (size_t)(lt - s);
        if (ps_raw_end_at(s, len, i, s + t->name, t->name_len))
            return i;
    }
    return len;
}

/* Text between tags: gumbo reconstructs the formatting elements, and looks
 * the last one up in its stack once per character. */
static void ps_text(ps_state *p, const char *s, size_t n)
{
    for (size_t i = 0; i < n && !p->in_body; i++)
        p->in_body = !ps_space(s[i]);
    prescan_reconstruct(p);
    ps_count_node(p);
    ps_note_depth(p, 1);
    if (p->nlist && p->list[p->nlist - 1].open >= 0)
        p->r.work += (unsigned long long)n * (unsigned long long)(p->list[p->nlist - 1].open + 1);
    if (p->r.work > DOM_MAX_WORK)
        p->over = true;
}

/* A tag inside text that may or may not be raw (a <script> after a
 * <frameset>, which gumbo may or may not have honoured): start tags push an
 * element and nothing else, end tags do nothing, <noframes> is raw (it is in
 * both readings). So the model holds at least what either reading does. */
static size_t ps_in_region(ps_state *p, const char *s, size_t len, const ps_token *t,
                           bool closing)
{
    p->r.work += p->depth;
    if (closing)
        return t->end;
    if (t->tag && (t->tag->flags & PS_VOID)) {
        ps_count_node(p);
        ps_note_depth(p, 1);
        return t->end;
    }
    prescan_push(p, 0, NULL, false); /* no end tag may close it */
    if (t->hash == ps_hash(5381, "noframes", 8))
        return ps_skip_raw(s, len, t->end, t);
    return t->end;
}

/* The markup at s[i] ('<' at i - 1); returns where scanning goes on, or len
 * when it ends. */
static size_t ps_markup(ps_state *p, const char *s, size_t len, size_t i)
{
    if (s[i] == '!') {
        if (i + 2 < len && s[i + 1] == '-' && s[i + 2] == '-')
            return ps_comment_end(s, len, i + 1);
        const char *gt = memchr(s + i, '>', len - i); /* doctype, bogus comment */
        return gt ? (size_t)(gt - s) + 1 : len;
    }
    if (s[i] == '?') {
        const char *gt = memchr(s + i, '>', len - i);
        return gt ? (size_t)(gt - s) + 1 : len;
    }
    bool closing = s[i] == '/';
    size_t at = closing ? i + 1 : i;
    if (at >= len)
        return len;
    if (!((s[at] | 32) >= 'a' && (s[at] | 32) <= 'z')) {
        if (!closing) /* a '<' in text */
            return i;
        const char *gt = memchr(s + at, '>', len - at); /* </> or a bogus comment */
        if (gt == s + at) /* "</>": gumbo then mangles the next tag's name */
            p->empty_end_at = at + 1;
        return gt ? (size_t)(gt - s) + 1 : len;
    }
    ps_token t;
    ps_tokenize(s, len, at, &t);
    /* gumbo 0.10.1 reads the name of a tag right after "</>" wrongly, so a
     * foreign element opened there never matches its end tag */
    t.mangled = !closing && i - 1 == p->empty_end_at;
    if (t.attrs > p->r.attrs)
        p->r.attrs = t.attrs;
    if (t.attrs > p->lim->max_attrs) {
        p->over = true;
        return len;
    }
    if (p->clip != SIZE_MAX)
        return ps_in_region(p, s, len, &t, closing);
    if (closing) {
        p->r.work += p->depth;
        prescan_end_tag(p, &t);
        return t.end;
    }
    bool raw;
    p->maybe_raw = false;
    if (!prescan_start_tag(p, &t, &raw))
        return len;
    if (p->maybe_raw) {
        size_t e = ps_skip_raw(s, len, t.end, &t);
        if (e < p->clip)
            p->clip = e;
    }
    return raw ? ps_skip_raw(s, len, t.end, &t) : t.end;
}

void dom_prescan(const char *s, size_t len, const dom_limits *lim, dom_prescan_result *r)
{
    ps_state p;
    memset(&p, 0, sizeof p);
    p.lim = lim;
    p.cap = lim->max_depth + PS_SLACK + 2;
    p.list_cap = 2 * (size_t)p.cap + 64;
    p.stack_alloc = p.cap < PS_INITIAL ? p.cap : PS_INITIAL;
    p.list_alloc = PS_INITIAL;
    p.stack = malloc(p.stack_alloc * sizeof *p.stack);
    p.list = malloc(p.list_alloc * sizeof *p.list);
    if (!p.stack || !p.list) {
        free(p.stack);
        free(p.list);
        memset(r, 0, sizeof *r);
        r->depth = lim->max_depth + 1; /* refuse rather than risk it */
        return;
    }
    static const ps_tag html = {"html", PS_HTML, PS_SPECIAL | PS_SCOPE};
    static const ps_tag body = {"body", PS_BODY, PS_SPECIAL};
    prescan_push(&p, ps_hash(5381, "html", 4), &html, false);
    prescan_push(&p, ps_hash(5381, "body", 4), &body, false);
    /* Where the model cannot tell whether gumbo reads an element's content
     * as raw text (a script in a select, a style in svg), it reads it as
     * markup, but only up to the first "</name": nothing in it (a comment, a
     * quoted attribute) may hide what follows, whichever way gumbo reads it. */
    p.clip = SIZE_MAX;
    p.empty_end_at = SIZE_MAX;
    size_t i = 0, full = len;
    while (i < full && !p.over) {
        if (i >= p.clip)
            p.clip = SIZE_MAX;
        len = p.clip < full ? p.clip : full;
        const char *lt = memchr(s + i, '<', len - i);
        size_t at = lt ? (size_t)(lt - s) : len;
        if (at > i)
            ps_text(&p, s + i, at - i);
        if (!lt) {
            i = len;
            continue;
        }
        if (p.over)
            break;
        i = at + 1;
        if (i >= len) {
            ps_text(&p, "<", 1);
            continue;
        }
        size_t next = ps_markup(&p, s, len, i);
        if (next == i) { /* '<' as text */
            ps_text(&p, "<", 1);
            continue;
        }
        i = next;
    }
    p.r.depth += PS_SLACK;
    p.r.steps = p.steps;
    if (p.over && p.r.depth <= lim->max_depth && p.r.nodes <= lim->max_nodes &&
        p.r.attrs <= lim->max_attrs && p.r.work <= DOM_MAX_WORK)
        p.r.depth = lim->max_depth + 1; /* stopped for want of memory: refuse */
    *r = p.r;
    free(p.stack);
    free(p.list);
}

unsigned dom_depth_bound(const char *html, size_t len, unsigned cap)
{
    dom_limits lim = {cap, SIZE_MAX, UINT_MAX};
    dom_prescan_result r;
    dom_prescan(html, len, &lim, &r);
    return r.depth > cap ? cap + 1 : r.depth;
}
