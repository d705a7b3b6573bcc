/* check_pager.c: the pager's passes and every guard against a backend
 * that breaks the contract. */
#include <stdlib.h>
#include <string.h>

#include "dfo_test.h"
#include "pager.h"
#include "sim_fixture.h"

static struct dfo_backend *sim(int n, int cap, const char *fault)
{
	struct dfo_err e = { 0, "" };
	char extra[256], *t;
	struct dfo_backend *b;

	snprintf(extra, sizeof(extra), "fault = { %s };", fault ? fault : "");
	t = fixture_rows(n, cap, extra);
	b = fixture_backend(t, &e);
	free(t);
	ck_assert_msg(b != NULL, "fixture: %s", e.text);
	return b;
}

/* Runs a pass at page size p; returns the pager (caller frees). */
static struct dfo_pager pass(struct dfo_backend *b, uint32_t p)
{
	struct dfo_pager pg;

	dfo_pager_begin(&pg, p, 0);
	dfo_pager_run(&pg, b);
	return pg;
}

START_TEST(full_pass)
{
	struct dfo_backend *b = sim(200, 0, NULL);
	struct dfo_pager pg = pass(b, 7);

	ck_assert_int_eq(pg.state, DFO_PAGER_DONE);
	ck_assert_uint_eq(pg.nrows, 200);
	ck_assert_uint_eq(pg.pages, 29); /* ceil(200 / 7) */
	ck_assert_str_eq(pg.rows[0].name, "r001");
	ck_assert_str_eq(pg.rows[199].name, "r200");
	dfo_pager_free(&pg);
	fixture_free(b);
}
END_TEST

START_TEST(empty_pass)
{
	struct dfo_backend *b = sim(0, 0, NULL);
	struct dfo_pager pg = pass(b, 7);

	ck_assert_int_eq(pg.state, DFO_PAGER_DONE);
	ck_assert_uint_eq(pg.nrows, 0);
	ck_assert_uint_eq(pg.pages, 1);
	fixture_free(b);
}
END_TEST

static void expect_fail(const char *fault, uint32_t p, unsigned code,
			const char *text, uint32_t max_pages)
{
	struct dfo_backend *b = sim(20, 0, fault);
	struct dfo_pager pg = pass(b, p);

	ck_assert_int_eq(pg.state, DFO_PAGER_FAILED);
	ck_assert_uint_eq(pg.err.code, code);
	ck_assert_msg(strstr(pg.err.text, text) != NULL, "'%s' lacks '%s'",
		      pg.err.text, text);
	ck_assert_uint_le(pg.pages, max_pages);
	dfo_pager_free(&pg);
	fixture_free(b);
}

START_TEST(more_data_forever)
{
	/* 20 rows at P=1: bound 2 x 2 + 16 pages from the first claim */
	expect_fail("more-data-forever = true;", 1, ERROR_INVALID_DATA,
		    "still returns MORE_DATA", 40);
}
END_TEST

START_TEST(stuck_handle)
{
	expect_fail("stuck-handle = true;", 5, ERROR_INVALID_DATA,
		    "did not advance", 1);
}
END_TEST

START_TEST(read_over_max)
{
	expect_fail("read-over-max = true;", 5, ERROR_INVALID_DATA,
		    "6 rows for PreferredMaximum 5", 1);
}
END_TEST

START_TEST(null_array)
{
	expect_fail("null-array = true;", 5, ERROR_INVALID_DATA,
		    "no array", 1);
}
END_TEST

START_TEST(lying_totals)
{
	expect_fail("lie-total = true;", 5, ERROR_INVALID_DATA,
		    "totals contradict", 6);
}
END_TEST

START_TEST(backend_error)
{
	expect_fail("fail-calls = 1; fail-error = 5;", 5, ERROR_ACCESS_DENIED,
		    "simulated failure", 1);
}
END_TEST

static struct dfo_rel *page(const char *const *names, uint32_t n)
{
	struct dfo_rel *a = calloc(n, sizeof(*a));

	for (uint32_t i = 0; i < n; i++) {
		dfo_rel_init(&a[i]);
		strcpy(a[i].name, names[i]);
	}
	return a;
}

START_TEST(duplicate_names)
{
	static const char *const p1[] = { "a", "b" }, *const p2[] = { "c", "a" };
	struct dfo_pager pg;
	struct dfo_err e = { 0, "" };

	dfo_pager_begin(&pg, 2, 0);
	ck_assert_int_eq(dfo_pager_feed(&pg, ERROR_MORE_DATA, 2, page(p1, 2), 2, 2, &e),
			 DFO_PAGER_MORE);
	ck_assert_int_eq(dfo_pager_feed(&pg, ERROR_SUCCESS, 4, page(p2, 2), 2, 0, &e),
			 DFO_PAGER_FAILED);
	ck_assert_uint_eq(pg.err.code, ERROR_DUP_NAME);
	ck_assert_ptr_nonnull(strstr(pg.err.text, "'a' twice"));
	dfo_pager_free(&pg);
}
END_TEST

START_TEST(unterminated_name)
{
	static const char *const p1[] = { "a" };
	struct dfo_rel *a = page(p1, 1);
	struct dfo_pager pg;
	struct dfo_err e = { 0, "" };

	memset(a[0].name, 'x', sizeof(a[0].name)); /* 127 chars, no NUL */
	dfo_pager_begin(&pg, 2, 0);
	ck_assert_int_eq(dfo_pager_feed(&pg, ERROR_SUCCESS, 1, a, 1, 0, &e),
			 DFO_PAGER_FAILED);
	ck_assert_ptr_nonnull(strstr(pg.err.text, "malformed"));
}
END_TEST

START_TEST(unprintable_is_sanitized)
{
	static const char *const p1[] = { "a\tb\x01" };
	struct dfo_pager pg;
	struct dfo_err e = { 0, "" };

	dfo_pager_begin(&pg, 2, 0);
	ck_assert_int_eq(dfo_pager_feed(&pg, ERROR_SUCCESS, 1, page(p1, 1), 1, 0, &e),
			 DFO_PAGER_DONE);
	ck_assert_str_eq(pg.rows[0].name, "a?b?");
	dfo_pager_free(&pg);
}
END_TEST

START_TEST(success_with_remaining_is_a_lie)
{
	static const char *const p1[] = { "a" };
	struct dfo_pager pg;
	struct dfo_err e = { 0, "" };

	dfo_pager_begin(&pg, 2, 0);
	ck_assert_int_eq(dfo_pager_feed(&pg, ERROR_SUCCESS, 1, page(p1, 1), 1, 3, &e),
			 DFO_PAGER_FAILED);
	ck_assert_ptr_nonnull(strstr(pg.err.text, "SUCCESS but says 3"));
}
END_TEST

static Suite *suite_pager(void)
{
	Suite *s = suite_create("pager");
	TCase *tc = tcase_create("guards");

	tcase_add_test(tc, full_pass);
	tcase_add_test(tc, empty_pass);
	tcase_add_test(tc, more_data_forever);
	tcase_add_test(tc, stuck_handle);
	tcase_add_test(tc, read_over_max);
	tcase_add_test(tc, null_array);
	tcase_add_test(tc, lying_totals);
	tcase_add_test(tc, backend_error);
	tcase_add_test(tc, duplicate_names);
	tcase_add_test(tc, unterminated_name);
	tcase_add_test(tc, unprintable_is_sanitized);
	tcase_add_test(tc, success_with_remaining_is_a_lie);
	suite_add_tcase(s, tc);
	return s;
}
DFO_SUITE(suite_pager)
