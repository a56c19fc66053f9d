/* pool.h — small blocks that can be freed one by one or all at once.
 *
 * gumbo allocates and frees a great many small blocks while it parses (its
 * nodes, vectors and string buffers, each grown by allocating anew and
 * freeing the old one). malloc spends about 5% of a conversion on them. A
 * pool cuts blocks up to POOL_SMALL_MAX bytes from 64 KiB slabs, keeps a
 * free list per 16-byte size class so freed blocks are reused, sends
 * larger blocks to malloc, and returns everything to the system in one
 * pass at the end. Not thread-safe: one pool per parse.
 */
#ifndef FOLIO_POOL_H
#define FOLIO_POOL_H

#include <stddef.h>

enum { POOL_GRAIN = 16, POOL_SMALL_MAX = 1024, POOL_CLASSES = POOL_SMALL_MAX / POOL_GRAIN + 1 };

typedef struct pool_slab pool_slab;
typedef union pool_big pool_big;

typedef struct pool {
    void *free[POOL_CLASSES]; /* a free list per class (index 0 unused) */
    pool_slab *slabs;         /* newest first */
    unsigned char *next, *end; /* the unused part of the newest slab */
    pool_big *big;            /* a doubly linked list of large blocks */
} pool;

/* An empty pool; it holds no memory until the first pool_alloc. */
void pool_init(pool *p);

/* size bytes aligned for any scalar type (not zeroed), or NULL when memory
 * runs out or size is absurd. */
void *pool_alloc(pool *p, size_t size);

/* Returns a block from pool_alloc to the pool; NULL is allowed. */
void pool_free(pool *p, void *ptr);

/* Frees every block and slab; the pool is empty and usable again. */
void pool_free_all(pool *p);

#endif
