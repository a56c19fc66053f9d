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

static __attribute__((unused)) char *repeat(const char *unit, size_t n, const char *tail, size_t *len)
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

int main(void)
{
    test_bound_traps();
    test_bound_soup();
    return harness_done();
}
