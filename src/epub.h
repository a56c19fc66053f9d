/* epub.h — the EPUB stage's own types and functions, shared by its files.
 *
 * Place in the pipeline: internal to the last stage. epub.c gathers a book
 * (chapters, metadata) into an epub_book, with its images (epub_images.c)
 * and contents (epub_toc.c); epub_archive.c lists its files and zips them;
 * xhtml.c writes the book's XML documents (chapters, cover page, nav, NCX,
 * OPF) from it. Nothing outside these files includes this header.
 */
#ifndef FOLIO_EPUB_H
#define FOLIO_EPUB_H

#include <stdbool.h>
#include <stddef.h>

#include "internal.h"
#include "resources.h"
#include "xhtml.h"

/* ---------------------------------------------------------------- limits */

/* Internal limits of the packager. */
enum {
    EPUB_MAX_CHAPTERS = 10000, /* documents in one book */
    EPUB_MAX_CREATORS = 50,    /* dc:creator elements of a digest */
    EPUB_PARALLEL = 4,         /* downloads at once */
    EPUB_MAX_REDIRECTS = 5,    /* per image download */
    EPUB_WARN_URL = 100,       /* bytes of a URL quoted in a warning */
};

/* The last time a book may carry: 9999-12-31T23:59:59Z. */
#define EPUB_LAST_TIME 253402300799LL

/* ----------------------------------------------------------------- types */

/* A file of the archive; data is borrowed and lives until zip_close. */
typedef struct {
    const char *name;
    const char *data;
    size_t len;
    bool store; /* stored uncompressed (mimetype, compressed images) */
} epub_entry;

/* A broken-down UTC time. */
typedef struct {
    int year, mon, day, hour, min, sec;
} epub_civil;

/* One chapter: a document's article as a DOM to serialise. */
typedef struct {
    const folio_doc *doc;
    dom_doc dom;
    char file[48];     /* "chapter-001.xhtml" */
    const char *title; /* never NULL */
    const char *lang;  /* BCP 47, never NULL */
    const char *date;  /* the publication date as YYYY[-MM[-DD]], or NULL */
} epub_chapter;

/* Everything one build holds; freed by epub_book_free. */
typedef struct {
    arena *a;  /* owns the strings and the chapter DOMs */
    const folio_epub_options *o;
    folio_warn_fn warn;
    void *warn_ctx;
    epub_chapter *ch; /* nch chapters, in the given order */
    size_t nch;
    res_set imgs;     /* images, in order of first use */
    const epub_chapter *writing; /* the chapter being written, for the hooks */
    long cover;       /* index of the cover image, or -1 */
    xhtml_toc_entry *toc;
    size_t ntoc, captoc;
    unsigned long long hash[2]; /* of the sources (or content): the identifier */
    const char *title, *lang, *uuid, *modified, *date;
    epub_entry *ent;
    size_t nent, capent;
} epub_book;

/* ----------------------------------------------- the packager's parts */

/* Unix time t to a UTC calendar date (epub.c). */
void epub_civil_from_unix(long long t, epub_civil *c);
/* A formatted string of at most 255 bytes in arena a, or NULL (epub.c). */
char *epub_printf(arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Grows *p (of *cap elements of size sz, zeroed) to hold need elements;
 * false when out of memory, *p then unchanged (epub.c). */
bool epub_grow(void **p, size_t *cap, size_t need, size_t sz);

/* Gathers, fetches and names the book's images and picks the cover; warns
 * about the images left out. FOLIO_ENOMEM on failure (epub_images.c). */
folio_status epub_gather_images(epub_book *b);
/* The xhtml_hooks image hook (ctx: the epub_book, b->writing the chapter):
 * the image's name in the book, or NULL to use its alt text. */
const char *epub_hook_image(void *ctx, const char *src);

/* Adds chapter c and its headings to b's contents, giving those headings
 * ids (epub_toc.c). FOLIO_ENOMEM on failure. */
folio_status epub_chapter_toc(epub_book *b, epub_chapter *c);

/* Makes every file of the book, in archive order (epub_archive.c). */
folio_status epub_write_files(epub_book *b);
/* Zips the book's files into a new buffer *out of *len bytes, which the
 * caller frees. FOLIO_ENOMEM or FOLIO_EIO on failure (epub_archive.c);
 * when libzip cannot be loaded, FOLIO_EIO with the reason in why. */
folio_status epub_zip_book(const epub_book *b, char **out, size_t *len, char *why,
                           size_t whylen);

/* ------------------------------------------------- documents (xhtml.c) */

/* Each appends one XML document of book b to t. */

/* A chapter: the title block, then the article through the hooks. */
void xhtml_book_chapter(buf *t, const epub_book *b, const epub_chapter *c,
                        const xhtml_hooks *h);
/* The cover page (b->cover >= 0). */
void xhtml_book_cover(buf *t, const epub_book *b);
/* The EPUB 3 navigation document: the contents and the landmarks. */
void xhtml_book_nav(buf *t, const epub_book *b);
/* The NCX, for EPUB 2 readers. */
void xhtml_book_ncx(buf *t, const epub_book *b);
/* The package document (OEBPS/content.opf). */
void xhtml_book_opf(buf *t, const epub_book *b);

#endif
