/* msdhcpm_rpc.h: a DCE/RPC connection to the MS-DHCPM dhcpsrv2 interface
 * over ncacn_ip_tcp, built on Samba's client libraries (dcerpc, gensec,
 * credentials). Samba does the endpoint mapper look-up (port 135), the
 * bind, NTLMSSP / SPNEGO (Kerberos) authentication at packet privacy and
 * the PDU framing; the stub data (msdhcpm_ndr.c) is ours. Compiled only
 * with -DDFO_HAVE_WINDOWS (needs samba-dev). */
#ifndef DHCPFO_MSDHCPM_RPC_H
#define DHCPFO_MSDHCPM_RPC_H

#include <stddef.h>
#include <stdint.h>


enum msdhcpm_auth {
	MSDHCPM_AUTH_NONE = 0,     /* no authentication (test servers only) */
	MSDHCPM_AUTH_NTLM = 1,     /* NTLMSSP, packet privacy */
	MSDHCPM_AUTH_SPNEGO = 2,   /* SPNEGO: Kerberos, else NTLM; privacy */
	MSDHCPM_AUTH_KERBEROS = 3  /* SPNEGO with Kerberos required */
};

struct msdhcpm_params {
	const char *host;
	int port;                 /* 0: ask the endpoint mapper on 135 */
	enum msdhcpm_auth auth;
	const char *user, *domain, *password, *realm, *keytab; /* may be NULL */
	int timeout_s;            /* per request and for the TCP connect */
};

struct msdhcpm_conn;

/* Error detail of the calls below. This header and msdhcpm_rpc.c stay
 * apart from model.h: Samba's headers define ERROR_* macros too. */
struct msdhcpm_rpc_err {
	unsigned code;
	char text[256];
};

/* Connect and bind. Returns 0 or a Win32 code with e set (never
 * containing the password). */
unsigned msdhcpm_connect(const struct msdhcpm_params *p,
			 struct msdhcpm_conn **c, struct msdhcpm_rpc_err *e);
/* One request. *out is malloc'd (free it after wiping); a fault is
 * returned as its Win32 code with e set. */
unsigned msdhcpm_call(struct msdhcpm_conn *c, uint16_t opnum,
		      const uint8_t *in, size_t inlen, uint8_t **out,
		      size_t *outlen, struct msdhcpm_rpc_err *e);
void msdhcpm_disconnect(struct msdhcpm_conn *c);

#endif
