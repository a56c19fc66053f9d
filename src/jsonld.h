/* jsonld.h — a small JSON reader and the JSON-LD part of the meta stage.
 *
 * meta.c hands every <script type="application/ld+json"> to jsonld_read,
 * which parses it (iteratively, leniently, never failing the page) and
 * keeps what the most article-like node of the page says: headline,
 * authors, dates, publisher, image, description, language, articleBody.
 */
#ifndef FOLIO_JSONLD_H
#define FOLIO_JSONLD_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "folio.h"

typedef enum {
    JSON_NULL = 0,
    JSON_BOOL,
    JSON_NUMBER,
    JSON_STRING,
    JSON_ARRAY,
    JSON_OBJECT
} json_kind;

/* One JSON value. Children of arrays and objects are linked through
 * first/next; object members carry their name in key. */
typedef struct json_value {
    struct json_value *parent, *first, *last, *next;
    const char *key; /* member name (decoded, NUL-terminated), or NULL */
    const char *str; /* string: decoded UTF-8; number, bool: its source text */
    size_t len;
    unsigned char kind; /* json_kind */
} json_value;

/* Parses n bytes of JSON into a tree allocated from a. Lenient where pages
 * are sloppy (trailing commas, raw control characters in strings, an HTML
 * comment or CDATA wrapper); text after the first value is ignored.
 * Returns NULL for broken JSON, input nested deeper than JSON_MAX_DEPTH,
 * or on allocation failure. Iterative: the parent links are the stack. */
json_value *json_parse(arena *a, const char *s, size_t n);

/* The member `key` of an object, or NULL. */
const json_value *json_get(const json_value *obj, const char *key);

#define JSON_MAX_DEPTH 64
/* jsonld_info.rank of an article-type main node (NewsArticle, BlogPosting...);
 * 2 is a WebPage, 1 another work (Product, Recipe, VideoObject...). */
#define JSONLD_RANK_ARTICLE 3
#define JSONLD_MAX_AUTHORS 8

/* What JSON-LD says about the page. Strings are raw (not yet collapsed or
 * entity-decoded), allocated from the arena given to jsonld_read. */
typedef struct {
    int rank;         /* how article-like the main node is: 0 none yet,
                         JSONLD_RANK_ARTICLE for the article family */
    const char *type; /* @type of the main node */
    const char *headline;
    const char *name;
    const char *authors[JSONLD_MAX_AUTHORS];
    size_t nauthors;
    bool author_org;       /* the authors listed are organizations only */
    const char *published; /* datePublished (or dateCreated) */
    const char *modified;  /* dateModified */
    const char *publisher; /* publisher's name */
    const char *image;
    const char *description;
    const char *lang; /* inLanguage */
    const char *url;  /* url / mainEntityOfPage of the main node */
    const char *body; /* articleBody */
    size_t body_len;
    const char *site; /* name of a WebSite node (reserve for the site name) */
} jsonld_info;

/* Reads one ld+json script of len bytes. When its best node is more
 * article-like than what *info holds (info->rank), *info is refilled from
 * it. Broken JSON is skipped (FOLIO_OK). FOLIO_ENOMEM on allocation
 * failure only. */
folio_status jsonld_read(arena *a, const char *text, size_t len, jsonld_info *info);

#endif
