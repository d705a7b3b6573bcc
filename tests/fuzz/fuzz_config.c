/* fuzz_config.c: the dhcpfo.conf loader (libconfig + our validation and
 * every backend's parser) on arbitrary bytes, through a memfd path. */
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "config.h"
#include "log.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int fd = -1;
	struct dfo_config *c;
	struct dfo_err e;
	char path[64];

	if (fd < 0) {
		dfo_log_setup(DFO_LOG_QUIET, 0, "fuzz");
		fd = memfd_create("dhcpfo.conf", 0);
	}
	if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
		return 0;
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	if (dfo_config_load(path, &c, &e) == 0)
		dfo_config_free(c);
	return 0;
}
