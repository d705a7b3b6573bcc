/* check_config.c: dhcpfo.conf loading and its file:line errors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "dfo_test.h"

static char path[64];

static int load(const char *text, struct dfo_config **c, struct dfo_err *e)
{
	FILE *f;
	int fd;

	strcpy(path, "/tmp/dfo-conf-XXXXXX");
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	f = fdopen(fd, "w");
	fputs(text, f);
	fclose(f);
	return dfo_config_load(path, c, e);
}

static void expect_error(const char *text, const char *line, const char *msg)
{
	struct dfo_config *c = NULL;
	struct dfo_err e = { 0, "" };
	char where[96];

	ck_assert_int_eq(load(text, &c, &e), -1);
	ck_assert_ptr_null(c);
	snprintf(where, sizeof(where), "%s:%s:", path, line);
	ck_assert_msg(strncmp(e.text, where, strlen(where)) == 0,
		      "'%s' does not start with '%s'", e.text, where);
	ck_assert_msg(strstr(e.text, msg) != NULL, "'%s' lacks '%s'", e.text, msg);
	unlink(path);
}

START_TEST(good_config)
{
	struct dfo_config *c = NULL;
	struct dfo_err e = { 0, "" };

	ck_assert_int_eq(load("defaults = { poll-interval = 7; page-size = 3; };\n"
			      "servers = ( { name = \"a\"; type = \"sim\"; },\n"
			      "  { name = \"b\"; page-size = 9; sim = { relationships = ("
			      " { name = \"x\"; } ); }; } );\n", &c, &e), 0);
	ck_assert_int_eq(c->nservers, 2);
	ck_assert_int_eq(c->servers[0].poll_interval, 7);
	ck_assert_int_eq(c->servers[0].page_size, 3);
	ck_assert_int_eq(c->servers[1].page_size, 9);
	ck_assert_int_eq(c->servers[1].fresh_for, -1);
	ck_assert_str_eq(c->state_dir, "/var/lib/dhcpfo");
	dfo_config_free(c);
	unlink(path);
}
END_TEST

START_TEST(syntax_error)
{
	expect_error("servers = (\n { name = \"a\";\n type = ; } );\n", "3", "syntax error");
}
END_TEST

START_TEST(name_too_long)
{
	char buf[512], name[128];

	memset(name, 'n', 127);
	name[127] = '\0';
	snprintf(buf, sizeof(buf), "servers = ( { name = \"a\";\n sim = {\n"
		 " relationships = (\n { name = \"%s\"; } ); }; } );\n", name);
	expect_error(buf, "4", "longer than 126");
}
END_TEST

START_TEST(duplicate_relationship)
{
	expect_error("servers = ( { name = \"a\"; sim = { relationships = (\n"
		     "{ name = \"x\"; },\n{ name = \"x\"; } ); }; } );\n", "3",
		     "duplicate relationship name 'x'");
}
END_TEST

START_TEST(bad_address)
{
	expect_error("servers = ( { name = \"a\"; sim = { relationships = (\n"
		     "{ name = \"x\";\n primary = \"300.1.1.1\"; } ); }; } );\n", "3",
		     "not an IPv4 or IPv6 address");
}
END_TEST

START_TEST(unknown_backend)
{
	expect_error("servers = (\n { name = \"a\";\n type = \"nope\"; } );\n", "3",
		     "unknown backend type 'nope'");
}
END_TEST

START_TEST(duplicate_server)
{
	expect_error("servers = ( { name = \"a\"; },\n { name = \"a\"; } );\n", "2",
		     "duplicate server name 'a'");
}
END_TEST

START_TEST(bad_state_and_range)
{
	expect_error("servers = ( { name = \"a\"; sim = { relationships = (\n"
		     "{ name = \"x\";\n state = \"sleepy\"; } ); }; } );\n", "3",
		     "unknown state 'sleepy'");
	expect_error("defaults = {\n page-size = 0; };\n", "2", "out of range");
}
END_TEST

static Suite *suite_config(void)
{
	Suite *s = suite_create("config");
	TCase *tc = tcase_create("load");

	tcase_add_test(tc, good_config);
	tcase_add_test(tc, syntax_error);
	tcase_add_test(tc, name_too_long);
	tcase_add_test(tc, duplicate_relationship);
	tcase_add_test(tc, bad_address);
	tcase_add_test(tc, unknown_backend);
	tcase_add_test(tc, duplicate_server);
	tcase_add_test(tc, bad_state_and_range);
	suite_add_tcase(s, tc);
	return s;
}
DFO_SUITE(suite_config)
