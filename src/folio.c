/* folio.c — the pipeline: runs each stage in order and owns the document.
 *
 * decode -> dom -> meta -> extract -> clean -> model; the writers read the
 * model and the metadata (render_*), the EPUB packager reads documents.
 */
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "internal.h"
#include "url.h"
#include "utf8.h"

const char *folio_strerror(folio_status s)
{
    switch (s) {
    case FOLIO_OK:
        return "success";
    case FOLIO_ENOMEM:
        return "out of memory";
    case FOLIO_EINVAL:
        return "invalid argument";
    case FOLIO_EINPUT:
        return "input error";
    case FOLIO_ENOARTICLE:
        return "no article found";
    case FOLIO_ELIMIT:
        return "limit exceeded";
    case FOLIO_EIO:
        return "output error";
    }
    return "unknown error";
}

void folio_options_init(folio_options *o)
{
    memset(o, 0, sizeof *o);
    o->front_matter = 1;
    o->images = 1;
    o->link_style = FOLIO_LINKS_INLINE;
    o->max_size = (size_t)64 << 20;
    o->max_depth = 2048;
    o->max_nodes = 4000000;
    o->max_attrs = 512;
}

/* Splits an --author override on commas into the authors list. */
static folio_status set_author_override(folio_doc *d, const char *author)
{
    char *copy = utf8_collapse(d->arena, author, strlen(author));
    if (!copy)
        return FOLIO_ENOMEM;
    size_t n = 1;
    for (const char *p = copy; *p; p++)
        n += *p == ',';
    const char **list = arena_alloc(d->arena, n * sizeof *list);
    if (!list)
        return FOLIO_ENOMEM;
    size_t k = 0;
    const char *start = copy;
    for (const char *p = copy;; p++) {
        if (*p == ',' || !*p) {
            char *name = utf8_collapse(d->arena, start, (size_t)(p - start));
            if (!name)
                return FOLIO_ENOMEM;
            if (*name)
                list[k++] = name;
            if (!*p)
                break;
            start = p + 1;
        }
    }
    d->meta.authors = list;
    d->meta.nauthors = k;
    d->meta.author = k ? copy : NULL;
    return FOLIO_OK;
}

static folio_status apply_overrides(folio_doc *d, const folio_options *o)
{
    if (o->title && *o->title) {
        d->meta.title = utf8_collapse(d->arena, o->title, strlen(o->title));
        if (!d->meta.title)
            return FOLIO_ENOMEM;
    }
    if (o->lang && *o->lang) {
        d->meta.lang = arena_strdup(d->arena, o->lang);
        if (!d->meta.lang)
            return FOLIO_ENOMEM;
    }
    if (o->author && *o->author)
        return set_author_override(d, o->author);
    return FOLIO_OK;
}

/* The base for links: --base-url, else a <base href> resolved against the
 * source, else the source URL. */
static folio_status find_base(folio_doc *d, const folio_options *o)
{
    const char *source = o->url && *o->url ? o->url : NULL;
    if (source && !(d->meta.source = arena_strdup(d->arena, source)))
        return FOLIO_ENOMEM;
    const char *base = o->base_url && *o->base_url ? o->base_url : source;
    for (dom_node *n = d->dom.head->first; n; n = n->next) {
        const char *href = dom_is(n, TAG_BASE) ? dom_attr(n, "href") : NULL;
        if (href && *href) {
            char *b = url_resolve(d->arena, base, href);
            if (b && url_is_http(b))
                base = b;
            break;
        }
    }
    if (o->base_url && *o->base_url)
        base = o->base_url; /* the user's word wins over the page's */
    if (base && url_is_http(base))
        d->base_url = arena_strdup(d->arena, base);
    return FOLIO_OK;
}

static folio_status build_article(folio_doc *d)
{
    folio_status st = extract_article(&d->dom, &d->meta, &d->hints, &d->article);
    if (st != FOLIO_OK || !d->article)
        return st;
    clean_context cc = {d->base_url, d->meta.title, d->images != 0};
    st = clean_article(&d->dom, d->article, &cc);
    if (st != FOLIO_OK)
        return st;
    st = model_build(d->article, &d->model);
    if (st != FOLIO_OK)
        return st;
    buf b = BUF_INIT;
    st = text_from_model(d->model, 0, &b);
    if (st == FOLIO_OK && !b.failed) {
        d->text_len = b.len;
        d->text = arena_strndup(d->arena, b.data ? b.data : "", b.len);
        if (!d->text)
            st = FOLIO_ENOMEM;
    } else if (st == FOLIO_OK) {
        st = FOLIO_ENOMEM;
    }
    buf_free(&b);
    if (st != FOLIO_OK)
        return st;
    d->meta.word_count = text_word_count(d->text, d->text_len);
    if (d->meta.word_count == 0) { /* nothing readable survived cleaning */
        cmark_node_free(d->model);
        d->model = NULL;
        d->article = NULL;
    }
    return FOLIO_OK;
}

static folio_status run_pipeline(folio_doc *d, const char *bytes, size_t len,
                                 const folio_options *o)
{
    char *html = NULL;
    size_t html_len = 0;
    folio_status st = decode_to_utf8(bytes, len, o->content_type, &html, &html_len, NULL);
    if (st != FOLIO_OK)
        return st;
    dom_limits lim = {o->max_depth, o->max_nodes, o->max_attrs};
    st = dom_parse(d->arena, html, html_len, &lim, &d->dom);
    free(html);
    if (st != FOLIO_OK)
        return st;
    st = find_base(d, o);
    if (st != FOLIO_OK)
        return st;
    meta_context mc = {d->meta.source, d->base_url, o->now};
    st = meta_extract(&d->dom, &mc, &d->meta, &d->hints);
    if (st != FOLIO_OK)
        return st;
    st = apply_overrides(d, o);
    if (st != FOLIO_OK)
        return st;
    return build_article(d);
}

folio_status folio_doc_parse(const char *bytes, size_t len, const folio_options *o,
                             folio_doc **out)
{
    folio_options defaults;
    if (!o) {
        folio_options_init(&defaults);
        o = &defaults;
    }
    if (!out || (!bytes && len))
        return FOLIO_EINVAL;
    if (len > o->max_size)
        return FOLIO_ELIMIT;
    if (decode_looks_binary(bytes, len))
        return FOLIO_EINPUT;
    folio_doc *d = calloc(1, sizeof *d);
    if (!d)
        return FOLIO_ENOMEM;
    d->arena = arena_new();
    if (!d->arena) {
        free(d);
        return FOLIO_ENOMEM;
    }
    d->front_matter = o->front_matter;
    d->images = o->images;
    d->wrap = o->wrap;
    d->link_style = o->link_style;
    folio_status st = run_pipeline(d, bytes ? bytes : "", len, o);
    if (st != FOLIO_OK) {
        folio_doc_free(d);
        return st;
    }
    *out = d;
    return FOLIO_OK;
}

int folio_doc_has_article(const folio_doc *d)
{
    return d && d->model != NULL;
}

const folio_meta *folio_doc_meta(const folio_doc *d)
{
    return &d->meta;
}

/* Hands a writer's result to the caller: the string on success, else
 * nothing (the buffer is freed). */
static folio_status finish(folio_status st, buf *b, char **out, size_t *len)
{
    if (st != FOLIO_OK) {
        buf_free(b);
        return st;
    }
    char *s = buf_detach(b, len);
    if (!s)
        return FOLIO_ENOMEM;
    *out = s;
    return FOLIO_OK;
}

folio_status folio_doc_render(const folio_doc *d, folio_format f, char **out, size_t *len)
{
    if (!d || !out)
        return FOLIO_EINVAL;
    if (!d->model)
        return FOLIO_ENOARTICLE;
    buf b = BUF_INIT;
    folio_status st;
    switch (f) {
    case FOLIO_FORMAT_MARKDOWN:
        st = render_markdown(d, &b);
        break;
    case FOLIO_FORMAT_TEXT:
        st = render_text(d, &b);
        break;
    case FOLIO_FORMAT_JSON:
        st = render_json(d, true, &b);
        break;
    case FOLIO_FORMAT_HTML:
        st = render_html(d, &b);
        break;
    default:
        return FOLIO_EINVAL;
    }
    return finish(st, &b, out, len);
}

folio_status folio_doc_render_meta(const folio_doc *d, char **out, size_t *len)
{
    if (!d || !out)
        return FOLIO_EINVAL;
    buf b = BUF_INIT;
    folio_status st = render_json(d, false, &b);
    return finish(st, &b, out, len);
}

void folio_doc_free(folio_doc *d)
{
    if (!d)
        return;
    if (d->model)
        cmark_node_free(d->model);
    arena_free(d->arena);
    free(d);
}

void folio_slug(const char *title, char *out, size_t max)
{
    size_t n = 0;
    bool dash = false;
    for (const unsigned char *p = (const unsigned char *)(title ? title : ""); *p && n < max;
         p++) {
        int c = ascii_lower(*p);
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            if (dash && n > 0 && n + 1 < max)
                out[n++] = '-';
            dash = false;
            out[n++] = (char)c;
        } else if (c < 0x80 || (c & 0xC0) != 0x80) {
            dash = true; /* a separator, or the first byte of a non-ASCII character */
        }
    }
    if (n == 0) {
        strncpy(out, "article", max);
        out[max < 7 ? max : 7] = '\0';
        return;
    }
    out[n] = '\0';
}
