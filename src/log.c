/* log.c: the logger. Messages never carry secrets: callers log names,
 * paths and codes only. */
#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "log.h"

static enum dfo_log_target target = DFO_LOG_STDERR;
static int level_max = LOG_INFO;
static const char *log_ident = "dhcpfo";

void dfo_log_setup(enum dfo_log_target t, int max_level, const char *ident)
{
	target = t;
	level_max = max_level;
	if (ident != NULL)
		log_ident = ident;
	if (t == DFO_LOG_SYSLOG)
		openlog(log_ident, LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

int dfo_log_level(void)
{
	return level_max;
}

void dfo_log(int level, const char *fmt, ...)
{
	static const char *const names[] = { "emerg", "alert", "crit", "error",
		"warning", "notice", "info", "debug" };
	va_list ap;

	if (level > level_max || target == DFO_LOG_QUIET)
		return;
	va_start(ap, fmt);
	if (target == DFO_LOG_SYSLOG) {
		vsyslog(level, fmt, ap);
	} else {
		char ts[32];
		time_t now = time(NULL);
		struct tm tm;

		localtime_r(&now, &tm);
		strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%S", &tm);
		fprintf(stderr, "%s %s[%s]: ", ts, log_ident,
			names[level & 7]);
		vfprintf(stderr, fmt, ap);
		fputc('\n', stderr);
	}
	va_end(ap);
}
