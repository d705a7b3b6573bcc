/* worker.c: runs backend calls off the main loop. One thread per server
 * owns that server's backend session; the main thread hands it one page
 * request at a time and gets the result back through a queue and an
 * eventfd watched by the net-snmp select loop. Threads never call
 * net-snmp. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

#include "agent.h"
#include "log.h"

struct dfo_worker {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int has_req, busy, stop;
	struct dfo_worker_req req;
	struct dfo_backend backend;   /* touched by the thread only */
};

static pthread_mutex_t done_mu = PTHREAD_MUTEX_INITIALIZER;
static struct dfo_worker_res *done_head, **done_tail = &done_head;
static int done_fd = -1;
static int n_live;                /* threads not yet joined */

static void post(struct dfo_worker_res *r)
{
	uint64_t one = 1;

	pthread_mutex_lock(&done_mu);
	r->next = NULL;
	*done_tail = r;
	done_tail = &r->next;
	pthread_mutex_unlock(&done_mu);
	if (write(done_fd, &one, sizeof(one)) < 0 && errno != EAGAIN)
		abort();
}

/* One page: switch sessions when the config generation changed. */
static void run_call(struct dfo_worker *w, struct dfo_worker_res *r)
{
	struct dfo_backend *b = &w->backend;

	if (b->ops != r->req.ops || b->conf != r->req.bconf) {
		dfo_backend_close(b);
		b->ops = r->req.ops;
		b->conf = r->req.bconf;
	}
	r->handle = r->req.handle;
	r->status = dfo_enum_relationships(b, &r->handle, r->req.pmax,
					   &r->array, &r->read, &r->total,
					   &r->err);
}

static void *worker_main(void *arg)
{
	struct dfo_worker *w = arg;
	struct dfo_worker_res *r;

	pthread_mutex_lock(&w->mu);
	for (;;) {
		while (!w->has_req && !w->stop)
			pthread_cond_wait(&w->cv, &w->mu);
		if (w->stop && !w->has_req)
			break;
		w->has_req = 0;
		r = calloc(1, sizeof(*r));
		if (r == NULL)
			abort();
		r->w = w;
		r->req = w->req;
		pthread_mutex_unlock(&w->mu);
		run_call(w, r);
		pthread_mutex_lock(&w->mu);
		w->busy = 0;
		post(r);
	}
	pthread_mutex_unlock(&w->mu);
	dfo_backend_close(&w->backend);
	r = calloc(1, sizeof(*r));
	if (r == NULL)
		abort();
	r->w = w;
	r->exited = 1;
	post(r);
	return NULL;
}

static int on_done(int fd, void *data)
{
	struct dfo_worker_res *list, *next;
	uint64_t n;

	(void)data;
	if (read(fd, &n, sizeof(n)) < 0 && errno != EAGAIN)
		dfo_warn("worker queue: %s", strerror(errno));
	pthread_mutex_lock(&done_mu);
	list = done_head;
	done_head = NULL;
	done_tail = &done_head;
	pthread_mutex_unlock(&done_mu);
	for (; list != NULL; list = next) {
		next = list->next;
		if (list->exited) {
			pthread_join(list->w->thread, NULL);
			n_live--;
			pthread_mutex_destroy(&list->w->mu);
			pthread_cond_destroy(&list->w->cv);
			free(list->w);
			free(list);
			continue;
		}
		dfo_worker_result(list); /* takes list */
	}
	return 0;
}

static void on_done_cb(int fd, void *data)
{
	on_done(fd, data);
}

int dfo_workers_init(void)
{
	done_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (done_fd < 0)
		return -1;
	return register_readfd(done_fd, on_done_cb, NULL) == FD_REGISTERED_OK ? 0 : -1;
}

struct dfo_worker *dfo_worker_start(void)
{
	struct dfo_worker *w = calloc(1, sizeof(*w));
	sigset_t all, old;
	int rc;

	if (w == NULL)
		return NULL;
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->cv, NULL);
	sigfillset(&all); /* signals belong to the main thread */
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&w->thread, NULL, worker_main, w);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc == 0)
		n_live++;
	if (rc != 0) {
		pthread_mutex_destroy(&w->mu);
		pthread_cond_destroy(&w->cv);
		free(w);
		return NULL;
	}
	return w;
}

int dfo_worker_submit(struct dfo_worker *w, const struct dfo_worker_req *r)
{
	int rc = -1;

	pthread_mutex_lock(&w->mu);
	if (!w->busy && !w->stop) {
		w->req = *r;
		w->has_req = 1;
		w->busy = 1;
		pthread_cond_signal(&w->cv);
		rc = 0;
	}
	pthread_mutex_unlock(&w->mu);
	return rc;
}

int dfo_worker_busy(const struct dfo_worker *w)
{
	int busy;

	pthread_mutex_lock((pthread_mutex_t *)&w->mu);
	busy = w->busy;
	pthread_mutex_unlock((pthread_mutex_t *)&w->mu);
	return busy;
}

/* The thread finishes its current call (if any), closes the session and
 * posts an "exited" message; on_done then joins and frees it. */
void dfo_worker_stop(struct dfo_worker *w)
{
	pthread_mutex_lock(&w->mu);
	w->stop = 1;
	pthread_cond_signal(&w->cv);
	pthread_mutex_unlock(&w->mu);
}

static int live_workers(void)
{
	return n_live;
}

/* At shutdown: wait (bounded) for stopped workers to exit and free them. */
void dfo_workers_drain(int ms)
{
	for (int waited = 0; live_workers() > 0 && waited < ms; waited += 10) {
		struct pollfd p = { done_fd, POLLIN, 0 };
		if (poll(&p, 1, 10) > 0)
			on_done(done_fd, NULL);
	}
}
