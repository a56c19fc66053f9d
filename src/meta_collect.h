/* meta_collect.h — the candidates the meta stage gathers before it
 * chooses. Shared by meta.c (collects from the head and JSON-LD, chooses
 * the title, authors and plain fields), byline.c (reads visible bylines,
 * <time> and date lines from the body) and dates.c (chooses the dates).
 */
#ifndef FOLIO_META_COLLECT_H
#define FOLIO_META_COLLECT_H

#include <stdbool.h>

#include "byline.h"
#include "dates.h"
#include "internal.h"
#include "jsonld.h"

typedef enum {
    MF_TITLE = 0,
    MF_AUTHOR,
    MF_PUBLISHED,
    MF_MODIFIED,
    MF_SITE,
    MF_DESCRIPTION,
    MF_IMAGE,
    MF_CANONICAL,
    MF_LANG,
    MF_TYPE,
    MF_COUNT
} meta_field;

/* One value for a field from one source. rank: lower is more trusted. */
typedef struct {
    const char *value;    /* collapsed, entity-decoded, arena */
    const dom_node *node; /* the element it was read from, or NULL */
    int rank;
    unsigned char field; /* meta_field */
    bool free_text;      /* a date inside text, not a machine value */
    bool org;            /* an author known to be an organization */
} meta_cand;

/* Candidates kept at most: the head of a page has a few dozen; the first
 * ones in document order (the head) are kept when a page has more. */
#define META_MAX_CANDS 256

/* Ranks of the sources found outside the <meta> table (see meta.c for
 * that table and why each rank). */
enum {
    MR_JSONLD = 10,         /* article-type JSON-LD node */
    MR_URL = 45,            /* /2024/05/23/ in the page's URL: chosen by
                               the publisher for this page (htmldate reads it
                               first), unlike dates in the body */
    MR_MICRODATA = 50,      /* itemprop on a visible element */
    MR_TIME_PUBDATE = 52,   /* <time pubdate> or class published */
    MR_VISIBLE_BYLINE = 60, /* rel=author, itemprop=author or a byline class
                               in the body: + its order among them */
    MR_JSONLD_PAGE = 62,    /* a WebPage node's dates */
    MR_TIME = 70,           /* first <time datetime> */
    MR_DATE_TEXT = 80,      /* date in a date-like element's text */
    MR_BYLINE_TEXT = 82,    /* a "By ..." line */
    MR_JSONLD_ORG = 90,     /* JSON-LD author that is an organization */
    MR_TITLE_ELEMENT = 100, /* <title> */
    MR_H1 = 110,
};

/* Ranks of the other head sources (meta.c). */
enum {
    MR_SITE_PUBLISHER = 20, /* JSON-LD publisher name */
    MR_SITE_WEBSITE = 25,   /* JSON-LD WebSite name */
    MR_CANONICAL_LINK = 10, /* <link rel=canonical> */
    MR_CANONICAL_LD = 30,   /* JSON-LD url */
    MR_IMAGE_LD = 30,       /* JSON-LD image */
    MR_IMAGE_LINK = 40,     /* <link rel=image_src> */
    MR_DESCRIPTION_LD = 40, /* JSON-LD description */
    MR_LANG_HTML = 10,      /* <html lang> */
    MR_LANG_HTTP = 20,      /* <meta http-equiv=content-language> */
    MR_LANG_LD = 40,        /* JSON-LD inLanguage */
    MR_TYPE_LD = 10,        /* JSON-LD @type of the main node */
    MR_TITLE_LD_NAME = 64,  /* JSON-LD name, when no headline */
    MR_TITLE_LD_PAGE = 95,  /* a WebPage node's name */
};

typedef struct {
    dom_doc *d;
    const meta_context *ctx;
    meta_cand cands[META_MAX_CANDS];
    size_t n;
    jsonld_info ld;
    const char *h1[4]; /* texts of the first h1 elements */
    size_t nh1;
    const char *lang_hint; /* the page's language (BCP 47), for day/month order */
    size_t texts_read;     /* element texts read in the body (bounded) */
    unsigned n_visible, n_time, n_date_text, n_by; /* candidates per kind */
    unsigned times_seen;                           /* <time> elements looked at (bounded) */
    const dom_node *last_byline;                   /* the last byline element taken */
    bool failed;                                   /* an allocation failed */
    /* results of the accept callbacks */
    date_parts date;
    byline_names names;
    const char *lang, *url;
} meta_collector;

/* Adds a candidate; the value (n bytes) is decoded and collapsed into the
 * arena; empty values are skipped. */
void meta_add(meta_collector *c, meta_field f, int rank, const char *s, size_t n,
              const dom_node *node);

/* Adds the collapsed text of element e (at most a few hundred bytes) as a
 * candidate. */
void meta_add_text(meta_collector *c, meta_field f, int rank, const dom_node *e);

/* Looks at one body element for bylines and date lines (byline.c). */
void byline_scan_element(meta_collector *c, const dom_node *e);

/* Candidates of field f in order of rank (stable, ties in document
 * order): calls accept on each until it returns true. Returns the accepted
 * candidate or NULL (meta.c). */
const meta_cand *meta_first_accepted(meta_collector *c, meta_field f,
                                     bool (*accept)(meta_collector *, const meta_cand *));

/* Chooses the published and modified dates (dates.c). */
folio_status meta_resolve_dates(meta_collector *c, folio_meta *m);

/* Chooses the title (meta.c) and fills m->title and h->h1_title. */
folio_status meta_resolve_title(meta_collector *c, folio_meta *m, meta_hints *h);

#endif
