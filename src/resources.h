/* resources.h — the images of an EPUB: fetched, decoded, sniffed.
 *
 * Place in the pipeline: called by epub.c once every chapter's images are
 * known. An image comes from a data: URI, a local file beside a saved page,
 * or an http(s) download (libcurl multi: several at once, the page as
 * Referer, a timeout and a size cap each, redirects limited, http and https
 * only). Its type is sniffed from the bytes, never taken from a name or a
 * header. Only curl.h here (and in input.c); no zip.
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
    unsigned char *data;  /* the bytes when had; owned (free with res_item_clear) */
    size_t len;
    res_type type;        /* sniffed; RES_UNKNOWN when not had */
    const char *why;      /* static reason when not had, else NULL */
} res_item;

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

/* Checks that an SVG is plain, well-formed markup (balanced tags, quoted
 * attributes, only the five XML entities and numeric references, no
 * doctype) without scripts, event handlers, foreignObject or external
 * references. false when it is not. */
bool res_svg_ok(const unsigned char *p, size_t n);

#endif
