/* check_kea.c: Kea status-get / config-get mapping on hand-written and
 * hostile replies. */
#include <stdlib.h>
#include <string.h>

#include "dfo_test.h"
#include "kea_json.h"

#define LB_STATUS \
	"[ { \"arguments\": { \"high-availability\": [ { \"ha-mode\": \"load-balancing\"," \
	" \"ha-servers\": { \"local\": { \"role\": \"primary\", \"scopes\": [ \"server1\" ]," \
	" \"state\": \"partner-down\" }, \"remote\": { \"age\": 7, \"analyzed-packets\": 0," \
	" \"communication-interrupted\": true, \"connecting-clients\": 0, \"in-touch\": false," \
	" \"last-scopes\": [ ], \"last-state\": \"unavailable\", \"role\": \"secondary\"," \
	" \"unacked-clients\": 3, \"unacked-clients-left\": 0 } } } ], \"pid\": 1 }, \"result\": 0 } ]"
#define CONFIG \
	"{ \"arguments\": { \"Dhcp4\": { \"hooks-libraries\": [ { \"library\": \"x\" }," \
	" { \"library\": \"ha\", \"parameters\": { \"high-availability\": [ {" \
	" \"this-server-name\": \"kea-b\", \"peers\": [" \
	" { \"name\": \"kea-b\", \"role\": \"secondary\", \"url\": \"http://192.0.2.2:8000/\" }," \
	" { \"name\": \"kea-a\", \"role\": \"primary\", \"url\": \"http://[2001:db8::1]:8000/\" } ] } ] } } ] } }," \
	" \"result\": 0 }"

static int map(const char *st, const char *cf, struct dfo_rel **r, uint32_t *n,
	       struct dfo_err *e)
{
	return dfo_kea_map(st, strlen(st), cf, cf ? strlen(cf) : 0, r, n, e);
}

START_TEST(status_and_config)
{
	struct dfo_rel *r;
	uint32_t n;
	struct dfo_err e = { 0, "" };

	ck_assert_int_eq(map(LB_STATUS, CONFIG, &r, &n, &e), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(r[0].name, "kea-a/kea-b");
	ck_assert_int_eq(r[0].mode, DFO_MODE_LOAD_BALANCE);
	ck_assert_int_eq(r[0].role, DFO_ROLE_PRIMARY);
	ck_assert_int_eq(r[0].state, DFO_ST_PARTNER_DOWN);
	ck_assert_str_eq(r[0].raw_state, "partner-down");
	ck_assert_int_eq(r[0].partner_state, DFO_ST_UNAVAILABLE);
	ck_assert_int_eq(r[0].partner_age, 7);
	ck_assert_int_eq(r[0].comm_interrupted, 1);
	ck_assert_int_eq(r[0].in_touch, 0);
	ck_assert_int_eq(r[0].unacked_clients, 3);
	ck_assert_int_eq(r[0].primary_addr.family, 2);
	ck_assert_int_eq(r[0].secondary_addr.family, 1);
	ck_assert_str_eq(r[0].primary_name, "kea-a");
	dfo_rel_array_free(r, n);
}
END_TEST

START_TEST(without_config_names_from_roles)
{
	struct dfo_rel *r;
	uint32_t n;
	struct dfo_err e = { 0, "" };

	ck_assert_int_eq(map(LB_STATUS, "garbage", &r, &n, &e), 0);
	ck_assert_str_eq(r[0].name, "primary/secondary");
	dfo_rel_array_free(r, n);
}
END_TEST

START_TEST(states)
{
	ck_assert_int_eq(dfo_kea_state("hot-standby"), DFO_ST_NORMAL);
	ck_assert_int_eq(dfo_kea_state("passive-backup"), DFO_ST_NORMAL);
	ck_assert_int_eq(dfo_kea_state("communication-recovery"), DFO_ST_COMM_RECOVERY);
	ck_assert_int_eq(dfo_kea_state("waiting"), DFO_ST_WAITING);
	ck_assert_int_eq(dfo_kea_state("terminated"), DFO_ST_TERMINATED);
	ck_assert_int_eq(dfo_kea_state("something-new"), DFO_ST_UNKNOWN);
}
END_TEST

START_TEST(no_ha_is_empty)
{
	struct dfo_rel *r;
	uint32_t n = 9;
	struct dfo_err e = { 0, "" };

	ck_assert_int_eq(map("{ \"result\": 0, \"arguments\": { \"pid\": 1 } }", NULL, &r, &n, &e), 0);
	ck_assert_uint_eq(n, 0);
	free(r);
}
END_TEST

static void expect_bad(const char *reply, unsigned code, const char *text)
{
	struct dfo_rel *r = (struct dfo_rel *)1;
	uint32_t n = 9;
	struct dfo_err e = { 0, "" };

	ck_assert_int_eq(dfo_kea_map(reply, strlen(reply), NULL, 0, &r, &n, &e), -1);
	ck_assert_ptr_null(r);
	ck_assert_uint_eq(n, 0);
	ck_assert_uint_eq(e.code, code);
	ck_assert_msg(strstr(e.text, text) != NULL, "'%s' lacks '%s'", e.text, text);
}

START_TEST(hostile_replies)
{
	expect_bad("<html>502 Bad Gateway</html>", ERROR_INVALID_DATA, "not JSON");
	expect_bad("[ { \"result\": 0, \"arguments\": { \"high-av", ERROR_INVALID_DATA, "truncated");
	expect_bad("{ \"result\": 0 } trailing", ERROR_INVALID_DATA, "not JSON");
	expect_bad("[ ]", ERROR_INVALID_DATA, "empty list");
	expect_bad("{ \"result\": \"0\" }", ERROR_INVALID_DATA, "integer 'result'");
	expect_bad("[ { \"result\": 2, \"text\": \"'status-get' command not supported.\" } ]",
		   ERROR_NOT_SUPPORTED, "not supported");
	expect_bad("{ \"result\": 0, \"arguments\": { \"high-availability\": [ 7 ] } }",
		   ERROR_INVALID_DATA, "'ha-mode'");
	expect_bad("{ \"result\": 0, \"arguments\": { \"high-availability\": [ { \"ha-mode\": \"hot-standby\","
		   " \"ha-servers\": { \"local\": { \"role\": \"primary\", \"state\": 4 } } } ] } }",
		   ERROR_INVALID_DATA, "ha-servers.local.state");
	expect_bad("{ \"result\": 0, \"arguments\": { \"high-availability\": [ { \"ha-mode\": \"hot-standby\","
		   " \"ha-servers\": { \"local\": { \"role\": \"primary\", \"state\": \"ready\" },"
		   " \"remote\": { \"age\": -50 } } } ] } }",
		   ERROR_INVALID_DATA, "remote.age");
}
END_TEST

START_TEST(huge_and_deep)
{
	size_t len = 2 * 1024 * 1024, pos;
	char *big = malloc(len + 64);

	/* 2 MB of relationships: more than the bound */
	pos = (size_t)sprintf(big, "{ \"result\": 0, \"arguments\": { \"high-availability\": [ ");
	while (pos + 8 < len) {
		memcpy(big + pos, "{ }, ", 5);
		pos += 5;
	}
	strcpy(big + pos, "{ } ] } }");
	expect_bad(big, ERROR_INVALID_DATA, "more than 1000");
	/* nesting deeper than the tokenizer allows */
	memset(big, '[', 100000);
	big[100000] = '\0';
	expect_bad(big, ERROR_INVALID_DATA, "not JSON");
	free(big);
}
END_TEST

static Suite *suite_kea(void)
{
	Suite *s = suite_create("kea");
	TCase *tc = tcase_create("json");

	tcase_add_test(tc, status_and_config);
	tcase_add_test(tc, without_config_names_from_roles);
	tcase_add_test(tc, states);
	tcase_add_test(tc, no_ha_is_empty);
	tcase_add_test(tc, hostile_replies);
	tcase_add_test(tc, huge_and_deep);
	suite_add_tcase(s, tc);
	return s;
}
DFO_SUITE(suite_kea)
