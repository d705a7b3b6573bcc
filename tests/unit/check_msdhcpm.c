/* check_msdhcpm.c: the MS-DHCPM opnum 93 NDR encoder/decoder against a
 * golden response marshalled by impacket's NDR engine, and against
 * hand-built hostile stubs: truncation at every length, bad conformance,
 * huge counts, bad strings, bit flips. */
#include <stdlib.h>
#include <string.h>

#include "dfo_test.h"
#include "msdhcpm_ndr.h"

/* One relationship as impacket marshals it (tests/integration/windows/
 * fake_dhcpsrv.py): r1, 192.0.2.1/192.0.2.2, hot-standby, secondary,
 * COMMUNICATION_INT (prev NORMAL), mclt 3600, safe 600, 5%, scope
 * 10.1.2.0, names "a"/"b", SharedSecret "pw"; status 0, read 1. */
static const uint8_t golden[] = {
	0x01, 0x00, 0x00, 0x00, 0xdc, 0x12, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
	0x29, 0x90, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x02, 0x00, 0xc0,
	0x02, 0x02, 0x00, 0xc0, 0x01, 0x00, 0x01, 0x00, 0x04, 0x00, 0x03, 0x00,
	0x10, 0x0e, 0x00, 0x00, 0x58, 0x02, 0x00, 0x00, 0x8e, 0x4e, 0x00, 0x00,
	0x2f, 0x6b, 0x00, 0x00, 0x35, 0x74, 0x00, 0x00, 0xb4, 0xfb, 0x00, 0x00,
	0x05, 0xaa, 0xaa, 0xaa, 0x83, 0xa5, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x72, 0x00, 0x31, 0x00,
	0x00, 0x00, 0xab, 0xab, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x02, 0x00, 0x00, 0x00, 0x61, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x62, 0x00, 0x00, 0x00,
	0x01, 0x00, 0x00, 0x00, 0x71, 0xae, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
	0x00, 0x02, 0x01, 0x0a, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x03, 0x00, 0x00, 0x00, 0x70, 0x00, 0x77, 0x00, 0x00, 0x00, 0xbf, 0xbf,
	0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};
#define SECRET_AT 0x94 /* "p\0w\0\0\0" */

/* ---- a tiny NDR writer for hand-built stubs ---- */
struct w {
	uint8_t b[8192];
	size_t n;
};

static void w_align(struct w *w, size_t a)
{
	while (w->n % a)
		w->b[w->n++] = 0;
}

static void w32(struct w *w, uint32_t v)
{
	w_align(w, 4);
	for (int i = 0; i < 4; i++)
		w->b[w->n++] = (uint8_t)(v >> (8 * i));
}

static void w16(struct w *w, uint16_t v)
{
	w_align(w, 2);
	w->b[w->n++] = (uint8_t)v;
	w->b[w->n++] = (uint8_t)(v >> 8);
}

/* a [string] wchar_t referent from UTF-16 units (terminator included) */
static void wstr_units(struct w *w, const uint16_t *u, uint32_t n,
		       uint32_t max, uint32_t off)
{
	w32(w, max);
	w32(w, off);
	w32(w, n);
	for (uint32_t i = 0; i < n; i++)
		w16(w, u[i]);
}

static void wstr(struct w *w, const char *s)
{
	uint16_t u[512];
	uint32_t n = (uint32_t)strlen(s);

	for (uint32_t i = 0; i < n; i++)
		u[i] = (unsigned char)s[i];
	u[n] = 0;
	wstr_units(w, u, n + 1, n + 1, 0);
}

static void fixed(struct w *w, uint16_t state, int scopes)
{
	w32(w, 0xc0000201u);
	w32(w, 0xc0000202u);
	w16(w, 0);
	w16(w, 0);
	w16(w, state);
	w16(w, 3);
	w32(w, 3600);
	w32(w, 60);
	w32(w, 0x20004); /* name */
	w32(w, 0x20008); /* primary name */
	w32(w, 0);       /* secondary name: NULL */
	w32(w, scopes ? 0x2000c : 0);
	w->b[w->n++] = 50;
	w32(w, 0x20010); /* secret */
}

/* n relationships named names[i] (NULL: "rel-<i>"), 1 scope each */
static void build(struct w *w, uint32_t n, const char *name0, uint32_t status)
{
	memset(w, 0, sizeof(*w));
	w32(w, n);          /* ResumeHandle */
	w32(w, n ? 0x20000 : 0);
	if (n) {
		w32(w, n);
		w32(w, 0x20000);
		w32(w, n);  /* conformance */
		for (uint32_t i = 0; i < n; i++)
			fixed(w, 3, 1);
		for (uint32_t i = 0; i < n; i++) {
			char nm[32];

			snprintf(nm, sizeof(nm), "rel-%u", i);
			wstr(w, i == 0 && name0 ? name0 : nm);
			wstr(w, "dhcp-a");
			w32(w, 1);
			w32(w, 0x20014);
			w32(w, 1);
			w32(w, 0x0a000000u + (i << 8));
			wstr(w, "secret");
		}
	}
	w32(w, n);          /* RelationshipRead */
	w32(w, 0);          /* RelationshipTotal */
	w32(w, status);
}

static unsigned dec(uint8_t *b, size_t n, struct msdhcpm_enum_out *o)
{
	struct dfo_err e;

	dfo_err_clear(&e);
	return msdhcpm_decode_enum_resp(b, n, o, &e);
}

START_TEST(golden_decodes)
{
	uint8_t b[sizeof(golden)];
	struct msdhcpm_enum_out o;
	char a[64];

	memcpy(b, golden, sizeof(b));
	ck_assert_uint_eq(dec(b, sizeof(b), &o), ERROR_SUCCESS);
	ck_assert_uint_eq(o.resume_handle, 1);
	ck_assert_uint_eq(o.num_elements, 1);
	ck_assert_uint_eq(o.read, 1);
	ck_assert_uint_eq(o.total, 0);
	ck_assert_uint_eq(o.status, 0);
	ck_assert_str_eq(o.rels[0].name, "r1");
	dfo_addr_format(&o.rels[0].primary_addr, a, sizeof(a));
	ck_assert_str_eq(a, "192.0.2.1");
	dfo_addr_format(&o.rels[0].secondary_addr, a, sizeof(a));
	ck_assert_str_eq(a, "192.0.2.2");
	ck_assert_int_eq(o.rels[0].mode, DFO_MODE_HOT_STANDBY);
	ck_assert_int_eq(o.rels[0].role, DFO_ROLE_SECONDARY);
	ck_assert_int_eq(o.rels[0].state, DFO_ST_COMM_INTERRUPTED);
	ck_assert_int_eq(o.rels[0].prev_state, DFO_ST_NORMAL);
	ck_assert_str_eq(o.rels[0].raw_state, "COMMUNICATION_INT");
	ck_assert_int_eq(o.rels[0].raw_state_code, 4);
	ck_assert_uint_eq(o.rels[0].mclt, 3600);
	ck_assert_uint_eq(o.rels[0].safe_period, 600);
	ck_assert_int_eq(o.rels[0].percentage, 5);
	ck_assert_str_eq(o.rels[0].primary_name, "a");
	ck_assert_str_eq(o.rels[0].secondary_name, "b");
	ck_assert_uint_eq(o.rels[0].nscopes, 1);
	ck_assert_uint_eq(o.rels[0].scopes[0], 0x0a010200u);
	/* the secret was wiped in the buffer and is nowhere in the row */
	ck_assert_int_eq(b[SECRET_AT], 0);
	ck_assert_int_eq(b[SECRET_AT + 2], 0);
	ck_assert_int_eq(memcmp(b, golden, SECRET_AT), 0);
	ck_assert_ptr_null(memmem(&o.rels[0], sizeof(o.rels[0]), "pw", 2));
	msdhcpm_enum_out_free(&o);
}
END_TEST

START_TEST(every_truncation_fails)
{
	uint8_t b[sizeof(golden)];
	struct msdhcpm_enum_out o;

	for (size_t n = 0; n < sizeof(golden); n++) {
		uint8_t *c = malloc(n ? n : 1); /* exact size: ASan sees overreads */

		memcpy(c, golden, n);
		ck_assert_uint_eq(dec(c, n, &o), ERROR_INVALID_DATA);
		ck_assert_ptr_null(o.rels);
		free(c);
	}
	memcpy(b, golden, sizeof(b));
	ck_assert_uint_eq(dec(b, sizeof(b), &o), ERROR_SUCCESS);
	msdhcpm_enum_out_free(&o);
}
END_TEST

START_TEST(bad_conformance)
{
	uint8_t b[sizeof(golden)];
	struct msdhcpm_enum_out o;

	memcpy(b, golden, sizeof(b));
	b[16] = 2; /* max_count 2, NumElements 1 */
	ck_assert_uint_eq(dec(b, sizeof(b), &o), ERROR_INVALID_DATA);
	memcpy(b, golden, sizeof(b));
	b[0x80] = 2; /* scope array max_count 2, NumElements 1 */
	ck_assert_uint_eq(dec(b, sizeof(b), &o), ERROR_INVALID_DATA);
	memcpy(b, golden, sizeof(b));
	b[0x4c] = 9; /* string actual_count > max_count */
	ck_assert_uint_eq(dec(b, sizeof(b), &o), ERROR_INVALID_DATA);
	memcpy(b, golden, sizeof(b));
	b[0x48] = 1; /* string variance offset != 0 */
	ck_assert_uint_eq(dec(b, sizeof(b), &o), ERROR_INVALID_DATA);
}
END_TEST

START_TEST(huge_counts)
{
	uint8_t b[sizeof(golden)];
	struct msdhcpm_enum_out o;
	const uint32_t counts[] = { 0x7fffffffu, 0xffffffffu, 65537, 2 };

	for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
		memcpy(b, golden, sizeof(b));
		memcpy(b + 8, &counts[i], 4);   /* NumElements (LE host) */
		memcpy(b + 16, &counts[i], 4);  /* conformance */
		ck_assert_uint_eq(dec(b, sizeof(b), &o), ERROR_INVALID_DATA);
	}
	memcpy(b, golden, sizeof(b));
	b[0x78] = 0xff; b[0x79] = 0xff; b[0x7a] = 0xff; b[0x7b] = 0x7f;
	ck_assert_uint_eq(dec(b, sizeof(b), &o), ERROR_INVALID_DATA);
	memcpy(b, golden, sizeof(b));
	b[0x44] = 0xff; b[0x45] = 0xff; b[0x46] = 0xff; b[0x47] = 0xff;
	ck_assert_uint_eq(dec(b, sizeof(b), &o), ERROR_INVALID_DATA);
}
END_TEST

START_TEST(built_pages)
{
	struct w w;
	struct msdhcpm_enum_out o;

	build(&w, 0, NULL, ERROR_NO_MORE_ITEMS);
	ck_assert_uint_eq(dec(w.b, w.n, &o), ERROR_SUCCESS);
	ck_assert_ptr_null(o.rels);
	ck_assert_int_eq(o.array_present, 0);
	ck_assert_uint_eq(o.status, ERROR_NO_MORE_ITEMS);

	build(&w, 40, NULL, ERROR_MORE_DATA);
	ck_assert_uint_eq(dec(w.b, w.n, &o), ERROR_SUCCESS);
	ck_assert_uint_eq(o.num_elements, 40);
	ck_assert_str_eq(o.rels[39].name, "rel-39");
	ck_assert_str_eq(o.rels[39].secondary_name, "");
	ck_assert_uint_eq(o.rels[39].scopes[0], 0x0a002700u);
	ck_assert_int_eq(o.rels[0].state, DFO_ST_NORMAL);
	ck_assert_ptr_null(memmem(w.b, w.n, "s\0e\0c\0r\0e\0t", 11));
	msdhcpm_enum_out_free(&o);

	/* 8 or more trailing bytes are not padding */
	build(&w, 1, NULL, 0);
	w32(&w, 0);
	w32(&w, 0);
	ck_assert_uint_eq(dec(w.b, w.n, &o), ERROR_INVALID_DATA);
}
END_TEST

START_TEST(bad_strings)
{
	struct w w;
	struct msdhcpm_enum_out o;
	char longname[200];
	size_t at;

	memset(longname, 'x', 127);
	longname[127] = '\0';  /* 127 > DFO_NAME_MAX */
	build(&w, 1, longname, 0);
	ck_assert_uint_eq(dec(w.b, w.n, &o), ERROR_INVALID_DATA);
	longname[126] = '\0';
	build(&w, 1, longname, 0);
	ck_assert_uint_eq(dec(w.b, w.n, &o), ERROR_SUCCESS);
	ck_assert_uint_eq(strlen(o.rels[0].name), 126);
	msdhcpm_enum_out_free(&o);

	build(&w, 1, "", 0);
	ck_assert_uint_eq(dec(w.b, w.n, &o), ERROR_INVALID_DATA);

	/* missing terminator: the last unit of "rel-0" is not NUL */
	build(&w, 1, "abcd", 0);
	at = 20 + 48 + 12;           /* first unit of the name */
	ck_assert_int_eq(w.b[at], 'a');
	w.b[at + 8] = 'z';           /* overwrite the terminator */
	ck_assert_uint_eq(dec(w.b, w.n, &o), ERROR_INVALID_DATA);
	build(&w, 1, "abcd", 0);
	w.b[at + 2] = 0;             /* embedded NUL */
	ck_assert_uint_eq(dec(w.b, w.n, &o), ERROR_INVALID_DATA);
}
END_TEST

START_TEST(utf16_names)
{
	struct w w;
	struct msdhcpm_enum_out o;
	/* "é" U+00E9, "€" U+20AC, U+1F600 as a surrogate pair, a lone
	 * high surrogate, NUL */
	const uint16_t u[] = { 0x00e9, 0x20ac, 0xd83d, 0xde00, 0xd800, 0 };

	memset(&w, 0, sizeof(w));
	w32(&w, 1);
	w32(&w, 0x20000);
	w32(&w, 1);
	w32(&w, 0x20000);
	w32(&w, 1);
	fixed(&w, 99, 0);              /* an FSM_STATE out of range */
	wstr_units(&w, u, 6, 6, 0);
	wstr(&w, "p");
	wstr(&w, "s");
	w32(&w, 1);
	w32(&w, 0);
	w32(&w, 0);
	ck_assert_uint_eq(dec(w.b, w.n, &o), ERROR_SUCCESS);
	ck_assert_str_eq(o.rels[0].name,
			 "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\xef\xbf\xbd");
	ck_assert_int_eq(o.rels[0].state, DFO_ST_UNKNOWN);
	ck_assert_str_eq(o.rels[0].raw_state, "FSM_STATE 99");
	ck_assert_uint_eq(o.rels[0].nscopes, 0);
	msdhcpm_enum_out_free(&o);
}
END_TEST

START_TEST(bit_flips_never_crash)
{
	uint8_t b[sizeof(golden)];
	struct msdhcpm_enum_out o;
	int ok = 0;

	for (size_t i = 0; i < sizeof(golden); i++) {
		for (int bit = 0; bit < 8; bit++) {
			memcpy(b, golden, sizeof(b));
			b[i] ^= (uint8_t)(1u << bit);
			if (dec(b, sizeof(b), &o) == ERROR_SUCCESS) {
				ok++;
				ck_assert_uint_le(o.num_elements, 1);
				msdhcpm_enum_out_free(&o);
			} else {
				ck_assert_ptr_null(o.rels);
			}
		}
	}
	ck_assert_int_gt(ok, 0); /* flips in values still decode */
}
END_TEST

START_TEST(request_encoding)
{
	uint8_t b[128];
	const uint8_t want[] = {
		0x00, 0x00, 0x02, 0x00, 0x04, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00,
		'd', 0, 'c', 0, '1', 0, 0, 0,
		0x07, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00,
	};
	const uint8_t want_null[] = { 0, 0, 0, 0, 9, 0, 0, 0, 1, 0, 0, 0 };
	size_t n = msdhcpm_encode_enum_req(b, sizeof(b), "dc1", 7, 3);

	ck_assert_uint_eq(n, sizeof(want));
	ck_assert_int_eq(memcmp(b, want, n), 0);
	n = msdhcpm_encode_enum_req(b, sizeof(b), NULL, 9, 1);
	ck_assert_uint_eq(n, sizeof(want_null));
	ck_assert_int_eq(memcmp(b, want_null, n), 0);
	ck_assert_uint_eq(msdhcpm_encode_enum_req(b, 10, "dc1", 0, 1), 0);
}
END_TEST

START_TEST(error_names)
{
	ck_assert_str_eq(msdhcpm_error_name(20113),
			 "ERROR_DHCP_FO_SCOPE_ALREADY_IN_RELATIONSHIP");
	ck_assert_str_eq(msdhcpm_error_name(20134),
			 "ERROR_DHCP_FO_FEATURE_NOT_SUPPORTED");
	for (unsigned c = 20113; c <= 20134; c++)
		ck_assert_ptr_nonnull(msdhcpm_error_name(c));
	ck_assert_str_eq(msdhcpm_error_name(5), "ERROR_ACCESS_DENIED");
	ck_assert_ptr_null(msdhcpm_error_name(424242));
	ck_assert_uint_eq(msdhcpm_fault_to_win32(0x1c010002u), 1745);
	ck_assert_uint_eq(msdhcpm_fault_to_win32(0x1c010003u), 1717);
	ck_assert_uint_eq(msdhcpm_fault_to_win32(5), 5);
	ck_assert_uint_eq(msdhcpm_fault_to_win32(0x6f7), 1783);
	ck_assert_uint_eq(msdhcpm_fault_to_win32(0x1c0000ffu), 1726);
	ck_assert_str_eq(msdhcpm_fsm_name(0), "NO_STATE");
	ck_assert_str_eq(msdhcpm_fsm_name(13), "SHUTDOWN");
	ck_assert_ptr_null(msdhcpm_fsm_name(14));
}
END_TEST

static Suite *suite_msdhcpm(void)
{
	Suite *s = suite_create("msdhcpm");
	TCase *t = tcase_create("ndr");

	tcase_add_test(t, golden_decodes);
	tcase_add_test(t, every_truncation_fails);
	tcase_add_test(t, bad_conformance);
	tcase_add_test(t, huge_counts);
	tcase_add_test(t, built_pages);
	tcase_add_test(t, bad_strings);
	tcase_add_test(t, utf16_names);
	tcase_add_test(t, bit_flips_never_crash);
	tcase_add_test(t, request_encoding);
	tcase_add_test(t, error_names);
	suite_add_tcase(s, t);
	return s;
}

DFO_SUITE(suite_msdhcpm)
