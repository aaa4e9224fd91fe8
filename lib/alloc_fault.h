/* alloc_fault.h -- allocation-failure injection, for tests only.
 *
 * Exists only in the test library demarc_faulty (lib/CMakeLists.txt):
 * libdemarc's objects but alloc.c, compiled there with DEMARC_FAULT_INJECTION
 * defined; libdemarc.so and libdemarc.a have none of it (tests/abi).  The
 * state is per thread.  tests/check_faults.c runs every public operation
 * with the Nth allocation failing, N = 1, 2, ... until it succeeds (SQLite's
 * OOM test, https://sqlite.org/testing.html#oom). */
#ifndef DEMARC_ALLOC_FAULT_H
#define DEMARC_ALLOC_FAULT_H

/* From now on the n-th allocation (n >= 1) through demarc__malloc, _calloc,
 * _realloc (and so demarc__strdup) returns NULL; only that one.  Resets the
 * count.  n = 0 counts without failing. */
void demarc__fault_arm(unsigned long n);
/* As demarc__fault_arm, but the n-th allocation and every one after it
 * fail (SQLite's "persistent" mode), until demarc__fault_disarm. */
void demarc__fault_arm_persistent(unsigned long n);
/* No allocation fails any more (the count goes on). */
void demarc__fault_disarm(void);
/* Allocations asked for since the last demarc__fault_arm, the failed one included. */
unsigned long demarc__fault_count(void);
/* 1 when the armed allocation has been reached and failed. */
int demarc__fault_fired(void);
/* Blocks allocated through this allocator and not yet freed through it, on
 * this thread: equal before and after an operation whose results were
 * freed, unless it leaked (a cheap leak check where LeakSanitizer is not). */
long demarc__fault_live(void);

#endif
