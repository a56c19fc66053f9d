/* arena.c — bump allocation in chunks; see arena.h.
 *
 * Every stage of one document allocates here; folio_doc_free drops it all.
 * Blocks bigger than a quarter chunk get a chunk of their own. A request
 * over ARENA_MAX_BLOCK (far beyond any page: inputs are capped at 64 MiB)
 * is refused with NULL before it reaches malloc, so a corrupted or
 * overflowed size can never turn into a giant allocation. */
#include "arena.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { ARENA_CHUNK = 64 * 1024, ARENA_ALIGN = 16 };
#define ARENA_MAX_BLOCK ((size_t)1 << 34) /* 16 GiB */

typedef struct chunk {
    struct chunk *next;
    size_t size;
    size_t used;
    _Alignas(16) unsigned char data[];
} chunk;

struct arena {
    chunk *head;
    size_t total;
};

arena *arena_new(void)
{
    return calloc(1, sizeof(arena));
}

void arena_free(arena *a)
{
    if (!a)
        return;
    chunk *c = a->head;
    while (c) {
        chunk *next = c->next;
        free(c);
        c = next;
    }
    free(a);
}

void *arena_alloc(arena *a, size_t n)
{
    if (n == 0)
        n = 1;
    if (n > ARENA_MAX_BLOCK)
        return NULL;
    size_t need = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    chunk *c = a->head;
    if (!c || c->size - c->used < need) {
        size_t size = need > ARENA_CHUNK / 4 ? need : ARENA_CHUNK;
        chunk *fresh = malloc(sizeof(chunk) + size);
        if (!fresh)
            return NULL;
        fresh->size = size;
        fresh->used = 0;
        if (c && size == need && c->size - c->used >= ARENA_ALIGN) {
            /* a big block: keep filling the current chunk afterwards */
            fresh->next = c->next;
            c->next = fresh;
        } else {
            fresh->next = c;
            a->head = fresh;
        }
        c = fresh;
    }
    void *p = c->data + c->used;
    c->used += need;
    a->total += need;
    memset(p, 0, n);
    return p;
}

char *arena_strndup(arena *a, const char *s, size_t n)
{
    if (n >= ARENA_MAX_BLOCK)
        return NULL;
    char *p = arena_alloc(a, n + 1);
    if (!p)
        return NULL;
    if (n)
        memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *arena_strdup(arena *a, const char *s)
{
    return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

size_t arena_used(const arena *a)
{
    return a->total;
}
