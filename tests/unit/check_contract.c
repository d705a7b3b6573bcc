/* check_contract.c: the enumeration contract on the sim backend. */
#include <stdlib.h>
#include <string.h>

#include "dfo_test.h"
#include "sim_fixture.h"

static struct dfo_backend *rows(int n, int cap)
{
	struct dfo_err e = { 0, "" };
	char *t = fixture_rows(n, cap, NULL);
	struct dfo_backend *b = fixture_backend(t, &e);

	free(t);
	ck_assert_msg(b != NULL, "fixture: %s", e.text);
	return b;
}

/* Enumerates everything at page size p; checks every page's promises. */
static void walk_all(struct dfo_backend *b, uint32_t n, uint32_t p)
{
	uint32_t h = 0, seen = 0, calls = 0;
	struct dfo_err e;
	unsigned st;

	do {
		struct dfo_rel *a = NULL;
		uint32_t read = 99, total = 99;

		st = dfo_enum_relationships(b, &h, p, &a, &read, &total, &e);
		calls++;
		if (st == ERROR_NO_MORE_ITEMS) {
			ck_assert_ptr_null(a);
			ck_assert_uint_eq(read, 0);
			break;
		}
		ck_assert_msg(st == ERROR_MORE_DATA || st == ERROR_SUCCESS,
			      "status %u", st);
		ck_assert_uint_le(read, p);
		ck_assert_uint_gt(read, 0);
		for (uint32_t i = 0; i < read; i++) {
			char want[16];
			snprintf(want, sizeof(want), "r%03u", seen + i + 1);
			ck_assert_str_eq(a[i].name, want);
		}
		seen += read;
		ck_assert_uint_eq(total, n - seen); /* remaining after this call */
		ck_assert_uint_eq(h, seen);
		ck_assert_uint_eq(st == ERROR_MORE_DATA, seen < n);
		dfo_rel_array_free(a, read);
	} while (st == ERROR_MORE_DATA);
	ck_assert_uint_eq(seen, n);
	ck_assert_uint_eq(calls, n == 0 ? 1 : (n + p - 1) / p);
}

START_TEST(page_one) { struct dfo_backend *b = rows(5, 0); walk_all(b, 5, 1); fixture_free(b); }
END_TEST
START_TEST(page_n) { struct dfo_backend *b = rows(5, 0); walk_all(b, 5, 5); fixture_free(b); }
END_TEST
START_TEST(page_more) { struct dfo_backend *b = rows(5, 0); walk_all(b, 5, 1000000); fixture_free(b); }
END_TEST
START_TEST(page_seven) { struct dfo_backend *b = rows(200, 0); walk_all(b, 200, 7); fixture_free(b); }
END_TEST
START_TEST(empty) { struct dfo_backend *b = rows(0, 0); walk_all(b, 0, 10); fixture_free(b); }
END_TEST

START_TEST(page_cap_limits_read)
{
	struct dfo_backend *b = rows(10, 3);
	struct dfo_rel *a;
	uint32_t h = 0, read, total;
	struct dfo_err e;

	ck_assert_uint_eq(dfo_enum_relationships(b, &h, 100, &a, &read, &total, &e),
			  ERROR_MORE_DATA);
	ck_assert_uint_eq(read, 3);
	ck_assert_uint_eq(total, 7);
	dfo_rel_array_free(a, read);
	fixture_free(b);
}
END_TEST

START_TEST(handle_past_end)
{
	struct dfo_backend *b = rows(3, 0);
	struct dfo_rel *a = (struct dfo_rel *)1;
	uint32_t h = 3, read = 5, total = 5;
	struct dfo_err e;

	ck_assert_uint_eq(dfo_enum_relationships(b, &h, 10, &a, &read, &total, &e),
			  ERROR_NO_MORE_ITEMS);
	ck_assert_ptr_null(a);
	ck_assert_uint_eq(read, 0);
	ck_assert_uint_eq(total, 0);
	h = 4000000000u;
	ck_assert_uint_eq(dfo_enum_relationships(b, &h, 10, &a, &read, &total, &e),
			  ERROR_NO_MORE_ITEMS);
	fixture_free(b);
}
END_TEST

START_TEST(zero_max_is_invalid)
{
	struct dfo_backend *b = rows(3, 0);
	struct dfo_rel *a;
	uint32_t h = 0, read, total;
	struct dfo_err e;

	ck_assert_uint_eq(dfo_enum_relationships(b, &h, 0, &a, &read, &total, &e),
			  ERROR_INVALID_PARAMETER);
	ck_assert_uint_eq(e.code, 87);
	ck_assert_uint_eq(h, 0);
	fixture_free(b);
}
END_TEST

START_TEST(record_fields)
{
	struct dfo_err e = { 0, "" };
	struct dfo_backend *b = fixture_backend(
		"sim = { relationships = ( { name = \"x\"; mode = \"hot-standby\";"
		" role = \"secondary\"; state = \"partnerDown\"; prev-state = \"normal\";"
		" primary = \"192.0.2.1\"; secondary = \"2001:db8::2\";"
		" primary-name = \"a\"; secondary-name = \"b\"; mclt = 600;"
		" safe-period = 60; percentage = 7; scopes = [\"10.0.1.0\",\"10.0.0.0\"]; } ); };", &e);
	struct dfo_rel *a;
	uint32_t h = 0, read, total;

	ck_assert_msg(b != NULL, "%s", e.text);
	ck_assert_uint_eq(dfo_enum_relationships(b, &h, 10, &a, &read, &total, &e),
			  ERROR_SUCCESS);
	ck_assert_uint_eq(read, 1);
	ck_assert_int_eq(a[0].mode, DFO_MODE_HOT_STANDBY);
	ck_assert_int_eq(a[0].role, DFO_ROLE_SECONDARY);
	ck_assert_int_eq(a[0].state, DFO_ST_PARTNER_DOWN);
	ck_assert_int_eq(a[0].prev_state, DFO_ST_NORMAL);
	ck_assert_int_eq(a[0].raw_state_code, 5); /* FSM_STATE PARTNER_DOWN */
	ck_assert_int_eq(a[0].primary_addr.family, 1);
	ck_assert_int_eq(a[0].secondary_addr.family, 2);
	ck_assert_uint_eq(a[0].mclt, 600);
	ck_assert_int_eq(a[0].percentage, 7);
	ck_assert_uint_eq(a[0].nscopes, 2);
	ck_assert_uint_eq(a[0].scopes[0], 0x0a000100u); /* as configured; the pager sorts */
	dfo_rel_array_free(a, read);
	fixture_free(b);
}
END_TEST

static Suite *suite_contract(void)
{
	Suite *s = suite_create("contract");
	TCase *tc = tcase_create("paging");

	tcase_add_test(tc, page_one);
	tcase_add_test(tc, page_n);
	tcase_add_test(tc, page_more);
	tcase_add_test(tc, page_seven);
	tcase_add_test(tc, empty);
	tcase_add_test(tc, page_cap_limits_read);
	tcase_add_test(tc, handle_past_end);
	tcase_add_test(tc, zero_max_is_invalid);
	tcase_add_test(tc, record_fields);
	suite_add_tcase(s, tc);
	return s;
}
DFO_SUITE(suite_contract)
