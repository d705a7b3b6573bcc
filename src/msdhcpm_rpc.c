/* msdhcpm_rpc.c: the dhcpsrv2 RPC connection on Samba's client libraries
 * (see msdhcpm_rpc.h). Samba's libraries are not thread-safe, so every
 * call into them is made under one process-wide mutex: the windows
 * backend's servers are queried one at a time. */
#ifdef DFO_HAVE_WINDOWS
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstrict-prototypes"
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wunused-parameter"
#pragma GCC diagnostic ignored "-Wmissing-prototypes"
#include <talloc.h>
#include <tevent.h>
#include <util/data_blob.h>
#include <util/time.h>
#include <core/ntstatus.h>
#include <core/werror.h>
#include <core/error.h>
#include <param.h>
#include <credentials.h>
#include <dcerpc.h>
#include <rpc_common.h>
#pragma GCC diagnostic pop

#include "msdhcpm_rpc.h"

/* from msdhcpm.h, whose model.h ERROR_* macros clash with Samba's */
const char *msdhcpm_error_name(unsigned code);
unsigned msdhcpm_fault_to_win32(uint32_t fault);

enum {
	W_SUCCESS = 0,
	W_ACCESS_DENIED = 5,
	W_NOT_ENOUGH_MEMORY = 8,
	W_CONNECTION_REFUSED = 1225,
	W_LOGON_FAILURE = 1326,
	W_TIMEOUT = 1460,
	W_RPC_UNKNOWN_IF = 1717,
	W_RPC_SERVER_UNAVAILABLE = 1722,
	W_RPC_CALL_FAILED = 1726,
	W_RPC_PROTOCOL_ERROR = 1728,
	W_EPT_NOT_REGISTERED = 1753,
	W_RPC_SEC_PKG_ERROR = 1825
};

static void rpc_err(struct msdhcpm_rpc_err *e, unsigned code,
		    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void rpc_err(struct msdhcpm_rpc_err *e, unsigned code,
		    const char *fmt, ...)
{
	va_list ap;

	e->code = code;
	va_start(ap, fmt);
	vsnprintf(e->text, sizeof(e->text), fmt, ap);
	va_end(ap);
}

static pthread_mutex_t samba_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t samba_once = PTHREAD_ONCE_INIT;

static const char *const no_strings[] = { NULL };
static const struct ndr_interface_string_array no_eps = { 0, no_strings };
static const struct ndr_interface_string_array no_auth = { 0, no_strings };
/* Samba only needs the syntax id: we marshal the stubs ourselves. */
static const struct ndr_interface_table dhcpsrv2_table = {
	.name = "dhcpsrv2",
	.syntax_id = {
		{ 0x5b821720, 0xf63b, 0x11d0, { 0xaa, 0xd2 },
		  { 0x00, 0xc0, 0x4f, 0xc3, 0x24, 0xdb } },
		1
	},
	.helpstring = "MS-DHCPM dhcpsrv2",
	.num_calls = 0,
	.calls = NULL,
	.endpoints = &no_eps,
	.authservices = &no_auth,
};

struct msdhcpm_conn {
	TALLOC_CTX *mem;
	struct tevent_context *ev;
	struct dcerpc_pipe *pipe;
};

static void samba_init(void)
{
	dcerpc_init();
}

static unsigned nt_to_win32(NTSTATUS st)
{
	uint32_t v = NT_STATUS_V(st);

	if (NT_STATUS_EQUAL(st, NT_STATUS_LOGON_FAILURE) ||
	    NT_STATUS_EQUAL(st, NT_STATUS_WRONG_PASSWORD) ||
	    NT_STATUS_EQUAL(st, NT_STATUS_NO_SUCH_USER))
		return W_LOGON_FAILURE;
	if (NT_STATUS_EQUAL(st, NT_STATUS_ACCESS_DENIED))
		return W_ACCESS_DENIED;
	if (NT_STATUS_EQUAL(st, NT_STATUS_CONNECTION_REFUSED) ||
	    NT_STATUS_EQUAL(st, NT_STATUS_PORT_UNREACHABLE))
		return W_CONNECTION_REFUSED;
	if (NT_STATUS_EQUAL(st, NT_STATUS_IO_TIMEOUT))
		return W_TIMEOUT;
	if (NT_STATUS_EQUAL(st, NT_STATUS_HOST_UNREACHABLE) ||
	    NT_STATUS_EQUAL(st, NT_STATUS_END_OF_FILE) ||
	    NT_STATUS_EQUAL(st, NT_STATUS_CONNECTION_RESET) ||
	    NT_STATUS_EQUAL(st, NT_STATUS_CONNECTION_DISCONNECTED) ||
	    NT_STATUS_EQUAL(st, NT_STATUS_RPC_SERVER_UNAVAILABLE))
		return W_RPC_SERVER_UNAVAILABLE;
	if (NT_STATUS_EQUAL(st, NT_STATUS_RPC_PROTOCOL_ERROR) ||
	    NT_STATUS_EQUAL(st, NT_STATUS_INVALID_NETWORK_RESPONSE))
		return W_RPC_PROTOCOL_ERROR;
	if (NT_STATUS_EQUAL(st, NT_STATUS_RPC_UNKNOWN_IF))
		return W_RPC_UNKNOWN_IF;
	if (NT_STATUS_EQUAL(st, NT_STATUS_RPC_NO_ENDPOINT_FOUND) ||
	    NT_STATUS_EQUAL(st, NT_STATUS_OBJECT_NAME_NOT_FOUND))
		return W_EPT_NOT_REGISTERED;
	if ((v & 0xffff0000u) == 0xc0020000u) /* other RPC_NT_* */
		return W_RPC_CALL_FAILED;
	v = W_ERROR_V(ntstatus_to_werror(st));
	return v != 0 && v < 0x10000u ? v : W_RPC_CALL_FAILED;
}

/* Fail fast on an unreachable host: Samba's own connect waits far
 * longer than a poll interval. */
static unsigned probe_tcp(const char *host, int port, int timeout_s,
			  struct msdhcpm_rpc_err *e)
{
	struct addrinfo hints, *ai = NULL, *a;
	char ps[16];
	unsigned rc = W_RPC_SERVER_UNAVAILABLE;
	int gai;

	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	snprintf(ps, sizeof(ps), "%d", port);
	gai = getaddrinfo(host, ps, &hints, &ai);
	if (gai != 0) {
		rpc_err(e, W_RPC_SERVER_UNAVAILABLE, "%s: %s", host,
			    gai_strerror(gai));
		return W_RPC_SERVER_UNAVAILABLE;
	}
	for (a = ai; a != NULL; a = a->ai_next) {
		int fd = socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK |
				SOCK_CLOEXEC, a->ai_protocol);
		struct pollfd pfd;
		int err = 0;
		socklen_t el = sizeof(err);

		if (fd < 0)
			continue;
		if (connect(fd, a->ai_addr, a->ai_addrlen) != 0 &&
		    errno != EINPROGRESS) {
			err = errno;
		} else {
			pfd.fd = fd;
			pfd.events = POLLOUT;
			if (poll(&pfd, 1, timeout_s * 1000) <= 0)
				err = ETIMEDOUT;
			else if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err,
					    &el) != 0)
				err = errno;
		}
		close(fd);
		if (err == 0) {
			rc = W_SUCCESS;
			break;
		}
		rc = err == ECONNREFUSED ? W_CONNECTION_REFUSED :
		     err == ETIMEDOUT ? W_TIMEOUT : W_RPC_SERVER_UNAVAILABLE;
		rpc_err(e, rc, "%s port %d: %s", host, port,
			    strerror(err));
	}
	freeaddrinfo(ai);
	return rc;
}

static const char *auth_flags(enum msdhcpm_auth a)
{
	switch (a) {
	case MSDHCPM_AUTH_NTLM: return "seal,ntlm";
	case MSDHCPM_AUTH_SPNEGO:
	case MSDHCPM_AUTH_KERBEROS: return "seal,spnego";
	default: return "";
	}
}

static unsigned connect_locked(const struct msdhcpm_params *p,
			       struct msdhcpm_conn *c, struct msdhcpm_rpc_err *e)
{
	struct loadparm_context *lp;
	struct cli_credentials *cr;
	char binding[600];
	const char *fl = auth_flags(p->auth);
	unsigned rc;
	NTSTATUS st;

	rc = probe_tcp(p->host, p->port ? p->port : 135, p->timeout_s, e);
	if (rc != W_SUCCESS)
		return rc;
	lp = loadparm_init(c->mem);
	if (lp == NULL) {
		rpc_err(e, W_NOT_ENOUGH_MEMORY, "out of memory");
		return W_NOT_ENOUGH_MEMORY;
	}
	/* no smb.conf is read: every setting that matters is set here */
	lpcfg_set_cmdline(lp, "client ntlmv2 auth", "yes");
	lpcfg_set_cmdline(lp, "client use spnego", "yes");
	if (p->realm != NULL && p->realm[0] != '\0')
		lpcfg_set_cmdline(lp, "realm", p->realm);
	if (p->auth == MSDHCPM_AUTH_NONE) {
		cr = cli_credentials_init_anon(c->mem);
	} else {
		cr = cli_credentials_init(c->mem);
		if (cr != NULL) {
			cli_credentials_set_conf(cr, lp);
			cli_credentials_set_kerberos_state(cr,
				p->auth == MSDHCPM_AUTH_NTLM ?
					CRED_USE_KERBEROS_DISABLED :
				p->auth == MSDHCPM_AUTH_KERBEROS ?
					CRED_USE_KERBEROS_REQUIRED :
					CRED_USE_KERBEROS_DESIRED,
				CRED_SPECIFIED);
			if (p->user != NULL)
				cli_credentials_set_username(cr, p->user,
							     CRED_SPECIFIED);
			if (p->domain != NULL)
				cli_credentials_set_domain(cr, p->domain,
							   CRED_SPECIFIED);
			if (p->realm != NULL)
				cli_credentials_set_realm(cr, p->realm,
							  CRED_SPECIFIED);
			if (p->password != NULL)
				cli_credentials_set_password(cr, p->password,
							     CRED_SPECIFIED);
			if (p->keytab != NULL &&
			    cli_credentials_set_keytab_name(cr, lp, p->keytab,
							    CRED_SPECIFIED) != 0) {
				rpc_err(e, W_LOGON_FAILURE,
					    "cannot use keytab %s", p->keytab);
				return W_LOGON_FAILURE;
			}
			cli_credentials_set_workstation(cr, "DHCPFO",
							CRED_SPECIFIED);
		}
	}
	if (cr == NULL) {
		rpc_err(e, W_NOT_ENOUGH_MEMORY, "out of memory");
		return W_NOT_ENOUGH_MEMORY;
	}
	if (p->port != 0)
		snprintf(binding, sizeof(binding), "ncacn_ip_tcp:%s[%d%s%s]",
			 p->host, p->port, fl[0] ? "," : "", fl);
	else
		snprintf(binding, sizeof(binding), "ncacn_ip_tcp:%s[%s]",
			 p->host, fl);
	st = dcerpc_pipe_connect(c->mem, &c->pipe, binding, &dhcpsrv2_table,
				 cr, c->ev, lp);
	if (!NT_STATUS_IS_OK(st)) {
		rc = nt_to_win32(st);
		/* Samba's answer to a bind_nak of an authenticated bind */
		if (p->auth != MSDHCPM_AUTH_NONE &&
		    NT_STATUS_EQUAL(st, NT_STATUS_INVALID_PARAMETER))
			rc = W_RPC_SEC_PKG_ERROR;
		rpc_err(e, rc, "%s: %s: %s%s", p->host,
			    p->port ? "bind to dhcpsrv2 failed" :
			    "endpoint mapper / bind to dhcpsrv2 failed",
			    nt_errstr(st),
			    rc == W_LOGON_FAILURE ? " (check the credentials file)" :
			    rc == W_RPC_SEC_PKG_ERROR ? " (the server refused the authenticated bind)" : "");
		c->pipe = NULL;
		return rc;
	}
	dcerpc_binding_handle_set_timeout(c->pipe->binding_handle,
					  (uint32_t)p->timeout_s);
	return W_SUCCESS;
}

unsigned msdhcpm_connect(const struct msdhcpm_params *p,
			 struct msdhcpm_conn **cp, struct msdhcpm_rpc_err *e)
{
	struct msdhcpm_conn *c;
	unsigned rc;

	*cp = NULL;
	pthread_once(&samba_once, samba_init);
	c = calloc(1, sizeof(*c));
	if (c == NULL) {
		rpc_err(e, W_NOT_ENOUGH_MEMORY, "out of memory");
		return W_NOT_ENOUGH_MEMORY;
	}
	pthread_mutex_lock(&samba_lock);
	c->mem = talloc_new(NULL);
	c->ev = c->mem ? tevent_context_init(c->mem) : NULL;
	if (c->ev == NULL) {
		rpc_err(e, W_NOT_ENOUGH_MEMORY, "out of memory");
		rc = W_NOT_ENOUGH_MEMORY;
	} else {
		rc = connect_locked(p, c, e);
	}
	if (rc != W_SUCCESS) {
		talloc_free(c->mem);
		c->mem = NULL;
	}
	pthread_mutex_unlock(&samba_lock);
	if (rc != W_SUCCESS) {
		free(c);
		return rc;
	}
	*cp = c;
	return W_SUCCESS;
}

unsigned msdhcpm_call(struct msdhcpm_conn *c, uint16_t opnum,
		      const uint8_t *in, size_t inlen, uint8_t **out,
		      size_t *outlen, struct msdhcpm_rpc_err *e)
{
	TALLOC_CTX *tmp;
	uint8_t *od = NULL;
	size_t ol = 0;
	uint32_t of = 0;
	unsigned rc = W_SUCCESS;
	NTSTATUS st;

	*out = NULL;
	*outlen = 0;
	pthread_mutex_lock(&samba_lock);
	tmp = talloc_new(c->mem);
	c->pipe->last_fault_code = 0;
	st = dcerpc_binding_handle_raw_call(c->pipe->binding_handle, NULL,
					    opnum, 0, in, inlen, tmp, &od,
					    &ol, &of);
	if (!NT_STATUS_IS_OK(st)) {
		uint32_t f = c->pipe->last_fault_code;

		if (f != 0) {
			rc = msdhcpm_fault_to_win32(f);
			rpc_err(e, rc, "RPC fault 0x%08x (%s) on opnum %u",
				    (unsigned)f,
				    msdhcpm_error_name(rc) ? msdhcpm_error_name(rc) :
				    "unknown", (unsigned)opnum);
		} else {
			rc = nt_to_win32(st);
			rpc_err(e, rc, "RPC call opnum %u failed: %s",
				    (unsigned)opnum, nt_errstr(st));
		}
	} else {
		*out = malloc(ol ? ol : 1);
		if (*out == NULL) {
			rc = W_NOT_ENOUGH_MEMORY;
			rpc_err(e, rc, "out of memory");
		} else {
			memcpy(*out, od, ol);
			*outlen = ol;
		}
	}
	if (od != NULL)
		explicit_bzero(od, ol);
	talloc_free(tmp);
	pthread_mutex_unlock(&samba_lock);
	return rc;
}

void msdhcpm_disconnect(struct msdhcpm_conn *c)
{
	if (c == NULL)
		return;
	pthread_mutex_lock(&samba_lock);
	talloc_free(c->mem);
	pthread_mutex_unlock(&samba_lock);
	free(c);
}
#else
/* Built without samba-dev (-DDFO_HAVE_WINDOWS not set): nothing here. */
typedef int dfo_msdhcpm_rpc_unused;
#endif
