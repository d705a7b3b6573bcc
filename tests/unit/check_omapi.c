/* check_omapi.c: the OMAPI codec on hand-built byte strings (including
 * truncated and lying ones), HMAC-MD5 against RFC 2202 and against a
 * signature made by pypureomapi, and the client and the dhcpd backend
 * against a scripted fake server (silence, garbage, truncation, huge or
 * odd-sized values, unknown names). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "backend.h"
#include "dfo_test.h"
#include "dhcpd_conf.h"
#include "omapi.h"

static size_t unhex(const char *h, uint8_t *out, size_t cap)
{
	size_t n = 0;

	while (h[0] && h[1] && n < cap) {
		unsigned v;

		if (h[0] == ' ') {
			h++;
			continue;
		}
		sscanf(h, "%2x", &v);
		out[n++] = (uint8_t)v;
		h += 2;
	}
	return n;
}

/* OPEN failover-state name=fo1, id 0x01020304, signed by pypureomapi 0.8
 * with authid 7 and key base64 AAECAwQFBgcICQoLDA0ODw== (bytes 0..15). */
static const char *py_signed =
	"00000007" "00000010" "00000001" "00000000" "01020304" "00000000"
	"0004" "74797065" "0000000e" "6661696c6f7665722d7374617465" "0000"
	"0004" "6e616d65" "00000003" "666f31" "0000"
	"bd98ed89091c8000dc74da13b5e5f4c8";

START_TEST(startup_bytes)
{
	uint8_t b[8], exp[8] = { 0, 0, 0, 100, 0, 0, 0, 24 };
	uint32_t v, h;
	char err[128];

	omapi_encode_startup(b);
	ck_assert_mem_eq(b, exp, 8);
	ck_assert_int_eq(omapi_decode_startup(b, 7, &v, &h, err, sizeof(err)), OMAPI_DEC_MORE);
	ck_assert_int_eq(omapi_decode_startup(b, 8, &v, &h, err, sizeof(err)), OMAPI_DEC_OK);
	ck_assert_uint_eq(v, 100);
	ck_assert_uint_eq(h, 24);
	b[3] = 99;
	ck_assert_int_eq(omapi_decode_startup(b, 8, &v, &h, err, sizeof(err)), OMAPI_DEC_BAD);
	ck_assert_ptr_nonnull(strstr(err, "version 99"));
	b[3] = 100;
	b[7] = 8; /* header smaller than the 24 bytes of a header */
	ck_assert_int_eq(omapi_decode_startup(b, 8, &v, &h, err, sizeof(err)), OMAPI_DEC_BAD);
	b[7] = 0; b[5] = 1; /* 65536 */
	ck_assert_int_eq(omapi_decode_startup(b, 8, &v, &h, err, sizeof(err)), OMAPI_DEC_BAD);
}
END_TEST

START_TEST(encode_matches_pypureomapi)
{
	uint8_t exp[256], buf[256], key[16];
	size_t n = unhex(py_signed, exp, sizeof(exp)), m;
	struct omapi_msg msg;

	for (int i = 0; i < 16; i++)
		key[i] = (uint8_t)i;
	ck_assert_int_eq(omapi_b64_decode("AAECAwQFBgcICQoLDA0ODw==", buf, 16), 16);
	ck_assert_mem_eq(buf, key, 16);
	omapi_msg_init(&msg);
	msg.op = OMAPI_OP_OPEN;
	msg.id = 0x01020304;
	ck_assert_int_eq(omapi_list_add_str(&msg.msg, "type", "failover-state"), 0);
	ck_assert_int_eq(omapi_list_add_str(&msg.obj, "name", "fo1"), 0);
	ck_assert_int_eq(omapi_sign(&msg, 7, key, 16), 0);
	m = omapi_encode(&msg, 0, buf, sizeof(buf));
	ck_assert_uint_eq(m, n);
	ck_assert_mem_eq(buf, exp, n);
	/* Too small a buffer: 0, never an overflow. */
	ck_assert_uint_eq(omapi_encode(&msg, 0, buf, n - 1), 0);
	omapi_msg_free(&msg);
}
END_TEST

START_TEST(decode_and_verify)
{
	uint8_t b[256], key[16];
	size_t n = unhex(py_signed, b, sizeof(b)), used = 0;
	struct omapi_msg m;
	char err[128];

	for (int i = 0; i < 16; i++)
		key[i] = (uint8_t)i;
	ck_assert_int_eq(omapi_decode(b, n, 24, &m, &used, err, sizeof(err)), OMAPI_DEC_OK);
	ck_assert_uint_eq(used, n);
	ck_assert_uint_eq(m.authid, 7);
	ck_assert_uint_eq(m.authlen, 16);
	ck_assert_uint_eq(m.op, OMAPI_OP_OPEN);
	ck_assert_uint_eq(m.id, 0x01020304);
	ck_assert_uint_eq(m.msg.n, 1);
	ck_assert_str_eq((char *)omapi_list_get(&m.msg, "type")->value, "failover-state");
	ck_assert_str_eq((char *)omapi_list_get(&m.obj, "name")->value, "fo1");
	ck_assert_int_eq(omapi_verify(&m, key, 16), 1);
	key[0] ^= 1;
	ck_assert_int_eq(omapi_verify(&m, key, 16), 0);
	key[0] ^= 1;
	m.sig[15] ^= 0x80;
	ck_assert_int_eq(omapi_verify(&m, key, 16), 0);
	omapi_msg_free(&m);
	/* Trailing bytes belong to the next message. */
	ck_assert_int_eq(omapi_decode(b, n + 0, 24, &m, &used, err, sizeof(err)), OMAPI_DEC_OK);
	omapi_msg_free(&m);
}
END_TEST

START_TEST(truncated_is_more)
{
	uint8_t b[256];
	size_t n = unhex(py_signed, b, sizeof(b)), used;
	struct omapi_msg m;
	char err[128];

	for (size_t i = 0; i < n; i++)
		ck_assert_int_eq(omapi_decode(b, i, 24, &m, &used, err, sizeof(err)),
				 OMAPI_DEC_MORE);
}
END_TEST

START_TEST(hostile_lengths)
{
	uint8_t b[256];
	struct omapi_msg m;
	char err[128];
	size_t used, n;

	/* authlen 1000 */
	n = unhex("00000000 000003e8 00000003 00000001 00000000 00000000", b, sizeof(b));
	ck_assert_int_eq(omapi_decode(b, n, 24, &m, &used, err, sizeof(err)), OMAPI_DEC_BAD);
	ck_assert_ptr_nonnull(strstr(err, "signature length"));
	/* unknown op 99 */
	n = unhex("00000000 00000000 00000063 00000001 00000000 00000000 0000 0000", b, sizeof(b));
	ck_assert_int_eq(omapi_decode(b, n, 24, &m, &used, err, sizeof(err)), OMAPI_DEC_BAD);
	/* value length 0xffffffff: rejected at once, not waited for */
	n = unhex("00000000 00000000 00000003 00000001 00000000 00000000"
		  "0000 0004 6e616d65 ffffffff 41", b, sizeof(b));
	ck_assert_int_eq(omapi_decode(b, n, 24, &m, &used, err, sizeof(err)), OMAPI_DEC_BAD);
	ck_assert_ptr_nonnull(strstr(err, "value of 4294967295 bytes"));
	/* name length 0xffff */
	n = unhex("00000000 00000000 00000003 00000001 00000000 00000000 ffff 41", b, sizeof(b));
	ck_assert_int_eq(omapi_decode(b, n, 24, &m, &used, err, sizeof(err)), OMAPI_DEC_BAD);
	/* a bad header size from the caller */
	ck_assert_int_eq(omapi_decode(b, n, 4, &m, &used, err, sizeof(err)), OMAPI_DEC_BAD);
	/* zero-length value and extra header bytes (header size 28) */
	n = unhex("00000000 00000000 00000003 0000002a 00000000 00000005 deadbeef"
		  "0000 0004 6e616d65 00000000 0000", b, sizeof(b));
	ck_assert_int_eq(omapi_decode(b, n, 28, &m, &used, err, sizeof(err)), OMAPI_DEC_OK);
	ck_assert_uint_eq(m.handle, 42);
	ck_assert_uint_eq(m.rid, 5);
	ck_assert_uint_eq(omapi_list_get(&m.obj, "name")->vlen, 0);
	omapi_msg_free(&m);
}
END_TEST

START_TEST(too_many_pairs)
{
	size_t cap = 24 + 2 + (OMAPI_MAX_PAIRS + 1) * (2 + 1 + 4) + 2, o = 24;
	uint8_t *b = calloc(1, cap);
	struct omapi_msg m;
	char err[128];
	size_t used;

	b[11] = 3; /* UPDATE */
	b[o++] = 0; b[o++] = 0; /* empty message list */
	for (unsigned i = 0; i <= OMAPI_MAX_PAIRS; i++) {
		b[o++] = 0; b[o++] = 1; b[o++] = 'x';
		o += 4; /* zero-length value */
	}
	ck_assert_int_eq(omapi_decode(b, o, 24, &m, &used, err, sizeof(err)), OMAPI_DEC_BAD);
	ck_assert_ptr_nonnull(strstr(err, "more than"));
	free(b);
}
END_TEST

START_TEST(u32_values)
{
	struct omapi_list l = { NULL, 0, 0 };
	uint32_t v = 0;

	ck_assert_int_eq(omapi_list_add_u32(&l, "local-state", 254), 0);
	ck_assert_int_eq(omapi_list_add(&l, "partner-state", "\0\2", 2), 0);
	ck_assert_int_eq(omapi_list_get_u32(&l, "local-state", &v), 0);
	ck_assert_uint_eq(v, 254);
	ck_assert_int_eq(omapi_list_get_u32(&l, "partner-state", &v), -1);
	ck_assert_int_eq(omapi_list_get_u32(&l, "mclt", &v), 1);
	ck_assert_int_eq(omapi_list_add(&l, "", "x", 1), -1);
	omapi_list_free(&l);
}
END_TEST

START_TEST(hmac_rfc2202)
{
	uint8_t key[16], out[16], exp[16];

	memset(key, 0x0b, sizeof(key));
	unhex("9294727a3638bb1c13f48ef8158bfc9d", exp, 16);
	ck_assert_int_eq(omapi_hmac_md5(key, 16, (const uint8_t *)"Hi There", 8, out), 0);
	ck_assert_mem_eq(out, exp, 16);
	unhex("750c783e6ab0b503eaa86e310a5db738", exp, 16);
	ck_assert_int_eq(omapi_hmac_md5((const uint8_t *)"Jefe", 4,
					(const uint8_t *)"what do ya want for nothing?", 28, out), 0);
	ck_assert_mem_eq(out, exp, 16);
}
END_TEST

START_TEST(base64)
{
	uint8_t out[32];

	ck_assert_int_eq(omapi_b64_decode("Zm9vYmFy", out, sizeof(out)), 6);
	ck_assert_mem_eq(out, "foobar", 6);
	ck_assert_int_eq(omapi_b64_decode("Zm9vYg==\n", out, sizeof(out)), 4);
	ck_assert_int_eq(omapi_b64_decode("Zm9v YmE=", out, sizeof(out)), 5);
	ck_assert_int_eq(omapi_b64_decode("Zm9v!mE=", out, sizeof(out)), -1);
	ck_assert_int_eq(omapi_b64_decode("Zm=9v", out, sizeof(out)), -1);
	ck_assert_int_eq(omapi_b64_decode("Zm9vYmFy", out, 5), -1);
}
END_TEST

START_TEST(state_mapping)
{
	static const struct { unsigned code; int st; const char *t; } tab[] = {
		{ 1, DFO_ST_STARTUP, "startup" }, { 2, DFO_ST_NORMAL, "normal" },
		{ 3, DFO_ST_COMM_INTERRUPTED, "communications-interrupted" },
		{ 4, DFO_ST_PARTNER_DOWN, "partner-down" },
		{ 5, DFO_ST_POTENTIAL_CONFLICT, "potential-conflict" },
		{ 6, DFO_ST_RECOVER, "recover" }, { 7, DFO_ST_PAUSED, "paused" },
		{ 8, DFO_ST_SHUTDOWN, "shutdown" },
		{ 9, DFO_ST_RECOVER_DONE, "recover-done" },
		{ 10, DFO_ST_RESOLUTION_INTERRUPTED, "resolution-interrupted" },
		{ 11, DFO_ST_CONFLICT_DONE, "conflict-done" },
		{ 254, DFO_ST_RECOVER_WAIT, "recover-wait" },
		{ 12, DFO_ST_UNKNOWN, "unknown-state" },
		{ 0, DFO_ST_UNKNOWN, "unknown-state" },
	};
	const char *t;

	for (size_t i = 0; i < sizeof(tab) / sizeof(tab[0]); i++) {
		ck_assert_int_eq(dfo_dhcpd_state(tab[i].code, &t), tab[i].st);
		ck_assert_str_eq(t, tab[i].t);
	}
}
END_TEST

/* ---- a scripted fake OMAPI server ------------------------------------ */

enum fake_mode { F_SILENT, F_GARBAGE, F_TRUNCATED, F_HUGE, F_ODD_SIZE,
		 F_NOTFOUND, F_GOOD, F_SILENT_AFTER_STARTUP };

struct fake {
	int lfd, port;
	enum fake_mode mode;
	pthread_t th;
};

static int read_msg(int fd, struct omapi_msg *m)
{
	uint8_t buf[4096];
	size_t len = 0, used;
	char err[128];

	for (;;) {
		ssize_t r;

		if (len > 0 && omapi_decode(buf, len, 24, m, &used, err,
					    sizeof(err)) == OMAPI_DEC_OK)
			return 0;
		r = read(fd, buf + len, sizeof(buf) - len);
		if (r <= 0)
			return -1;
		len += (size_t)r;
	}
}

static void send_msg(int fd, struct omapi_msg *m)
{
	uint8_t buf[4096];
	size_t n = omapi_encode(m, 0, buf, sizeof(buf));

	if (write(fd, buf, n) != (ssize_t)n)
		return;
}

static void *fake_main(void *p)
{
	struct fake *f = p;
	int fd = accept(f->lfd, NULL, NULL);
	uint8_t st[8];
	struct omapi_msg req, rep;

	if (fd < 0)
		return NULL;
	if (f->mode == F_SILENT) {
		sleep(2);
		close(fd);
		return NULL;
	}
	if (f->mode == F_GARBAGE) {
		if (write(fd, "HTTP/1.0 400 Bad\r\n\r\n", 20) < 0)
			perror("write");
		sleep(1);
		close(fd);
		return NULL;
	}
	omapi_encode_startup(st);
	if (write(fd, st, 8) != 8 || read(fd, st, 8) != 8) {
		close(fd);
		return NULL;
	}
	for (;;) {
		if (read_msg(fd, &req) != 0)
			break;
		omapi_msg_init(&rep);
		rep.rid = req.id;
		rep.op = OMAPI_OP_UPDATE;
		rep.handle = 1;
		switch (f->mode) {
		case F_SILENT_AFTER_STARTUP:
			sleep(2);
			break;
		case F_TRUNCATED: {
			uint8_t buf[512];
			size_t n;

			omapi_list_add_u32(&rep.obj, "local-state", 2);
			n = omapi_encode(&rep, 0, buf, sizeof(buf));
			if (write(fd, buf, n / 2) < 0)
				perror("write");
			break;
		}
		case F_HUGE: {
			uint8_t buf[64];
			size_t n = omapi_encode(&rep, 0, buf, sizeof(buf));

			/* replace the empty object list by a huge value */
			n -= 2;
			memcpy(buf + n, "\0\x04name\x7f\xff\xff\xff", 10);
			if (write(fd, buf, n + 10) < 0)
				perror("write");
			sleep(1);
			break;
		}
		case F_ODD_SIZE:
			omapi_list_add_str(&rep.obj, "name", "fo1");
			omapi_list_add(&rep.obj, "local-state", "\0\2", 2);
			omapi_list_add(&rep.obj, "partner-state", "\0\0\0\2\0", 5);
			omapi_list_add(&rep.obj, "local-address", "12345678", 8);
			send_msg(fd, &rep);
			break;
		case F_NOTFOUND:
			rep.op = OMAPI_OP_STATUS;
			rep.handle = 0;
			omapi_list_add_u32(&rep.msg, "result", OMAPI_R_NOTFOUND);
			omapi_list_add_str(&rep.msg, "message",
					   "no object matches specification");
			send_msg(fd, &rep);
			break;
		default: {
			const struct omapi_pair *n = omapi_list_get(&req.obj, "name");
			uint8_t hba[32] = { 0 };

			memset(hba, 0xff, 16);
			if (n != NULL && strcmp((char *)n->value, "fo1") != 0) {
				rep.op = OMAPI_OP_STATUS;
				omapi_list_add_u32(&rep.msg, "result", OMAPI_R_NOTFOUND);
				send_msg(fd, &rep);
				break;
			}
			omapi_list_add_str(&rep.obj, "name", "fo1");
			omapi_list_add(&rep.obj, "partner-address", "ptrbytes", 8);
			omapi_list_add_u32(&rep.obj, "local-state", 3);
			omapi_list_add_u32(&rep.obj, "partner-state", 254);
			omapi_list_add_u32(&rep.obj, "hierarchy", 1);
			omapi_list_add_u32(&rep.obj, "mclt", 3600);
			omapi_list_add(&rep.obj, "load-balance-hba", hba, 32);
			send_msg(fd, &rep);
		}
		}
		omapi_msg_free(&req);
		omapi_msg_free(&rep);
		if (f->mode == F_TRUNCATED || f->mode == F_HUGE)
			break;
	}
	close(fd);
	return NULL;
}

static void fake_start(struct fake *f, enum fake_mode mode)
{
	struct sockaddr_in a;
	socklen_t al = sizeof(a);
	int one = 1;

	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	f->mode = mode;
	f->lfd = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(f->lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	ck_assert_int_eq(bind(f->lfd, (struct sockaddr *)&a, sizeof(a)), 0);
	ck_assert_int_eq(listen(f->lfd, 4), 0);
	getsockname(f->lfd, (struct sockaddr *)&a, &al);
	f->port = ntohs(a.sin_port);
	pthread_create(&f->th, NULL, fake_main, f);
}

static void fake_stop(struct fake *f)
{
	pthread_join(f->th, NULL);
	close(f->lfd);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

START_TEST(client_silent_server_times_out)
{
	struct fake f;
	struct omapi_error e;
	double t0 = now_s();

	fake_start(&f, F_SILENT);
	ck_assert_ptr_null(omapi_connect("127.0.0.1", (unsigned)f.port, 300, &e));
	ck_assert_int_eq(e.kind, OMAPI_E_TIMEOUT);
	ck_assert_double_lt(now_s() - t0, 1.5);
	fake_stop(&f);
}
END_TEST

START_TEST(client_garbage_is_protocol_error)
{
	struct fake f;
	struct omapi_error e;

	fake_start(&f, F_GARBAGE);
	ck_assert_ptr_null(omapi_connect("127.0.0.1", (unsigned)f.port, 2000, &e));
	ck_assert_int_eq(e.kind, OMAPI_E_PROTO);
	ck_assert_ptr_nonnull(strstr(e.text, "not an OMAPI server"));
	fake_stop(&f);
}
END_TEST

START_TEST(client_refused)
{
	struct fake f;
	struct omapi_error e;
	int port;

	fake_start(&f, F_SILENT);
	port = f.port;
	/* connect once so the thread ends, then close the listener */
	{
		struct omapi_conn *c = omapi_connect("127.0.0.1", (unsigned)port, 100, &e);

		ck_assert_ptr_null(c);
	}
	fake_stop(&f);
	ck_assert_ptr_null(omapi_connect("127.0.0.1", (unsigned)port, 1000, &e));
	ck_assert_int_eq(e.kind, OMAPI_E_REFUSED);
}
END_TEST

START_TEST(client_truncated_and_huge)
{
	struct fake f;
	struct omapi_error e;
	struct omapi_conn *c;
	struct omapi_msg rep;
	struct omapi_list k = { NULL, 0, 0 };

	omapi_list_add_str(&k, "name", "fo1");
	fake_start(&f, F_TRUNCATED);
	c = omapi_connect("127.0.0.1", (unsigned)f.port, 1000, &e);
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(omapi_open_object(c, "failover-state", &k, &rep, &e), -1);
	ck_assert_int_eq(e.kind, OMAPI_E_IO);
	ck_assert_ptr_nonnull(strstr(e.text, "middle of a message"));
	/* the connection is closed after a broken answer */
	ck_assert_int_eq(omapi_open_object(c, "failover-state", &k, &rep, &e), -1);
	omapi_close(c);
	fake_stop(&f);

	fake_start(&f, F_HUGE);
	c = omapi_connect("127.0.0.1", (unsigned)f.port, 1000, &e);
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(omapi_open_object(c, "failover-state", &k, &rep, &e), -1);
	ck_assert_int_eq(e.kind, OMAPI_E_PROTO);
	omapi_close(c);
	fake_stop(&f);

	fake_start(&f, F_SILENT_AFTER_STARTUP);
	c = omapi_connect("127.0.0.1", (unsigned)f.port, 300, &e);
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(omapi_open_object(c, "failover-state", &k, &rep, &e), -1);
	ck_assert_int_eq(e.kind, OMAPI_E_TIMEOUT);
	omapi_close(c);
	fake_stop(&f);
	omapi_list_free(&k);
}
END_TEST

/* The backend against the fake server, through the contract. */
static struct dfo_backend *backend_for(int port, const char *peers, config_t *cfg)
{
	static struct dfo_backend b;
	struct dfo_err e = { 0, "" };
	char text[512];

	snprintf(text, sizeof(text),
		 "server = { name = \"x\"; type = \"dhcpd\"; dhcpd = { host = \"127.0.0.1\"; port = %d; timeout = 1; peers = [ %s ]; }; };",
		 port, peers);
	config_init(cfg);
	ck_assert_int_eq(config_read_string(cfg, text), CONFIG_TRUE);
	memset(&b, 0, sizeof(b));
	b.ops = dfo_backend_find("dhcpd");
	ck_assert_ptr_nonnull(b.ops);
	ck_assert_int_eq(b.ops->parse(config_lookup(cfg, "server"), &b.conf, &e), 0);
	return &b;
}

static void backend_done(struct dfo_backend *b, config_t *cfg)
{
	dfo_backend_close(b);
	b->ops->free_conf(b->conf);
	config_destroy(cfg);
}

START_TEST(backend_paging_and_unknown_names)
{
	struct fake f;
	config_t cfg;
	struct dfo_backend *b;
	struct dfo_rel *a;
	struct dfo_err e;
	uint32_t h = 0, rd, tot;

	fake_start(&f, F_GOOD);
	b = backend_for(f.port, "\"fo1\", \"nosuch\", \"fo1x\"", &cfg);
	ck_assert_uint_eq(dfo_enum_relationships(b, &h, 2, &a, &rd, &tot, &e), ERROR_MORE_DATA);
	ck_assert_uint_eq(rd, 2);
	ck_assert_uint_eq(tot, 1);
	ck_assert_uint_eq(h, 2);
	ck_assert_str_eq(a[0].name, "fo1");
	ck_assert_int_eq(a[0].state, DFO_ST_COMM_INTERRUPTED);
	ck_assert_str_eq(a[0].raw_state, "communications-interrupted");
	ck_assert_int_eq(a[0].raw_state_code, 3);
	ck_assert_int_eq(a[0].partner_state, DFO_ST_RECOVER_WAIT);
	ck_assert_str_eq(a[0].partner_raw_state, "recover-wait");
	ck_assert_int_eq(a[0].role, DFO_ROLE_SECONDARY);
	ck_assert_uint_eq(a[0].mclt, 3600);
	ck_assert_int_eq(a[0].percentage, 50);
	ck_assert_int_eq(a[0].mode, DFO_MODE_LOAD_BALANCE);
	ck_assert_int_eq(a[0].primary_addr.family, 0); /* never from OMAPI */
	ck_assert_str_eq(a[0].error, "");
	ck_assert_str_eq(a[1].name, "nosuch");
	ck_assert_int_eq(a[1].state, DFO_ST_UNKNOWN);
	ck_assert_ptr_nonnull(strstr(a[1].error, "no failover peer \"nosuch\""));
	dfo_rel_array_free(a, rd);
	ck_assert_uint_eq(dfo_enum_relationships(b, &h, 2, &a, &rd, &tot, &e), ERROR_SUCCESS);
	ck_assert_uint_eq(rd, 1);
	ck_assert_uint_eq(tot, 0);
	ck_assert_uint_eq(h, 3);
	dfo_rel_array_free(a, rd);
	ck_assert_uint_eq(dfo_enum_relationships(b, &h, 2, &a, &rd, &tot, &e), ERROR_NO_MORE_ITEMS);
	ck_assert_ptr_null(a);
	ck_assert_uint_eq(rd, 0);
	h = 0;
	ck_assert_uint_eq(dfo_enum_relationships(b, &h, 0, &a, &rd, &tot, &e), ERROR_INVALID_PARAMETER);
	ck_assert_uint_eq(dfo_enum_relationships(b, &h, 1000, &a, &rd, &tot, &e), ERROR_SUCCESS);
	ck_assert_uint_eq(rd, 3);
	dfo_rel_array_free(a, rd);
	backend_done(b, &cfg);
	fake_stop(&f);
}
END_TEST

START_TEST(backend_odd_sizes_are_row_errors)
{
	struct fake f;
	config_t cfg;
	struct dfo_backend *b;
	struct dfo_rel *a;
	struct dfo_err e;
	uint32_t h = 0, rd, tot;

	fake_start(&f, F_ODD_SIZE);
	b = backend_for(f.port, "\"fo1\"", &cfg);
	ck_assert_uint_eq(dfo_enum_relationships(b, &h, 10, &a, &rd, &tot, &e), ERROR_SUCCESS);
	ck_assert_uint_eq(rd, 1);
	ck_assert_int_eq(a[0].state, DFO_ST_UNKNOWN);
	ck_assert_int_eq(a[0].partner_state, DFO_ST_NONE);
	ck_assert_ptr_nonnull(strstr(a[0].error, "local-state of 2 bytes"));
	dfo_rel_array_free(a, rd);
	backend_done(b, &cfg);
	fake_stop(&f);
}
END_TEST

START_TEST(backend_errors_map_to_codes)
{
	struct fake f;
	config_t cfg;
	struct dfo_backend *b;
	struct dfo_rel *a;
	struct dfo_err e;
	uint32_t h = 0, rd, tot;
	double t0;

	fake_start(&f, F_SILENT);
	b = backend_for(f.port, "\"fo1\"", &cfg);
	t0 = now_s();
	ck_assert_uint_eq(dfo_enum_relationships(b, &h, 10, &a, &rd, &tot, &e), ERROR_TIMEOUT);
	ck_assert_double_lt(now_s() - t0, 2.0);
	ck_assert_ptr_null(a);
	backend_done(b, &cfg);
	fake_stop(&f);

	fake_start(&f, F_GARBAGE);
	b = backend_for(f.port, "\"fo1\"", &cfg);
	ck_assert_uint_eq(dfo_enum_relationships(b, &h, 10, &a, &rd, &tot, &e), ERROR_INVALID_DATA);
	backend_done(b, &cfg);
	fake_stop(&f);
}
END_TEST

static int write_file(const char *path, const char *text, int mode)
{
	FILE *f = fopen(path, "w");

	if (f == NULL)
		return -1;
	fputs(text, f);
	fclose(f);
	return chmod(path, (mode_t)mode);
}

START_TEST(backend_config_checks)
{
	char dir[] = "/tmp/check_omapi.XXXXXX", key[300], text[900];
	const struct dfo_backend_ops *ops = dfo_backend_find("dhcpd");
	struct dfo_err e = { 0, "" };
	config_t cfg;
	void *conf = NULL;
	char buf[128];

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(key, sizeof(key), "%s/key", dir);
	ck_assert_int_eq(write_file(key, "c2VjcmV0\n", 0644), 0);
	snprintf(text, sizeof(text),
		 "server = { name = \"x\"; type = \"dhcpd\";\n dhcpd = { port = 7911; key-name = \"k\"; key-file = \"%s\"; peers = [\"a\"]; }; };", key);
	config_init(&cfg);
	ck_assert_int_eq(config_read_string(&cfg, text), CONFIG_TRUE);
	/* world-readable key: refused */
	ck_assert_int_eq(ops->parse(config_lookup(&cfg, "server"), &conf, &e), -1);
	ck_assert_uint_eq(e.code, ERROR_ACCESS_DENIED);
	ck_assert_ptr_nonnull(strstr(e.text, "key-file"));
	ops->free_conf(conf);
	chmod(key, 0600);
	ck_assert_int_eq(ops->parse(config_lookup(&cfg, "server"), &conf, &e), 0);
	ops->describe(conf, buf, sizeof(buf));
	ck_assert_str_eq(buf, "omapi://127.0.0.1:7911");
	ops->free_conf(conf);
	/* not base64 */
	ck_assert_int_eq(write_file(key, "not base64!!\n", 0600), 0);
	ck_assert_int_eq(ops->parse(config_lookup(&cfg, "server"), &conf, &e), -1);
	ck_assert_uint_eq(e.code, ERROR_INVALID_DATA);
	ck_assert_ptr_null(strstr(e.text, "not base64!!")); /* never echoed */
	ops->free_conf(conf);
	config_destroy(&cfg);
	/* neither peers nor dhcpd-conf */
	config_init(&cfg);
	ck_assert_int_eq(config_read_string(&cfg,
		"server = { name = \"x\"; type = \"dhcpd\";\n dhcpd = { host = \"::1\"; }; };"), CONFIG_TRUE);
	ck_assert_int_eq(ops->parse(config_lookup(&cfg, "server"), &conf, &e), -1);
	ck_assert_ptr_nonnull(strstr(e.text, ":2: dhcpd needs peers"));
	ops->free_conf(conf);
	config_destroy(&cfg);
	unlink(key);
	rmdir(dir);
}
END_TEST

static Suite *suite_omapi(void)
{
	Suite *s = suite_create("omapi");
	TCase *c = tcase_create("codec");
	TCase *n = tcase_create("client");

	tcase_add_test(c, startup_bytes);
	tcase_add_test(c, encode_matches_pypureomapi);
	tcase_add_test(c, decode_and_verify);
	tcase_add_test(c, truncated_is_more);
	tcase_add_test(c, hostile_lengths);
	tcase_add_test(c, too_many_pairs);
	tcase_add_test(c, u32_values);
	tcase_add_test(c, hmac_rfc2202);
	tcase_add_test(c, base64);
	tcase_add_test(c, state_mapping);
	suite_add_tcase(s, c);
	tcase_set_timeout(n, 20);
	tcase_add_test(n, client_silent_server_times_out);
	tcase_add_test(n, client_garbage_is_protocol_error);
	tcase_add_test(n, client_refused);
	tcase_add_test(n, client_truncated_and_huge);
	tcase_add_test(n, backend_paging_and_unknown_names);
	tcase_add_test(n, backend_odd_sizes_are_row_errors);
	tcase_add_test(n, backend_errors_map_to_codes);
	tcase_add_test(n, backend_config_checks);
	suite_add_tcase(s, n);
	return s;
}
DFO_SUITE(suite_omapi)
