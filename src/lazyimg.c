/* lazyimg.c — real sources for lazy-loaded images; see lazyimg.h.
 *
 * Place in the pipeline: clean calls lazyimg_fix on the article before it
 * resolves URLs. The idea of each step comes from Readability
 * (_fixLazyImages, _unwrapNoscriptImages) and trafilatura's image handling.
 */
#include "lazyimg.h"

#include <stdlib.h>
#include <string.h>

#include "utf8.h"

/* Attributes that hold the real URL of a lazy image, best first. */
static const char *const lazy_src_attrs[] = {
    "data-src", "data-lazy-src", "data-original", "data-lazy", "data-url", "data-hi-res-src",
    "data-full-src", "data-orig-src", "data-large-file", "data-medium-file", "data-echo",
    "data-img-src", "data-image", "data-actualsrc", "data-original-src",
};

/* Attributes that hold a srcset, best first. */
static const char *const lazy_srcset_attrs[] = {
    "data-srcset", "data-lazy-srcset", "srcset",
};

/* A data: image this short (bytes of the URI) is a placeholder pixel; a
 * real inline image is larger (Readability uses 133 bytes for base64 GIFs
 * and SVGs). */
enum { PLACEHOLDER_DATA_MAX = 200 };

/* Words in a file name that mark a placeholder image. */
static const char *const placeholder_words[] = {
    "placeholder", "blank.gif", "spacer.gif", "pixel.gif", "transparent.gif", "lazy.gif",
    "loading.gif", "spinner", "1x1.gif", "grey.gif", "gray.gif", "empty.gif",
};

bool lazyimg_placeholder(const char *s)
{
    if (!s)
        return true;
    while (*s == ' ' || *s == '\t' || *s == '\n')
        s++;
    size_t n = strlen(s);
    if (n == 0)
        return true;
    if (n >= 5 && ascii_ieqn(s, "data:", 5))
        return n < PLACEHOLDER_DATA_MAX;
    for (size_t i = 0; i < sizeof placeholder_words / sizeof *placeholder_words; i++)
        if (ascii_istr(s, n, placeholder_words[i]))
            return true;
    return false;
}

/* The candidate of srcset s with the largest width (or density); copied
 * into a. NULL when there is none. */
static char *best_srcset(arena *a, const char *s)
{
    const char *best = NULL;
    size_t best_len = 0;
    double best_size = -1;
    const char *p = s;
    while (*p) {
        while (*p == ' ' || *p == ',' || *p == '\t' || *p == '\n')
            p++;
        const char *u = p;
        while (*p && *p != ' ' && *p != '\t' && *p != '\n')
            p++;
        size_t ulen = (size_t)(p - u);
        if (ulen && u[ulen - 1] == ',') /* "url," with no descriptor */
            ulen--;
        while (*p == ' ' || *p == '\t')
            p++;
        double size = 1;
        if (*p && *p != ',') {
            size = strtod(p, NULL);
            while (*p && *p != ',')
                p++;
        }
        if (ulen && size > best_size && !(ulen >= 5 && ascii_ieqn(u, "data:", 5))) {
            best = u;
            best_len = ulen;
            best_size = size;
        }
    }
    return best ? arena_strndup(a, best, best_len) : NULL;
}

/* The best real source named by n's lazy attributes, or NULL. */
static const char *lazy_source(dom_doc *d, const dom_node *n)
{
    for (size_t i = 0; i < sizeof lazy_src_attrs / sizeof *lazy_src_attrs; i++) {
        const char *v = dom_attr(n, lazy_src_attrs[i]);
        if (v && !lazyimg_placeholder(v))
            return v;
    }
    for (size_t i = 0; i < sizeof lazy_srcset_attrs / sizeof *lazy_srcset_attrs; i++) {
        const char *v = dom_attr(n, lazy_srcset_attrs[i]);
        char *best = v ? best_srcset(d->arena, v) : NULL;
        if (best && !lazyimg_placeholder(best))
            return best;
    }
    return NULL;
}

/* The best source of the <source> children of picture p, or NULL. */
static const char *picture_source(dom_doc *d, const dom_node *p)
{
    for (const dom_node *c = p->first; c; c = c->next) {
        if (!dom_is(c, TAG_SOURCE))
            continue;
        const char *src = lazy_source(d, c);
        if (src)
            return src;
    }
    return NULL;
}

/* Gives img its real src; false when memory runs out. */
static bool fix_img(dom_doc *d, dom_node *img)
{
    const char *src = dom_attr(img, "src");
    if (src && !lazyimg_placeholder(src) && !dom_attr(img, "data-src"))
        return true;
    const char *real = lazy_source(d, img);
    if (!real && dom_is(img->parent, TAG_PICTURE))
        real = picture_source(d, img->parent);
    if (!real)
        real = src && !lazyimg_placeholder(src) ? src : NULL;
    if (!real) {
        img->flags |= DOM_MARK_REMOVED;
        return true;
    }
    return dom_set_attr(d, img, "src", real, strlen(real));
}

/* The only image of n's subtree, or NULL when it has none or several or
 * holds text. */
static dom_node *single_image(dom_node *n)
{
    if (dom_is(n, TAG_IMG))
        return n;
    dom_node *img = NULL;
    for (dom_node *c = n->first; c; c = dom_next(c, n)) {
        if (dom_is(c, TAG_IMG)) {
            if (img)
                return NULL;
            img = c;
        } else if (c->kind == DOM_TEXT) {
            for (size_t i = 0; i < c->text_len; i++)
                if (!(c->text[i] == ' ' || c->text[i] == '\n' || c->text[i] == '\t' ||
                      c->text[i] == '\r'))
                    return NULL;
        }
    }
    return img;
}

/* True when ns's parent holds an image outside ns (a placeholder the
 * noscript copy would double). */
static bool parent_has_image(const dom_node *ns)
{
    const dom_node *p = ns->parent;
    for (const dom_node *c = p ? p->first : NULL; c; c = dom_next(c, p)) {
        if (c == ns) {
            c = dom_next_skip(c, p);
            if (!c)
                break;
        }
        if (dom_is(c, TAG_IMG))
            return true;
    }
    return false;
}

/* A <noscript> holding one image replaces the placeholder image before it
 * (Readability's _unwrapNoscriptImages); one with no placeholder before it
 * gives its image when there is no other image there. The <noscript>
 * itself then goes. */
static void fix_noscript(dom_node *ns)
{
    dom_node *img = single_image(ns);
    if (!img)
        return; /* text, or several images: clean decides */
    dom_node *prev = ns->prev;
    while (prev && prev->kind == DOM_TEXT)
        prev = prev->prev;
    dom_node *old = prev ? single_image(prev) : NULL;
    if (old) {
        dom_detach(img);
        dom_insert_before(old, img);
        old->flags |= DOM_MARK_REMOVED;
    } else if (!parent_has_image(ns)) {
        dom_detach(img);
        dom_insert_before(ns, img);
    }
    ns->flags |= DOM_MARK_REMOVED;
}

bool lazyimg_fix(dom_doc *d, dom_node *root)
{
    for (dom_node *n = root->first; n;) {
        if (dom_is(n, TAG_NOSCRIPT) && !(n->flags & DOM_MARK_REMOVED)) {
            dom_node *next = dom_next_skip(n, root);
            fix_noscript(n);
            n = next;
        } else {
            n = dom_next(n, root);
        }
    }
    for (dom_node *n = root->first; n;) {
        if (n->flags & DOM_MARK_REMOVED) {
            n = dom_next_skip(n, root);
            continue;
        }
        if (dom_is(n, TAG_IMG) && !fix_img(d, n))
            return false;
        n = dom_next(n, root);
    }
    return true;
}
