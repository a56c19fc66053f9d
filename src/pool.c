/* pool.c — size-class pool over slabs; see pool.h.
 *
 * Every block has a header of one grain holding its class and a check
 * word; class 0 marks a large block, which has a second header before it
 * linking it into the pool's list of large blocks so pool_free_all can
 * find it. A header that fails its check (gumbo overran the block before
 * it) makes pool_free leave the block alone rather than follow a corrupt
 * class into the free lists; pool_free_all reclaims it with its slab.
 *
 * Under AddressSanitizer every block is a large one, malloc'd alone, so
 * the sanitizer (and the fuzzer) still see gumbo's overflows and double
 * frees, which slabs would hide. */
#include "pool.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#if defined(__SANITIZE_ADDRESS__)
#define POOL_ALL_BIG 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define POOL_ALL_BIG 1
#endif
#endif
#ifndef POOL_ALL_BIG
#define POOL_ALL_BIG 0
#endif

enum { POOL_SLAB = 64 * 1024 };
#define POOL_MAGIC ((uintptr_t)0x9e3779b97f4a7c15u)

typedef struct pool_head {
    size_t cls;
    uintptr_t check; /* cls ^ the header's address ^ POOL_MAGIC */
} pool_head;

static void head_set(pool_head *h, size_t cls)
{
    h->cls = cls;
    h->check = (uintptr_t)cls ^ (uintptr_t)h ^ POOL_MAGIC;
}

static bool head_ok(const pool_head *h)
{
    return h->cls < POOL_CLASSES && h->check == ((uintptr_t)h->cls ^ (uintptr_t)h ^ POOL_MAGIC);
}

union pool_big {
    struct {
        pool_big *prev, *next;
    } link;
    max_align_t align;
};

struct pool_slab {
    pool_slab *next;
    _Alignas(max_align_t) unsigned char data[];
};

_Static_assert(sizeof(pool_head) <= POOL_GRAIN && POOL_GRAIN % _Alignof(max_align_t) == 0 &&
                   sizeof(pool_big) % _Alignof(max_align_t) == 0,
               "one grain must hold a header and keep the payload aligned");

void pool_init(pool *p)
{
    for (size_t i = 0; i < POOL_CLASSES; i++)
        p->free[i] = NULL;
    p->slabs = NULL;
    p->next = p->end = NULL;
    p->big = NULL;
}

static void *big_alloc(pool *p, size_t size)
{
    if (size > SIZE_MAX / 2 - sizeof(pool_big) - POOL_GRAIN)
        return NULL;
    pool_big *b = malloc(sizeof *b + POOL_GRAIN + size);
    if (!b)
        return NULL;
    b->link.prev = NULL;
    b->link.next = p->big;
    if (p->big)
        p->big->link.prev = b;
    p->big = b;
    pool_head *h = (pool_head *)((unsigned char *)(b + 1));
    head_set(h, 0);
    return (unsigned char *)h + POOL_GRAIN;
}

void *pool_alloc(pool *p, size_t size)
{
    if (size > POOL_SMALL_MAX || POOL_ALL_BIG)
        return big_alloc(p, size);
    size_t cls = size ? (size + POOL_GRAIN - 1) / POOL_GRAIN : 1;
    void *got = p->free[cls];
    if (got) {
        p->free[cls] = *(void **)got;
        return got;
    }
    size_t need = (cls + 1) * POOL_GRAIN; /* the header grain and the payload */
    if ((size_t)(p->end - p->next) < need) {
        pool_slab *s = malloc(sizeof *s + POOL_SLAB);
        if (!s)
            return NULL;
        s->next = p->slabs;
        p->slabs = s;
        p->next = s->data;
        p->end = s->data + POOL_SLAB;
    }
    pool_head *h = (pool_head *)p->next;
    p->next += need;
    head_set(h, cls);
    return (unsigned char *)h + POOL_GRAIN;
}

void pool_free(pool *p, void *ptr)
{
    if (!ptr)
        return;
    pool_head *h = (pool_head *)((unsigned char *)ptr - POOL_GRAIN);
    if (!head_ok(h))
        return; /* overwritten: left to pool_free_all */
    size_t cls = h->cls;
    if (cls) {
        *(void **)ptr = p->free[cls];
        p->free[cls] = ptr;
        return;
    }
    pool_big *b = (pool_big *)((unsigned char *)h - sizeof(pool_big));
    if (b->link.prev)
        b->link.prev->link.next = b->link.next;
    else
        p->big = b->link.next;
    if (b->link.next)
        b->link.next->link.prev = b->link.prev;
    free(b);
}

void pool_free_all(pool *p)
{
    for (pool_big *b = p->big; b;) {
        pool_big *next = b->link.next;
        free(b);
        b = next;
    }
    for (pool_slab *s = p->slabs; s;) {
        pool_slab *next = s->next;
        free(s);
        s = next;
    }
    pool_init(p);
}
