/* dfo_test.h: each unit-test file registers its Check suite with
 * DFO_SUITE(fn); check_main.c runs them all. */
#ifndef DFO_TEST_H
#define DFO_TEST_H

#include <check.h>

void dfo_test_register(Suite *(*fn)(void));
#define DFO_SUITE(fn)                                                   \
	static void reg_##fn(void) __attribute__((constructor));        \
	static void reg_##fn(void) { dfo_test_register(fn); }

#endif
