/* backend_windows.c: Windows DHCP servers over MS-DHCPM. Each page of the
 * enumeration contract is one R_DhcpV4FailoverEnumRelationship call
 * (dhcpsrv2 opnum 93) with the agent's resume handle and page size passed
 * through unchanged, so the server's own paging is what the pager sees.
 *
 *   { name = "dc1"; type = "windows";
 *     windows = { host = "192.0.2.5"; port = 0;   # 0: endpoint mapper
 *                 credentials-file = "/etc/dhcpfo/dc1.cred";
 *                 auth = "ntlm"; timeout = 10; }; }
 *
 * The credentials file (mode 0600 or stricter) holds `user = `,
 * `domain = `, `password = ` (or `keytab = ` and `realm = ` for Kerberos)
 * lines. It is read at config load to check it, and again for every
 * connection; its contents are wiped after use and never logged. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "log.h"
#include "msdhcpm_ndr.h"

#ifdef DFO_HAVE_WINDOWS
#include "msdhcpm_rpc.h"

struct win_conf {
	char host[DFO_HOSTNAME_MAX + 1];
	int port;
	enum msdhcpm_auth auth;
	char *cred_file;
	int timeout_s;
};

struct win_session {
	const struct win_conf *conf;
	struct msdhcpm_conn *conn;
};

/* The parsed credentials file: pointers into buf. */
struct win_cred {
	char *buf;
	size_t len;
	const char *user, *domain, *password, *realm, *keytab;
};

static char *trim(char *s)
{
	char *end;

	while (*s == ' ' || *s == '\t')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' ||
			   end[-1] == '\r'))
		*--end = '\0';
	return s;
}

static void cred_free(struct win_cred *c)
{
	if (c->buf != NULL)
		dfo_secret_free(c->buf, c->len);
	memset(c, 0, sizeof(*c));
}

/* Errors name the file and line, never a value. */
static int cred_read(const char *path, enum msdhcpm_auth auth,
		     struct win_cred *c, struct dfo_err *e)
{
	char *line, *next;
	int lineno = 0;

	memset(c, 0, sizeof(*c));
	c->buf = dfo_secret_read(path, &c->len, e);
	if (c->buf == NULL)
		return -1;
	for (line = c->buf; line != NULL; line = next) {
		char *eq, *k, *v;

		lineno++;
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		k = trim(line);
		if (*k == '\0' || *k == '#')
			continue;
		eq = strchr(k, '=');
		if (eq == NULL) {
			dfo_err_set(e, ERROR_BAD_FORMAT,
				    "%s:%d: expected key = value", path, lineno);
			goto fail;
		}
		*eq = '\0';
		k = trim(k);
		v = trim(eq + 1);
		if (strcmp(k, "user") == 0 || strcmp(k, "username") == 0)
			c->user = v;
		else if (strcmp(k, "domain") == 0)
			c->domain = v;
		else if (strcmp(k, "password") == 0)
			c->password = v;
		else if (strcmp(k, "realm") == 0)
			c->realm = v;
		else if (strcmp(k, "keytab") == 0)
			c->keytab = v;
		else {
			dfo_err_set(e, ERROR_BAD_FORMAT,
				    "%s:%d: unknown key '%.32s' (user, domain, password, realm, keytab)",
				    path, lineno, k);
			goto fail;
		}
	}
	if (auth != MSDHCPM_AUTH_NONE &&
	    (c->user == NULL || c->user[0] == '\0')) {
		dfo_err_set(e, ERROR_BAD_FORMAT, "%s: no user = line", path);
		goto fail;
	}
	if (auth == MSDHCPM_AUTH_NTLM && c->password == NULL) {
		dfo_err_set(e, ERROR_BAD_FORMAT,
			    "%s: auth \"ntlm\" needs a password = line", path);
		goto fail;
	}
	if (auth != MSDHCPM_AUTH_NONE && c->password == NULL &&
	    c->keytab == NULL) {
		dfo_err_set(e, ERROR_BAD_FORMAT,
			    "%s: needs a password = or keytab = line", path);
		goto fail;
	}
	return 0;
fail:
	cred_free(c);
	return -1;
}

static void win_free_conf(void *p)
{
	struct win_conf *c = p;

	if (c == NULL)
		return;
	free(c->cred_file);
	free(c);
}

static int win_parse(const config_setting_t *s, void **out,
		     struct dfo_err *e)
{
	static const char *const keys[] = { "host", "port",
		"credentials-file", "auth", "timeout", NULL };
	const config_setting_t *g;
	struct win_conf *c = calloc(1, sizeof(*c));
	const char *host = NULL, *cf = NULL, *auth = "ntlm";
	char where[300];
	struct win_cred cred;

	*out = c;
	if (c == NULL) {
		dfo_err_set(e, ERROR_NOT_ENOUGH_MEMORY, "out of memory");
		return -1;
	}
	g = dfo_cfg_backend_group(s, "windows", keys,
				  "host = ...; credentials-file = ...;",
				  where, sizeof(where), e);
	if (g == NULL)
		return -1;
	c->timeout_s = 10;
	if (dfo_cfg_string(g, "host", &host, e) < 0 ||
	    dfo_cfg_int(g, "port", 0, 65535, &c->port, e) < 0 ||
	    dfo_cfg_string(g, "credentials-file", &cf, e) < 0 ||
	    dfo_cfg_string(g, "auth", &auth, e) < 0 ||
	    dfo_cfg_int(g, "timeout", 1, 300, &c->timeout_s, e) < 0)
		return -1;
	if (config_setting_get_member(g, "timeout") == NULL &&
	    dfo_cfg_int(s, "timeout", 1, 300, &c->timeout_s, e) < 0)
		return -1;
	if (host == NULL || host[0] == '\0' ||
	    strlen(host) > DFO_HOSTNAME_MAX || strpbrk(host, "[],") != NULL) {
		dfo_err_set(e, ERROR_INVALID_PARAMETER,
			    "%s: windows needs host = \"address or name\"", where);
		return -1;
	}
	snprintf(c->host, sizeof(c->host), "%s", host);
	if (strcmp(auth, "ntlm") == 0)
		c->auth = MSDHCPM_AUTH_NTLM;
	else if (strcmp(auth, "spnego") == 0)
		c->auth = MSDHCPM_AUTH_SPNEGO;
	else if (strcmp(auth, "kerberos") == 0)
		c->auth = MSDHCPM_AUTH_KERBEROS;
	else if (strcmp(auth, "none") == 0)
		c->auth = MSDHCPM_AUTH_NONE;
	else {
		dfo_cfg_where(config_setting_get_member(g, "auth"), where,
			      sizeof(where));
		dfo_err_set(e, ERROR_INVALID_PARAMETER,
			    "%s: auth must be \"ntlm\", \"spnego\", \"kerberos\" or \"none\"",
			    where);
		return -1;
	}
	if (cf == NULL && c->auth != MSDHCPM_AUTH_NONE) {
		dfo_err_set(e, ERROR_INVALID_PARAMETER,
			    "%s: windows needs credentials-file = \"/etc/dhcpfo/<server>.cred\" (user, domain, password lines; mode 0600)",
			    where);
		return -1;
	}
	if (cf != NULL) {
		struct dfo_err ce;

		if ((c->cred_file = strdup(cf)) == NULL) {
			dfo_err_set(e, ERROR_NOT_ENOUGH_MEMORY, "out of memory");
			return -1;
		}
		/* checked now so a bad file is reported at load */
		dfo_err_clear(&ce);
		if (cred_read(cf, c->auth, &cred, &ce) < 0) {
			dfo_cfg_where(config_setting_get_member(g,
				      "credentials-file"), where, sizeof(where));
			dfo_err_set(e, ce.code, "%s: credentials-file: %s",
				    where, ce.text);
			return -1;
		}
		cred_free(&cred);
	}
	if (c->auth == MSDHCPM_AUTH_NONE)
		dfo_warn("%s: auth = \"none\": unauthenticated, unencrypted RPC (test servers only; Windows refuses it)",
			 where);
	return 0;
}

static void win_describe(const void *p, char *buf, size_t len)
{
	const struct win_conf *c = p;
	const char *br = strchr(c->host, ':') != NULL ? "[" : "";
	const char *ket = br[0] ? "]" : "";

	if (c->port != 0)
		snprintf(buf, len, "ncacn_ip_tcp:%s%s%s[%d]", br, c->host, ket,
			 c->port);
	else
		snprintf(buf, len, "ncacn_ip_tcp:%s%s%s", br, c->host, ket);
}

static int win_open(const void *conf, void **session, struct dfo_err *e)
{
	struct win_session *s = calloc(1, sizeof(*s));

	if (s == NULL) {
		dfo_err_set(e, ERROR_NOT_ENOUGH_MEMORY, "out of memory");
		return -1;
	}
	s->conf = conf;
	*session = s;
	return 0;
}

static void win_disconnect(struct win_session *s)
{
	msdhcpm_disconnect(s->conn);
	s->conn = NULL;
}

static void win_close(void *p)
{
	struct win_session *s = p;

	if (s == NULL)
		return;
	win_disconnect(s);
	free(s);
}

static unsigned win_connect(struct win_session *s, struct dfo_err *e)
{
	const struct win_conf *c = s->conf;
	struct msdhcpm_params mp;
	struct win_cred cred;
	struct msdhcpm_rpc_err re;
	unsigned rc;

	memset(&cred, 0, sizeof(cred));
	if (c->cred_file != NULL && cred_read(c->cred_file, c->auth, &cred, e) < 0)
		return e->code ? e->code : ERROR_ACCESS_DENIED;
	memset(&mp, 0, sizeof(mp));
	mp.host = c->host;
	mp.port = c->port;
	mp.auth = c->auth;
	mp.timeout_s = c->timeout_s;
	mp.user = cred.user;
	mp.domain = cred.domain;
	mp.password = cred.password;
	mp.realm = cred.realm;
	mp.keytab = cred.keytab;
	re.code = 0;
	re.text[0] = '\0';
	rc = msdhcpm_connect(&mp, &s->conn, &re);
	cred_free(&cred);
	if (rc != ERROR_SUCCESS)
		dfo_err_set(e, rc, "%s", re.text);
	return rc;
}

static unsigned win_fail(struct dfo_err *e, unsigned st)
{
	const char *n = msdhcpm_error_name(st);

	dfo_err_set(e, st, "R_DhcpV4FailoverEnumRelationship returned %u (%s)%s",
		    st, n ? n : dfo_strerror(st),
		    st == ERROR_ACCESS_DENIED || st == 20121 ?
		    ": the account needs membership of the DHCP Users group" : "");
	return st;
}

static unsigned win_enum_page(void *p, uint32_t *resume_handle,
			      uint32_t preferred_max, struct dfo_rel **array,
			      uint32_t *read, uint32_t *total,
			      struct dfo_err *e)
{
	struct win_session *s = p;
	struct msdhcpm_enum_out o;
	struct msdhcpm_rpc_err re;
	uint8_t req[2200], *resp = NULL;
	size_t reqlen, resplen = 0;
	unsigned rc;

	*array = NULL;
	*read = 0;
	*total = 0;
	if (s->conn == NULL && (rc = win_connect(s, e)) != ERROR_SUCCESS)
		return rc;
	reqlen = msdhcpm_encode_enum_req(req, sizeof(req), s->conf->host,
					 *resume_handle, preferred_max);
	if (reqlen == 0) {
		dfo_err_set(e, ERROR_INTERNAL_ERROR, "request too large");
		return ERROR_INTERNAL_ERROR;
	}
	re.code = 0;
	re.text[0] = '\0';
	rc = msdhcpm_call(s->conn, MSDHCPM_OPNUM_V4_FAILOVER_ENUM_RELATIONSHIP,
			  req, reqlen, &resp, &resplen, &re);
	if (rc != ERROR_SUCCESS) {
		dfo_err_set(e, rc, "%s", re.text);
		/* the association may be gone: reconnect on the next call */
		win_disconnect(s);
		return rc;
	}
	rc = msdhcpm_decode_enum_resp(resp, resplen, &o, e);
	explicit_bzero(resp, resplen); /* SharedSecret travelled in it */
	free(resp);
	if (rc != ERROR_SUCCESS) {
		win_disconnect(s);
		return rc;
	}
	if (o.status != ERROR_SUCCESS && o.status != ERROR_MORE_DATA &&
	    o.status != ERROR_NO_MORE_ITEMS) {
		msdhcpm_enum_out_free(&o);
		return win_fail(e, o.status);
	}
	if (o.status == ERROR_NO_MORE_ITEMS) {
		msdhcpm_enum_out_free(&o);
		*resume_handle = o.resume_handle;
		return ERROR_NO_MORE_ITEMS;
	}
	if (o.read != o.num_elements) {
		dfo_err_set(e, ERROR_INVALID_DATA,
			    "malformed MS-DHCPM response: RelationshipRead %u but %u elements",
			    (unsigned)o.read, (unsigned)o.num_elements);
		msdhcpm_enum_out_free(&o);
		return ERROR_INVALID_DATA;
	}
	*resume_handle = o.resume_handle;
	*array = o.rels;
	*read = o.read;
	*total = o.total;
	return o.status;
}

const struct dfo_backend_ops dfo_backend_windows = {
	.type = "windows",
	.mib_type = 4,
	.parse = win_parse,
	.free_conf = win_free_conf,
	.describe = win_describe,
	.open = win_open,
	.enum_page = win_enum_page,
	.close = win_close,
};
#else
/* Without samba-dev the windows backend is not built (see README, "Windows Server DHCP failover"). */
typedef int dfo_backend_windows_unused;
#endif
