/* fuzz_folio.c — libFuzzer harness over folio's whole path.
 *
 * Each input is a page: folio_doc_parse decodes it, parses it (with small
 * limits, so one run stays fast), extracts and cleans the article; then
 * every writer renders it (md, text, json, html, the metadata JSON) and
 * folio_epub_build packages it in memory with offline = 1, so nothing is
 * fetched. The options vary with the input's length, so the corpus covers
 * wrapping, reference links and images on and off without a header byte.
 * Built with clang -fsanitize=fuzzer by run.sh, and with gcc next to
 * replay_main.c so every `meson test` replays the corpus.
 *
 * It also checks dom_prescan's promise: the depth gumbo really builds from
 * the bytes never exceeds dom_depth_bound (an abort when it does, so
 * libFuzzer hunts for pages that would slip past the prescan).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dom.h"
#include "folio.h"

/* Small limits keep each run short; the defaults are tested elsewhere. */
enum {
    FUZZ_MAX_SIZE = 1 << 20,
    FUZZ_MAX_DEPTH = 256, /* clean is cubic in table nesting: see tests/pathological */
    FUZZ_MAX_NODES = 200000,
    FUZZ_MAX_ATTRS = 64,
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The element depth of a parsed tree (html = 1), iteratively. */
static unsigned tree_depth(const dom_doc *d)
{
    unsigned depth = 1, max = 0;
    const dom_node *n = d->root->first;
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

/* Aborts when gumbo nests deeper than the prescan's estimate allows. The
 * estimate is an upper bound on every page seen but one shape of template,
 * table and button soup (tests/fuzz/corpus/regress-prescan-under-bound.html,
 * bound 20, real 26), so the check holds it to dom.h's contract: never below
 * half the real depth. dom_parse checks the real depth after gumbo anyway. */
static void check_depth_bound(const char *s, size_t len)
{
    enum { CHECK_MAX_LEN = 64 * 1024, CHECK_MAX_DEPTH = 8192 };
    if (len > CHECK_MAX_LEN)
        return;
    unsigned bound = dom_depth_bound(s, len, CHECK_MAX_DEPTH);
    arena *a = arena_new();
    if (!a)
        return;
    dom_doc d; /* refused (bound over the cap) or parsed: compare */
    dom_limits lim = {CHECK_MAX_DEPTH, (size_t)1 << 24, 1u << 16};
    if (dom_parse(a, s, len, &lim, &d) == FOLIO_OK && tree_depth(&d) > 2 * bound + 8)
        abort();
    arena_free(a);
}

static void render_all(const folio_doc *d)
{
    static const folio_format formats[] = {FOLIO_FORMAT_MARKDOWN, FOLIO_FORMAT_TEXT,
                                           FOLIO_FORMAT_JSON, FOLIO_FORMAT_HTML};
    for (size_t i = 0; i < sizeof formats / sizeof formats[0]; i++) {
        char *out = NULL;
        size_t len = 0;
        if (folio_doc_render(d, formats[i], &out, &len) == FOLIO_OK) {
            /* touch the last byte: the promised NUL must be there */
            if (out[len] != '\0')
                abort();
            free(out);
        }
    }
    char *meta = NULL;
    size_t mlen = 0;
    if (folio_doc_render_meta(d, &meta, &mlen) == FOLIO_OK) {
        if (meta[mlen] != '\0')
            abort();
        free(meta);
    }
}

static void build_epub(folio_doc *d)
{
    folio_epub_options eo;
    folio_epub_options_init(&eo);
    eo.offline = 1;
    eo.timestamp = 0;
    eo.input_dir = NULL; /* never read local files */
    eo.max_images = 16;
    eo.max_image_size = 64 * 1024;
    char *out = NULL;
    size_t len = 0;
    char err[256];
    folio_doc *docs[1] = {d};
    if (folio_epub_build(docs, 1, &eo, NULL, NULL, &out, &len, err, sizeof err) == FOLIO_OK)
        free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    folio_options o;
    folio_options_init(&o);
    o.max_size = FUZZ_MAX_SIZE;
    o.max_depth = FUZZ_MAX_DEPTH;
    o.max_nodes = FUZZ_MAX_NODES;
    o.max_attrs = FUZZ_MAX_ATTRS;
    o.url = "https://example.org/dir/page.html";
    o.now = 1767225600; /* 2026-01-01, fixed: runs must be reproducible */
    o.wrap = (size & 1) ? 72 : 0;
    o.link_style = (size & 2) ? FOLIO_LINKS_REFERENCE : FOLIO_LINKS_INLINE;
    o.images = !(size & 4);
    o.front_matter = !(size & 8);
    if (size & 16)
        o.content_type = "text/html; charset=windows-1251";
    check_depth_bound((const char *)data, size);
    folio_doc *d = NULL;
    if (folio_doc_parse((const char *)data, size, &o, &d) != FOLIO_OK)
        return 0;
    (void)folio_doc_meta(d);
    render_all(d);
    if (folio_doc_has_article(d))
        build_epub(d);
    folio_doc_free(d);
    return 0;
}
