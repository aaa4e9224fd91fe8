/* alloc.c -- the library's allocator (see alloc_internal.h).
 *
 * Built with DEMARC_FAULT_INJECTION (the test-only static library
 * demarc_faulty, never libdemarc.so/.a) it also counts allocations and can
 * make the Nth one fail, for tests/check_faults.c (alloc_fault.h). */
#include "alloc_internal.h"

#include <stdlib.h>

#ifdef DEMARC_FAULT_INJECTION
#include "alloc_fault.h"

/* The hook's state.  Mutable and static, which the library proper never is
 * (house style 4): it exists only in the test build, and is thread-local
 * so that a test thread arming it does not fail another thread's
 * allocations. */
static _Thread_local unsigned long fault_at;    /* 0: disarmed; else the allocation to fail */
static _Thread_local unsigned long fault_seen;  /* allocations since demarc__fault_arm */
static _Thread_local int fault_fired;           /* the armed allocation has failed */
static _Thread_local int fault_sticky;          /* every allocation after it fails too */
static _Thread_local long fault_live;           /* our blocks not yet freed (all time) */

void demarc__fault_arm(unsigned long n)
{
    fault_at = n;
    fault_seen = 0;
    fault_fired = 0;
    fault_sticky = 0;
}

void demarc__fault_arm_persistent(unsigned long n)
{
    demarc__fault_arm(n);
    fault_sticky = 1;
}

void demarc__fault_disarm(void) { fault_at = 0; }

unsigned long demarc__fault_count(void) { return fault_seen; }

int demarc__fault_fired(void) { return fault_fired; }

long demarc__fault_live(void) { return fault_live; }

/* 1 when this allocation is to fail: the armed one only (one-shot: the
 * allocations after it succeed again, so that a caller that ignores a
 * failure and goes on is seen going on), or it and all after it
 * (persistent: the clean-up paths then run out of memory too). */
static int fault_now(void)
{
    fault_seen++;
    if (fault_at == 0 || fault_seen < fault_at || (fault_seen > fault_at && !fault_sticky))
        return 0;
    fault_fired = 1;
    return 1;
}
#define FAULT_NOW() fault_now()
#define LIVE_ADD(n) (fault_live += (n))
#else
#define FAULT_NOW() 0
#define LIVE_ADD(n) ((void)0)
#endif

void *demarc__malloc(size_t size)
{
    if (FAULT_NOW()) return NULL;
    void *p = malloc(size);
    if (p) LIVE_ADD(1);
    return p;
}

void *demarc__calloc(size_t count, size_t size)
{
    if (FAULT_NOW()) return NULL;
    void *p = calloc(count, size);
    if (p) LIVE_ADD(1);
    return p;
}

void *demarc__realloc(void *ptr, size_t size)
{
    if (FAULT_NOW()) return NULL; /* ptr stays valid, as after a failed realloc */
    void *p = realloc(ptr, size);
    if (p && !ptr) LIVE_ADD(1);
    return p;
}

void demarc__free(void *ptr)
{
    if (ptr) LIVE_ADD(-1);
    free(ptr);
}
