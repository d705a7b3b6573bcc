/* log.c: the logger. Messages never carry secrets: callers log names,
 * paths and codes only. When stderr is systemd's journal stream
 * (JOURNAL_STREAM names its device and inode), each line starts with the
 * "<N>" priority prefix instead of a timestamp, so `journalctl -p
 * warning` sees the agent's levels. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

static enum dfo_log_target target = DFO_LOG_STDERR;
static int level_max = LOG_INFO;
static const char *log_ident = "dhcpfo";
static int to_journal;

/* Is stderr the stream systemd set JOURNAL_STREAM=<dev>:<ino> for? */
static int stderr_is_journal(void)
{
	const char *js = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat st;

	if (js == NULL || sscanf(js, "%llu:%llu", &dev, &ino) != 2 ||
	    fstat(STDERR_FILENO, &st) != 0)
		return 0;
	return (unsigned long long)st.st_dev == dev &&
	       (unsigned long long)st.st_ino == ino;
}

void dfo_log_setup(enum dfo_log_target t, int max_level, const char *ident)
{
	target = t;
	level_max = max_level;
	if (ident != NULL)
		log_ident = ident;
	if (t == DFO_LOG_SYSLOG)
		openlog(log_ident, LOG_PID | LOG_NDELAY, LOG_DAEMON);
	to_journal = t == DFO_LOG_STDERR && stderr_is_journal();
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
	} else if (to_journal) {
		fprintf(stderr, "<%d>%s: ", level & 7, names[level & 7]);
		vfprintf(stderr, fmt, ap);
		fputc('\n', stderr);
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
