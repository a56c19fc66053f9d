/* folio.h — the public API of libfolio.
 *
 * libfolio turns a web page into a clean reading file. The pipeline is
 * one-way: input -> decode -> dom -> meta -> extract -> clean -> model ->
 * writers. A caller reads bytes (folio_input_read), parses them into a
 * document (folio_doc_parse), then renders the document in one or more
 * formats (folio_doc_render) or packages several documents as an EPUB
 * (folio_epub_build).
 *
 * The library never prints, never exits and keeps no mutable globals: it is
 * safe to use from several threads on different documents. Fallible
 * functions return a folio_status and write their outputs only on success.
 * Where a call can fail for a reason worth telling a person, it takes an
 * error buffer (err, errlen) and writes one line there, without a newline.
 */
#ifndef FOLIO_H
#define FOLIO_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define FOLIO_VERSION "0.1.0"

/* What a call returned. main maps each to an exit code (see folio(1)). */
typedef enum {
    FOLIO_OK = 0,
    FOLIO_ENOMEM,     /* out of memory */
    FOLIO_EINVAL,     /* a bad argument or option */
    FOLIO_EINPUT,     /* unreadable input, network or HTTP error, not HTML */
    FOLIO_ENOARTICLE, /* the page holds no article */
    FOLIO_ELIMIT,     /* a size, depth or count limit was exceeded */
    FOLIO_EIO         /* an output could not be written */
} folio_status;

/* A short English description of s. Static storage; never NULL. */
const char *folio_strerror(folio_status s);

/* The output formats. */
typedef enum {
    FOLIO_FORMAT_MARKDOWN = 0,
    FOLIO_FORMAT_TEXT,
    FOLIO_FORMAT_JSON,
    FOLIO_FORMAT_HTML,
    FOLIO_FORMAT_EPUB
} folio_format;

/* How links are written in Markdown. */
typedef enum { FOLIO_LINKS_INLINE = 0, FOLIO_LINKS_REFERENCE } folio_link_style;

/* ------------------------------------------------------------------ input */

/* Limits and settings for reading an input. Initialise with
 * folio_input_options_init, then change what you need. Strings are borrowed
 * for the duration of the call. */
typedef struct {
    size_t max_size;        /* bytes; larger inputs give FOLIO_ELIMIT (64 MiB) */
    long timeout_ms;        /* total time for a download (30 s) */
    long connect_timeout_ms;/* time to connect (10 s) */
    long max_redirects;     /* redirects followed (10) */
    const char *user_agent; /* NULL: a browser-like default */
} folio_input_options;

void folio_input_options_init(folio_input_options *o);

/* The bytes of one input and what is known about them. Owned by the caller;
 * free with folio_input_free. */
typedef struct {
    char *bytes;          /* the raw body, not NUL-terminated; owned */
    size_t len;
    char *url;            /* final URL after redirects, or NULL for files; owned */
    char *content_type;   /* the HTTP Content-Type, or NULL; owned */
} folio_input;

/* Reads `name`: "-" for stdin, an http:// or https:// URL, else a file path.
 * Other URL schemes (file:, ftp:, javascript:, ...) are refused with
 * FOLIO_EINPUT ("unsupported URL scheme 'file'"), redirects included; a
 * name that is an existing file is read as a file. HTTP error statuses,
 * network errors, timeouts, too many redirects, unreadable files and
 * content types that are not HTML give FOLIO_EINPUT (text/html,
 * application/xhtml+xml and no type are read; text/plain and XML only when
 * the body starts like HTML); an input over max_size gives FOLIO_ELIMIT.
 * A NULL or empty name gives FOLIO_EINVAL. On success *out is a new
 * folio_input. On failure a one-line reason is written to err (when
 * errlen > 0). */
folio_status folio_input_read(const char *name, const folio_input_options *o,
                              folio_input **out, char *err, size_t errlen);

/* Frees an input; NULL is allowed. */
void folio_input_free(folio_input *in);

/* True (1) when name is an http:// or https:// URL. */
int folio_is_url(const char *name);

/* --------------------------------------------------------------- document */

typedef struct folio_doc folio_doc;

/* Settings for parsing and rendering one page. Initialise with
 * folio_options_init. Strings are borrowed for the duration of
 * folio_doc_parse; the document keeps its own copies. */
typedef struct {
    const char *url;          /* where the page came from: recorded as its source
                                 and used as the base for relative links; or NULL */
    const char *base_url;     /* overrides url as the base for links; or NULL */
    const char *content_type; /* the HTTP Content-Type, for its charset; or NULL */
    const char *title;        /* overrides the title found; or NULL */
    const char *author;       /* overrides the authors found; or NULL */
    const char *lang;         /* overrides the language found; or NULL */
    int front_matter;         /* Markdown: YAML front matter (1) */
    int images;               /* keep images (1) */
    int wrap;                 /* Markdown and text: wrap at this column, 0 = never (0) */
    folio_link_style link_style; /* Markdown links (inline) */
    long long now;            /* Unix time of the conversion, for checking dates;
                                 0 = unknown (dates are then only checked for >= 1995) */
    size_t max_size;          /* bytes of input (64 MiB) */
    unsigned max_depth;       /* element nesting (2048) */
    size_t max_nodes;         /* nodes in the tree (4,000,000) */
    unsigned max_attrs;       /* attributes of one element (512) */
} folio_options;

void folio_options_init(folio_options *o);

/* Parses a page (any charset; decoded to UTF-8 here) and extracts its
 * article and metadata. On success *out is a new document, even when the
 * page holds no article (see folio_doc_has_article). Errors: FOLIO_EINPUT
 * (not HTML: binary data), FOLIO_ELIMIT (a limit of o exceeded),
 * FOLIO_ENOMEM. */
folio_status folio_doc_parse(const char *bytes, size_t len, const folio_options *o,
                             folio_doc **out);

/* 1 when the page holds an article, 0 when it does not (a front page, a
 * list of links, an empty page). */
int folio_doc_has_article(const folio_doc *d);

/* Metadata of a document. Every string is UTF-8, NUL-terminated, or NULL
 * when unknown. Borrowed: valid until folio_doc_free. */
typedef struct {
    const char *title;
    const char *author;          /* the authors joined with ", " */
    const char *const *authors;  /* nauthors names */
    size_t nauthors;
    const char *date;            /* published, ISO 8601 */
    const char *modified;        /* last modified, ISO 8601 */
    const char *site;
    const char *source;          /* the URL of the page */
    const char *canonical;       /* link rel=canonical or og:url */
    const char *lang;            /* BCP 47 */
    const char *description;
    const char *image;           /* lead image, absolute URL */
    size_t word_count;           /* words of the article text */
} folio_meta;

const folio_meta *folio_doc_meta(const folio_doc *d);

/* Renders d as md, text, json or html (not epub: see folio_epub_build).
 * On success *out is a NUL-terminated UTF-8 string of *len bytes that the
 * caller frees with free(). FOLIO_ENOARTICLE when d has no article (JSON of
 * the metadata alone is still available through folio_doc_render_meta). */
folio_status folio_doc_render(const folio_doc *d, folio_format f, char **out, size_t *len);

/* The metadata of d as one JSON object (the keys of the json format without
 * text and markdown). Ownership as folio_doc_render. */
folio_status folio_doc_render_meta(const folio_doc *d, char **out, size_t *len);

/* Frees a document; NULL is allowed. */
void folio_doc_free(folio_doc *d);

/* ------------------------------------------------------------------- epub */

typedef struct {
    const char *title;       /* book title; NULL: the article's title for one
                                document, else a dated default */
    const char *author;      /* overrides the creators; or NULL */
    const char *lang;        /* overrides the language; or NULL */
    const char *cover;       /* path of a cover image; or NULL for the lead image */
    int images;              /* embed images (1) */
    int offline;             /* fetch nothing over the network (0) */
    int toc_depth;           /* headings in the table of contents (2) */
    long long timestamp;     /* Unix time for dcterms:modified; < 0: unknown (-1) */
    size_t max_images;       /* images per book (1000) */
    size_t max_image_size;   /* bytes per image (16 MiB) */
    long image_timeout_ms;   /* per download (20 s) */
    const char *user_agent;  /* for downloads; NULL: the default */
    const char *input_dir;   /* directory that relative image paths of local
                                pages are read from, or NULL for none */
    const char *const *input_dirs; /* per document (n entries, each may be
                                NULL): overrides input_dir for that
                                document; or NULL (NULL) */
} folio_epub_options;

void folio_epub_options_init(folio_epub_options *o);

/* Warnings met while building a book (an image that could not be had...).
 * The callback is called from the calling thread; line has no newline. */
typedef void (*folio_warn_fn)(void *ctx, const char *line);

/* Packages n documents (n >= 1, each with an article) as one EPUB 3 in
 * memory. On success *out (free with free()) holds *len bytes. warn may be
 * NULL. Errors: FOLIO_EINVAL, FOLIO_ENOARTICLE, FOLIO_ENOMEM, FOLIO_EIO
 * (the archive could not be made), FOLIO_ELIMIT; err gets a reason. */
folio_status folio_epub_build(folio_doc *const *docs, size_t n, const folio_epub_options *o,
                              folio_warn_fn warn, void *warn_ctx, char **out, size_t *len,
                              char *err, size_t errlen);

/* -------------------------------------------------------------- utilities */

/* A file-name slug of a title: lower-case ASCII letters, digits and '-',
 * at most max bytes (max >= 8), never empty ("article" when nothing is left).
 * Writes into out (size max + 1). */
void folio_slug(const char *title, char *out, size_t max);

#ifdef __cplusplus
}
#endif
#endif
