/* xhtml.c — XML escaping and the whitelisting XHTML serializer; see xhtml.h.
 *
 * Place in the pipeline: part of the epub stage. epub.c gathers the book;
 * this file writes its XML: each chapter body (after cmark has rendered the
 * model and dom_parse has read it back), the cover page, the navigation
 * document, the NCX and the package document. The walk is iterative: a
 * small stack of per-element decisions replaces recursion.
 */
#include "xhtml.h"

#include <stdio.h>
#include <string.h>

#include "epub.h"
#include "url.h"
#include "utf8.h"

/* ------------------------------------------------------------- escaping */

/* True for code points XML 1.0 forbids or the HTML validator flags in
 * text: controls other than tab and newline, CR (normalised away), C1
 * controls, surrogates, and the noncharacters. */
static bool xml_unwanted(unsigned long cp)
{
    if (cp < 0x20)
        return cp != '\t' && cp != '\n';
    if (cp >= 0x7F && cp <= 0x9F)
        return true;
    if (cp >= 0xD800 && cp <= 0xDFFF)
        return true;
    if (cp >= 0xFDD0 && cp <= 0xFDEF)
        return true;
    return (cp & 0xFFFE) == 0xFFFE || cp > 0x10FFFF;
}

void xhtml_escape(buf *b, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            i++;
            if (c == '&')
                buf_puts(b, "&amp;");
            else if (c == '<')
                buf_puts(b, "&lt;");
            else if (c == '>')
                buf_puts(b, "&gt;");
            else if (c == '"')
                buf_puts(b, "&quot;");
            else if (!xml_unwanted(c))
                buf_putc(b, (char)c);
            continue;
        }
        size_t used = 1;
        unsigned long cp = utf8_decode(s + i, n - i, &used);
        if (!xml_unwanted(cp))
            buf_put_utf8(b, cp); /* invalid bytes came back as U+FFFD */
        i += used;
    }
}

void xhtml_escape_str(buf *b, const char *s)
{
    if (s)
        xhtml_escape(b, s, strlen(s));
}

static bool is_hex(unsigned char c)
{
    return (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'f');
}

/* True for bytes that may stand in a URI as they are (RFC 3986 reserved and
 * unreserved characters; '%' is handled apart). */
static bool uri_plain(unsigned char c)
{
    if (c <= 0x20 || c >= 0x7F)
        return false;
    return !strchr("\"<>\\^`{|}", c);
}

void xhtml_put_url(buf *b, const char *url)
{
    buf tmp = BUF_INIT;
    for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
        if (*p == '%' && is_hex(p[1]) && is_hex(p[2]))
            buf_putc(&tmp, '%');
        else if (*p == '%' || !uri_plain(*p))
            buf_printf(&tmp, "%%%02X", *p);
        else
            buf_putc(&tmp, (char)*p);
    }
    if (tmp.failed)
        b->failed = true;
    else if (tmp.len)
        xhtml_escape(b, tmp.data, tmp.len);
    buf_free(&tmp);
}

static bool host_char(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '.' || c == '-';
}

bool xhtml_link_host_ok(const char *url)
{
    const char *p = strstr(url, "://");
    if (!p)
        return false;
    p += 3;
    size_t n = strcspn(p, "/?#");
    const char *at = memchr(p, '@', n);
    if (at) {
        n -= (size_t)(at + 1 - p);
        p = at + 1;
    }
    size_t host = 0;
    while (host < n && host_char((unsigned char)p[host]))
        host++;
    if (host == 0 || p[0] == '.' || p[0] == '-')
        return false;
    if (host == n)
        return true;
    if (p[host] != ':' || n - host - 1 > 5)
        return false;
    for (size_t i = host + 1; i < n; i++)
        if (p[i] < '0' || p[i] > '9')
            return false;
    return true;
}

/* ---------------------------------------------------------- whitelists */

typedef enum { X_UNWRAP = 0, X_EMIT, X_DROP } x_action;

/* How each kept element is written: its attributes, whether it can only
 * hold phrasing content (so blocks inside it are unwrapped), whether it is
 * itself a block (unwrapped inside phrasing). */
typedef struct {
    dom_tag tag;
    const char *attrs; /* space-separated attribute names kept */
    bool phrasing_only; /* holds only phrasing content */
    bool block;         /* flow content that phrasing cannot hold */
} x_rule;

static const x_rule rules[] = {
    {TAG_P, "", true, true},        {TAG_H1, "id", true, true},
    {TAG_H2, "id", true, true},     {TAG_H3, "id", true, true},
    {TAG_H4, "id", true, true},     {TAG_H5, "id", true, true},
    {TAG_H6, "id", true, true},     {TAG_BLOCKQUOTE, "", false, true},
    {TAG_UL, "", false, true},      {TAG_OL, "start", false, true},
    {TAG_LI, "", false, true},      {TAG_PRE, "", true, true},
    {TAG_HR, "", false, true},      {TAG_DIV, "", false, true},
    {TAG_DL, "", false, true},      {TAG_DT, "", true, true},
    {TAG_DD, "", false, true},      {TAG_TABLE, "", false, true},
    {TAG_CAPTION, "", false, true}, {TAG_THEAD, "", false, true},
    {TAG_TBODY, "", false, true},   {TAG_TFOOT, "", false, true},
    {TAG_TR, "", false, true},      {TAG_TH, "colspan rowspan", false, true},
    {TAG_TD, "colspan rowspan", false, true},
    {TAG_A, "href title", false, false},
    {TAG_IMG, "src alt title", true, false},
    {TAG_CODE, "class", true, false}, {TAG_EM, "", true, false},
    {TAG_STRONG, "", true, false},  {TAG_B, "", true, false},
    {TAG_I, "", true, false},       {TAG_U, "", true, false},
    {TAG_S, "", true, false},       {TAG_DEL, "", true, false},
    {TAG_INS, "", true, false},     {TAG_SUB, "", true, false},
    {TAG_SUP, "", true, false},     {TAG_MARK, "", true, false},
    {TAG_SMALL, "", true, false},   {TAG_Q, "", true, false},
    {TAG_CITE, "", true, false},    {TAG_ABBR, "title", true, false},
    {TAG_KBD, "", true, false},     {TAG_SAMP, "", true, false},
    {TAG_VAR, "", true, false},     {TAG_DFN, "", true, false},
    {TAG_BR, "", true, false},
};

static const x_rule *rule_of(const dom_node *n)
{
    for (size_t i = 0; i < sizeof rules / sizeof *rules; i++)
        if (rules[i].tag == n->tag)
            return &rules[i];
    return NULL;
}

/* Elements dropped with everything inside: what carries no reading value
 * or could carry active content. */
static bool dropped(const dom_node *n)
{
    if (dom_tag_flags((dom_tag)n->tag) & DOM_F_SKIP)
        return true;
    switch (n->tag) {
    case TAG_VIDEO:
    case TAG_AUDIO:
    case TAG_SOURCE:
    case TAG_NOSCRIPT:
    case TAG_FORM:
    case TAG_MATH:
        return true;
    default:
        return n->tag == TAG_UNKNOWN && n->name && strchr(n->name, ':');
    }
}

/* ----------------------------------------------------------- attributes */

static bool name_in(const char *list, const char *name)
{
    size_t k = strlen(name);
    for (const char *p = list; *p;) {
        const char *e = strchr(p, ' ');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        if (len == k && memcmp(p, name, k) == 0)
            return true;
        p += len + (e != NULL);
    }
    return false;
}

/* True when v is an integer in [lo, hi]. */
static bool int_in(const char *v, long lo, long hi)
{
    const char *p = v;
    bool neg = *p == '-';
    p += neg;
    if (!*p || strlen(p) > 6)
        return false;
    long x = 0;
    for (; *p; p++) {
        if (*p < '0' || *p > '9')
            return false;
        x = x * 10 + (*p - '0');
    }
    x = neg ? -x : x;
    return x >= lo && x <= hi;
}

/* True when a class list is plain tokens (cmark's language-xxx). */
static bool plain_tokens(const char *v)
{
    if (!*v)
        return false;
    for (const char *p = v; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '-' || *p == '_' || *p == '+' || *p == ' '))
            return false;
    return true;
}

static bool attr_value_ok(const char *name, const char *v)
{
    if (strcmp(name, "start") == 0)
        return int_in(v, -99999, 999999);
    if (strcmp(name, "colspan") == 0)
        return int_in(v, 1, 1000);
    if (strcmp(name, "rowspan") == 0)
        return int_in(v, 0, 65534);
    if (strcmp(name, "class") == 0)
        return plain_tokens(v);
    if (strcmp(name, "id") == 0)
        return *v != '\0';
    return true;
}

static void put_attr(buf *b, const char *name, const char *value)
{
    buf_printf(b, " %s=\"", name);
    xhtml_escape_str(b, value);
    buf_putc(b, '"');
}

/* Writes the kept attributes of n (not href and src: see the hooks). */
static void put_attrs(buf *b, const dom_node *n, const x_rule *r)
{
    for (unsigned i = 0; i < n->nattrs; i++) {
        const dom_attribute *a = &n->attrs[i];
        if (strcmp(a->name, "href") == 0 || strcmp(a->name, "src") == 0 ||
            strcmp(a->name, "alt") == 0)
            continue;
        if (name_in(r->attrs, a->name) && attr_value_ok(a->name, a->value))
            put_attr(b, a->name, a->value);
    }
}

/* ------------------------------------------------------------- elements */

/* Writes an <img>: the book's copy, or its alt text when there is none. */
static void put_img(buf *b, const dom_node *n, const x_rule *r, const xhtml_hooks *h)
{
    const char *src = dom_attr(n, "src");
    const char *alt = dom_attr(n, "alt");
    const char *href = src && h && h->image ? h->image(h->ctx, src) : NULL;
    if (!href) {
        xhtml_escape_str(b, alt);
        return;
    }
    buf_puts(b, "<img src=\"");
    xhtml_put_url(b, href);
    buf_puts(b, "\" alt=\"");
    xhtml_escape_str(b, alt);
    buf_putc(b, '"');
    put_attrs(b, n, r);
    buf_puts(b, "/>");
}

/* Opens element n; returns false when it was unwrapped instead (an <a>
 * whose link the caller dropped). */
static bool open_element(buf *b, const dom_node *n, const x_rule *r, const xhtml_hooks *h)
{
    const char *href = NULL;
    if (n->tag == TAG_A) {
        const char *raw = dom_attr(n, "href");
        href = raw && h && h->link ? h->link(h->ctx, raw) : NULL;
        if (!href)
            return false;
    }
    buf_printf(b, "<%s", n->name);
    if (href) {
        buf_puts(b, " href=\"");
        xhtml_put_url(b, href);
        buf_putc(b, '"');
    }
    put_attrs(b, n, r);
    bool is_void = dom_tag_flags((dom_tag)n->tag) & DOM_F_VOID;
    buf_puts(b, is_void ? "/>" : ">");
    return true;
}

/* ----------------------------------------------------------------- walk */

/* One open element on the walk's stack. */
enum { ST_EMITTED = 1, ST_PHRASING = 2 };

typedef struct {
    buf stack;         /* one byte of ST_* flags per open element */
    unsigned phrasing; /* emitted ancestors that hold only phrasing */
} walk;

/* What to do with element n where it stands. */
static x_action decide(const dom_node *n, const walk *w, const x_rule **rule)
{
    *rule = NULL;
    if (n->flags & DOM_MARK_REMOVED)
        return X_DROP;
    if (dropped(n))
        return X_DROP;
    const x_rule *r = rule_of(n);
    if (!r)
        return X_UNWRAP;
    if (w->phrasing && r->block)
        return n->tag == TAG_HR ? X_DROP : X_UNWRAP;
    *rule = r;
    return X_EMIT;
}

/* Enters element n (which has children): pushes its flags. */
static void push(walk *w, bool emitted, const x_rule *r)
{
    unsigned char f = emitted ? ST_EMITTED : 0;
    if (emitted && r->phrasing_only) {
        f |= ST_PHRASING;
        w->phrasing++;
    }
    buf_putc(&w->stack, (char)f);
}

/* Leaves the innermost open element: closes its tag if it was written. */
static void pop(walk *w, buf *b, const dom_node *n)
{
    unsigned char f = (unsigned char)w->stack.data[w->stack.len - 1];
    buf_truncate(&w->stack, w->stack.len - 1);
    if (f & ST_PHRASING)
        w->phrasing--;
    if (f & ST_EMITTED)
        buf_printf(b, "</%s>", n->name);
}

/* Handles one element; returns true when the walk should descend into it. */
static bool visit_element(walk *w, buf *b, const dom_node *n, const xhtml_hooks *h)
{
    const x_rule *r;
    x_action a = decide(n, w, &r);
    if (a == X_DROP)
        return false;
    if (a == X_EMIT && n->tag == TAG_IMG) {
        put_img(b, n, r, h);
        return false;
    }
    bool emitted = a == X_EMIT && open_element(b, n, r, h);
    bool is_void = dom_tag_flags((dom_tag)n->tag) & DOM_F_VOID;
    if (is_void)
        return false;
    if (!n->first) {
        if (emitted)
            buf_printf(b, "</%s>", n->name);
        return false;
    }
    push(w, emitted, r);
    return true;
}

void xhtml_write_children(buf *b, const dom_node *root, const xhtml_hooks *h)
{
    walk w = {BUF_INIT, 0};
    const dom_node *n = root->first;
    while (n && !w.stack.failed) {
        bool descend = false;
        if (n->kind == DOM_TEXT)
            xhtml_escape(b, n->text, n->text_len);
        else if (n->kind == DOM_ELEMENT)
            descend = visit_element(&w, b, n, h);
        if (descend) {
            n = n->first;
            continue;
        }
        while (n && n != root && !n->next) {
            n = n->parent;
            if (n != root)
                pop(&w, b, n);
        }
        n = n && n != root ? n->next : NULL;
    }
    if (w.stack.failed)
        b->failed = true;
    buf_free(&w.stack);
}

/* ------------------------------------------------------------ contents */

/* The level of toc[i] as written: at most one deeper than the one before. */
static int toc_level(const xhtml_toc_entry *toc, size_t i, int prev)
{
    int l = toc[i].level < 1 ? 1 : toc[i].level;
    return i == 0 ? 1 : l > prev + 1 ? prev + 1 : l;
}

static void nav_link(buf *b, const xhtml_toc_entry *e)
{
    buf_puts(b, "<a href=\"");
    xhtml_put_url(b, e->href);
    buf_puts(b, "\">");
    xhtml_escape_str(b, e->label);
    buf_puts(b, "</a>");
}

void xhtml_write_nav_list(buf *b, const xhtml_toc_entry *toc, size_t n)
{
    int prev = 0;
    buf_puts(b, "<ol>\n");
    for (size_t i = 0; i < n; i++) {
        int l = toc_level(toc, i, prev);
        if (i > 0 && l > prev) {
            buf_puts(b, "\n<ol>\n");
        } else if (i > 0) {
            buf_puts(b, "</li>\n");
            for (int k = prev; k > l; k--)
                buf_puts(b, "</ol>\n</li>\n");
        }
        buf_puts(b, "<li>");
        nav_link(b, &toc[i]);
        prev = l;
    }
    if (n > 0)
        buf_puts(b, "</li>\n");
    for (int k = prev; k > 1; k--)
        buf_puts(b, "</ol>\n</li>\n");
    buf_puts(b, "</ol>\n");
}

int xhtml_write_ncx_map(buf *b, const xhtml_toc_entry *toc, size_t n)
{
    int prev = 0, depth = 1;
    buf_puts(b, "<navMap>\n");
    for (size_t i = 0; i < n; i++) {
        int l = toc_level(toc, i, prev);
        for (int k = prev; i > 0 && k >= l; k--)
            buf_puts(b, "</navPoint>\n");
        buf_printf(b, "<navPoint id=\"np-%zu\" playOrder=\"%zu\"><navLabel><text>", i + 1, i + 1);
        xhtml_escape_str(b, toc[i].label);
        buf_puts(b, "</text></navLabel><content src=\"");
        xhtml_put_url(b, toc[i].href);
        buf_puts(b, "\"/>\n");
        prev = l;
        depth = l > depth ? l : depth;
    }
    for (int k = prev; k >= 1; k--)
        buf_puts(b, "</navPoint>\n");
    buf_puts(b, "</navMap>\n");
    return depth;
}

/* ------------------------------------------------ the book's documents */

/* The start of every XHTML document of the book, through </head>. */
static void put_head(buf *t, const char *title, const char *lang)
{
    buf_puts(t, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n"
                "<html xmlns=\"http://www.w3.org/1999/xhtml\" "
                "xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"");
    xhtml_escape_str(t, lang);
    buf_puts(t, "\" xml:lang=\"");
    xhtml_escape_str(t, lang);
    buf_puts(t, "\">\n<head>\n<title>");
    xhtml_escape_str(t, title);
    buf_puts(t, "</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"style.css\"/>\n"
                "</head>\n");
}

static void put_para(buf *t, const char *cls, const char *text)
{
    buf_printf(t, "<p class=\"%s\">", cls);
    xhtml_escape_str(t, text);
    buf_puts(t, "</p>\n");
}

/* The title block: title, authors, date, site, link to the source. */
static void put_title_block(buf *t, const epub_chapter *c)
{
    const folio_meta *m = &c->doc->meta;
    buf_puts(t, "<header class=\"folio-title\">\n<h1>");
    xhtml_escape_str(t, c->title);
    buf_puts(t, "</h1>\n");
    /* options.author names the book's creators; a chapter keeps its byline */
    if (m->author && *m->author)
        put_para(t, "folio-byline", m->author);
    if (c->date)
        put_para(t, "folio-date", c->date);
    if (m->site && *m->site)
        put_para(t, "folio-site", m->site);
    if (m->source && url_is_http(m->source) && xhtml_link_host_ok(m->source)) {
        buf_puts(t, "<p class=\"folio-source\"><a href=\"");
        xhtml_put_url(t, m->source);
        buf_puts(t, "\">");
        xhtml_escape_str(t, m->source);
        buf_puts(t, "</a></p>\n");
    }
    buf_puts(t, "</header>\n");
}

void xhtml_book_chapter(buf *t, const epub_book *b, const epub_chapter *c,
                        const xhtml_hooks *h)
{
    put_head(t, c->title, c->lang);
    buf_puts(t, "<body>\n<section class=\"folio-chapter\" epub:type=\"chapter\">\n");
    put_title_block(t, c);
    xhtml_write_children(t, c->dom.body, h);
    buf_puts(t, "\n</section>\n</body>\n</html>\n");
}

void xhtml_book_cover(buf *t, const epub_book *b)
{
    put_head(t, b->title, b->lang);
    buf_puts(t, "<body class=\"folio-cover\" epub:type=\"cover\">\n<div class=\"folio-cover\">"
                 "<img src=\"");
    xhtml_put_url(t, b->imgs.items[b->cover].name);
    buf_puts(t, "\" alt=\"");
    xhtml_escape_str(t, b->title);
    buf_puts(t, "\"/></div>\n</body>\n</html>\n");
}

void xhtml_book_nav(buf *t, const epub_book *b)
{
    put_head(t, b->title, b->lang);
    buf_puts(t, "<body>\n<nav epub:type=\"toc\" id=\"toc\">\n<h1>");
    xhtml_escape_str(t, b->title);
    buf_puts(t, "</h1>\n");
    xhtml_write_nav_list(t, b->toc, b->ntoc);
    buf_puts(t, "</nav>\n<nav epub:type=\"landmarks\" hidden=\"hidden\">\n<ol>\n");
    if (b->cover >= 0)
        buf_puts(t, "<li><a epub:type=\"cover\" href=\"cover.xhtml\">Cover</a></li>\n");
    buf_printf(t, "<li><a epub:type=\"bodymatter\" href=\"%s\">Start</a></li>\n",
               b->ch[0].file);
    buf_puts(t, "</ol>\n</nav>\n</body>\n</html>\n");
}

void xhtml_book_ncx(buf *t, const epub_book *b)
{
    buf map = BUF_INIT;
    int depth = xhtml_write_ncx_map(&map, b->toc, b->ntoc);
    buf_puts(t, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                 "<ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" version=\"2005-1\">\n"
                 "<head>\n<meta name=\"dtb:uid\" content=\"");
    xhtml_escape_str(t, b->uuid);
    buf_printf(t, "\"/>\n<meta name=\"dtb:depth\" content=\"%d\"/>\n"
                   "<meta name=\"dtb:totalPageCount\" content=\"0\"/>\n"
                   "<meta name=\"dtb:maxPageNumber\" content=\"0\"/>\n</head>\n"
                   "<docTitle><text>", depth);
    xhtml_escape_str(t, b->title);
    buf_puts(t, "</text></docTitle>\n");
    buf_append(t, map.data ? map.data : "", map.len);
    buf_puts(t, "</ncx>\n");
    if (map.failed)
        t->failed = true;
    buf_free(&map);
}

/* ------------------------------------------------------------------ OPF */

static void put_dc(buf *t, const char *el, const char *value)
{
    if (!value || !*value)
        return;
    buf_printf(t, "<dc:%s>", el);
    xhtml_escape_str(t, value);
    buf_printf(t, "</dc:%s>\n", el);
}

/* One dc:creator per author (options.author overrides); a digest lists
 * the authors of all its articles once each. */
static void put_creators(const epub_book *b, buf *t)
{
    if (b->o->author && *b->o->author) {
        put_dc(t, "creator", b->o->author);
        return;
    }
    size_t written = 0;
    for (size_t i = 0; i < b->nch; i++) {
        const folio_meta *m = &b->ch[i].doc->meta;
        for (size_t k = 0; k < m->nauthors && written < EPUB_MAX_CREATORS; k++) {
            bool seen = false;
            for (size_t j = 0; j <= i && !seen; j++) {
                const folio_meta *p = &b->ch[j].doc->meta;
                for (size_t q = 0; q < p->nauthors && !seen && (j < i || q < k); q++)
                    seen = strcmp(p->authors[q], m->authors[k]) == 0;
            }
            if (!seen && m->authors[k] && *m->authors[k]) {
                put_dc(t, "creator", m->authors[k]);
                written++;
            }
        }
    }
}

/* The site of the book: the article's, or the one all articles share. */
static const char *book_site(const epub_book *b)
{
    const char *site = b->ch[0].doc->meta.site;
    for (size_t i = 1; site && i < b->nch; i++)
        if (!b->ch[i].doc->meta.site || strcmp(site, b->ch[i].doc->meta.site) != 0)
            site = NULL;
    return site;
}

static void put_metadata(const epub_book *b, buf *t)
{
    buf_puts(t, "<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n"
                "<dc:identifier id=\"book-id\">");
    xhtml_escape_str(t, b->uuid);
    buf_puts(t, "</dc:identifier>\n");
    put_dc(t, "title", b->title);
    put_dc(t, "language", b->lang);
    put_creators(b, t);
    put_dc(t, "date", b->date);
    put_dc(t, "publisher", book_site(b));
    for (size_t i = 0; i < b->nch; i++)
        if (url_is_http(b->ch[i].doc->meta.source))
            put_dc(t, "source", b->ch[i].doc->meta.source);
    if (b->nch == 1)
        put_dc(t, "description", b->ch[0].doc->meta.description);
    buf_printf(t, "<meta property=\"dcterms:modified\">%s</meta>\n", b->modified);
    if (b->cover >= 0)
        buf_printf(t, "<meta name=\"cover\" content=\"img-%ld\"/>\n", b->cover + 1);
    buf_puts(t, "</metadata>\n");
}

static void put_item(buf *t, const char *id, const char *href, const char *type,
                     const char *props)
{
    buf_printf(t, "<item id=\"%s\" href=\"%s\" media-type=\"%s\"", id, href, type);
    if (props)
        buf_printf(t, " properties=\"%s\"", props);
    buf_puts(t, "/>\n");
}

static void put_manifest(const epub_book *b, buf *t)
{
    static const char xhtml[] = "application/xhtml+xml";
    buf_puts(t, "<manifest>\n");
    put_item(t, "nav", "nav.xhtml", xhtml, "nav");
    put_item(t, "ncx", "toc.ncx", "application/x-dtbncx+xml", NULL);
    put_item(t, "css", "style.css", "text/css", NULL);
    if (b->cover >= 0)
        put_item(t, "cover", "cover.xhtml", xhtml, NULL);
    for (size_t i = 0; i < b->nch; i++) {
        char id[32];
        snprintf(id, sizeof id, "chapter-%zu", i + 1);
        put_item(t, id, b->ch[i].file, xhtml, NULL);
    }
    for (size_t i = 0; i < b->imgs.n; i++) {
        const res_item *it = &b->imgs.items[i];
        if (!it->data)
            continue;
        char id[32];
        snprintf(id, sizeof id, "img-%zu", i + 1);
        put_item(t, id, it->name, res_media_type(it->type),
                 (long)i == b->cover ? "cover-image" : NULL);
    }
    buf_puts(t, "</manifest>\n");
}

void xhtml_book_opf(buf *t, const epub_book *b)
{
    buf_puts(t, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                 "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" "
                 "unique-identifier=\"book-id\" xml:lang=\"");
    xhtml_escape_str(t, b->lang);
    buf_puts(t, "\">\n");
    put_metadata(b, t);
    put_manifest(b, t);
    buf_puts(t, "<spine toc=\"ncx\">\n");
    if (b->cover >= 0)
        buf_puts(t, "<itemref idref=\"cover\"/>\n");
    for (size_t i = 0; i < b->nch; i++)
        buf_printf(t, "<itemref idref=\"chapter-%zu\"/>\n", i + 1);
    buf_puts(t, "</spine>\n</package>\n");
}
