/* log.h: one logger for the library and the agent (stderr or syslog). */
#ifndef DHCPFO_LOG_H
#define DHCPFO_LOG_H

#include <syslog.h>

enum dfo_log_target { DFO_LOG_STDERR, DFO_LOG_SYSLOG, DFO_LOG_QUIET };

void dfo_log_setup(enum dfo_log_target t, int max_level, const char *ident);
int dfo_log_level(void);
void dfo_log(int level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define dfo_err_log(...)   dfo_log(LOG_ERR, __VA_ARGS__)
#define dfo_warn(...)      dfo_log(LOG_WARNING, __VA_ARGS__)
#define dfo_info(...)      dfo_log(LOG_INFO, __VA_ARGS__)
#define dfo_debug(...)     dfo_log(LOG_DEBUG, __VA_ARGS__)

#endif
