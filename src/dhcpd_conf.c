/* dhcpd_conf.c: tolerant reader of dhcpd.conf failover peer declarations.
 * A tokenizer in the spirit of dhcpd's conflex.c (`#` comments, quoted
 * strings with backslash escapes, punctuation { } ; ,) and a parser that
 * looks only at `failover peer NAME { ... }` and `include "FILE";`. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dhcpd_conf.h"

enum tok_type { T_EOF, T_WORD, T_STRING, T_PUNCT, T_ERROR };

struct lexer {
	const char *s;
	size_t len, pos;
	int line;
	const char *fname;
	char tok[1024];
	enum tok_type type;
	int tok_line;
	int peeked;
};

struct ctx {
	struct dhcpd_conf *out;
	char *err;
	size_t errlen;
	int failed;
};

static void lerr(struct ctx *c, const struct lexer *lx, int line,
		 const char *msg, const char *arg)
{
	if (c->failed)
		return;
	c->failed = 1;
	snprintf(c->err, c->errlen, "%s:%d: %s%s%s%s", lx->fname, line, msg,
		 arg ? " '" : "", arg ? arg : "", arg ? "'" : "");
}

static enum tok_type lex_next(struct lexer *lx)
{
	size_t n = 0;

	if (lx->peeked) {
		lx->peeked = 0;
		return lx->type;
	}
	for (;;) {
		while (lx->pos < lx->len &&
		       (lx->s[lx->pos] == ' ' || lx->s[lx->pos] == '\t' ||
			lx->s[lx->pos] == '\r' || lx->s[lx->pos] == '\n' ||
			lx->s[lx->pos] == '\f' || lx->s[lx->pos] == '\v' ||
			lx->s[lx->pos] == '\0')) {
			if (lx->s[lx->pos] == '\n')
				lx->line++;
			lx->pos++;
		}
		if (lx->pos < lx->len && lx->s[lx->pos] == '#') {
			while (lx->pos < lx->len && lx->s[lx->pos] != '\n')
				lx->pos++;
			continue;
		}
		break;
	}
	lx->tok[0] = '\0';
	lx->tok_line = lx->line;
	if (lx->pos >= lx->len)
		return lx->type = T_EOF;
	if (lx->s[lx->pos] == '"') {
		lx->pos++;
		while (lx->pos < lx->len && lx->s[lx->pos] != '"') {
			char ch = lx->s[lx->pos++];

			if (ch == '\n')
				lx->line++;
			if (ch == '\\' && lx->pos < lx->len) {
				ch = lx->s[lx->pos++];
				if (ch == 'n')
					ch = '\n';
				else if (ch == 't')
					ch = '\t';
			}
			if (n + 1 >= sizeof(lx->tok)) {
				snprintf(lx->tok, sizeof(lx->tok), "string too long");
				return lx->type = T_ERROR;
			}
			lx->tok[n++] = ch;
		}
		if (lx->pos >= lx->len) {
			snprintf(lx->tok, sizeof(lx->tok), "unterminated string");
			return lx->type = T_ERROR;
		}
		lx->pos++;
		lx->tok[n] = '\0';
		return lx->type = T_STRING;
	}
	if (lx->s[lx->pos] != '\0' && strchr("{};,", lx->s[lx->pos]) != NULL) {
		lx->tok[0] = lx->s[lx->pos++];
		lx->tok[1] = '\0';
		return lx->type = T_PUNCT;
	}
	while (lx->pos < lx->len && strchr(" \t\r\n\f\v{};,\"#", lx->s[lx->pos]) == NULL) {
		if (n + 1 < sizeof(lx->tok))
			lx->tok[n++] = lx->s[lx->pos];
		lx->pos++;
	}
	lx->tok[n] = '\0';
	return lx->type = T_WORD;
}

static void lex_unget(struct lexer *lx)
{
	lx->peeked = 1;
}

static int is_punct(const struct lexer *lx, char p)
{
	return lx->type == T_PUNCT && lx->tok[0] == p;
}

static int is_word(const struct lexer *lx, const char *w)
{
	return lx->type == T_WORD && strcasecmp(lx->tok, w) == 0;
}

static int parse_buf(struct ctx *c, const char *text, size_t len,
		     const char *fname, int depth);

static int parse_file(struct ctx *c, const char *path, const char *from_file,
		      int from_line, int depth)
{
	char resolved[PATH_MAX];
	const char *use = path;
	struct stat st;
	char *buf;
	ssize_t r;
	size_t got = 0;
	int fd, rc;

	if (depth > DHCPD_CONF_MAX_DEPTH) {
		if (!c->failed)
			snprintf(c->err, c->errlen,
				 "%s:%d: includes nested deeper than %d (loop?) at '%s'",
				 from_file, from_line, DHCPD_CONF_MAX_DEPTH, path);
		c->failed = 1;
		return -1;
	}
	if (path[0] != '/' && from_file != NULL && access(path, R_OK) != 0) {
		const char *slash = strrchr(from_file, '/');

		if (slash != NULL) {
			snprintf(resolved, sizeof(resolved), "%.*s/%s",
				 (int)(slash - from_file), from_file, path);
			use = resolved;
		}
	}
	fd = open(use, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_size > (off_t)DHCPD_CONF_MAX_SIZE) {
		int en = fd < 0 ? errno : 0;

		if (!c->failed) {
			if (from_file != NULL)
				snprintf(c->err, c->errlen, "%s:%d: include '%s': %s",
					 from_file, from_line, use,
					 en ? strerror(en) : "not a regular file of at most 16 MiB");
			else
				snprintf(c->err, c->errlen, "%s: %s", use,
					 en ? strerror(en) : "not a regular file of at most 16 MiB");
		}
		c->failed = 1;
		if (fd >= 0)
			close(fd);
		return -1;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (buf == NULL) {
		close(fd);
		snprintf(c->err, c->errlen, "%s: out of memory", use);
		c->failed = 1;
		return -1;
	}
	while (got < (size_t)st.st_size &&
	       (r = read(fd, buf + got, (size_t)st.st_size - got)) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		got += (size_t)r;
	}
	close(fd);
	buf[got] = '\0';
	rc = parse_buf(c, buf, got, use, depth);
	free(buf);
	return rc;
}

/* Skips to the end of the current statement: `;` at this level, or a
 * whole { } block. Returns -1 at EOF inside a block. */
static int skip_statement(struct ctx *c, struct lexer *lx)
{
	int level = 0, start = lx->tok_line;

	for (;;) {
		enum tok_type t = lex_next(lx);

		if (t == T_EOF) {
			if (level > 0)
				lerr(c, lx, start, "unbalanced '{' (missing '}')", NULL);
			return level > 0 ? -1 : 0;
		}
		if (t == T_ERROR) {
			lerr(c, lx, lx->tok_line, lx->tok, NULL);
			return -1;
		}
		if (is_punct(lx, '{'))
			level++;
		else if (is_punct(lx, '}')) {
			if (level == 0) {
				lex_unget(lx);
				return 0;
			}
			if (--level == 0)
				return 0;
		} else if (is_punct(lx, ';') && level == 0)
			return 0;
	}
}

static long tok_long(const struct lexer *lx, long min, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(lx->tok, &end, 10);
	if (lx->type != T_WORD || *end != '\0' || end == lx->tok || errno ||
	    v < min || v > max)
		return LONG_MIN;
	return v;
}

static int popcount_hba(const char *s)
{
	int bits = 0, bytes = 0;

	while (*s != '\0') {
		char *end;
		unsigned long b = strtoul(s, &end, 16);

		if (end == s || b > 255)
			return -1;
		bits += __builtin_popcountl(b);
		bytes++;
		s = end;
		if (*s == ':')
			s++;
		else if (*s != '\0')
			return -1;
	}
	return bytes == 32 ? bits : -1;
}

/* The value after a keyword: 1 with the token in lx, or 0 (token put
 * back) when the statement ends early (`address;`). */
static int value(struct lexer *lx)
{
	enum tok_type t = lex_next(lx);

	if (t == T_WORD || t == T_STRING)
		return 1;
	lex_unget(lx);
	return 0;
}

/* The body of `failover peer NAME {`, up to the matching `}`. */
static int parse_peer_body(struct ctx *c, struct lexer *lx,
			   struct dhcpd_peer *p)
{
	for (;;) {
		enum tok_type t = lex_next(lx);
		char kw[64];
		long v;

		if (t == T_EOF) {
			lerr(c, lx, p->line, "failover peer block not closed:", p->name);
			return -1;
		}
		if (t == T_ERROR) {
			lerr(c, lx, lx->tok_line, lx->tok, NULL);
			return -1;
		}
		if (is_punct(lx, '}'))
			return 0;
		if (is_punct(lx, ';'))
			continue;
		if (is_punct(lx, '{')) {
			lex_unget(lx);
			if (skip_statement(c, lx) < 0)
				return -1;
			continue;
		}
		snprintf(kw, sizeof(kw), "%.63s", lx->tok);
		if (is_word(lx, "primary"))
			p->role = DHCPD_ROLE_PRIMARY;
		else if (is_word(lx, "secondary"))
			p->role = DHCPD_ROLE_SECONDARY;
		else if (is_word(lx, "address") || is_word(lx, "port") ||
			 is_word(lx, "peer")) {
			int peer = is_word(lx, "peer");

			if (peer && value(lx))
				snprintf(kw, sizeof(kw), "%.63s", lx->tok);
			if (strcasecmp(kw, "address") == 0) {
				if (value(lx))
					snprintf(peer ? p->peer_address : p->address,
						 sizeof(p->address), "%.255s", lx->tok);
			} else if (strcasecmp(kw, "port") == 0) {
				if (!value(lx))
					goto rest;
				v = tok_long(lx, 0, 65535);
				if (v != LONG_MIN)
					*(peer ? &p->peer_port : &p->port) = (int)v;
			} else {
				lex_unget(lx);
			}
		} else if (is_word(lx, "mclt")) {
			if (!value(lx))
				goto rest;
			if ((v = tok_long(lx, 0, 0x7fffffffL)) != LONG_MIN)
				p->mclt = v;
		} else if (is_word(lx, "split")) {
			if (!value(lx))
				goto rest;
			if ((v = tok_long(lx, 0, 256)) != LONG_MIN)
				p->split = (int)v;
		} else if (is_word(lx, "hba")) {
			if (!value(lx))
				goto rest;
			p->hba_bits = popcount_hba(lx->tok);
		} else if (is_word(lx, "max-response-delay")) {
			if (!value(lx))
				goto rest;
			if ((v = tok_long(lx, 0, 0x7fffffffL)) != LONG_MIN)
				p->max_response_delay = v;
		} else if (is_word(lx, "max-unacked-updates")) {
			if (!value(lx))
				goto rest;
			if ((v = tok_long(lx, 0, 0x7fffffffL)) != LONG_MIN)
				p->max_unacked_updates = v;
		} else if (is_word(lx, "auto-partner-down")) {
			if (!value(lx))
				goto rest;
			if ((v = tok_long(lx, 0, 0x7fffffffL)) != LONG_MIN)
				p->auto_partner_down = v;
		} else {
			lex_unget(lx);
		}
rest:
		/* Whatever remains of the statement. */
		if (lx->peeked) {
			lex_next(lx);
			if (is_punct(lx, '}'))
				return 0;
			if (is_punct(lx, ';'))
				continue;
			if (lx->type == T_EOF) {
				lerr(c, lx, p->line, "failover peer block not closed:", p->name);
				return -1;
			}
		}
		if (skip_statement(c, lx) < 0)
			return -1;
	}
}

static struct dhcpd_peer *new_peer(struct ctx *c, const struct lexer *lx,
				   const char *name)
{
	struct dhcpd_conf *o = c->out;
	struct dhcpd_peer *p, *np;

	if (o->n >= DHCPD_CONF_MAX_PEERS) {
		lerr(c, lx, lx->tok_line, "too many failover peers", NULL);
		return NULL;
	}
	np = realloc(o->peers, (o->n + 1) * sizeof(*np));
	if (np == NULL) {
		lerr(c, lx, lx->tok_line, "out of memory", NULL);
		return NULL;
	}
	o->peers = np;
	p = &np[o->n++];
	memset(p, 0, sizeof(*p));
	snprintf(p->name, sizeof(p->name), "%s", name);
	p->port = p->peer_port = -1;
	p->mclt = -1;
	p->split = p->hba_bits = -1;
	p->max_response_delay = p->max_unacked_updates = -1;
	p->auto_partner_down = -1;
	snprintf(p->file, sizeof(p->file), "%s", lx->fname);
	p->line = lx->tok_line;
	return p;
}

static int parse_buf(struct ctx *c, const char *text, size_t len,
		     const char *fname, int depth)
{
	struct lexer lx;

	memset(&lx, 0, sizeof(lx));
	lx.s = text;
	lx.len = len;
	lx.line = 1;
	lx.fname = fname;
	for (;;) {
		enum tok_type t = lex_next(&lx);

		if (t == T_EOF)
			return 0;
		if (t == T_ERROR) {
			lerr(c, &lx, lx.tok_line, lx.tok, NULL);
			return -1;
		}
		if (is_word(&lx, "include")) {
			int line = lx.tok_line;

			if (lex_next(&lx) != T_STRING) {
				lerr(c, &lx, line, "include needs a quoted file name", NULL);
				return -1;
			}
			{
				char inc[sizeof(lx.tok)];

				snprintf(inc, sizeof(inc), "%s", lx.tok);
				if (parse_file(c, inc, fname, line, depth + 1) < 0)
					return -1;
			}
			continue;
		}
		if (!is_word(&lx, "failover"))
			continue; /* declarations and blocks: look inside too */
		lex_next(&lx);
		if (!is_word(&lx, "peer")) {
			lex_unget(&lx);
			continue;
		}
		{
			char name[sizeof(lx.tok)];
			int line = lx.tok_line;

			t = lex_next(&lx);
			if (t != T_STRING && t != T_WORD) {
				lex_unget(&lx);
				continue;
			}
			snprintf(name, sizeof(name), "%s", lx.tok);
			t = lex_next(&lx);
			if (is_punct(&lx, '{')) {
				struct dhcpd_peer *p;

				if (strlen(name) == 0 || strlen(name) > 126) {
					lerr(c, &lx, line,
					     "failover peer name empty or longer than 126 characters",
					     NULL);
					return -1;
				}
				if (dhcpd_conf_find(c->out, name) != NULL) {
					/* dhcpd refuses this; keep the first. */
					struct dhcpd_peer tmp;

					memset(&tmp, 0, sizeof(tmp));
					if (parse_peer_body(c, &lx, &tmp) < 0)
						return -1;
					continue;
				}
				p = new_peer(c, &lx, name);
				if (p == NULL)
					return -1;
				p->line = line;
				if (parse_peer_body(c, &lx, p) < 0)
					return -1;
			} else if (is_word(&lx, "state")) {
				/* `failover peer "x" state { ... }`: lease-file
				 * syntax, not a declaration. */
				if (skip_statement(c, &lx) < 0)
					return -1;
			} else {
				/* `failover peer "x";` inside a pool: a use. */
				lex_unget(&lx);
			}
		}
	}
}

int dhcpd_conf_parse_text(const char *text, size_t len, const char *fname,
			  struct dhcpd_conf *out, char *err, size_t errlen)
{
	struct ctx c;

	memset(out, 0, sizeof(*out));
	c.out = out;
	c.err = err;
	c.errlen = errlen;
	c.failed = 0;
	err[0] = '\0';
	if (parse_buf(&c, text, len, fname, 0) < 0 || c.failed) {
		dhcpd_conf_free(out);
		return -1;
	}
	return 0;
}

int dhcpd_conf_parse_file(const char *path, struct dhcpd_conf *out,
			  char *err, size_t errlen)
{
	struct ctx c;

	memset(out, 0, sizeof(*out));
	c.out = out;
	c.err = err;
	c.errlen = errlen;
	c.failed = 0;
	err[0] = '\0';
	if (parse_file(&c, path, NULL, 0, 0) < 0 || c.failed) {
		dhcpd_conf_free(out);
		return -1;
	}
	return 0;
}

void dhcpd_conf_free(struct dhcpd_conf *c)
{
	free(c->peers);
	c->peers = NULL;
	c->n = 0;
}

const struct dhcpd_peer *dhcpd_conf_find(const struct dhcpd_conf *c,
					 const char *name)
{
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->peers[i].name, name) == 0)
			return &c->peers[i];
	return NULL;
}

int dhcpd_peer_percentage(const struct dhcpd_peer *p)
{
	int bits = p->hba_bits >= 0 ? p->hba_bits : p->split;

	if (bits < 0)
		return -1;
	return (bits * 100 + 128) / 256;
}
