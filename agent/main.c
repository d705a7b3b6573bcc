/* main.c: dhcpfo-agentx: options, config, logging, the net-snmp AgentX
 * session, signals (SIGTERM stops, SIGHUP reloads) and the main loop. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

#include "agent.h"
#include "log.h"

#define DEFAULT_CONF "/etc/dhcpfo/dhcpfo.conf"

struct opts {
	const char *conf, *socket, *pidfile, *listen, *access;
	int foreground, debug, check, dump;
};

static volatile sig_atomic_t got_term, got_hup;
static int sig_pipe[2] = { -1, -1 };

static void usage(FILE *f)
{
	fprintf(f,
"usage: dhcpfo-agentx [options]\n"
"  -c, --config FILE   configuration (default " DEFAULT_CONF ")\n"
"  -f, --foreground    stay in the foreground, log to stderr\n"
"  -x, --agentx SOCKET AgentX master socket (overrides agent.agentx-socket)\n"
"  -p, --pidfile FILE  write the pid to FILE\n"
"      --listen udp:ADDR:PORT  standalone agent on its own port (no snmpd)\n"
"      --access-file FILE      net-snmp access rules for standalone mode\n"
"  -d, --debug         log at debug level\n"
"      --check-config  parse the configuration, report errors, exit\n"
"      --dump          poll every server once, print the rows, exit\n"
"      --version       print the version\n"
"  -h, --help          this help\n");
}

static int parse_opts(int argc, char **argv, struct opts *o)
{
	static const struct option lo[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "foreground", no_argument, NULL, 'f' },
		{ "agentx", required_argument, NULL, 'x' },
		{ "pidfile", required_argument, NULL, 'p' },
		{ "debug", no_argument, NULL, 'd' },
		{ "check-config", no_argument, NULL, 'C' },
		{ "dump", no_argument, NULL, 'D' },
		{ "listen", required_argument, NULL, 'L' },
		{ "access-file", required_argument, NULL, 'A' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	memset(o, 0, sizeof(*o));
	o->conf = DEFAULT_CONF;
	while ((c = getopt_long(argc, argv, "c:fx:p:dh", lo, NULL)) != -1) {
		switch (c) {
		case 'c': o->conf = optarg; break;
		case 'f': o->foreground = 1; break;
		case 'x': o->socket = optarg; break;
		case 'p': o->pidfile = optarg; break;
		case 'd': o->debug = 1; break;
		case 'C': o->check = 1; break;
		case 'D': o->dump = 1; break;
		case 'L': o->listen = optarg; break;
		case 'A': o->access = optarg; break;
		case 'V': printf("dhcpfo-agentx %s\n", DFO_VERSION); exit(0);
		case 'h': usage(stdout); exit(0);
		default: usage(stderr); return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "dhcpfo-agentx: unexpected argument '%s'\n", argv[optind]);
		return -1;
	}
	return 0;
}

static void on_signal(int sig)
{
	int saved = errno;

	if (sig == SIGHUP)
		got_hup = 1;
	else
		got_term = 1;
	if (write(sig_pipe[1], "x", 1) < 0) {
		/* the flag is set; the loop sees it on its next wake-up */
	}
	errno = saved;
}

static void on_sig_pipe(int fd, void *arg)
{
	char buf[64];

	(void)arg;
	while (read(fd, buf, sizeof(buf)) > 0)
		;
}

static int setup_signals(void)
{
	struct sigaction sa;

	if (pipe2(sig_pipe, O_NONBLOCK | O_CLOEXEC) != 0)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	return register_readfd(sig_pipe[0], on_sig_pipe, NULL) == FD_REGISTERED_OK ? 0 : -1;
}

/* net-snmp's own messages go through our logger */
static int on_snmp_log(int major, int minor, void *server_arg, void *client_arg)
{
	const struct snmp_log_message *m = server_arg;
	static char last[512];
	static unsigned repeats;
	char buf[512];
	size_t l;

	(void)major;
	(void)minor;
	(void)client_arg;
	snprintf(buf, sizeof(buf), "%s", m->msg ? m->msg : "");
	l = strlen(buf);
	while (l > 0 && (buf[l - 1] == '\n' || buf[l - 1] == '\r'))
		buf[--l] = '\0';
	if (l == 0)
		return 0;
	/* a master that stays away makes net-snmp repeat itself every ping */
	if (strcmp(buf, last) == 0 && ++repeats % 60 != 0)
		return 0;
	if (repeats >= 60 && strcmp(buf, last) == 0)
		dfo_log(m->priority, "net-snmp: %s (repeated %u times)", buf, repeats);
	else
		dfo_log(m->priority, "net-snmp: %s", buf);
	if (strcmp(buf, last) != 0) {
		snprintf(last, sizeof(last), "%s", buf);
		repeats = 0;
	}
	return 0;
}

static void setup_logging(const struct opts *o, const struct dfo_config *c)
{
	int level = o->debug ? LOG_DEBUG : c ? c->log_level : LOG_INFO;
	int syslog_on = !o->foreground || (c && strcmp(c->log_target, "syslog") == 0);

	dfo_log_setup(syslog_on ? DFO_LOG_SYSLOG : DFO_LOG_STDERR, level,
		      "dhcpfo-agentx");
}

static int load_config(const char *path, struct dfo_config **out)
{
	struct dfo_err e;

	if (dfo_config_load(path, out, &e) != 0) {
		dfo_err_log("%s", e.text);
		return -1;
	}
	dfo_config_ref(*out);
	return 0;
}

/* --dump: one synchronous pass per server, printed; no SNMP involved. */
static int dump(const struct dfo_config *c)
{
	int failed = 0;

	for (int i = 0; i < c->nservers; i++) {
		const struct dfo_server_conf *sc = &c->servers[i];
		struct dfo_backend b = { sc->ops, sc->bconf, NULL };
		struct dfo_pager p;

		dfo_pager_begin(&p, (uint32_t)sc->page_size, (uint32_t)sc->max_pages);
		if (dfo_pager_run(&p, &b) != DFO_PAGER_DONE) {
			printf("server %s: error %u: %s\n", sc->name, p.err.code, p.err.text);
			failed = 1;
		} else {
			printf("server %s: %u relationships in %u pages\n", sc->name,
			       p.nrows, p.pages);
		}
		for (uint32_t j = 0; j < p.nrows; j++) {
			const struct dfo_rel *r = &p.rows[j];
			printf("  %s mode=%s role=%s state=%s raw=\"%s\" partner=%s prev=%s%s%s\n",
			       r->name, dfo_mode_name(r->mode), dfo_role_name(r->role),
			       dfo_state_name(r->state), r->raw_state,
			       r->partner_state ? dfo_state_name(r->partner_state) : "-",
			       r->prev_state ? dfo_state_name(r->prev_state) : "-",
			       r->error[0] ? " error=" : "", r->error);
		}
		dfo_pager_free(&p);
		dfo_backend_close(&b);
	}
	return failed;
}

static int write_pidfile(const char *path)
{
	FILE *f;

	if (path == NULL)
		return 0;
	f = fopen(path, "w");
	if (f == NULL) {
		dfo_err_log("%s: cannot write pid file: %s", path, strerror(errno));
		return -1;
	}
	fprintf(f, "%ld\n", (long)getpid());
	return fclose(f) == 0 ? 0 : -1;
}

static int start_snmp(const struct opts *o, const struct dfo_config *c)
{
	const char *sock = o->socket ? o->socket :
			   c->agentx_socket[0] ? c->agentx_socket : NULL;
	const char *listen = o->listen ? o->listen : c->listen[0] ? c->listen : NULL;
	const char *access = o->access ? o->access : c->access_file;
	struct dfo_err e;

	snmp_register_callback(SNMP_CALLBACK_LIBRARY, SNMP_CALLBACK_LOGGING,
			       on_snmp_log, NULL);
	snmp_enable_calllog();
	if (listen == NULL)
		return dfo_transport_subagent(sock, c->ping_interval);
	if (dfo_access_check(access, &e) != 0) {
		dfo_err_log("%s", e.text);
		return -1;
	}
	return dfo_transport_standalone(listen, access, c->state_dir);
}

static void reload(const char *path)
{
	struct dfo_config *c;

	dfo_info("SIGHUP: reloading %s", path);
	if (load_config(path, &c) != 0) {
		dfo_err_log("reload failed: the running configuration stays in force");
		return;
	}
	dfo_servers_apply(c);
	dfo_config_unref(c); /* the servers and the agent hold it now */
}

static int open_state(const struct dfo_config *c)
{
	char path[512];
	struct dfo_err w;

	snprintf(path, sizeof(path), "%s/indexmap", c->state_dir);
	struct stat st;

	errno = 0;
	if (stat(c->state_dir, &st) != 0 || !S_ISDIR(st.st_mode) ||
	    access(c->state_dir, W_OK) != 0)
		dfo_warn("state dir %s is not a writable directory (%s): indexes will not survive a restart until it is",
			 c->state_dir, errno ? strerror(errno) : "not a directory");
	dfo_agent.map = dfo_indexmap_open(path, &w);
	if (dfo_agent.map == NULL)
		return -1;
	if (w.code != 0)
		dfo_warn("index map %s was unreadable and is rebuilt: %s", path, w.text);
	return 0;
}

int main(int argc, char **argv)
{
	struct dfo_config *cfg = NULL;
	struct dfo_err e;
	struct opts o;

	if (parse_opts(argc, argv, &o) != 0)
		return 2;
	dfo_log_setup(DFO_LOG_STDERR, o.debug ? LOG_DEBUG : LOG_INFO, "dhcpfo-agentx");
	if (load_config(o.conf, &cfg) != 0)
		return 1;
	if (o.check || o.dump) {
		int rc = 0;
		if (o.check)
			printf("%s: OK (%d servers)\n", o.conf, cfg->nservers);
		else
			rc = dump(cfg);
		dfo_config_unref(cfg);
		return rc;
	}
	if (!o.foreground && daemon(0, 0) != 0) {
		dfo_err_log("cannot daemonize: %s", strerror(errno));
		return 1;
	}
	setup_logging(&o, cfg);
	srandom((unsigned)getpid() ^ (unsigned)time(NULL));
	if (write_pidfile(o.pidfile) != 0) {
		dfo_err_log("startup failed");
		return 1;
	}
	if (dfo_drop_privileges(cfg->user, cfg->group, cfg->state_dir, &e) != 0) {
		dfo_err_log("%s", e.text);
		return 1;
	}
	if (open_state(cfg) != 0 ||
	    dfo_workers_init() != 0 || setup_signals() != 0 ||
	    start_snmp(&o, cfg) != 0) {
		dfo_err_log("startup failed");
		return 1;
	}
	dfo_servers_apply(cfg);
	dfo_config_unref(cfg);
	while (!got_term) {
		agent_check_and_process(1);
		if (got_hup) {
			got_hup = 0;
			reload(o.conf);
		}
	}
	dfo_info("SIGTERM: shutting down");
	/* answer held walks, then close the SNMP side while every row it
	 * may still serve exists, then stop the servers */
	dfo_servers_quiesce();
	snmp_shutdown("dhcpfo");
	dfo_servers_stop();
	dfo_workers_drain(2000);
	dfo_indexmap_free(dfo_agent.map);
	dfo_config_unref(dfo_agent.cfg);
	if (o.pidfile)
		unlink(o.pidfile);
	return 0;
}
