/* backend_dhcpsapi.h: the native Windows backend (dhcpsapi.dll). */
#ifndef DHCPFO_BACKEND_DHCPSAPI_H
#define DHCPFO_BACKEND_DHCPSAPI_H
#include "backend.h"

/* Its configuration: the DHCP server to ask, "" = this host. */
struct dfo_dhcpsapi_conf {
	char server[256];
};

extern const struct dfo_backend_ops dfo_backend_dhcpsapi;
#endif
