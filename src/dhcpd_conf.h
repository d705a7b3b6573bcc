/* dhcpd_conf.h: a tolerant reader of the `failover peer "NAME" { ... }`
 * declarations of an ISC dhcpd.conf. Only what the dhcpd backend needs:
 * names, role, addresses and ports, mclt, split/hba. Comments, quoted or
 * bare names, nested blocks and `include "file";` (depth-limited) are
 * handled; everything else is skipped. */
#ifndef DHCPFO_DHCPD_CONF_H
#define DHCPFO_DHCPD_CONF_H

#include <stddef.h>
#include <stdint.h>

#define DHCPD_CONF_MAX_DEPTH 8          /* include nesting */
#define DHCPD_CONF_MAX_SIZE  (16u << 20) /* one file */
#define DHCPD_CONF_MAX_PEERS 4096

enum { DHCPD_ROLE_UNKNOWN = 0, DHCPD_ROLE_PRIMARY = 1,
       DHCPD_ROLE_SECONDARY = 2 };

struct dhcpd_peer {
	char name[127];          /* as declared, at most 126 characters */
	int role;                /* DHCPD_ROLE_* */
	char address[256];       /* this server: `address` */
	int port;                /* `port`, -1 if absent */
	char peer_address[256];  /* `peer address` */
	int peer_port;           /* `peer port`, -1 if absent */
	long mclt;               /* -1 if absent */
	int split;               /* `split` 0..256, -1 if absent */
	int hba_bits;            /* bits set in `hba`, -1 if absent */
	long max_response_delay, max_unacked_updates, auto_partner_down;
	char file[256];          /* where it was declared */
	int line;
};

struct dhcpd_conf {
	struct dhcpd_peer *peers;
	size_t n;
};

/* Parses `path` and its includes. 0 on success (zero peers is a
 * success), -1 with "file:line: message" in err. Relative include paths
 * are tried as given, then relative to the including file's directory. */
int dhcpd_conf_parse_file(const char *path, struct dhcpd_conf *out,
			  char *err, size_t errlen);
/* Same over an in-memory text; `fname` names it in messages and anchors
 * relative includes. */
int dhcpd_conf_parse_text(const char *text, size_t len, const char *fname,
			  struct dhcpd_conf *out, char *err, size_t errlen);
void dhcpd_conf_free(struct dhcpd_conf *c);
const struct dhcpd_peer *dhcpd_conf_find(const struct dhcpd_conf *c,
					 const char *name);
/* The primary's share of the load in percent (0..100) from hba or split:
 * split 128 of 256 hash buckets = 50 %. -1 if neither is known. */
int dhcpd_peer_percentage(const struct dhcpd_peer *p);

/* dhcpd's numeric failover state (includes/failover.h) -> DFO_ST_* of
 * model.h; *text gets dhcpd's own name ("normal", ...). Unknown codes map
 * to DFO_ST_UNKNOWN. Defined in backend_dhcpd.c. */
int dfo_dhcpd_state(unsigned code, const char **text);

#endif
