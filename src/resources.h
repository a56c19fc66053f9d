/* resources.h — the images of an EPUB: fetched, decoded, sniffed.
 *
 * Place in the pipeline: called by epub.c once every chapter's images are
 * known. An image comes from a data: URI, a local file beside a saved page,
 * or an http(s) download (libcurl multi: several at once, the page as
 * Referer, a timeout and a size cap each, redirects limited, http and https
 * only: fetch.c's curl set-up; gzip and deflate bodies decoded by gzip.c,
 * the cap counting decoded bytes). Its type is sniffed from the bytes,
 * never taken from a name or a header. No zip here.
 */
#ifndef FOLIO_RESOURCES_H
#define FOLIO_RESOURCES_H

#include <stdbool.h>
#include <stddef.h>

#include "folio.h"

/* Image types recognised by their first bytes. */
typedef enum {
    RES_UNKNOWN = 0,
    RES_JPEG,
    RES_PNG,
    RES_GIF,
    RES_SVG,
    RES_WEBP,
    RES_AVIF
} res_type;

/* The type of the n bytes at p (RES_UNKNOWN when none matches). SVG is
 * recognised by an <svg root element after an optional XML declaration,
 * comments and doctype. */
res_type res_sniff(const unsigned char *p, size_t n);

/* True for the types every e-reader shows: GIF, JPEG, PNG, SVG. */
bool res_type_supported(res_type t);

/* The media type ("image/png") and file extension ("png") of t. */
const char *res_media_type(res_type t);
const char *res_extension(res_type t);

/* One image to get. The caller fills url, referer and allow_local; the
 * fetch fills the rest. */
typedef struct {
    const char *url;      /* absolute http(s) URL, data: URI or relative path; not owned */
    const char *referer;  /* the page's URL, or NULL; not owned */
    bool allow_local;     /* the page is a local file: relative paths may be read */
    const char *dir;      /* where they are read from, overriding the options'
                             input_dir; or NULL; not owned */
    unsigned char *data;  /* the bytes when had; owned (free with res_item_clear) */
    size_t len;
    res_type type;        /* sniffed; RES_UNKNOWN when not had */
    const char *why;      /* static reason when not had, else NULL */
    char name[40];        /* its path in the book ("images/img-001.png"), or ""
                             until res_set_name; not cleared by a fetch */
} res_item;

/* The images of a book: each URL once, in order of first use. */
typedef struct {
    res_item *items; /* owned; n of them */
    size_t n, cap;
    size_t max;      /* URLs kept; later ones are refused and `capped` set */
    bool capped;
} res_set;

/* An empty set that keeps at most max URLs. */
void res_set_init(res_set *s, size_t max);

/* The index in s of url as found on a page, or -1. An absolute http(s)
 * URL or a data: URI is the same image wherever it is found; a relative
 * path is the same image only for pages of the same folder (dir, NULL for
 * the options' input_dir) that may read local files alike. */
long res_set_find(const res_set *s, const char *url, bool allow_local, const char *dir);

/* Adds url unless res_set_find finds it; *idx gets its index, or -1 when
 * the set is full (then capped is set). url, referer and dir are borrowed
 * (see res_item). FOLIO_ENOMEM on failure. With force the cap does not
 * apply (a cover the user named). */
folio_status res_set_add(res_set *s, const char *url, const char *referer, bool allow_local,
                         const char *dir, bool force, long *idx);

/* Gives every item that was had its name in the book, numbered in order:
 * "images/img-001.png", "images/img-002.jpg"... */
void res_set_name(res_set *s);

/* Frees the items and their data. */
void res_set_free(res_set *s);

/* How images are fetched. */
typedef struct {
    const char *input_dir;  /* where relative paths are read from; NULL: never */
    bool offline;           /* no downloads at all */
    size_t max_size;        /* bytes per image */
    long timeout_ms;        /* per download */
    long connect_timeout_ms;
    long max_redirects;
    unsigned parallel;      /* downloads at once (>= 1) */
    const char *user_agent; /* NULL: a default */
} res_options;

/* Gets every item: data: URIs decoded, local files read, downloads made in
 * parallel. An item that cannot be had keeps data NULL and gets a reason in
 * why; that is not an error. FOLIO_ENOMEM is. Items of a supported type are
 * kept; SVG is checked and cleaned (see res_svg_clean). */
folio_status res_fetch_all(res_item *items, size_t n, const res_options *o);

/* Frees an item's data and resets what the fetch filled. */
void res_item_clear(res_item *it);

/* Decodes a data: URI (base64 or percent-encoded) into a new malloc'd
 * buffer. false when it is not a well-formed data: URI or memory runs out
 * (then *out is NULL) or it decodes to more than max bytes. */
bool res_data_uri(const char *uri, size_t max, unsigned char **out, size_t *len);

/* Reads a relative path below dir, refusing absolute paths, "..", schemes,
 * and files larger than max. Percent escapes in the path are decoded; a
 * query or fragment is dropped. On success *out is malloc'd. *why gets a
 * static reason on failure. */
bool res_read_local(const char *dir, const char *path, size_t max, unsigned char **out,
                    size_t *len, const char **why);

/* Reads the file at path (any path: the user named it, as --cover) of at
 * most max bytes into a new malloc'd buffer; *why gets a reason on failure. */
bool res_read_file(const char *path, size_t max, unsigned char **out, size_t *len,
                   const char **why);

/* Sniffs a had item and drops its data (setting why) when its type is not
 * one every reader shows or an SVG fails res_svg_ok. */
void res_check(res_item *it);

/* Removes a doctype without an internal subset (the DTD lines drawing
 * programs write) from the SVG at p in place; returns the new length. */
size_t res_svg_strip_doctype(unsigned char *p, size_t n);

/* Checks that an SVG is plain, well-formed markup (balanced tags, quoted
 * attributes, only the five XML entities and numeric references, no
 * doctype) without scripts, event handlers, foreignObject or external
 * references. false when it is not. */
bool res_svg_ok(const unsigned char *p, size_t n);

#endif
