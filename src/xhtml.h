/* xhtml.h — XML escaping and a whitelisting XHTML serializer for the EPUB.
 *
 * Place in the pipeline: a helper of the epub stage. epub.c renders each
 * document's model to HTML with cmark, parses it with dom_parse, and writes
 * the body back out through xhtml_write_children as well-formed XHTML that
 * epubcheck accepts: lower-case names, quoted attributes, only known-safe
 * elements and attributes, void elements self-closed, no named entities but
 * &amp; &lt; &gt; &quot;, no characters XML forbids.
 */
#ifndef FOLIO_XHTML_H
#define FOLIO_XHTML_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "dom.h"

/* Appends s[0..n) escaped for XML text or a double-quoted attribute value:
 * & < > " become entities; C0 and C1 controls (but tab and newline), CR,
 * noncharacters and invalid UTF-8 are dropped. */
void xhtml_escape(buf *b, const char *s, size_t n);

/* As xhtml_escape for a NUL-terminated string (NULL writes nothing). */
void xhtml_escape_str(buf *b, const char *s);

/* Appends url with every byte outside the URI grammar (spaces, non-ASCII,
 * quotes, < > \ ^ ` { | }) percent-encoded and a '%' that starts no escape
 * written as %25, then escaped for an attribute. */
void xhtml_put_url(buf *b, const char *url);

/* True when the host of an http(s) URL is one epubcheck can parse: ASCII
 * letters, digits, '.' and '-' (after an optional user@), then an optional
 * :port. Percent escapes, spaces, IPv6 literals and non-ASCII hosts fail:
 * such links are dropped rather than written. */
bool xhtml_link_host_ok(const char *url);

/* Decisions the serializer leaves to its caller. Both callbacks may be
 * NULL. Returned strings must live until the serializer returns. */
typedef struct {
    /* The href in the book for an <img src>, or NULL to write the image's
     * alt text instead. */
    const char *(*image)(void *ctx, const char *src);
    /* The href to write for an <a href>, or NULL to drop the link and keep
     * its content. */
    const char *(*link)(void *ctx, const char *href);
    void *ctx;
} xhtml_hooks;

/* Appends the children of n as XHTML body content. Elements outside the
 * whitelist are unwrapped (their content kept) or, for scripts, forms,
 * embedded objects and the like, dropped with their content. `id`
 * attributes are written as found: the caller makes them unique. Iterative;
 * never fails but through b->failed. */
void xhtml_write_children(buf *b, const dom_node *n, const xhtml_hooks *h);

/* One line of a table of contents: level 1 for a chapter, deeper for its
 * headings. Strings are borrowed. */
typedef struct {
    int level;
    const char *label; /* plain text */
    const char *href;  /* relative to the package directory */
} xhtml_toc_entry;

/* Appends the <ol> of an EPUB 3 navigation document's toc nav for
 * toc[0..n), nesting by level (a level deeper than the one before by more
 * than one is raised to one deeper). n >= 1. */
void xhtml_write_nav_list(buf *b, const xhtml_toc_entry *toc, size_t n);

/* Appends the <navMap> of an NCX for toc[0..n) (nesting as above, with
 * playOrder in document order). Returns the depth reached. */
int xhtml_write_ncx_map(buf *b, const xhtml_toc_entry *toc, size_t n);

#endif
