/* byline.h — author names for the meta stage.
 *
 * Raw author strings come from JSON-LD, <meta name=author>, article:author,
 * citation_author and visible bylines ("By Jane Doe and John Roe, Staff
 * Writers | May 3, 2024"). byline_parse cleans one such string into a list
 * of names; meta.c merges the lists of the most trusted source.
 */
#ifndef FOLIO_BYLINE_H
#define FOLIO_BYLINE_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

#define BYLINE_MAX_NAMES 8

/* Names found so far; strings in the arena. org[i] is true when names[i]
 * looks like an organization ("WebMD Health News", "Staff"). */
typedef struct {
    const char *names[BYLINE_MAX_NAMES];
    bool org[BYLINE_MAX_NAMES];
    size_t n;
} byline_names;

/* Cleans raw (n bytes): drops a leading "By"/"Par"/"Von"/"Por"..., what
 * follows a digit (dates, times, counters), e-mail addresses, handles and
 * URLs, roles ("Staff Writer") and credentials ("PhD"); splits the rest on
 * commas, "and", "&", "und", "et", "y", "e"... (never inside parentheses)
 * and adds each name to out unless already there (ASCII case-insensitive).
 * A raw value that is only a URL gives nothing. False on allocation
 * failure only. flags: BYLINE_* below. */
bool byline_parse(arena *a, const char *raw, size_t n, unsigned flags, byline_names *out);

/* Flags of byline_parse. */
enum {
    BYLINE_STRICT = 1, /* visible text: a piece with a lower-case word (not a
                          particle like "von") is a phrase, not a name */
    BYLINE_ORG = 2,    /* a named organization (JSON-LD Organization): kept
                          whole, only white space collapsed */
};

/* Drops organizations from out when it also holds a person. */
void byline_prefer_people(byline_names *out);

/* The length of a byline marker that starts s ("By ", "by:", "Par ",
 * "Von ", "Written by "...), or 0 when s does not start with one. */
size_t byline_marker(const char *s, size_t n);

#endif
