/* omapi.c: OMAPI codec (encode/decode with every length bounded), HMAC-MD5
 * signing, and a blocking client whose every step has a deadline. */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "omapi.h"

/* ---- name/value lists ------------------------------------------------ */

void omapi_list_free(struct omapi_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->p[i].name);
		free(l->p[i].value);
	}
	free(l->p);
	memset(l, 0, sizeof(*l));
}

int omapi_list_add_n(struct omapi_list *l, const char *name, size_t nlen,
		     const void *v, size_t vlen)
{
	struct omapi_pair *p;

	if (nlen == 0 || nlen > OMAPI_MAX_NAME || vlen > OMAPI_MAX_VALUE ||
	    l->n >= OMAPI_MAX_PAIRS)
		return -1;
	if (l->n == l->cap) {
		size_t nc = l->cap ? l->cap * 2 : 8;
		struct omapi_pair *np = realloc(l->p, nc * sizeof(*np));

		if (np == NULL)
			return -1;
		l->p = np;
		l->cap = nc;
	}
	p = &l->p[l->n];
	p->name = malloc(nlen + 1);
	p->value = malloc(vlen + 1);
	if (p->name == NULL || p->value == NULL) {
		free(p->name);
		free(p->value);
		return -1;
	}
	memcpy(p->name, name, nlen);
	p->name[nlen] = '\0';
	p->nlen = nlen;
	if (vlen > 0)
		memcpy(p->value, v, vlen);
	p->value[vlen] = '\0';
	p->vlen = (uint32_t)vlen;
	l->n++;
	return 0;
}

int omapi_list_add(struct omapi_list *l, const char *name, const void *v,
		   size_t vlen)
{
	return omapi_list_add_n(l, name, strlen(name), v, vlen);
}

int omapi_list_add_str(struct omapi_list *l, const char *name, const char *v)
{
	return omapi_list_add(l, name, v, strlen(v));
}

int omapi_list_add_u32(struct omapi_list *l, const char *name, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16),
			 (uint8_t)(v >> 8), (uint8_t)v };

	return omapi_list_add(l, name, b, 4);
}

const struct omapi_pair *omapi_list_get(const struct omapi_list *l,
					const char *name)
{
	size_t nl = strlen(name);

	for (size_t i = 0; i < l->n; i++)
		if (l->p[i].nlen == nl && memcmp(l->p[i].name, name, nl) == 0)
			return &l->p[i];
	return NULL;
}

int omapi_list_get_u32(const struct omapi_list *l, const char *name,
		       uint32_t *out)
{
	const struct omapi_pair *p = omapi_list_get(l, name);

	if (p == NULL)
		return 1;
	if (p->vlen != 4)
		return -1;
	*out = ((uint32_t)p->value[0] << 24) | ((uint32_t)p->value[1] << 16) |
	       ((uint32_t)p->value[2] << 8) | p->value[3];
	return 0;
}

void omapi_msg_init(struct omapi_msg *m)
{
	memset(m, 0, sizeof(*m));
}

void omapi_msg_free(struct omapi_msg *m)
{
	omapi_list_free(&m->msg);
	omapi_list_free(&m->obj);
	memset(m, 0, sizeof(*m));
}

/* ---- encoder ---------------------------------------------------------- */

struct wbuf {
	uint8_t *b;
	size_t cap, len;
	int over;
};

static void put(struct wbuf *w, const void *p, size_t n)
{
	if (w->over || n > w->cap - w->len) {
		w->over = 1;
		return;
	}
	if (n > 0)
		memcpy(w->b + w->len, p, n);
	w->len += n;
}

static void put32(struct wbuf *w, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16),
			 (uint8_t)(v >> 8), (uint8_t)v };

	put(w, b, 4);
}

static void put16(struct wbuf *w, uint16_t v)
{
	uint8_t b[2] = { (uint8_t)(v >> 8), (uint8_t)v };

	put(w, b, 2);
}

static void put_list(struct wbuf *w, const struct omapi_list *l)
{
	if (l->n > OMAPI_MAX_PAIRS)
		w->over = 1;
	for (size_t i = 0; i < l->n && !w->over; i++) {
		const struct omapi_pair *p = &l->p[i];

		if (p->nlen == 0 || p->nlen > OMAPI_MAX_NAME ||
		    p->vlen > OMAPI_MAX_VALUE) {
			w->over = 1;
			return;
		}
		put16(w, (uint16_t)p->nlen);
		put(w, p->name, p->nlen);
		put32(w, p->vlen);
		put(w, p->value, p->vlen);
	}
	put16(w, 0);
}

size_t omapi_encode(const struct omapi_msg *m, int forsigning, uint8_t *buf,
		    size_t cap)
{
	struct wbuf w = { buf, cap > OMAPI_MAX_MSG ? OMAPI_MAX_MSG : cap, 0, 0 };

	if (m->authlen > OMAPI_MAX_SIG)
		return 0;
	if (!forsigning)
		put32(&w, m->authid);
	put32(&w, m->authlen);
	put32(&w, m->op);
	put32(&w, m->handle);
	put32(&w, m->id);
	put32(&w, m->rid);
	put_list(&w, &m->msg);
	put_list(&w, &m->obj);
	if (!forsigning)
		put(&w, m->sig, m->authlen);
	return w.over ? 0 : w.len;
}

void omapi_encode_startup(uint8_t out[8])
{
	struct wbuf w = { out, 8, 0, 0 };

	put32(&w, OMAPI_PROTOCOL_VERSION);
	put32(&w, OMAPI_HEADER_SIZE);
}

/* ---- decoder ---------------------------------------------------------- */

static uint32_t get32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
	       ((uint32_t)p[2] << 8) | p[3];
}

enum omapi_dec omapi_decode_startup(const uint8_t *buf, size_t len,
				    uint32_t *version, uint32_t *hsize,
				    char *err, size_t errlen)
{
	if (len < 8)
		return OMAPI_DEC_MORE;
	*version = get32(buf);
	*hsize = get32(buf + 4);
	if (*version != OMAPI_PROTOCOL_VERSION) {
		snprintf(err, errlen, "OMAPI protocol version %u, expected %u",
			 *version, OMAPI_PROTOCOL_VERSION);
		return OMAPI_DEC_BAD;
	}
	if (*hsize < OMAPI_HEADER_SIZE || *hsize > OMAPI_MAX_HEADER_SIZE) {
		snprintf(err, errlen, "OMAPI header size %u out of range %u..%u",
			 *hsize, OMAPI_HEADER_SIZE, OMAPI_MAX_HEADER_SIZE);
		return OMAPI_DEC_BAD;
	}
	return OMAPI_DEC_OK;
}

/* One list at *off. */
static enum omapi_dec dec_list(const uint8_t *buf, size_t len, size_t *off,
			       struct omapi_list *l, const char *which,
			       char *err, size_t errlen)
{
	for (;;) {
		size_t o = *off;
		uint32_t nlen, vlen;

		if (len - o < 2)
			return OMAPI_DEC_MORE;
		nlen = ((uint32_t)buf[o] << 8) | buf[o + 1];
		o += 2;
		if (nlen == 0) {
			*off = o;
			return OMAPI_DEC_OK;
		}
		if (nlen > OMAPI_MAX_NAME) {
			snprintf(err, errlen, "%s list: name of %u bytes (max %u)",
				 which, nlen, OMAPI_MAX_NAME);
			return OMAPI_DEC_BAD;
		}
		if (l->n >= OMAPI_MAX_PAIRS) {
			snprintf(err, errlen, "%s list: more than %u values",
				 which, OMAPI_MAX_PAIRS);
			return OMAPI_DEC_BAD;
		}
		if (len - o < nlen + 4u)
			return OMAPI_DEC_MORE;
		vlen = get32(buf + o + nlen);
		if (vlen > OMAPI_MAX_VALUE) {
			snprintf(err, errlen,
				 "%s list: value of %u bytes for '%.*s' (max %u)",
				 which, vlen, (int)(nlen > 40 ? 40 : nlen),
				 (const char *)(buf + o), OMAPI_MAX_VALUE);
			return OMAPI_DEC_BAD;
		}
		if (len - o - nlen - 4 < vlen)
			return OMAPI_DEC_MORE;
		if (omapi_list_add_n(l, (const char *)(buf + o), nlen,
				     buf + o + nlen + 4, vlen) != 0) {
			snprintf(err, errlen, "out of memory");
			return OMAPI_DEC_BAD;
		}
		*off = o + nlen + 4 + vlen;
	}
}

enum omapi_dec omapi_decode(const uint8_t *buf, size_t len, uint32_t hsize,
			    struct omapi_msg *m, size_t *used, char *err,
			    size_t errlen)
{
	enum omapi_dec r;
	size_t off;

	omapi_msg_init(m);
	if (hsize < OMAPI_HEADER_SIZE || hsize > OMAPI_MAX_HEADER_SIZE) {
		snprintf(err, errlen, "bad header size %u", hsize);
		return OMAPI_DEC_BAD;
	}
	if (len > OMAPI_MAX_MSG)
		len = OMAPI_MAX_MSG;
	if (len < 8)
		return OMAPI_DEC_MORE;
	m->authid = get32(buf);
	m->authlen = get32(buf + 4);
	if (m->authlen > OMAPI_MAX_SIG) {
		snprintf(err, errlen, "signature length %u (max %u)",
			 m->authlen, OMAPI_MAX_SIG);
		return OMAPI_DEC_BAD;
	}
	if (len < hsize)
		return OMAPI_DEC_MORE;
	m->op = get32(buf + 8);
	m->handle = get32(buf + 12);
	m->id = get32(buf + 16);
	m->rid = get32(buf + 20);
	if (m->op < OMAPI_OP_OPEN || m->op > OMAPI_OP_DELETE) {
		snprintf(err, errlen, "unknown OMAPI operation %u", m->op);
		return OMAPI_DEC_BAD;
	}
	off = hsize;
	r = dec_list(buf, len, &off, &m->msg, "message", err, errlen);
	if (r == OMAPI_DEC_OK)
		r = dec_list(buf, len, &off, &m->obj, "object", err, errlen);
	if (r == OMAPI_DEC_OK && len - off < m->authlen)
		r = OMAPI_DEC_MORE;
	if (r == OMAPI_DEC_MORE && len == OMAPI_MAX_MSG) {
		snprintf(err, errlen, "message larger than %u bytes",
			 OMAPI_MAX_MSG);
		r = OMAPI_DEC_BAD;
	}
	if (r != OMAPI_DEC_OK) {
		omapi_msg_free(m);
		return r;
	}
	memcpy(m->sig, buf + off, m->authlen);
	*used = off + m->authlen;
	return OMAPI_DEC_OK;
}

/* ---- HMAC-MD5 and base64 --------------------------------------------- */

int omapi_hmac_md5(const uint8_t *key, size_t keylen, const uint8_t *data,
		   size_t len, uint8_t out[OMAPI_MD5_LEN])
{
	unsigned int ol = 0;

	if (keylen > 0x7fffffff ||
	    HMAC(EVP_md5(), key, (int)keylen, data, len, out, &ol) == NULL ||
	    ol != OMAPI_MD5_LEN)
		return -1;
	return 0;
}

int omapi_sign(struct omapi_msg *m, uint32_t authid, const uint8_t *key,
	       size_t keylen)
{
	uint8_t *buf = malloc(OMAPI_MAX_MSG);
	size_t n;
	int rc = -1;

	if (buf == NULL)
		return -1;
	m->authid = authid;
	m->authlen = OMAPI_MD5_LEN;
	n = omapi_encode(m, 1, buf, OMAPI_MAX_MSG);
	if (n > 0 && omapi_hmac_md5(key, keylen, buf, n, m->sig) == 0)
		rc = 0;
	free(buf);
	return rc;
}

int omapi_verify(const struct omapi_msg *m, const uint8_t *key, size_t keylen)
{
	uint8_t *buf, mac[OMAPI_MD5_LEN];
	size_t n;
	int ok = 0;

	if (m->authlen != OMAPI_MD5_LEN || (buf = malloc(OMAPI_MAX_MSG)) == NULL)
		return 0;
	n = omapi_encode(m, 1, buf, OMAPI_MAX_MSG);
	if (n > 0 && omapi_hmac_md5(key, keylen, buf, n, mac) == 0) {
		unsigned char d = 0;

		for (unsigned i = 0; i < OMAPI_MD5_LEN; i++)
			d |= (unsigned char)(mac[i] ^ m->sig[i]);
		ok = d == 0;
	}
	free(buf);
	return ok;
}

static int b64val(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

long omapi_b64_decode(const char *in, uint8_t *out, size_t cap)
{
	uint32_t acc = 0;
	int bits = 0, pad = 0;
	size_t n = 0;

	for (const char *p = in; *p != '\0'; p++) {
		int v;

		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			continue;
		if (*p == '=') {
			pad++;
			continue;
		}
		if (pad > 0 || (v = b64val((unsigned char)*p)) < 0)
			return -1;
		acc = (acc << 6) | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (n >= cap)
				return -1;
			out[n++] = (uint8_t)(acc >> bits);
		}
	}
	if (pad > 2 || bits >= 6 || (acc & ((1u << bits) - 1)) != 0)
		return -1;
	return (long)n;
}

/* ---- client ----------------------------------------------------------- */

struct omapi_conn {
	int fd;
	int timeout_ms;
	uint32_t hsize;
	uint32_t next_id;
	uint32_t authid;          /* 0 = unauthenticated */
	const uint8_t *key;       /* the caller's, which outlives us */
	size_t keylen;
	uint8_t *in;              /* received, not yet decoded */
	size_t inlen;
};

static void seterr(struct omapi_error *e, enum omapi_errkind k,
		   const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void seterr(struct omapi_error *e, enum omapi_errkind k,
		   const char *fmt, ...)
{
	va_list ap;

	e->kind = k;
	va_start(ap, fmt);
	vsnprintf(e->text, sizeof(e->text), fmt, ap);
	va_end(ap);
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Waits for events on fd until deadline: 1 ready, 0 timeout, -1 error. */
static int wait_fd(int fd, short ev, int64_t deadline)
{
	for (;;) {
		int64_t left = deadline - now_ms();
		struct pollfd p = { fd, ev, 0 };
		int r;

		if (left <= 0)
			return 0;
		r = poll(&p, 1, left > 60000 ? 60000 : (int)left);
		if (r > 0)
			return 1;
		if (r < 0 && errno != EINTR)
			return -1;
	}
}

static int send_all(struct omapi_conn *c, const uint8_t *b, size_t n,
		    int64_t deadline, struct omapi_error *e)
{
	while (n > 0) {
		ssize_t w = send(c->fd, b, n, MSG_NOSIGNAL);

		if (w > 0) {
			b += w;
			n -= (size_t)w;
			continue;
		}
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			int r = wait_fd(c->fd, POLLOUT, deadline);

			if (r == 0) {
				seterr(e, OMAPI_E_TIMEOUT,
				       "timed out sending to dhcpd");
				return -1;
			}
			if (r > 0)
				continue;
		}
		seterr(e, OMAPI_E_IO, "send to dhcpd failed: %s",
		       strerror(errno));
		return -1;
	}
	return 0;
}

/* Reads more bytes into c->in before deadline. */
static int recv_more(struct omapi_conn *c, int64_t deadline,
		     struct omapi_error *e)
{
	for (;;) {
		ssize_t r;
		int w;

		if (c->inlen >= OMAPI_MAX_MSG) {
			seterr(e, OMAPI_E_PROTO,
			       "dhcpd sent a message larger than %u bytes",
			       OMAPI_MAX_MSG);
			return -1;
		}
		r = recv(c->fd, c->in + c->inlen, OMAPI_MAX_MSG - c->inlen, 0);
		if (r > 0) {
			c->inlen += (size_t)r;
			return 0;
		}
		if (r == 0) {
			seterr(e, OMAPI_E_IO,
			       "dhcpd closed the OMAPI connection%s",
			       c->inlen ? " in the middle of a message" : "");
			return -1;
		}
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK) {
			seterr(e, errno == ECONNREFUSED ? OMAPI_E_REFUSED : OMAPI_E_IO,
			       "receive from dhcpd failed: %s", strerror(errno));
			return -1;
		}
		w = wait_fd(c->fd, POLLIN, deadline);
		if (w == 0) {
			seterr(e, OMAPI_E_TIMEOUT,
			       "dhcpd did not answer within %d ms%s",
			       c->timeout_ms,
			       c->inlen ? " (message truncated)" : "");
			return -1;
		}
		if (w < 0) {
			seterr(e, OMAPI_E_IO, "poll: %s", strerror(errno));
			return -1;
		}
	}
}

static void consume(struct omapi_conn *c, size_t n)
{
	memmove(c->in, c->in + n, c->inlen - n);
	c->inlen -= n;
}

static int recv_msg(struct omapi_conn *c, struct omapi_msg *m,
		    int64_t deadline, struct omapi_error *e)
{
	char why[200] = "";

	for (;;) {
		size_t used = 0;
		enum omapi_dec d = omapi_decode(c->in, c->inlen, c->hsize, m,
						&used, why, sizeof(why));

		if (d == OMAPI_DEC_OK) {
			consume(c, used);
			return 0;
		}
		if (d == OMAPI_DEC_BAD) {
			seterr(e, OMAPI_E_PROTO, "invalid OMAPI message from dhcpd: %s",
			       why);
			return -1;
		}
		if (recv_more(c, deadline, e) != 0)
			return -1;
	}
}

struct omapi_conn *omapi_connect(const char *host, unsigned port,
				 int timeout_ms, struct omapi_error *e)
{
	struct addrinfo hints, *res = NULL, *ai;
	struct omapi_conn *c;
	char ports[16], why[200] = "";
	int64_t deadline = now_ms() + timeout_ms;
	int rc, last_errno = 0;
	uint8_t st[8];
	uint32_t ver, hs;

	memset(e, 0, sizeof(*e));
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	snprintf(ports, sizeof(ports), "%u", port);
	rc = getaddrinfo(host, ports, &hints, &res);
	if (rc != 0) {
		seterr(e, OMAPI_E_IO, "cannot resolve %s: %s", host,
		       gai_strerror(rc));
		return NULL;
	}
	c = calloc(1, sizeof(*c));
	if (c == NULL || (c->in = malloc(OMAPI_MAX_MSG)) == NULL) {
		free(c);
		freeaddrinfo(res);
		seterr(e, OMAPI_E_NOMEM, "out of memory");
		return NULL;
	}
	c->fd = -1;
	c->timeout_ms = timeout_ms;
	c->next_id = ((uint32_t)now_ms() ^ (uint32_t)getpid()) & 0x7fffffff;
	for (ai = res; ai != NULL && c->fd < 0; ai = ai->ai_next) {
		int fd = socket(ai->ai_family,
				ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
				ai->ai_protocol);
		int w, soerr = 0;
		socklen_t sl = sizeof(soerr);

		if (fd < 0) {
			last_errno = errno;
			continue;
		}
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0) {
			c->fd = fd;
			break;
		}
		if (errno != EINPROGRESS) {
			last_errno = errno;
			close(fd);
			continue;
		}
		w = wait_fd(fd, POLLOUT, deadline);
		if (w <= 0) {
			last_errno = w == 0 ? ETIMEDOUT : errno;
			close(fd);
			continue;
		}
		if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) != 0)
			soerr = errno;
		if (soerr != 0) {
			last_errno = soerr;
			close(fd);
			continue;
		}
		c->fd = fd;
	}
	freeaddrinfo(res);
	if (c->fd < 0) {
		seterr(e, last_errno == ECONNREFUSED ? OMAPI_E_REFUSED :
			  last_errno == ETIMEDOUT ? OMAPI_E_TIMEOUT : OMAPI_E_IO,
		       "cannot connect to OMAPI at %s port %u: %s", host, port,
		       last_errno == ETIMEDOUT ? "timed out" : strerror(last_errno));
		omapi_close(c);
		return NULL;
	}
	omapi_encode_startup(st);
	if (send_all(c, st, sizeof(st), deadline, e) != 0)
		goto fail;
	for (;;) {
		enum omapi_dec d = omapi_decode_startup(c->in, c->inlen, &ver,
							&hs, why, sizeof(why));
		if (d == OMAPI_DEC_OK)
			break;
		if (d == OMAPI_DEC_BAD) {
			seterr(e, OMAPI_E_PROTO, "%s:%u is not an OMAPI server: %s",
			       host, port, why);
			goto fail;
		}
		if (recv_more(c, deadline, e) != 0)
			goto fail;
	}
	c->hsize = hs;
	consume(c, 8);
	return c;
fail:
	omapi_close(c);
	return NULL;
}

void omapi_close(struct omapi_conn *c)
{
	if (c == NULL)
		return;
	if (c->fd >= 0)
		close(c->fd);
	free(c->in);
	free(c);
}

int omapi_request(struct omapi_conn *c, struct omapi_msg *req,
		  struct omapi_msg *reply, struct omapi_error *e)
{
	int64_t deadline = now_ms() + c->timeout_ms;
	uint8_t *buf;
	size_t n;
	int rc;

	memset(e, 0, sizeof(*e));
	omapi_msg_init(reply);
	if (c->fd < 0) {
		seterr(e, OMAPI_E_IO, "OMAPI connection is closed");
		return -1;
	}
	req->id = ++c->next_id;
	if (req->id == 0)
		req->id = ++c->next_id;
	if (c->authid != 0) {
		if (omapi_sign(req, c->authid, c->key, c->keylen) != 0) {
			seterr(e, OMAPI_E_PROTO, "cannot sign the OMAPI request");
			return -1;
		}
	} else {
		req->authid = 0;
		req->authlen = 0;
	}
	buf = malloc(OMAPI_MAX_MSG);
	if (buf == NULL) {
		seterr(e, OMAPI_E_NOMEM, "out of memory");
		return -1;
	}
	n = omapi_encode(req, 0, buf, OMAPI_MAX_MSG);
	if (n == 0) {
		free(buf);
		seterr(e, OMAPI_E_PROTO, "OMAPI request too large");
		return -1;
	}
	rc = send_all(c, buf, n, deadline, e);
	free(buf);
	if (rc != 0)
		goto broken;
	for (;;) {
		if (recv_msg(c, reply, deadline, e) != 0)
			goto broken;
		if (reply->rid == req->id)
			break;
		/* Unsolicited (notify) or stale answer: skip it. */
		omapi_msg_free(reply);
	}
	if (reply->authid != 0 || reply->authlen != 0) {
		if (c->authid == 0 || reply->authid != c->authid ||
		    !omapi_verify(reply, c->key, c->keylen)) {
			omapi_msg_free(reply);
			seterr(e, OMAPI_E_AUTH,
			       "the OMAPI answer's signature does not verify with our key (authid %u)",
			       reply->authid);
			goto broken;
		}
	} else if (c->authid != 0 && reply->op != OMAPI_OP_STATUS) {
		/* Only an error status may come back unsigned: dhcpd cannot
		 * sign with a key whose signature it just rejected. */
		omapi_msg_free(reply);
		seterr(e, OMAPI_E_AUTH, "unsigned OMAPI answer to a signed request");
		goto broken;
	}
	return 0;
broken:
	/* The stream position is unknown now: no further use. */
	close(c->fd);
	c->fd = -1;
	return -1;
}

const char *omapi_result_text(uint32_t r)
{
	switch (r) {
	case OMAPI_R_SUCCESS: return "success";
	case OMAPI_R_NOPERM: return "permission denied";
	case OMAPI_R_NOTFOUND: return "not found";
	case OMAPI_R_INVALIDARG: return "invalid argument";
	case OMAPI_R_KEYCONFLICT: return "key conflict";
	case OMAPI_R_NOKEYS: return "no key specified";
	case OMAPI_R_KEY_UNKNOWN: return "key unknown";
	case OMAPI_R_INVALIDKEY: return "invalid key";
	default: return "error";
	}
}

/* A STATUS answer into e: kind STATUS (or AUTH for key errors). */
static void status_error(const struct omapi_msg *r, struct omapi_error *e)
{
	const struct omapi_pair *m = omapi_list_get(&r->msg, "message");
	uint32_t res = 0;
	char text[128] = "";

	if (omapi_list_get_u32(&r->msg, "result", &res) != 0)
		res = 0xffffffffu;
	if (m != NULL) {
		snprintf(text, sizeof(text), "%.*s", (int)(m->vlen > 100 ? 100 : m->vlen),
			 (const char *)m->value);
		for (char *p = text; *p; p++)
			if ((unsigned char)*p < 32 || (unsigned char)*p > 126)
				*p = '?';
	}
	e->result = res;
	seterr(e, (res == OMAPI_R_INVALIDKEY || res == OMAPI_R_NOKEYS ||
		   res == OMAPI_R_KEY_UNKNOWN || res == OMAPI_R_NOPERM) ?
		  OMAPI_E_AUTH : OMAPI_E_STATUS,
	       "dhcpd: %s (result %u)%s%s", omapi_result_text(res), res,
	       text[0] ? ": " : "", text);
	e->result = res;
}

int omapi_authenticate(struct omapi_conn *c, const char *keyname,
		       const uint8_t *key, size_t keylen,
		       struct omapi_error *e)
{
	struct omapi_msg req, rep;
	int rc;

	omapi_msg_init(&req);
	req.op = OMAPI_OP_OPEN;
	if (omapi_list_add_str(&req.msg, "type", "authenticator") != 0 ||
	    omapi_list_add_str(&req.obj, "name", keyname) != 0 ||
	    omapi_list_add_str(&req.obj, "algorithm",
			       "hmac-md5.SIG-ALG.REG.INT.") != 0) {
		omapi_msg_free(&req);
		seterr(e, OMAPI_E_NOMEM, "out of memory");
		return -1;
	}
	rc = omapi_request(c, &req, &rep, e);
	omapi_msg_free(&req);
	if (rc != 0)
		return -1;
	if (rep.op == OMAPI_OP_STATUS) {
		status_error(&rep, e);
		omapi_msg_free(&rep);
		e->kind = OMAPI_E_AUTH;
		snprintf(e->text + strlen(e->text), sizeof(e->text) - strlen(e->text),
			 " (opening authenticator '%.60s')", keyname);
		return -1;
	}
	if (rep.op != OMAPI_OP_UPDATE || rep.handle == 0) {
		seterr(e, OMAPI_E_PROTO,
		       "unexpected answer (op %u, handle %u) to the authenticator open",
		       rep.op, rep.handle);
		omapi_msg_free(&rep);
		return -1;
	}
	c->authid = rep.handle;
	c->key = key;
	c->keylen = keylen;
	omapi_msg_free(&rep);
	return 0;
}

static int object_reply(int rc, struct omapi_msg *reply, struct omapi_error *e)
{
	if (rc != 0)
		return -1;
	if (reply->op == OMAPI_OP_STATUS) {
		status_error(reply, e);
		omapi_msg_free(reply);
		return -1;
	}
	if (reply->op != OMAPI_OP_UPDATE) {
		seterr(e, OMAPI_E_PROTO, "unexpected OMAPI answer (op %u)",
		       reply->op);
		omapi_msg_free(reply);
		return -1;
	}
	return 0;
}

int omapi_open_object(struct omapi_conn *c, const char *type,
		      const struct omapi_list *keys, struct omapi_msg *reply,
		      struct omapi_error *e)
{
	struct omapi_msg req;
	int rc = -1;

	omapi_msg_init(&req);
	omapi_msg_init(reply);
	req.op = OMAPI_OP_OPEN;
	if (omapi_list_add_str(&req.msg, "type", type) != 0)
		goto nomem;
	for (size_t i = 0; keys != NULL && i < keys->n; i++)
		if (omapi_list_add_n(&req.obj, keys->p[i].name, keys->p[i].nlen,
				     keys->p[i].value, keys->p[i].vlen) != 0)
			goto nomem;
	rc = omapi_request(c, &req, reply, e);
	omapi_msg_free(&req);
	return object_reply(rc, reply, e);
nomem:
	omapi_msg_free(&req);
	seterr(e, OMAPI_E_NOMEM, "out of memory or OMAPI request too large");
	return -1;
}

int omapi_refresh(struct omapi_conn *c, uint32_t handle,
		  struct omapi_msg *reply, struct omapi_error *e)
{
	struct omapi_msg req;
	int rc;

	omapi_msg_init(&req);
	req.op = OMAPI_OP_REFRESH;
	req.handle = handle;
	rc = omapi_request(c, &req, reply, e);
	omapi_msg_free(&req);
	return object_reply(rc, reply, e);
}
