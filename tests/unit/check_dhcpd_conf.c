/* check_dhcpd_conf.c: the tolerant dhcpd.conf failover peer reader. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dfo_test.h"
#include "dhcpd_conf.h"

static const char *conf_text =
	"# a comment with failover peer \"commented\" { primary; }\n"
	"authoritative;\n"
	"key omapi_key { algorithm hmac-md5; secret \"c2VjcmV0\"; };\n"
	"failover peer \"fo-1\" {\n"
	"  primary; # role\n"
	"  address 10.0.0.1;\n"
	"  port 647;\n"
	"  peer address dhcp-b.example.com;\n"
	"  peer port 847;\n"
	"  max-response-delay 30;\n"
	"  max-unacked-updates 10;\n"
	"  mclt 1800;\n"
	"  split 128;\n"
	"  load balance max seconds 3;\n"
	"  auto-partner-down 3600;\n"
	"}\n"
	"failover peer bare-name { secondary; address 10.0.0.2; peer address 10.0.0.1;\n"
	"  hba ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:ff:00;\n"
	"  unknown-statement { nested; block; };\n"
	"}\n"
	"subnet 10.0.0.0 netmask 255.255.255.0 {\n"
	"  pool { failover peer \"fo-1\"; range 10.0.0.10 10.0.0.20; }\n"
	"  option domain-name \"failover peer \\\"fake\\\" { x }\";\n"
	"}\n"
	"failover peer \"fo-1\" state { my state normal at 1 2023/01/01 00:00:00; }\n";

START_TEST(parse_declarations)
{
	struct dhcpd_conf c;
	const struct dhcpd_peer *p;
	char err[256];

	ck_assert_int_eq(dhcpd_conf_parse_text(conf_text, strlen(conf_text), "t.conf",
					       &c, err, sizeof(err)), 0);
	ck_assert_uint_eq(c.n, 2);
	p = dhcpd_conf_find(&c, "fo-1");
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(p->role, DHCPD_ROLE_PRIMARY);
	ck_assert_str_eq(p->address, "10.0.0.1");
	ck_assert_int_eq(p->port, 647);
	ck_assert_str_eq(p->peer_address, "dhcp-b.example.com");
	ck_assert_int_eq(p->peer_port, 847);
	ck_assert_int_eq(p->mclt, 1800);
	ck_assert_int_eq(p->split, 128);
	ck_assert_int_eq(p->max_response_delay, 30);
	ck_assert_int_eq(p->max_unacked_updates, 10);
	ck_assert_int_eq(p->auto_partner_down, 3600);
	ck_assert_int_eq(p->line, 4);
	ck_assert_str_eq(p->file, "t.conf");
	ck_assert_int_eq(dhcpd_peer_percentage(p), 50);
	p = dhcpd_conf_find(&c, "bare-name");
	ck_assert_ptr_nonnull(p);
	ck_assert_int_eq(p->role, DHCPD_ROLE_SECONDARY);
	ck_assert_int_eq(p->port, -1);
	ck_assert_int_eq(p->hba_bits, 248);
	ck_assert_int_eq(dhcpd_peer_percentage(p), 97);
	ck_assert_ptr_null(dhcpd_conf_find(&c, "commented"));
	ck_assert_ptr_null(dhcpd_conf_find(&c, "fake"));
	dhcpd_conf_free(&c);
}
END_TEST

START_TEST(percentages)
{
	struct dhcpd_peer p;

	memset(&p, 0, sizeof(p));
	p.hba_bits = -1;
	p.split = -1;
	ck_assert_int_eq(dhcpd_peer_percentage(&p), -1);
	p.split = 256;
	ck_assert_int_eq(dhcpd_peer_percentage(&p), 100);
	p.split = 0;
	ck_assert_int_eq(dhcpd_peer_percentage(&p), 0);
	p.split = 64;
	ck_assert_int_eq(dhcpd_peer_percentage(&p), 25);
	p.hba_bits = 128; /* hba wins over split */
	ck_assert_int_eq(dhcpd_peer_percentage(&p), 50);
}
END_TEST

static const struct { const char *text, *msg; } bad[] = {
	{ "failover peer \"x\" { primary;\n address 1.2.3.4;\n", "t.conf:1: failover peer block not closed" },
	{ "option x \"unterminated;\n", "t.conf:1: unterminated string" },
	{ "\n\ninclude nofile;\n", "t.conf:3: include needs a quoted file name" },
	{ "\ninclude \"/nonexistent/dhcpd.inc\";\n", "t.conf:2: include '/nonexistent/dhcpd.inc'" },
	{ "subnet 1.0.0.0 netmask 255.0.0.0 {\n failover peer \"x\" { primary; }\n", "unbalanced" },
};

START_TEST(errors_have_file_and_line)
{
	struct dhcpd_conf c;
	char err[256];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int rc = dhcpd_conf_parse_text(bad[i].text, strlen(bad[i].text),
					       "t.conf", &c, err, sizeof(err));

		if (i == 4) {
			/* An unclosed subnet is tolerated: the peer inside
			 * it was complete. */
			ck_assert_int_eq(rc, 0);
			ck_assert_uint_eq(c.n, 1);
			dhcpd_conf_free(&c);
			continue;
		}
		ck_assert_msg(rc == -1, "case %zu parsed", i);
		ck_assert_msg(strstr(err, bad[i].msg) != NULL, "case %zu: %s", i, err);
		ck_assert_ptr_null(c.peers);
	}
	/* Empty and comment-only files: no peers, no error. */
	ck_assert_int_eq(dhcpd_conf_parse_text("", 0, "e", &c, err, sizeof(err)), 0);
	ck_assert_uint_eq(c.n, 0);
	ck_assert_int_eq(dhcpd_conf_parse_text("# x", 3, "e", &c, err, sizeof(err)), 0);
	ck_assert_uint_eq(c.n, 0);
}
END_TEST

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

START_TEST(includes_relative_and_loops)
{
	char dir[] = "/tmp/check_dhcpd_conf.XXXXXX", a[300], b[300], l[300], txt[400];
	struct dhcpd_conf c;
	char err[512];

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(a, sizeof(a), "%s/dhcpd.conf", dir);
	snprintf(b, sizeof(b), "%s/peers.conf", dir);
	snprintf(l, sizeof(l), "%s/loop.conf", dir);
	/* relative to the including file's directory */
	write_file(a, "include \"peers.conf\";\nfailover peer \"main\" { primary; }\n");
	write_file(b, "failover peer \"included\" { secondary; port 999; }\n");
	ck_assert_int_eq(dhcpd_conf_parse_file(a, &c, err, sizeof(err)), 0);
	ck_assert_uint_eq(c.n, 2);
	ck_assert_str_eq(c.peers[0].name, "included");
	ck_assert_str_eq(c.peers[0].file, b);
	ck_assert_int_eq(c.peers[0].port, 999);
	ck_assert_str_eq(c.peers[1].name, "main");
	dhcpd_conf_free(&c);
	/* a file including itself: stopped by the depth limit */
	snprintf(txt, sizeof(txt), "include \"%s\";\n", l);
	write_file(l, txt);
	ck_assert_int_eq(dhcpd_conf_parse_file(l, &c, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "nested deeper than"));
	/* missing top file */
	ck_assert_int_eq(dhcpd_conf_parse_file("/nonexistent.conf", &c, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "/nonexistent.conf: No such file"));
	unlink(a);
	unlink(b);
	unlink(l);
	rmdir(dir);
}
END_TEST

START_TEST(fixture_parses)
{
	/* The integration test's template: the include line points at
	 * @DIR@, which does not exist, so parse the peers file itself. */
	struct dhcpd_conf c;
	char err[512];

	if (access("tests/integration/dhcpd/peers-a.conf.in", R_OK) != 0)
		return;
	ck_assert_int_eq(dhcpd_conf_parse_file("tests/integration/dhcpd/peers-a.conf.in",
					       &c, err, sizeof(err)), 0);
	ck_assert_uint_eq(c.n, 2);
	ck_assert_str_eq(c.peers[0].name, "fo1");
	ck_assert_str_eq(c.peers[1].name, "fo2");
	ck_assert_int_eq(c.peers[0].split, 128);
	dhcpd_conf_free(&c);
}
END_TEST

START_TEST(long_and_odd_names)
{
	char text[600], name[200];
	struct dhcpd_conf c;
	char err[256];

	memset(name, 'n', 127);
	name[127] = '\0';
	snprintf(text, sizeof(text), "failover peer \"%s\" { primary; }", name);
	ck_assert_int_eq(dhcpd_conf_parse_text(text, strlen(text), "t", &c, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "126"));
	snprintf(text, sizeof(text), "failover peer \"a b;{c}\" { primary; }\nfailover peer \"a b;{c}\" { secondary; }");
	ck_assert_int_eq(dhcpd_conf_parse_text(text, strlen(text), "t", &c, err, sizeof(err)), 0);
	ck_assert_uint_eq(c.n, 1); /* duplicates: the first wins */
	ck_assert_str_eq(c.peers[0].name, "a b;{c}");
	ck_assert_int_eq(c.peers[0].role, DHCPD_ROLE_PRIMARY);
	dhcpd_conf_free(&c);
	/* NUL bytes and binary junk do not crash */
	ck_assert_int_eq(dhcpd_conf_parse_text("failover\0peer x {", 17, "t", &c, err, sizeof(err)), -1);
	/* value missing: the next statement is not swallowed */
	snprintf(text, sizeof(text), "failover peer p { address; port; primary; mclt x; }");
	ck_assert_int_eq(dhcpd_conf_parse_text(text, strlen(text), "t", &c, err, sizeof(err)), 0);
	ck_assert_int_eq(c.peers[0].role, DHCPD_ROLE_PRIMARY);
	ck_assert_int_eq(c.peers[0].mclt, -1);
	dhcpd_conf_free(&c);
}
END_TEST

static Suite *suite_dhcpd_conf(void)
{
	Suite *s = suite_create("dhcpd_conf");
	TCase *c = tcase_create("parse");

	tcase_add_test(c, parse_declarations);
	tcase_add_test(c, percentages);
	tcase_add_test(c, errors_have_file_and_line);
	tcase_add_test(c, includes_relative_and_loops);
	tcase_add_test(c, fixture_parses);
	tcase_add_test(c, long_and_odd_names);
	suite_add_tcase(s, c);
	return s;
}
DFO_SUITE(suite_dhcpd_conf)
