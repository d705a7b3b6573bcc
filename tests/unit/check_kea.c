/* check_kea.c: Kea status-get / config-get mapping on real (Kea 2.2),
 * hand-written and hostile replies; the paging contract over the mapped
 * array; the backend itself against a fake control socket. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "dfo_test.h"
#include "kea_json.h"

extern const struct dfo_backend_ops dfo_backend_kea;

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

/* Captured from Debian 12's Kea 2.2.0 (tests/integration/kea/pair.sh):
 * server1 through kea-ctrl-agent, server2 on its control socket. */
#define REAL_CA_LB \
	"[ { \"arguments\": { \"high-availability\": [ { \"ha-mode\": \"load-balancing\", \"ha-servers\":" \
	" { \"local\": { \"role\": \"primary\", \"scopes\": [ \"server1\" ], \"state\": \"load-balancing\" }," \
	" \"remote\": { \"age\": 0, \"analyzed-packets\": 0, \"communication-interrupted\": false," \
	" \"connecting-clients\": 0, \"in-touch\": true, \"last-scopes\": [  ], \"last-state\": \"ready\"," \
	" \"role\": \"secondary\", \"unacked-clients\": 0, \"unacked-clients-left\": 0 } } } ]," \
	" \"multi-threading-enabled\": false, \"pid\": 19163, \"reload\": 3, \"sockets\": { \"status\": \"ready\" }," \
	" \"uptime\": 3 }, \"result\": 0 } ]"
#define REAL_SOCK_LB \
	"{ \"arguments\": { \"high-availability\": [ { \"ha-mode\": \"load-balancing\", \"ha-servers\":" \
	" { \"local\": { \"role\": \"secondary\", \"scopes\": [ \"server2\" ], \"state\": \"load-balancing\" }," \
	" \"remote\": { \"age\": 0, \"analyzed-packets\": 0, \"communication-interrupted\": false," \
	" \"connecting-clients\": 0, \"in-touch\": true, \"last-scopes\": [ \"server1\" ]," \
	" \"last-state\": \"load-balancing\", \"role\": \"primary\", \"unacked-clients\": 0," \
	" \"unacked-clients-left\": 0 } } } ], \"multi-threading-enabled\": false, \"pid\": 19179," \
	" \"reload\": 3, \"sockets\": { \"status\": \"ready\" }, \"uptime\": 3 }, \"result\": 0 }"
#define REAL_PB_BACKUP \
	"{ \"arguments\": { \"high-availability\": [ { \"ha-mode\": \"passive-backup\", \"ha-servers\":" \
	" { \"local\": { \"role\": \"backup\", \"scopes\": [  ], \"state\": \"backup\" } } } ]," \
	" \"multi-threading-enabled\": false, \"pid\": 23575, \"reload\": 0, \"sockets\": { \"status\": \"ready\" }," \
	" \"uptime\": 0 }, \"result\": 0 }"
#define PB_CONFIG \
	"{ \"result\": 0, \"arguments\": { \"Dhcp4\": { \"hooks-libraries\": [ { \"library\": \"ha\"," \
	" \"parameters\": { \"high-availability\": [ { \"mode\": \"passive-backup\", \"peers\": [" \
	" { \"name\": \"server1\", \"role\": \"primary\", \"url\": \"http://192.0.2.1:8000/\" }," \
	" { \"name\": \"server2\", \"role\": \"backup\", \"url\": \"http://192.0.2.2:8000/\" }," \
	" { \"name\": \"server3\", \"role\": \"backup\", \"url\": \"http://192.0.2.3:8000/\" } ] } ] } } ] } } }"

START_TEST(real_kea22_replies)
{
	struct dfo_rel *r;
	uint32_t n;
	struct dfo_err e = { 0, "" };

	ck_assert_int_eq(map(REAL_CA_LB, NULL, &r, &n, &e), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(r[0].name, "primary/secondary");
	ck_assert_int_eq(r[0].state, DFO_ST_NORMAL);
	ck_assert_str_eq(r[0].raw_state, "load-balancing");
	ck_assert_int_eq(r[0].partner_state, DFO_ST_READY);
	ck_assert_int_eq(r[0].in_touch, 1);
	ck_assert_int_eq(r[0].comm_interrupted, 0);
	ck_assert_int_eq(r[0].prev_state, DFO_ST_NONE);
	ck_assert_uint_eq(r[0].nscopes, 0);
	dfo_rel_array_free(r, n);
	/* the other side names the same relationship the same way */
	ck_assert_int_eq(map(REAL_SOCK_LB, NULL, &r, &n, &e), 0);
	ck_assert_str_eq(r[0].name, "primary/secondary");
	ck_assert_int_eq(r[0].role, DFO_ROLE_SECONDARY);
	ck_assert_int_eq(r[0].partner_state, DFO_ST_NORMAL);
	dfo_rel_array_free(r, n);
}
END_TEST

START_TEST(passive_backup)
{
	struct dfo_rel *r;
	uint32_t n;
	struct dfo_err e = { 0, "" };

	/* no remote map at all; peers are a primary and backups */
	ck_assert_int_eq(map(REAL_PB_BACKUP, PB_CONFIG, &r, &n, &e), 0);
	ck_assert_str_eq(r[0].name, "server1/server2");
	ck_assert_int_eq(r[0].mode, DFO_MODE_PASSIVE_BACKUP);
	ck_assert_int_eq(r[0].role, DFO_ROLE_BACKUP);
	ck_assert_int_eq(r[0].state, DFO_ST_BACKUP);
	ck_assert_int_eq(r[0].partner_state, DFO_ST_NONE);
	ck_assert_int_eq(r[0].partner_age, -1);
	ck_assert_int_eq(r[0].in_touch, -1);
	ck_assert_str_eq(r[0].secondary_name, "server2");
	dfo_rel_array_free(r, n);
	ck_assert_int_eq(map(REAL_PB_BACKUP, NULL, &r, &n, &e), 0);
	ck_assert_str_eq(r[0].name, "partner/backup");
	dfo_rel_array_free(r, n);
}
END_TEST

/* Kea >= 2.4 names both servers in status-get */
START_TEST(server_names_in_status)
{
	const char *st = "{ \"result\": 0, \"arguments\": { \"high-availability\": [ {"
		" \"ha-mode\": \"hot-standby\", \"ha-servers\": {"
		" \"local\": { \"role\": \"standby\", \"server-name\": \"kea-b\", \"state\": \"hot-standby\" },"
		" \"remote\": { \"role\": \"primary\", \"server-name\": \"kea-a\", \"last-state\": \"hot-standby\" } } } ] } }";
	struct dfo_rel *r;
	uint32_t n;
	struct dfo_err e = { 0, "" };

	ck_assert_int_eq(map(st, NULL, &r, &n, &e), 0);
	ck_assert_str_eq(r[0].name, "kea-a/kea-b");
	ck_assert_str_eq(r[0].primary_name, "kea-a");
	ck_assert_int_eq(r[0].role, DFO_ROLE_STANDBY);
	ck_assert_int_eq(r[0].primary_addr.family, 0);
	dfo_rel_array_free(r, n);
}
END_TEST

/* N relationships (hub and spoke), names from config-get, index by index */
static char *many(unsigned count, int config)
{
	size_t cap = 512 + count * 400, pos;
	char *b = malloc(cap);

	pos = (size_t)snprintf(b, cap, config ?
		"{ \"result\": 0, \"arguments\": { \"Dhcp4\": { \"hooks-libraries\": [ {"
		" \"library\": \"ha\", \"parameters\": { \"high-availability\": [ " :
		"[ { \"result\": 0, \"arguments\": { \"high-availability\": [ ");
	for (unsigned i = 0; i < count; i++) {
		const char *sep = i ? ", " : "";
		if (config)
			pos += (size_t)snprintf(b + pos, cap - pos,
				"%s{ \"peers\": [ { \"name\": \"hub\", \"role\": \"primary\" },"
				" { \"name\": \"spoke%u\", \"role\": \"standby\" } ] }", sep, i);
		else
			pos += (size_t)snprintf(b + pos, cap - pos,
				"%s{ \"ha-mode\": \"hot-standby\", \"ha-servers\": { \"local\": {"
				" \"role\": \"primary\", \"state\": \"%s\" }, \"remote\": { \"role\": \"standby\","
				" \"age\": %u } } }", sep, i % 2 ? "partner-down" : "hot-standby", i);
	}
	snprintf(b + pos, cap - pos, config ? " ] } } ] } } }" : " ] } } ]");
	return b;
}

START_TEST(many_relationships)
{
	char *st = many(5, 0), *cf = many(5, 1);
	struct dfo_rel *r;
	uint32_t n;
	struct dfo_err e = { 0, "" };

	ck_assert_int_eq(map(st, cf, &r, &n, &e), 0);
	ck_assert_uint_eq(n, 5);
	ck_assert_str_eq(r[0].name, "hub/spoke0");
	ck_assert_str_eq(r[4].name, "hub/spoke4");
	ck_assert_int_eq(r[3].state, DFO_ST_PARTNER_DOWN);
	ck_assert_int_eq(r[3].partner_age, 3);
	dfo_rel_array_free(r, n);
	free(st);
	free(cf);
	/* 1000 is the bound, 1001 is refused */
	st = many(1000, 0);
	ck_assert_int_eq(map(st, NULL, &r, &n, &e), 0);
	ck_assert_uint_eq(n, 1000);
	dfo_rel_array_free(r, n);
	free(st);
	st = many(1001, 0);
	expect_bad(st, ERROR_INVALID_DATA, "more than 1000");
	free(st);
}
END_TEST

/* The contract over the mapped array: P=1, P=N, P>N, past the end, P=0. */
START_TEST(paging_contract)
{
	char *st = many(5, 0);
	struct dfo_rel *all, *a;
	uint32_t n, h, rd, tot;
	struct dfo_err e = { 0, "" };

	ck_assert_int_eq(map(st, NULL, &all, &n, &e), 0);
	free(st);
	h = 0;
	for (uint32_t i = 0; i < 5; i++) {
		unsigned rc = dfo_page_from_array(all, n, &h, 1, &a, &rd, &tot, &e);
		ck_assert_uint_eq(rc, i < 4 ? ERROR_MORE_DATA : ERROR_SUCCESS);
		ck_assert_uint_eq(rd, 1);
		ck_assert_uint_eq(tot, 4 - i);
		ck_assert_int_eq(a[0].partner_age, (int)i);
		dfo_rel_array_free(a, rd);
	}
	ck_assert_uint_eq(dfo_page_from_array(all, n, &h, 1, &a, &rd, &tot, &e), ERROR_NO_MORE_ITEMS);
	ck_assert_ptr_null(a);
	ck_assert_uint_eq(rd, 0);
	for (uint32_t p = 5; p <= 6; p++) {
		h = 0;
		ck_assert_uint_eq(dfo_page_from_array(all, n, &h, p == 6 ? 0xffffffffu : p,
						      &a, &rd, &tot, &e), ERROR_SUCCESS);
		ck_assert_uint_eq(rd, 5);
		ck_assert_uint_eq(tot, 0);
		ck_assert_uint_eq(h, 5);
		dfo_rel_array_free(a, rd);
	}
	h = 99;
	ck_assert_uint_eq(dfo_page_from_array(all, n, &h, 2, &a, &rd, &tot, &e), ERROR_NO_MORE_ITEMS);
	ck_assert_ptr_null(a);
	h = 0;
	ck_assert_uint_eq(dfo_page_from_array(all, n, &h, 0, &a, &rd, &tot, &e), ERROR_INVALID_PARAMETER);
	dfo_rel_array_free(all, n);
}
END_TEST

#define HA_ONE(fields) \
	"{ \"result\": 0, \"arguments\": { \"high-availability\": [ { \"ha-mode\": \"hot-standby\"," \
	" \"ha-servers\": { \"local\": { \"role\": \"primary\", \"state\": \"hot-standby\" }" fields " } } ] } }"

START_TEST(wrong_types_and_missing)
{
	expect_bad("{ \"result\": 0 }", ERROR_INVALID_DATA, "no 'arguments'");
	expect_bad("[ { \"result\": 0, \"arguments\": [ ] } ]", ERROR_INVALID_DATA, "no 'arguments'");
	expect_bad("{ \"result\": 0, \"arguments\": { \"pid\": 1 } }", ERROR_NOT_SUPPORTED,
		   "libdhcp_ha.so");
	expect_bad("{ \"result\": 0, \"arguments\": { \"high-availability\": { } } }",
		   ERROR_INVALID_DATA, "not a list");
	expect_bad("{ \"result\": 0, \"arguments\": { \"high-availability\": [ { \"ha-mode\": \"hot-standby\" } ] } }",
		   ERROR_INVALID_DATA, "'ha-servers'");
	expect_bad(HA_ONE(", \"remote\": 5"), ERROR_INVALID_DATA, "'ha-servers.remote'");
	expect_bad(HA_ONE(", \"remote\": { \"age\": \"7\" }"), ERROR_INVALID_DATA, "remote.age");
	expect_bad(HA_ONE(", \"remote\": { \"age\": 1099511627776 }"), ERROR_INVALID_DATA, "remote.age");
	expect_bad(HA_ONE(", \"remote\": { \"age\": 1.5 }"), ERROR_INVALID_DATA, "remote.age");
	expect_bad(HA_ONE(", \"remote\": { \"in-touch\": 1 }"), ERROR_INVALID_DATA, "remote.in-touch");
	expect_bad(HA_ONE(", \"remote\": { \"last-state\": null }"), ERROR_INVALID_DATA, "remote.last-state");
	expect_bad(HA_ONE(", \"remote\": { \"unacked-clients\": -3 }"), ERROR_INVALID_DATA, "unacked-clients");
	expect_bad(HA_ONE(", \"remote\": { \"communication-interrupted\": \"no\" }"), ERROR_INVALID_DATA,
		   "communication-interrupted");
}
END_TEST

START_TEST(result_codes)
{
	expect_bad("[ { \"result\": 1, \"text\": \"unable to forward command to the dhcp4 service: No such file"
		   " or directory. The server is likely to be offline\" } ]", RPC_S_SERVER_UNAVAILABLE, "offline");
	expect_bad("[ { \"result\": 1, \"text\": \"bad\\ncommand\" } ]", ERROR_INVALID_DATA, "bad?command");
	expect_bad("[ { \"result\": 3 } ]", ERROR_INVALID_DATA, "result 3");
	expect_bad("[ { \"result\": 2, \"text\": 7 } ]", ERROR_NOT_SUPPORTED, "no text");
}
END_TEST

START_TEST(long_strings_are_bounded)
{
	char *st = malloc(40000), *cf = malloc(40000), big[5000];
	struct dfo_rel *r;
	uint32_t n;
	struct dfo_err e = { 0, "" };

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	snprintf(st, 40000, "{ \"result\": 0, \"arguments\": { \"high-availability\": [ { \"ha-mode\": \"%s\","
		 " \"ha-servers\": { \"local\": { \"role\": \"%s\", \"state\": \"%s\" },"
		 " \"remote\": { \"last-state\": \"%s\" } } } ] } }", big, big, big, big);
	snprintf(cf, 40000, "{ \"result\": 0, \"arguments\": { \"Dhcp4\": { \"hooks-libraries\": [ {"
		 " \"parameters\": { \"high-availability\": [ { \"peers\": [ { \"name\": \"%s\", \"role\": \"primary\","
		 " \"url\": \"http://%s/\" }, { \"name\": \"b\", \"role\": \"secondary\" } ] } ] } } ] } } }", big, big);
	ck_assert_int_eq(map(st, cf, &r, &n, &e), 0);
	ck_assert_int_eq(r[0].mode, DFO_MODE_OTHER);
	ck_assert_int_eq(r[0].role, DFO_ROLE_OTHER);
	ck_assert_int_eq(r[0].state, DFO_ST_UNKNOWN);
	ck_assert_uint_eq(strlen(r[0].raw_state), DFO_RAW_STATE_MAX);
	ck_assert_uint_eq(strlen(r[0].partner_raw_state), DFO_RAW_STATE_MAX);
	ck_assert_uint_le(strlen(r[0].name), DFO_NAME_MAX);
	ck_assert_uint_eq(strlen(r[0].primary_name), DFO_HOSTNAME_MAX);
	dfo_rel_array_free(r, n);
	free(st);
	free(cf);
}
END_TEST

/* --- the backend against a fake kea-dhcp4 control socket --- */

enum fake_mode { FAKE_CLOSE, FAKE_NOCLOSE, FAKE_HANG };

struct fake {
	char path[108];
	int lfd, conns, served;
	enum fake_mode mode;
	char *status;
	pthread_t th;
};

static void fake_reply(struct fake *f, int fd)
{
	char req[256];
	size_t got = 0;
	ssize_t r;

	while (got < sizeof(req) - 1 && (r = read(fd, req + got, sizeof(req) - 1 - got)) > 0) {
		got += (size_t)r;
		req[got] = '\0';
		if (strchr(req, '}'))
			break;
	}
	req[got] = '\0';
	/* counted before the answer goes out: a client that has read it
	 * must see the count */
	__atomic_add_fetch(&f->served, 1, __ATOMIC_SEQ_CST);
	if (f->mode != FAKE_HANG) {
		const char *a = strstr(req, "config-get") ? "{ \"result\": 1, \"text\": \"no\" }" : f->status;
		ck_assert_int_eq(write(fd, a, strlen(a)), (ssize_t)strlen(a));
	}
	if (f->mode != FAKE_CLOSE)
		while (read(fd, req, sizeof(req)) > 0)
			; /* until the client hangs up */
}

static void *fake_main(void *arg)
{
	struct fake *f = arg;

	for (int i = 0; i < f->conns; i++) {
		int fd = accept(f->lfd, NULL, NULL);
		if (fd < 0)
			break;
		fake_reply(f, fd);
		close(fd);
	}
	return NULL;
}

static void fake_start(struct fake *f, enum fake_mode mode, int conns, char *status)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };

	memset(f, 0, sizeof(*f));
	snprintf(f->path, sizeof(f->path), "/tmp/check_kea.%d.sock", (int)getpid());
	unlink(f->path);
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", f->path);
	f->lfd = socket(AF_UNIX, SOCK_STREAM, 0);
	ck_assert_int_eq(bind(f->lfd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	ck_assert_int_eq(listen(f->lfd, 8), 0);
	f->mode = mode;
	f->conns = conns;
	f->status = status;
	pthread_create(&f->th, NULL, fake_main, f);
}

static void fake_stop(struct fake *f)
{
	pthread_join(f->th, NULL);
	close(f->lfd);
	unlink(f->path);
	free(f->status);
}

static int kea_conf(config_t *cfg, const char *kea, void **conf, struct dfo_err *e)
{
	char text[512];

	snprintf(text, sizeof(text),
		 "server = { name = \"k\"; type = \"kea\"; timeout = 1; kea = { %s }; };", kea);
	config_init(cfg);
	ck_assert_int_eq(config_read_string(cfg, text), CONFIG_TRUE);
	return dfo_backend_kea.parse(config_lookup(cfg, "server"), conf, e);
}

static void backend_on(struct dfo_backend *b, config_t *cfg, const char *path)
{
	char kea[200];
	struct dfo_err e = { 0, "" };

	snprintf(kea, sizeof(kea), "socket = \"%s\";", path);
	memset(b, 0, sizeof(*b));
	b->ops = &dfo_backend_kea;
	ck_assert_int_eq(kea_conf(cfg, kea, &b->conf, &e), 0);
}

static void backend_off(struct dfo_backend *b, config_t *cfg)
{
	dfo_backend_close(b);
	b->ops->free_conf(b->conf);
	config_destroy(cfg);
}

/* Handle 0 asks Kea (status-get + config-get); later pages come from the
 * session's copy, so a pass is one consistent reply. */
START_TEST(backend_pages_one_reply)
{
	struct fake f;
	struct dfo_backend b;
	config_t cfg;
	struct dfo_rel *a;
	struct dfo_err e = { 0, "" };
	uint32_t h = 0, rd, tot;

	fake_start(&f, FAKE_CLOSE, 4, many(3, 0));
	backend_on(&b, &cfg, f.path);
	ck_assert_uint_eq(dfo_enum_relationships(&b, &h, 2, &a, &rd, &tot, &e), ERROR_MORE_DATA);
	ck_assert_uint_eq(rd, 2);
	ck_assert_uint_eq(tot, 1);
	ck_assert_str_eq(a[0].name, "primary/standby");
	dfo_rel_array_free(a, rd);
	ck_assert_int_eq(__atomic_load_n(&f.served, __ATOMIC_SEQ_CST), 2);
	ck_assert_uint_eq(dfo_enum_relationships(&b, &h, 2, &a, &rd, &tot, &e), ERROR_SUCCESS);
	ck_assert_uint_eq(rd, 1);
	ck_assert_int_eq(a[0].partner_age, 2);
	dfo_rel_array_free(a, rd);
	ck_assert_uint_eq(dfo_enum_relationships(&b, &h, 2, &a, &rd, &tot, &e), ERROR_NO_MORE_ITEMS);
	ck_assert_ptr_null(a);
	ck_assert_uint_eq(dfo_enum_relationships(&b, &h, 0, &a, &rd, &tot, &e), ERROR_INVALID_PARAMETER);
	ck_assert_int_eq(__atomic_load_n(&f.served, __ATOMIC_SEQ_CST), 2);
	h = 0; /* a new pass asks again */
	ck_assert_uint_eq(dfo_enum_relationships(&b, &h, 10, &a, &rd, &tot, &e), ERROR_SUCCESS);
	ck_assert_uint_eq(rd, 3);
	dfo_rel_array_free(a, rd);
	backend_off(&b, &cfg);
	fake_stop(&f);
	ck_assert_int_eq(f.served, 4);
}
END_TEST

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* A complete answer ends the read even if the peer keeps the line open;
 * no answer at all ends it at the timeout (1 s). */
START_TEST(backend_socket_timing)
{
	struct fake f;
	struct dfo_backend b;
	config_t cfg;
	struct dfo_rel *a;
	struct dfo_err e = { 0, "" };
	uint32_t h = 0, rd, tot;
	double t0 = now_s();

	fake_start(&f, FAKE_NOCLOSE, 2, many(1, 0));
	backend_on(&b, &cfg, f.path);
	ck_assert_uint_eq(dfo_enum_relationships(&b, &h, 10, &a, &rd, &tot, &e), ERROR_SUCCESS);
	ck_assert_double_lt(now_s() - t0, 0.5);
	dfo_rel_array_free(a, rd);
	backend_off(&b, &cfg);
	fake_stop(&f);

	fake_start(&f, FAKE_HANG, 1, NULL);
	backend_on(&b, &cfg, f.path);
	t0 = now_s();
	h = 0;
	ck_assert_uint_eq(dfo_enum_relationships(&b, &h, 10, &a, &rd, &tot, &e), ERROR_TIMEOUT);
	ck_assert_double_lt(now_s() - t0, 1.5);
	ck_assert_ptr_nonnull(strstr(e.text, "within 1 s"));
	backend_off(&b, &cfg);
	fake_stop(&f);
}
END_TEST

START_TEST(backend_unreachable)
{
	struct dfo_backend b;
	config_t cfg;
	struct dfo_rel *a;
	struct dfo_err e = { 0, "" };
	uint32_t h = 0, rd, tot;

	backend_on(&b, &cfg, "/nonexistent/kea4-ctrl-socket");
	ck_assert_uint_eq(dfo_enum_relationships(&b, &h, 10, &a, &rd, &tot, &e), ERROR_CONNECTION_REFUSED);
	ck_assert_ptr_nonnull(strstr(e.text, "cannot connect to /nonexistent/kea4-ctrl-socket"));
	backend_off(&b, &cfg);
	/* nothing listens on port 1 */
	memset(&b, 0, sizeof(b));
	b.ops = &dfo_backend_kea;
	ck_assert_int_eq(kea_conf(&cfg, "url = \"http://127.0.0.1:1/\";", &b.conf, &e), 0);
	ck_assert_uint_eq(dfo_enum_relationships(&b, &h, 10, &a, &rd, &tot, &e), ERROR_CONNECTION_REFUSED);
	ck_assert_ptr_nonnull(strstr(e.text, "cannot connect to http://127.0.0.1:1/"));
	backend_off(&b, &cfg);
}
END_TEST

static void expect_conf_error(const char *kea, const char *text)
{
	config_t cfg;
	void *conf = NULL;
	struct dfo_err e = { 0, "" };

	ck_assert_int_eq(kea_conf(&cfg, kea, &conf, &e), -1);
	ck_assert_msg(strstr(e.text, text) != NULL, "'%s' lacks '%s'", e.text, text);
	ck_assert_ptr_null(strstr(e.text, "s3cret"));
	dfo_backend_kea.free_conf(conf);
	config_destroy(&cfg);
}

START_TEST(config_errors)
{
	expect_conf_error("", "exactly one of kea.url and kea.socket");
	expect_conf_error("url = \"http://a/\"; socket = \"/s\";", "exactly one");
	expect_conf_error("url = \"ftp://a/\";", "must start with http");
	expect_conf_error("url = \"http://admin:s3cret@a:8000/\";", "credentials-file");
	expect_conf_error("url = 5;", ":1");
}
END_TEST

static Suite *suite_kea(void)
{
	Suite *s = suite_create("kea");
	TCase *tc = tcase_create("json");

	tcase_add_test(tc, status_and_config);
	tcase_add_test(tc, without_config_names_from_roles);
	tcase_add_test(tc, states);
	tcase_add_test(tc, hostile_replies);
	tcase_add_test(tc, huge_and_deep);
	tcase_add_test(tc, real_kea22_replies);
	tcase_add_test(tc, passive_backup);
	tcase_add_test(tc, server_names_in_status);
	tcase_add_test(tc, many_relationships);
	tcase_add_test(tc, paging_contract);
	tcase_add_test(tc, wrong_types_and_missing);
	tcase_add_test(tc, result_codes);
	tcase_add_test(tc, long_strings_are_bounded);
	suite_add_tcase(s, tc);
	tc = tcase_create("backend");
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, backend_pages_one_reply);
	tcase_add_test(tc, backend_socket_timing);
	tcase_add_test(tc, backend_unreachable);
	tcase_add_test(tc, config_errors);
	suite_add_tcase(s, tc);
	return s;
}
DFO_SUITE(suite_kea)
