/* loadgen.c: load for the concurrency and NMS-polling benchmarks. CLIENTS
 * threads, each with its own net-snmp session (the single-session API is
 * thread-safe per session), repeat one operation for SECONDS:
 *
 *   loadgen walk HOST:PORT COMMUNITY SECONDS CLIENTS REPS EXPECT COLUMN-OID
 *       a GETBULK walk of one column (max-repetitions REPS); a walk that
 *       fails or does not return exactly EXPECT varbinds is an error
 *   loadgen get HOST:PORT COMMUNITY SECONDS CLIENTS PER-PDU OID...
 *       GETs of the OIDs in PDUs of PER-PDU varbinds, cycling through the
 *       list; a failed request or a noSuch* value is an error
 *
 * Prints one line: "ops <n> varbinds <n> errors <n> seconds <s> p50_ms
 * <x> p99_ms <y>" (latency of one walk or one GET PDU). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#define MAXOIDS 1024

struct job {
	const char *peer, *community;
	double seconds;
	int walk;                /* 1 walk, 0 get */
	long reps, expect, per_pdu;
	oid oids[MAXOIDS][MAX_OID_LEN];
	size_t lens[MAXOIDS];
	int noids;
};

struct result {
	double *lat;             /* milliseconds of each operation */
	long n, cap, varbinds, errors;
};

static double now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static void *open_session(const struct job *j)
{
	netsnmp_session s;

	snmp_sess_init(&s);
	s.peername = (char *)j->peer;
	s.version = SNMP_VERSION_2c;
	s.community = (u_char *)j->community;
	s.community_len = strlen(j->community);
	s.timeout = 5000000;
	s.retries = 0;
	return snmp_sess_open(&s);
}

/* One GETBULK walk of column oids[0]: the number of varbinds, -1 on error. */
static long walk_once(void *ss, const struct job *j)
{
	oid cur[MAX_OID_LEN];
	size_t curlen = j->lens[0];
	long n = 0;

	memcpy(cur, j->oids[0], curlen * sizeof(oid));
	for (;;) {
		netsnmp_pdu *pdu = snmp_pdu_create(SNMP_MSG_GETBULK), *resp = NULL;
		netsnmp_variable_list *v;
		int end = 0;

		pdu->non_repeaters = 0;
		pdu->max_repetitions = j->reps;
		snmp_add_null_var(pdu, cur, curlen);
		if (snmp_sess_synch_response(ss, pdu, &resp) != STAT_SUCCESS ||
		    resp == NULL || resp->errstat != SNMP_ERR_NOERROR) {
			if (resp != NULL)
				snmp_free_pdu(resp);
			return -1;
		}
		for (v = resp->variables; v != NULL && !end; v = v->next_variable) {
			if (v->type == SNMP_ENDOFMIBVIEW || v->name_length < j->lens[0] ||
			    snmp_oid_compare(v->name, j->lens[0], j->oids[0], j->lens[0]) != 0) {
				end = 1;
				break;
			}
			memcpy(cur, v->name, v->name_length * sizeof(oid));
			curlen = v->name_length;
			n++;
		}
		if (resp->variables == NULL)
			end = 1;
		snmp_free_pdu(resp);
		if (end)
			return n;
	}
}

/* One GET PDU of per_pdu OIDs from *next on: varbinds, -1 on error. */
static long get_once(void *ss, const struct job *j, int *next)
{
	netsnmp_pdu *pdu = snmp_pdu_create(SNMP_MSG_GET), *resp = NULL;
	netsnmp_variable_list *v;
	long n = 0;

	for (long i = 0; i < j->per_pdu; i++) {
		snmp_add_null_var(pdu, j->oids[*next], j->lens[*next]);
		*next = (*next + 1) % j->noids;
	}
	if (snmp_sess_synch_response(ss, pdu, &resp) != STAT_SUCCESS ||
	    resp == NULL || resp->errstat != SNMP_ERR_NOERROR) {
		if (resp != NULL)
			snmp_free_pdu(resp);
		return -1;
	}
	for (v = resp->variables; v != NULL; v = v->next_variable) {
		if (v->type == SNMP_NOSUCHOBJECT || v->type == SNMP_NOSUCHINSTANCE ||
		    v->type == SNMP_ENDOFMIBVIEW)
			n = -1000000;
		n++;
	}
	snmp_free_pdu(resp);
	return n == j->per_pdu ? n : -1;
}

struct worker {
	pthread_t th;
	const struct job *j;
	int id;
	struct result r;
};

static void *run(void *arg)
{
	struct worker *w = arg;
	const struct job *j = w->j;
	void *ss = open_session(j);
	double end = now_ms() + j->seconds * 1e3;
	int next = (w->id * (int)j->per_pdu) % (j->noids ? j->noids : 1);

	if (ss == NULL) {
		w->r.errors++;
		return NULL;
	}
	while (now_ms() < end) {
		double t0 = now_ms();
		long n = j->walk ? walk_once(ss, j) : get_once(ss, j, &next);

		if (n < 0 || (j->walk && n != j->expect)) {
			w->r.errors++;
			continue;
		}
		w->r.varbinds += n;
		if (w->r.n == w->r.cap) {
			w->r.cap = w->r.cap ? w->r.cap * 2 : 1024;
			w->r.lat = realloc(w->r.lat, sizeof(double) * (size_t)w->r.cap);
			if (w->r.lat == NULL)
				abort();
		}
		w->r.lat[w->r.n++] = now_ms() - t0;
	}
	snmp_sess_close(ss);
	return NULL;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static int parse_oids(struct job *j, char **argv, int n)
{
	if (n < 1 || n > MAXOIDS)
		return -1;
	for (int i = 0; i < n; i++) {
		j->lens[i] = MAX_OID_LEN;
		if (!read_objid(argv[i], j->oids[i], &j->lens[i]))
			return -1;
	}
	j->noids = n;
	return 0;
}

int main(int argc, char **argv)
{
	static struct job j;
	struct worker *w;
	int clients;
	long total = 0, vbs = 0, errs = 0, k = 0;
	double *all, t0, secs;

	if (argc < 9 || (strcmp(argv[1], "walk") != 0 && strcmp(argv[1], "get") != 0)) {
		fprintf(stderr, "usage: see the top of bench/loadgen.c\n");
		return 2;
	}
	setenv("MIBS", "", 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DONT_READ_CONFIGS, 1);
	init_snmp("loadgen");
	j.walk = strcmp(argv[1], "walk") == 0;
	j.peer = argv[2];
	j.community = argv[3];
	j.seconds = atof(argv[4]);
	clients = atoi(argv[5]);
	if (j.walk) {
		j.reps = atol(argv[6]);
		j.expect = atol(argv[7]);
		if (parse_oids(&j, argv + 8, 1) != 0)
			return 2;
	} else {
		j.per_pdu = atol(argv[6]);
		if (parse_oids(&j, argv + 7, argc - 7) != 0 || j.per_pdu < 1)
			return 2;
	}
	if (clients < 1 || clients > 256)
		return 2;
	w = calloc((size_t)clients, sizeof(*w));
	t0 = now_ms();
	for (int i = 0; i < clients; i++) {
		w[i].j = &j;
		w[i].id = i;
		pthread_create(&w[i].th, NULL, run, &w[i]);
	}
	for (int i = 0; i < clients; i++) {
		pthread_join(w[i].th, NULL);
		total += w[i].r.n;
		vbs += w[i].r.varbinds;
		errs += w[i].r.errors;
	}
	secs = (now_ms() - t0) / 1e3;
	all = malloc(sizeof(double) * (size_t)(total ? total : 1));
	for (int i = 0; i < clients; i++) {
		memcpy(all + k, w[i].r.lat, sizeof(double) * (size_t)w[i].r.n);
		k += w[i].r.n;
		free(w[i].r.lat);
	}
	qsort(all, (size_t)total, sizeof(double), cmp);
	printf("ops %ld varbinds %ld errors %ld seconds %.2f p50_ms %.2f p99_ms %.2f\n",
	       total, vbs, errs, secs, total ? all[(total - 1) / 2] : 0.0,
	       total ? all[(long)((total - 1) * 0.99)] : 0.0);
	free(all);
	free(w);
	return 0;
}
