/* backend_kea.c: ISC Kea high availability. Asks status-get (and
 * config-get, for the peers' names) through kea-ctrl-agent's HTTP API
 * (libcurl: basic auth from a secret file, TLS) or kea-dhcp4's UNIX
 * control socket, maps the reply (kea_json.c) and serves it with the
 * exact paging contract: Kea answers everything at once, so the reply
 * fetched at resume handle 0 is paged from the session's copy. */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <json-c/json.h>

#include "backend.h"
#include "kea_json.h"

#define KEA_MAX_REPLY (4u << 20)

struct kea_conf {
	char url[256], socket[108], service[16];
	char cred_file[256], ca_file[256], cert_file[256], key_file[256];
	int timeout_ms;
};

struct kea_session {
	const struct kea_conf *conf;
	struct dfo_rel *rows;   /* the reply fetched at handle 0 */
	uint32_t n;
};

struct buf {
	char *p;
	size_t len;
	int too_big;
};

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;

static void curl_init(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

/* "http://user:pw@host/": the URL is shown in the MIB and in errors. */
static int url_has_userinfo(const char *url)
{
	const char *p = strstr(url, "://");
	size_t auth;

	if (p == NULL)
		return 0;
	p += 3;
	auth = strcspn(p, "/?#");
	return memchr(p, '@', auth) != NULL;
}

static int kea_parse(const config_setting_t *s, void **out, struct dfo_err *e)
{
	static const char *const keys[] = { "url", "socket", "service",
		"credentials-file", "ca-file", "cert-file", "key-file", NULL };
	const config_setting_t *g;
	struct kea_conf *c = calloc(1, sizeof(*c));
	char where[300];
	int t = 10;

	if (c == NULL)
		return -1;
	*out = c;
	g = dfo_cfg_backend_group(s, "kea", keys,
				  "url = \"http://...\"; or socket = \"...\";",
				  where, sizeof(where), e);
	if (g == NULL)
		return -1;
	snprintf(c->service, sizeof(c->service), "dhcp4");
	if (dfo_cfg_copy(g, "url", c->url, sizeof(c->url), e) ||
	    dfo_cfg_copy(g, "socket", c->socket, sizeof(c->socket), e) ||
	    dfo_cfg_copy(g, "service", c->service, sizeof(c->service), e) ||
	    dfo_cfg_copy(g, "credentials-file", c->cred_file, sizeof(c->cred_file), e) ||
	    dfo_cfg_copy(g, "ca-file", c->ca_file, sizeof(c->ca_file), e) ||
	    dfo_cfg_copy(g, "cert-file", c->cert_file, sizeof(c->cert_file), e) ||
	    dfo_cfg_copy(g, "key-file", c->key_file, sizeof(c->key_file), e) ||
	    dfo_cfg_int(s, "timeout", 1, 3600, &t, e) < 0)
		return -1;
	dfo_cfg_where(g, where, sizeof(where));
	if ((c->url[0] == '\0') == (c->socket[0] == '\0')) {
		dfo_err_set(e, ERROR_INVALID_PARAMETER,
			    "%s: give exactly one of kea.url and kea.socket", where);
		return -1;
	}
	if (c->url[0] && strncmp(c->url, "http://", 7) && strncmp(c->url, "https://", 8)) {
		dfo_err_set(e, ERROR_INVALID_PARAMETER,
			    "%s: kea.url must start with http:// or https://", where);
		return -1;
	}
	if (url_has_userinfo(c->url)) {
		dfo_err_set(e, ERROR_INVALID_PARAMETER,
			    "%s: kea.url must not carry user:password; put them in kea.credentials-file", where);
		return -1;
	}
	c->timeout_ms = t * 1000;
	return 0;
}

static void kea_free_conf(void *c)
{
	free(c);
}

static void kea_describe(const void *p, char *buf, size_t len)
{
	const struct kea_conf *c = p;

	snprintf(buf, len, "%s", c->url[0] ? c->url : c->socket);
}

static int kea_open(const void *conf, void **session, struct dfo_err *e)
{
	struct kea_session *s = calloc(1, sizeof(*s));

	if (s == NULL) {
		dfo_err_set(e, ERROR_NOT_ENOUGH_MEMORY, "out of memory");
		return -1;
	}
	s->conf = conf;
	*session = s;
	pthread_once(&curl_once, curl_init);
	return 0;
}

static void kea_close(void *p)
{
	struct kea_session *s = p;

	if (s == NULL)
		return;
	dfo_rel_array_free(s->rows, s->n);
	free(s);
}

static size_t on_data(char *data, size_t size, size_t n, void *arg)
{
	struct buf *b = arg;
	size_t add = size * n;
	char *p;

	if (b->len + add > KEA_MAX_REPLY) {
		b->too_big = 1;
		return 0;
	}
	p = realloc(b->p, b->len + add + 1);
	if (p == NULL)
		return 0;
	memcpy(p + b->len, data, add);
	b->p = p;
	b->len += add;
	p[b->len] = '\0';
	return add;
}

static unsigned curl_error(CURLcode rc, const struct kea_conf *c, struct buf *b,
			   const char *detail, struct dfo_err *e)
{
	const char *why = detail[0] ? detail : curl_easy_strerror(rc);

	if (b->too_big || rc == CURLE_FILESIZE_EXCEEDED) {
		dfo_err_set(e, ERROR_INVALID_DATA, "kea: reply from %s is larger than %u bytes",
			    c->url, KEA_MAX_REPLY);
		return ERROR_INVALID_DATA;
	}
	if (rc == CURLE_OPERATION_TIMEDOUT) {
		dfo_err_set(e, ERROR_TIMEOUT, "kea: no complete answer from %s within %d s (%s)",
			    c->url, c->timeout_ms / 1000, why);
		return ERROR_TIMEOUT;
	}
	if (rc == CURLE_COULDNT_CONNECT) {
		dfo_err_set(e, ERROR_CONNECTION_REFUSED,
			    "kea: cannot connect to %s: %s (is kea-ctrl-agent running?)", c->url, why);
		return ERROR_CONNECTION_REFUSED;
	}
	dfo_err_set(e, RPC_S_SERVER_UNAVAILABLE, "kea: %s: %s", c->url, why);
	return RPC_S_SERVER_UNAVAILABLE;
}

/* Basic auth "user:password" from the secret file, wiped after use. */
static int set_auth(CURL *h, const struct kea_conf *c, char **secret,
		    size_t *slen, struct dfo_err *e)
{
	if (c->cred_file[0] == '\0')
		return 0;
	*secret = dfo_secret_read(c->cred_file, slen, e);
	if (*secret == NULL)
		return -1;
	if (strchr(*secret, ':') == NULL) {
		dfo_err_set(e, ERROR_ACCESS_DENIED,
			    "kea: %s must hold user:password", c->cred_file);
		return -1;
	}
	curl_easy_setopt(h, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
	curl_easy_setopt(h, CURLOPT_USERPWD, *secret);
	return 0;
}

static void http_options(CURL *h, const struct kea_conf *c, const char *body,
			 struct curl_slist *hdr, struct buf *b, char *detail)
{
	curl_easy_setopt(h, CURLOPT_URL, c->url);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
	curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, (long)c->timeout_ms);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, (long)c->timeout_ms);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, b);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, detail);
	curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)KEA_MAX_REPLY);
	if (c->ca_file[0])
		curl_easy_setopt(h, CURLOPT_CAINFO, c->ca_file);
	if (c->cert_file[0])
		curl_easy_setopt(h, CURLOPT_SSLCERT, c->cert_file);
	if (c->key_file[0])
		curl_easy_setopt(h, CURLOPT_SSLKEY, c->key_file);
}

static unsigned http_status(const struct kea_conf *c, long http, struct dfo_err *e)
{
	if (http == 401 || http == 403) {
		dfo_err_set(e, ERROR_ACCESS_DENIED,
			    "kea: %s refused the credentials (HTTP %ld): check kea.credentials-file",
			    c->url, http);
		return ERROR_ACCESS_DENIED;
	}
	if (http != 200) {
		dfo_err_set(e, ERROR_INVALID_DATA, "kea: %s answered HTTP %ld", c->url, http);
		return ERROR_INVALID_DATA;
	}
	return ERROR_SUCCESS;
}

static unsigned http_command(const struct kea_conf *c, const char *cmd,
			     struct buf *b, struct dfo_err *e)
{
	CURL *h = curl_easy_init();
	struct curl_slist *hdr = NULL;
	char body[128], *secret = NULL, detail[CURL_ERROR_SIZE] = "";
	size_t slen = 0;
	unsigned st;
	long http = 0;
	CURLcode rc;

	if (h == NULL) {
		dfo_err_set(e, ERROR_NOT_ENOUGH_MEMORY, "kea: curl_easy_init failed");
		return ERROR_NOT_ENOUGH_MEMORY;
	}
	snprintf(body, sizeof(body), "{\"command\": \"%s\", \"service\": [\"%s\"]}",
		 cmd, c->service);
	hdr = curl_slist_append(hdr, "Content-Type: application/json");
	http_options(h, c, body, hdr, b, detail);
	if (set_auth(h, c, &secret, &slen, e) != 0) {
		st = e->code;
	} else if ((rc = curl_easy_perform(h)) != CURLE_OK) {
		st = curl_error(rc, c, b, detail, e);
	} else {
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &http);
		st = http_status(c, http, e);
	}
	curl_easy_setopt(h, CURLOPT_USERPWD, "");
	dfo_secret_free(secret, slen);
	curl_slist_free_all(hdr);
	curl_easy_cleanup(h);
	return st;
}

static int64_t ms_left(const struct timespec *end)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (int64_t)(end->tv_sec - now.tv_sec) * 1000 +
	       (end->tv_nsec - now.tv_nsec) / 1000000;
}

/* Non-blocking, so a wedged server with a full backlog cannot hang us. */
static int sock_connect(const struct kea_conf *c, struct dfo_err *e)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	int err;

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", c->socket);
	if (fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0)
		return fd;
	err = errno;
	if (fd >= 0)
		close(fd);
	if (err == EACCES || err == EPERM)
		dfo_err_set(e, ERROR_ACCESS_DENIED,
			    "kea: cannot connect to %s: %s (the agent's user needs write access to the socket)",
			    c->socket, strerror(err));
	else if (err == EAGAIN)
		dfo_err_set(e, ERROR_TIMEOUT, "kea: %s is not accepting connections (backlog full)",
			    c->socket);
	else
		dfo_err_set(e, ERROR_CONNECTION_REFUSED, "kea: cannot connect to %s: %s",
			    c->socket, strerror(err));
	return -1;
}

/* Reads until Kea closes or a complete JSON value has arrived. */
static unsigned sock_read(int fd, const struct kea_conf *c, struct buf *b,
			  struct dfo_err *e)
{
	json_tokener *tok = json_tokener_new_ex(64);
	struct timespec end;
	char chunk[8192];
	unsigned st = ERROR_SUCCESS;

	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += c->timeout_ms / 1000;
	for (;;) {
		struct pollfd p = { fd, POLLIN, 0 };
		int64_t left = ms_left(&end);
		json_object *o;
		ssize_t r;

		if (left <= 0 || poll(&p, 1, (int)left) <= 0) {
			st = ERROR_TIMEOUT;
			dfo_err_set(e, st, "kea: no complete answer from %s within %d s",
				    c->socket, c->timeout_ms / 1000);
			break;
		}
		r = read(fd, chunk, sizeof(chunk));
		if (r < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (r <= 0)
			break;
		if (on_data(chunk, 1, (size_t)r, b) != (size_t)r) {
			st = ERROR_INVALID_DATA;
			dfo_err_set(e, st, "kea: reply from %s is larger than %u bytes",
				    c->socket, KEA_MAX_REPLY);
			break;
		}
		o = tok ? json_tokener_parse_ex(tok, chunk, (int)r) : NULL;
		json_object_put(o);
		if (o != NULL || (tok && json_tokener_get_error(tok) != json_tokener_continue))
			break; /* complete, or never JSON: the mapping says which */
	}
	if (tok)
		json_tokener_free(tok);
	return st;
}

/* One command over kea-dhcp4's control socket. */
static unsigned socket_command(const struct kea_conf *c, const char *cmd,
			       struct buf *b, struct dfo_err *e)
{
	char req[96];
	int fd = sock_connect(c, e);
	unsigned st;

	if (fd < 0)
		return e->code;
	snprintf(req, sizeof(req), "{\"command\": \"%s\"}", cmd);
	if (send(fd, req, strlen(req), MSG_NOSIGNAL) != (ssize_t)strlen(req)) {
		dfo_err_set(e, RPC_S_SERVER_UNAVAILABLE, "kea: %s: %s", c->socket, strerror(errno));
		close(fd);
		return RPC_S_SERVER_UNAVAILABLE;
	}
	st = sock_read(fd, c, b, e);
	close(fd);
	return st;
}

static unsigned command(const struct kea_conf *c, const char *cmd, struct buf *b,
			struct dfo_err *e)
{
	memset(b, 0, sizeof(*b));
	return c->url[0] ? http_command(c, cmd, b, e) : socket_command(c, cmd, b, e);
}

/* config-get carries the whole configuration, peers' and databases'
 * passwords included: wiped, never kept. */
static void wipe_free(struct buf *b)
{
	if (b->p != NULL)
		explicit_bzero(b->p, b->len);
	free(b->p);
	memset(b, 0, sizeof(*b));
}

/* Handle 0: ask Kea, map the answer, keep it for the pages that follow. */
static unsigned fetch(struct kea_session *s, struct dfo_err *e)
{
	struct buf st, cf;
	unsigned rc;

	dfo_rel_array_free(s->rows, s->n);
	s->rows = NULL;
	s->n = 0;
	rc = command(s->conf, "status-get", &st, e);
	if (rc != ERROR_SUCCESS) {
		free(st.p);
		return rc;
	}
	if (command(s->conf, "config-get", &cf, e) != ERROR_SUCCESS)
		wipe_free(&cf); /* names fall back to status-get's or the roles */
	dfo_err_clear(e);
	if (dfo_kea_map(st.p ? st.p : "", st.len, cf.p, cf.len, &s->rows, &s->n, e) != 0)
		rc = e->code ? e->code : ERROR_INVALID_DATA;
	free(st.p);
	wipe_free(&cf);
	return rc;
}

static unsigned kea_enum_page(void *p, uint32_t *handle, uint32_t pmax,
			      struct dfo_rel **array, uint32_t *read,
			      uint32_t *total, struct dfo_err *e)
{
	struct kea_session *s = p;

	if (pmax == 0) {
		dfo_err_set(e, ERROR_INVALID_PARAMETER, "PreferredMaximum is 0");
		return ERROR_INVALID_PARAMETER;
	}
	if (*handle == 0) {
		unsigned rc = fetch(s, e);
		if (rc != ERROR_SUCCESS)
			return rc;
	}
	return dfo_page_from_array(s->rows, s->n, handle, pmax, array, read,
				   total, e);
}

const struct dfo_backend_ops dfo_backend_kea = {
	.type = "kea",
	.mib_type = 2,
	.parse = kea_parse,
	.free_conf = kea_free_conf,
	.describe = kea_describe,
	.open = kea_open,
	.enum_page = kea_enum_page,
	.close = kea_close,
};
