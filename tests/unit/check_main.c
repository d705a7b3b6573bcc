/* check_main.c: runs every registered Check suite. */
#include <stdlib.h>

#include "dfo_test.h"
#include "log.h"

static Suite *(*suites[64])(void);
static int nsuites;

void dfo_test_register(Suite *(*fn)(void))
{
	if (nsuites < 64)
		suites[nsuites++] = fn;
}

int main(void)
{
	SRunner *sr;
	int failed;

	dfo_log_setup(DFO_LOG_QUIET, 0, "check_unit");
	if (nsuites == 0)
		return 1;
	sr = srunner_create(suites[0]());
	for (int i = 1; i < nsuites; i++)
		srunner_add_suite(sr, suites[i]());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
