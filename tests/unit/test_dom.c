/* test_dom.c — the DOM's limits and robustness (issue 7): dom_prescan's
 * depth bound against the depth gumbo really builds, on hand-written traps
 * and on generated tag soup; limits refusing pages before gumbo; the tree
 * edits and walks. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dom.h"
#include "harness.h"

/* The element depth of a parsed tree (html = 1), iteratively. */
static unsigned tree_depth(const dom_doc *d)
{
    unsigned depth = 0, max = 0;
    const dom_node *n = d->root->first;
    if (!n)
        return 0;
    depth = 1;
    while (n) {
        if (n->kind == DOM_ELEMENT && depth > max)
            max = depth;
        if (n->first) {
            n = n->first;
            depth++;
            continue;
        }
        while (n && !n->next) {
            n = n->parent;
            depth--;
            if (n == d->root)
                n = NULL;
        }
        if (n)
            n = n->next;
    }
    return max;
}

/* Parses with generous limits; the real depth, or 0 when refused. */
static unsigned real_depth(const char *html, size_t len)
{
    arena *a = arena_new();
    dom_doc d;
    dom_limits lim = {200000, 50000000, 100000};
    unsigned depth = 0;
    if (dom_parse(a, html, len, &lim, &d) == FOLIO_OK)
        depth = tree_depth(&d);
    arena_free(a);
    return depth;
}

static char *repeat(const char *unit, size_t n, const char *tail, size_t *len)
{
    size_t u = strlen(unit), t = strlen(tail);
    char *s = malloc(u * n + t + 1);
    for (size_t i = 0; i < n; i++)
        memcpy(s + i * u, unit, u);
    memcpy(s + u * n, tail, t + 1);
    *len = u * n + t;
    return s;
}

/* Traps where a naive open/close count underestimates gumbo's depth. */
static void test_bound_traps(void)
{
    static const char *const units[] = {
        "<div><table><td></div>",   /* </div> cannot leave a cell */
        "<span><div></span>",       /* any other end tag stops at specials */
        "<div><font color=%d></div>", /* reconstructed formatting elements */
        "<select><xmp></select><div>", /* xmp is ignored in select: not raw */
        "<svg><style><div>",        /* no raw text in foreign content */
        "<!--><div>",               /* an empty comment */
        "<!-- a --!><div>",         /* --!> ends a comment */
        "<p a\"b><div>",            /* a quote in a name opens nothing */
        "<!DOCTYPE \"><div>",       /* a doctype ends at the first > */
        "<svg><image><input>",      /* not void in foreign content */
        "<h1><h2></h1><div>",
        "<table><tr><td><div>",
        "<ul><li><p><span>",
        "<a href=1><b><p>",
        "<button><div></button><div>",
        "<math><mi><div><mglyph>",
        "<svg><foreignObject><p><svg>",
        "<template><div></template><div>",
        "<object><b></object><div>",
        "<frameset><div>",
        "<noscript><div></noscript><div>",
        "<dl><dd><dt><div>",
        "<form><div></form>",
        "<b><div></b><div>",
        "<select><template></select><div>",
        "<table><caption><div></table><div>",
        "<annotation-xml encoding=text/html><div>",
        /* found by the differential soup check (regressions) */
        "<template><script></template></script>", /* raw in a template */
        "<g><x></g><y>",                  /* gumbo: unknown names match each other */
        "</><svg></svg><html>",           /* gumbo mangles the name after </> */
        "<i><dd><svg></i><style><b>",     /* adoption agency pops above the block */
        "<math><li></li><iframe><p><script></iframe><math>", /* breakout pops */
        "<math><title>",                  /* title is an integration point in SVG only */
        "<svg><annotation-xml encoding=text/html><script><foreignObject>",
        "<optgroup>",                     /* optgroups nest outside a select */
        "<script><!--<script></script><xmp></script><object>", /* escapes */
        "<table><u><font color=%d><table></table><g/><object><td><optgroup>",
        "<div><strong></div><rt>",        /* ruby parts reopen nothing */
        "<p a\"b><isindex><g>",           /* isindex closes a p */
        "<noscript><ruby></noscript><b>", /* noscript in the head */
        "<template><nobr><i><object></template><s>", /* markers and the list */
        "<svg><colgroup><foreignObject><select><textarea><template><em>",
        /* a MathML frameset on the stack when a select ends: gumbo's mode
         * reset takes it for a real one (reads no raw text, nests framesets) */
        "<math><frameset><annotation-xml encoding=text/html><select><input><title>"
        "<frameset><frameset>",
    };
    for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
        /* distinct attributes defeat the Noah's Ark clause */
        size_t n = 150, len = 0, cap = 0;
        char *s = NULL;
        for (size_t i = 0; i < n; i++) {
            char one[128];
            int k = snprintf(one, sizeof one, units[u], (int)i);
            if (len + (size_t)k + 8 > cap) {
                cap = (cap + (size_t)k + 8) * 2;
                s = realloc(s, cap);
            }
            memcpy(s + len, one, (size_t)k);
            len += (size_t)k;
        }
        memcpy(s + len, "text", 5);
        len += 4;
        unsigned bound = dom_depth_bound(s, len, 1000000);
        unsigned real = real_depth(s, len);
        if (real > bound)
            fprintf(stderr, "trap %zu (%s): real %u > bound %u\n", u, units[u], real, bound);
        CHECK(real <= bound);
        free(s);
    }
}

/* xorshift: the same soup on every run. */
static uint32_t next_rand(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

static const char *const soup_parts[] = {
    "<div>", "</div>", "<p>", "</p>", "<span>", "</span>", "<b>", "</b>", "<i>", "</i>",
    "<a href=x>", "</a>", "<table>", "</table>", "<tr>", "</tr>", "<td>", "</td>", "<th>",
    "<tbody>", "</tbody>", "<li>", "</li>", "<ul>", "</ul>", "<ol>", "<dd>", "<dt>", "<dl>",
    "<h1>", "</h1>", "<h2>", "</h3>", "<svg>", "</svg>", "<math>", "<mi>", "</mi>",
    "<foreignObject>", "<desc>", "<g>", "</g>", "<g/>", "<select>", "</select>", "<option>",
    "<optgroup>", "<xmp>", "</xmp>", "<script>", "</script>", "<style>", "</style>",
    "<textarea>", "</textarea>", "<title>", "</title>", "<template>", "</template>",
    "<font color=1>", "<font>", "</font>", "<nobr>", "</nobr>", "<button>", "</button>",
    "<form>", "</form>", "<caption>", "</caption>", "<col>", "<colgroup>", "<input>",
    "<img>", "<br>", "</br>", "<hr>", "<object>", "</object>", "<marquee>", "<applet>",
    "<frameset>", "<frame>", "<noframes>", "<plaintext>", "<iframe>", "</iframe>",
    "<!--", "-->", "<!-->", "--!>", "<!DOCTYPE html>", "<?x>", "</>", "<em>", "</em>",
    "<strong>", "</strong>", "<u>", "<s>", "<code>", "<pre>", "</pre>", "<blockquote>",
    "<center>", "<body>", "</body>", "<html>", "</html>", "<head>", "</head>", "text",
    " ", "<annotation-xml encoding=text/html>", "</annotation-xml>", "<mglyph>", "<image>",
    "<isindex>", "<p a\"b>", "<x y='>'>", "<ruby>", "<rt>", "<noscript>", "</noscript>",
    "<section>", "<article>", "<address>", "<listing>", "<menu>", "<table><td>",
};

static void test_bound_soup(void)
{
    uint32_t seed = 0x9e3779b9u;
    unsigned worst = 0;
    int fails = 0;
    size_t nparts = sizeof soup_parts / sizeof soup_parts[0];
    for (int round = 0; round < 3000; round++) {
        char s[8192];
        size_t len = 0;
        int parts = 20 + (int)(next_rand(&seed) % 300);
        for (int k = 0; k < parts; k++) {
            const char *p = soup_parts[next_rand(&seed) % nparts];
            size_t n = strlen(p);
            if (len + n + 1 >= sizeof s)
                break;
            memcpy(s + len, p, n);
            len += n;
        }
        s[len] = '\0';
        unsigned bound = dom_depth_bound(s, len, 100000);
        unsigned real = real_depth(s, len);
        if (real > bound && fails++ < 3)
            fprintf(stderr, "soup: real %u > bound %u: %s\n", real, bound, s);
        if (real && bound / real > worst)
            worst = bound / real;
    }
    CHECK(fails == 0);
    printf("soup: worst bound/real factor %u\n", worst);
}

static double seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* dom_parse with folio's default limits. */
static folio_status parse_default(const char *html, size_t len, double *took)
{
    arena *a = arena_new();
    dom_doc d;
    dom_limits lim = {2048, 4000000, 512};
    double t0 = seconds();
    folio_status st = dom_parse(a, html, len, &lim, &d);
    *took = seconds() - t0;
    arena_free(a);
    return st;
}

/* The limits end to end: deep pages are refused before gumbo (fast, no
 * stack growth), wide pages parse in linear time. */
static void test_limits(void)
{
    size_t len;
    double t;
    char *s = repeat("<div>", 1000000, "x", &len);
    CHECK(parse_default(s, len, &t) == FOLIO_ELIMIT);
    printf("1,000,000 nested divs: refused in %.3f s\n", t);
    CHECK(t < 2.0);
    free(s);

    s = repeat("<p>a sibling paragraph</p>", 100000, "", &len);
    CHECK(parse_default(s, len, &t) == FOLIO_OK);
    printf("100,000 siblings: parsed in %.3f s\n", t);
    free(s);

    /* a 1 MB attribute value is fine */
    len = (1 << 20) + 32;
    s = malloc(len + 1);
    memcpy(s, "<p title=\"", 10);
    memset(s + 10, 'v', len - 10 - 6);
    memcpy(s + len - 6, "\">x</p", 7);
    arena *a = arena_new();
    dom_doc d;
    dom_limits lim = {2048, 4000000, 512};
    CHECK(dom_parse(a, s, strlen(s), &lim, &d) == FOLIO_OK);
    dom_node *p = dom_find(d.body, TAG_P);
    size_t vlen = 0;
    CHECK(p && dom_attr_len(p, "title", &vlen) && vlen == len - 16);
    arena_free(a);
    free(s);

    /* attributes: per tag, and merged over every <body> tag */
    s = repeat(" a", 100000, "", &len);
    char *tag = malloc(len + 8);
    memcpy(tag, "<p", 2);
    memcpy(tag + 2, s, len);
    memcpy(tag + 2 + len, ">x", 3);
    CHECK(parse_default(tag, len + 4, &t) == FOLIO_ELIMIT);
    CHECK(t < 1.0);
    free(tag);
    free(s);
    s = repeat("<body a=1>", 2000, "x", &len);
    CHECK(parse_default(s, len, &t) == FOLIO_ELIMIT);
    free(s);
    s = repeat("<p a b c>", 1000, "x", &len); /* many tags, few attributes each */
    CHECK(parse_default(s, len, &t) == FOLIO_OK);
    free(s);

    /* work: text under a formatting element deep in the stack */
    s = repeat("<div>", 2000, "<b>", &len);
    size_t text = (size_t)8 << 20;
    s = realloc(s, len + text + 1);
    memset(s + len, 'x', text);
    s[len + text] = '\0';
    CHECK(parse_default(s, len + text, &t) == FOLIO_ELIMIT);
    CHECK(t < 2.0);
    free(s);

    /* nodes: the formatting-element bomb */
    buf b = BUF_INIT;
    for (int i = 0; i < 3000; i++)
        buf_printf(&b, "<div><font color=%d></div>", i);
    buf_puts(&b, "x");
    dom_prescan_result r;
    dom_limits small = {100000, 200000, 512};
    dom_prescan(b.data, b.len, &small, &r);
    CHECK(r.nodes > small.max_nodes || r.depth > small.max_depth);
    buf_free(&b);
}

/* Regressions, one per bug found. */
static void test_regressions(void)
{
    /* gumbo leaked the doctype token inside <noscript> in the head (ASan,
     * valgrind): dom_parse's allocator frees what gumbo forgets */
    const char *leak = "<noscript><!DOCTYPE html>";
    double t;
    CHECK(parse_default(leak, strlen(leak), &t) == FOLIO_OK);
    /* the prescan ended "<!-->" at the next "-->" and missed what followed */
    size_t len;
    char *s = repeat("<!--><div>", 3000, "", &len);
    CHECK(dom_depth_bound(s, len, 100000) >= 3000);
    free(s);
    /* </td> must not close a th */
    s = repeat("<template><th><dd></td>", 200, "", &len);
    CHECK(dom_depth_bound(s, len, 100000) >= real_depth(s, len));
    free(s);
}

/* The tree API others build on. */
static void test_tree(void)
{
    arena *a = arena_new();
    dom_doc d;
    dom_limits lim = {2048, 4000000, 512};
    const char *html = "<div id=x class=' Lead  story '><p>one <b>two</b></p><script>no</script>"
                       "<p>three</p></div>";
    CHECK(dom_parse(a, html, strlen(html), &lim, &d) == FOLIO_OK);
    dom_node *div = dom_find(d.body, TAG_DIV);
    CHECK(div && dom_has_class(div, "lead") && dom_has_class(div, "STORY"));
    CHECK(!dom_has_class(div, "lea") && !dom_has_class(div, ""));
    buf b = BUF_INIT;
    dom_text_content(div, &b);
    CHECK_STR(b.data, "one twothree");
    buf_free(&b);
    CHECK(dom_set_attr(&d, div, "id", "y", 1) && strcmp(dom_attr(div, "id"), "y") == 0);
    CHECK(dom_set_attr(&d, div, "data-n", "5", 1) && div->nattrs == 3);
    dom_remove_attr(div, "id");
    CHECK(dom_attr(div, "id") == NULL && div->nattrs == 2);
    dom_node *p = dom_find(div, TAG_P);
    dom_unwrap(p);
    CHECK(div->first && dom_is_text(div->first));
    unsigned count = 0;
    for (dom_node *n = d.root->first; n; n = dom_next(n, d.root))
        count++;
    CHECK(count > 5);
    dom_node *fresh = dom_element_new(&d, TAG_SECTION);
    CHECK(fresh && fresh->id < d.nnodes && strcmp(fresh->name, "section") == 0);
    dom_append(div, fresh);
    CHECK(div->last == fresh && fresh->parent == div);
    dom_detach(fresh);
    CHECK(div->last != fresh && fresh->parent == NULL);
    CHECK(dom_tag_by_name("picture", 7) == TAG_PICTURE);
    CHECK(dom_tag_by_name("nosuch", 6) == TAG_UNKNOWN);
    arena_free(a);
    /* an empty page still has html, head and body */
    a = arena_new();
    CHECK(dom_parse(a, "", 0, &lim, &d) == FOLIO_OK);
    CHECK(d.html && d.head && d.body);
    arena_free(a);
}

int main(void)
{
    test_bound_traps();
    test_bound_soup();
    test_limits();
    test_regressions();
    test_tree();
    return harness_done();
}
