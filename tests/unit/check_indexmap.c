/* check_indexmap.c: stable indexes, persistence, no reuse, corruption. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dfo_test.h"
#include "indexmap.h"

static char dir[64], file[96];

static void setup(void)
{
	strcpy(dir, "/tmp/dfo-map-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(file, sizeof(file), "%s/indexmap", dir);
}

static void teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

START_TEST(assign_and_persist)
{
	struct dfo_err e;
	struct dfo_indexmap *m = dfo_indexmap_open(file, &e);
	uint32_t a, b, x, y, z;

	a = dfo_indexmap_server(m, "srv-a");
	b = dfo_indexmap_server(m, "srv b");
	ck_assert_uint_eq(a, 1);
	ck_assert_uint_eq(b, 2);
	x = dfo_indexmap_rel(m, a, "rel x");
	y = dfo_indexmap_rel(m, a, "rel%y");
	z = dfo_indexmap_rel(m, b, "rel x");
	ck_assert_uint_eq(x, 1);
	ck_assert_uint_eq(y, 2);
	ck_assert_uint_eq(z, 1);
	ck_assert_uint_eq(dfo_indexmap_rel(m, a, "rel x"), 1);
	ck_assert_int_eq(dfo_indexmap_save(m, &e), 0);
	dfo_indexmap_free(m);

	m = dfo_indexmap_open(file, &e);
	ck_assert_uint_eq(e.code, 0);
	/* reopened in another order: same indexes */
	ck_assert_uint_eq(dfo_indexmap_server(m, "srv b"), 2);
	ck_assert_uint_eq(dfo_indexmap_rel(m, 2, "rel x"), 1);
	ck_assert_uint_eq(dfo_indexmap_rel(m, 1, "rel%y"), 2);
	ck_assert_uint_eq(dfo_indexmap_rel(m, 1, "rel x"), 1);
	/* a new relationship gets a higher index, never a reused one */
	ck_assert_uint_eq(dfo_indexmap_rel(m, 1, "new"), 3);
	ck_assert_uint_eq(dfo_indexmap_server(m, "srv c"), 3);
	dfo_indexmap_free(m);
}
END_TEST

START_TEST(many_rows)
{
	struct dfo_err e;
	struct dfo_indexmap *m = dfo_indexmap_open(file, &e);
	uint32_t s = dfo_indexmap_server(m, "s");
	char name[32];

	for (int i = 0; i < 20000; i++) {
		snprintf(name, sizeof(name), "rel-%d", i);
		ck_assert_uint_eq(dfo_indexmap_rel(m, s, name), (uint32_t)i + 1);
	}
	ck_assert_int_eq(dfo_indexmap_save(m, &e), 0);
	dfo_indexmap_free(m);
	m = dfo_indexmap_open(file, &e);
	ck_assert_uint_eq(dfo_indexmap_find_rel(m, s, "rel-12345"), 12346);
	dfo_indexmap_free(m);
}
END_TEST

static int count_aside(void)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	while ((de = readdir(d)) != NULL)
		n += strstr(de->d_name, ".corrupt-") != NULL;
	closedir(d);
	return n;
}

START_TEST(corrupt_is_kept_aside)
{
	static const char *const bad[] = {
		"garbage\n",
		"dhcpfo-indexmap 1\nserver 1 2 a\nrel 1 5 x\n",  /* index >= next */
		"dhcpfo-indexmap 1\nrel 1 1 x\n",                /* unknown server */
		"dhcpfo-indexmap 1\nserver 1 2 a\nserver 1 2 b\n",
		"dhcpfo-indexmap 1\nserver 1 2 a",               /* truncated */
		"dhcpfo-indexmap 1\nserver 0 2 a\n",
		"dhcpfo-indexmap 1\nserver 1 2 %zz\n",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct dfo_err e;
		FILE *f = fopen(file, "w");
		struct dfo_indexmap *m;

		fputs(bad[i], f);
		fclose(f);
		m = dfo_indexmap_open(file, &e);
		ck_assert_ptr_nonnull(m);
		ck_assert_msg(e.code != 0, "case %zu accepted", i);
		ck_assert_uint_eq(count_aside(), 1);
		ck_assert_uint_eq(dfo_indexmap_server(m, "a"), 1); /* rebuilt */
		dfo_indexmap_free(m);
		teardown();
		setup();
	}
}
END_TEST

static Suite *suite_indexmap(void)
{
	Suite *s = suite_create("indexmap");
	TCase *tc = tcase_create("map");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, assign_and_persist);
	tcase_add_test(tc, many_rows);
	tcase_add_test(tc, corrupt_is_kept_aside);
	suite_add_tcase(s, tc);
	return s;
}
DFO_SUITE(suite_indexmap)
