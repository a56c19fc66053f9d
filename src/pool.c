/* pool.c — size-class pool over slabs; see pool.h.
 *
 * Every block has a header of one grain holding its class; class 0 marks
 * a large block, which has a second header before it linking it into the
 * pool's list of large blocks so pool_free_all can find it. */
#include "pool.h"

#include <stdint.h>
#include <stdlib.h>

enum { POOL_SLAB = 64 * 1024 };

typedef struct pool_head {
    size_t cls;
} pool_head;

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
    h->cls = 0;
    return (unsigned char *)h + POOL_GRAIN;
}

void *pool_alloc(pool *p, size_t size)
{
    if (size > POOL_SMALL_MAX)
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
    h->cls = cls;
    return (unsigned char *)h + POOL_GRAIN;
}

void pool_free(pool *p, void *ptr)
{
    if (!ptr)
        return;
    pool_head *h = (pool_head *)((unsigned char *)ptr - POOL_GRAIN);
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
