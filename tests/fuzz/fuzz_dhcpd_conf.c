/* fuzz_dhcpd_conf.c: the tolerant dhcpd.conf failover-peer parser. */
#include <stdint.h>

#include "dhcpd_conf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dhcpd_conf c;
	char err[256];

	if (dhcpd_conf_parse_text((const char *)data, size, "fuzz.conf", &c,
				  err, sizeof(err)) == 0)
		dhcpd_conf_free(&c);
	return 0;
}
