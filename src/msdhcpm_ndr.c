/* msdhcpm_ndr.c: NDR 2.0 request encoder and bounded response decoder for
 * R_DhcpV4FailoverEnumRelationship (MS-DHCPM opnum 93). See the header for
 * the wire layout. Samba ships no generated code for the failover
 * structures, so this is written by hand against the MS-DHCPM IDL. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msdhcpm_ndr.h"

/* ------------------------------------------------------------------ */
/* Encoder */

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

size_t msdhcpm_encode_enum_req(uint8_t *buf, size_t cap, const char *server,
			       uint32_t resume_handle, uint32_t preferred_max)
{
	size_t off = 0, n = 0, need;

	if (server != NULL)
		n = strlen(server) + 1; /* NUL included */
	if (n > 1024)
		return 0;
	need = 4 + (n ? 12 + ((n * 2 + 3) & ~(size_t)3) : 0) + 8;
	if (cap < need)
		return 0;
	memset(buf, 0, need);
	if (server == NULL) {
		put32(buf, 0);               /* NULL unique pointer */
		off = 4;
	} else {
		put32(buf, 0x00020000u);     /* referent id */
		put32(buf + 4, (uint32_t)n); /* max_count */
		put32(buf + 8, 0);           /* offset */
		put32(buf + 12, (uint32_t)n);/* actual_count */
		off = 16;
		for (size_t i = 0; i < n; i++) {
			unsigned char c = (unsigned char)server[i];
			buf[off++] = c < 0x80 ? c : '?';
			buf[off++] = 0;
		}
		off = (off + 3) & ~(size_t)3;
	}
	put32(buf + off, resume_handle);
	put32(buf + off + 4, preferred_max);
	return off + 8;
}

/* ------------------------------------------------------------------ */
/* Decoder */

struct rd {
	uint8_t *p;
	size_t len, off;
	struct dfo_err *e;
	const char *what; /* what was being read, for the error text */
};

static int bad(struct rd *r, const char *why)
{
	dfo_err_set(r->e, ERROR_INVALID_DATA,
		    "malformed MS-DHCPM response: %s at offset %zu (%s)",
		    why, r->off, r->what);
	return -1;
}

static int align(struct rd *r, size_t n)
{
	size_t o = (r->off + n - 1) & ~(n - 1);

	if (o > r->len)
		return bad(r, "truncated (alignment)");
	r->off = o;
	return 0;
}

static int get32(struct rd *r, uint32_t *v)
{
	if (align(r, 4) < 0)
		return -1;
	if (r->len - r->off < 4)
		return bad(r, "truncated");
	*v = (uint32_t)r->p[r->off] | ((uint32_t)r->p[r->off + 1] << 8) |
	     ((uint32_t)r->p[r->off + 2] << 16) |
	     ((uint32_t)r->p[r->off + 3] << 24);
	r->off += 4;
	return 0;
}

static int get16(struct rd *r, uint16_t *v)
{
	if (align(r, 2) < 0)
		return -1;
	if (r->len - r->off < 2)
		return bad(r, "truncated");
	*v = (uint16_t)(r->p[r->off] | (r->p[r->off + 1] << 8));
	r->off += 2;
	return 0;
}

static int get8(struct rd *r, uint8_t *v)
{
	if (r->len - r->off < 1)
		return bad(r, "truncated");
	*v = r->p[r->off++];
	return 0;
}

/* The conformance/variance header of a [string] wchar_t array; leaves
 * r->off at the first code unit and *units = actual_count. */
static int string_header(struct rd *r, uint32_t *units)
{
	uint32_t max, offset, actual;

	if (get32(r, &max) < 0 || get32(r, &offset) < 0 ||
	    get32(r, &actual) < 0)
		return -1;
	if (offset != 0)
		return bad(r, "string variance offset is not 0");
	if (actual > max)
		return bad(r, "string actual_count > max_count");
	if (max > MSDHCPM_MAX_STRING)
		return bad(r, "string max_count too large");
	if (actual == 0)
		return bad(r, "string without terminator");
	if ((r->len - r->off) / 2 < actual)
		return bad(r, "string truncated");
	*units = actual;
	return 0;
}

static void utf8_put(char *dst, size_t cap, size_t *o, uint32_t cp, int *over)
{
	char tmp[4];
	size_t n;

	if (cp < 0x80) {
		tmp[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		tmp[0] = (char)(0xc0 | (cp >> 6));
		tmp[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		tmp[0] = (char)(0xe0 | (cp >> 12));
		tmp[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		tmp[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		tmp[0] = (char)(0xf0 | (cp >> 18));
		tmp[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		tmp[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		tmp[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	if (*o + n >= cap) {
		*over = 1;
		return;
	}
	memcpy(dst + *o, tmp, n);
	*o += n;
}

/* A [string] wchar_t referent into dst[cap] as UTF-8 (unpaired surrogates
 * become U+FFFD). Too long for dst, an embedded NUL or a missing
 * terminator is an error. */
static int get_wstring(struct rd *r, char *dst, size_t cap, const char *what)
{
	uint32_t units, i;
	size_t o = 0;
	int over = 0;
	const uint8_t *s;

	r->what = what;
	if (string_header(r, &units) < 0)
		return -1;
	s = r->p + r->off;
	if (s[2 * (units - 1)] != 0 || s[2 * (units - 1) + 1] != 0)
		return bad(r, "string not NUL-terminated");
	for (i = 0; i + 1 < units && !over; i++) {
		uint32_t c = (uint32_t)s[2 * i] | ((uint32_t)s[2 * i + 1] << 8);

		if (c == 0)
			return bad(r, "embedded NUL in string");
		if (c >= 0xd800 && c < 0xdc00 && i + 2 < units) {
			uint32_t d = (uint32_t)s[2 * i + 2] |
				     ((uint32_t)s[2 * i + 3] << 8);
			if (d >= 0xdc00 && d < 0xe000) {
				c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
				i++;
			} else {
				c = 0xfffd;
			}
		} else if (c >= 0xd800 && c < 0xe000) {
			c = 0xfffd;
		}
		utf8_put(dst, cap, &o, c, &over);
	}
	if (over) {
		dfo_err_set(r->e, ERROR_INVALID_DATA,
			    "malformed MS-DHCPM response: %s longer than %zu bytes",
			    what, cap - 1);
		return -1;
	}
	dst[o] = '\0';
	r->off += (size_t)units * 2;
	return 0;
}

/* Step over the SharedSecret referent, wiping its bytes in place. */
static int skip_secret(struct rd *r)
{
	uint32_t units;

	r->what = "SharedSecret";
	if (string_header(r, &units) < 0)
		return -1;
	explicit_bzero(r->p + r->off, (size_t)units * 2);
	r->off += (size_t)units * 2;
	return 0;
}

/* the fixed part of one element: its values and its deferred pointers */
struct fixed {
	struct msdhcpm_fixed v;
	uint32_t p_name, p_pname, p_sname, p_scopes, p_secret;
};

static int get_fixed(struct rd *r, struct fixed *f)
{
	uint16_t mode, type, state, prev;
	uint8_t pct;

	r->what = "DHCP_FAILOVER_RELATIONSHIP";
	if (get32(r, &f->v.primary) < 0 || get32(r, &f->v.secondary) < 0 ||
	    get16(r, &mode) < 0 || get16(r, &type) < 0 ||
	    get16(r, &state) < 0 || get16(r, &prev) < 0 ||
	    get32(r, &f->v.mclt) < 0 || get32(r, &f->v.safe_period) < 0 ||
	    get32(r, &f->p_name) < 0 || get32(r, &f->p_pname) < 0 ||
	    get32(r, &f->p_sname) < 0 || get32(r, &f->p_scopes) < 0 ||
	    get8(r, &pct) < 0 || get32(r, &f->p_secret) < 0)
		return -1;
	f->v.mode = mode;
	f->v.server_type = type;
	f->v.state = state;
	f->v.prev_state = prev;
	f->v.percentage = pct;
	return 0;
}

static int get_scopes(struct rd *r, struct dfo_rel *rel)
{
	uint32_t n, ptr, max, i;

	r->what = "DHCP_IP_ARRAY";
	if (get32(r, &n) < 0 || get32(r, &ptr) < 0)
		return -1;
	if (n > DFO_SCOPES_MAX)
		return bad(r, "too many scopes");
	if (ptr == 0) {
		if (n != 0)
			return bad(r, "scope count without an array");
		return 0;
	}
	if (get32(r, &max) < 0)
		return -1;
	if (max != n)
		return bad(r, "scope array conformance != NumElements");
	if ((r->len - r->off) / 4 < n)
		return bad(r, "scope array truncated");
	if (n == 0)
		return 0;
	rel->scopes = calloc(n, sizeof(uint32_t));
	if (rel->scopes == NULL) {
		dfo_err_set(r->e, ERROR_NOT_ENOUGH_MEMORY, "out of memory");
		return -1;
	}
	for (i = 0; i < n; i++)
		if (get32(r, &rel->scopes[i]) < 0)
			return -1;
	rel->nscopes = n;
	return 0;
}

unsigned msdhcpm_decode_enum_resp(uint8_t *buf, size_t len,
				  struct msdhcpm_enum_out *out,
				  struct dfo_err *e)
{
	struct rd r = { buf, len, 0, e, "ResumeHandle" };
	struct fixed *fx = NULL;
	uint32_t ptr, n = 0, arr = 0, max, i;

	memset(out, 0, sizeof(*out));
	if (get32(&r, &out->resume_handle) < 0)
		goto fail;
	r.what = "pRelationship";
	if (get32(&r, &ptr) < 0)
		goto fail;
	if (ptr != 0) {
		out->array_present = 1;
		r.what = "DHCP_FAILOVER_RELATIONSHIP_ARRAY";
		if (get32(&r, &n) < 0 || get32(&r, &arr) < 0)
			goto fail;
		if (n > MSDHCPM_MAX_ELEMENTS) {
			bad(&r, "NumElements too large");
			goto fail;
		}
		if (arr == 0 && n != 0) {
			bad(&r, "NumElements without an array");
			goto fail;
		}
	}
	if (arr != 0) {
		r.what = "pRelationships";
		if (get32(&r, &max) < 0)
			goto fail;
		if (max != n) {
			bad(&r, "array conformance != NumElements");
			goto fail;
		}
		/* 48 bytes of fixed part per element must be there */
		if ((r.len - r.off) / 48 < n) {
			bad(&r, "relationship array truncated");
			goto fail;
		}
		if (n > 0) {
			fx = calloc(n, sizeof(*fx));
			out->rels = calloc(n, sizeof(*out->rels));
			if (fx == NULL || out->rels == NULL) {
				dfo_err_set(e, ERROR_NOT_ENOUGH_MEMORY,
					    "out of memory");
				goto fail;
			}
		}
		for (i = 0; i < n; i++)
			if (get_fixed(&r, &fx[i]) < 0)
				goto fail;
		out->num_elements = n;
		for (i = 0; i < n; i++) {
			struct dfo_rel *rel = &out->rels[i];

			dfo_rel_init(rel);
			msdhcpm_fill_rel(rel, &fx[i].v);
			if (fx[i].p_name == 0) {
				r.what = "RelationshipName";
				bad(&r, "relationship without a name");
				goto fail;
			}
			if (get_wstring(&r, rel->name, sizeof(rel->name),
					"RelationshipName") < 0)
				goto fail;
			if (rel->name[0] == '\0') {
				bad(&r, "empty relationship name");
				goto fail;
			}
			if ((fx[i].p_pname != 0 &&
			     get_wstring(&r, rel->primary_name,
					 sizeof(rel->primary_name),
					 "PrimaryServerName") < 0) ||
			    (fx[i].p_sname != 0 &&
			     get_wstring(&r, rel->secondary_name,
					 sizeof(rel->secondary_name),
					 "SecondaryServerName") < 0) ||
			    (fx[i].p_scopes != 0 && get_scopes(&r, rel) < 0) ||
			    (fx[i].p_secret != 0 && skip_secret(&r) < 0))
				goto fail;
		}
	} else {
		out->num_elements = 0;
	}
	r.what = "RelationshipRead";
	if (get32(&r, &out->read) < 0)
		goto fail;
	r.what = "RelationshipTotal";
	if (get32(&r, &out->total) < 0)
		goto fail;
	r.what = "return value";
	if (get32(&r, &out->status) < 0)
		goto fail;
	if (r.len - r.off >= 8) {
		bad(&r, "trailing bytes after the return value");
		goto fail;
	}
	free(fx);
	return ERROR_SUCCESS;
fail:
	free(fx);
	msdhcpm_enum_out_free(out);
	if (e != NULL && e->code == 0)
		dfo_err_set(e, ERROR_INVALID_DATA, "malformed MS-DHCPM response");
	return e != NULL ? e->code : ERROR_INVALID_DATA;
}

void msdhcpm_enum_out_free(struct msdhcpm_enum_out *out)
{
	if (out->rels != NULL)
		dfo_rel_array_free(out->rels, out->num_elements);
	out->rels = NULL;
	out->num_elements = 0;
}
