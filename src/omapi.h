/* omapi.h: a small client for ISC dhcpd's OMAPI protocol (version 100).
 *
 * Wire format (all integers big-endian):
 *   startup:  u32 protocol version (100), u32 header size (24)
 *   message:  u32 authid, u32 authlen, u32 op, u32 handle, u32 id, u32 rid,
 *             message name/value list, object name/value list,
 *             authlen bytes of signature
 *   list:     { u16 name length, name, u32 value length, value }...
 *             terminated by a u16 zero name length
 * HMAC-MD5 signatures cover the message from authlen (included, already
 * set to 16) to the end of the object list: everything but authid and the
 * signature itself.
 *
 * Untrusted input: the decoder bounds every length (message size, name and
 * value size, number of pairs, signature size) and reports a truncated
 * message as "need more" and garbage as "bad"; the client reads with a
 * deadline (poll()) so a silent server costs at most the timeout. */
#ifndef DHCPFO_OMAPI_H
#define DHCPFO_OMAPI_H

#include <stddef.h>
#include <stdint.h>

#define OMAPI_PROTOCOL_VERSION 100u
#define OMAPI_HEADER_SIZE      24u
#define OMAPI_MAX_HEADER_SIZE  256u   /* a server may announce more */

#define OMAPI_OP_OPEN    1u
#define OMAPI_OP_REFRESH 2u
#define OMAPI_OP_UPDATE  3u
#define OMAPI_OP_NOTIFY  4u
#define OMAPI_OP_STATUS  5u
#define OMAPI_OP_DELETE  6u

/* Bounds on untrusted input. */
#define OMAPI_MAX_MSG    65536u  /* whole encoded message */
#define OMAPI_MAX_NAME   1024u   /* one attribute name */
#define OMAPI_MAX_VALUE  16384u  /* one attribute value */
#define OMAPI_MAX_PAIRS  256u    /* per list */
#define OMAPI_MAX_SIG    64u     /* signature bytes */
#define OMAPI_MD5_LEN    16u

/* dhcpd result codes seen in STATUS messages (isc_result_t, ISC DHCP 4.4
 * with BIND 9.11's libisc: ISC_R_* are small numbers, DHCP_R_* are in
 * result class 6, i.e. 0x60000 + n). Measured against dhcpd 4.4.3. */
#define OMAPI_R_SUCCESS        0u
#define OMAPI_R_NOPERM         6u
#define OMAPI_R_NOTFOUND       23u
#define OMAPI_R_CLASS_DHCP     0x60000u
#define OMAPI_R_INVALIDARG     (OMAPI_R_CLASS_DHCP + 3u)
#define OMAPI_R_KEYCONFLICT    (OMAPI_R_CLASS_DHCP + 7u)
#define OMAPI_R_NOKEYS         (OMAPI_R_CLASS_DHCP + 9u)
#define OMAPI_R_KEY_UNKNOWN    (OMAPI_R_CLASS_DHCP + 10u)
#define OMAPI_R_INVALIDKEY     (OMAPI_R_CLASS_DHCP + 11u)

struct omapi_pair {
	char *name;         /* NUL-terminated copy (names may hold NUL: nlen) */
	size_t nlen;
	uint8_t *value;     /* vlen bytes (+1 NUL so text values are C strings) */
	uint32_t vlen;
};

struct omapi_list {
	struct omapi_pair *p;
	size_t n, cap;
};

struct omapi_msg {
	uint32_t authid, authlen, op, handle, id, rid;
	struct omapi_list msg, obj;
	uint8_t sig[OMAPI_MAX_SIG];
};

/* Decoder results. */
enum omapi_dec { OMAPI_DEC_OK = 0, OMAPI_DEC_MORE = 1, OMAPI_DEC_BAD = -1 };

void omapi_list_free(struct omapi_list *l);
/* 0, or -1 (no memory, or over a bound). */
int omapi_list_add(struct omapi_list *l, const char *name, const void *v,
		   size_t vlen);
/* Same with a name of nlen bytes (not NUL-terminated). */
int omapi_list_add_n(struct omapi_list *l, const char *name, size_t nlen,
		     const void *v, size_t vlen);
int omapi_list_add_str(struct omapi_list *l, const char *name, const char *v);
int omapi_list_add_u32(struct omapi_list *l, const char *name, uint32_t v);
const struct omapi_pair *omapi_list_get(const struct omapi_list *l,
					const char *name);
/* 0: found, 4-byte value; 1: absent; -1: present with another size. */
int omapi_list_get_u32(const struct omapi_list *l, const char *name,
		       uint32_t *out);

void omapi_msg_init(struct omapi_msg *m);
void omapi_msg_free(struct omapi_msg *m);

/* Encodes m into buf (cap bytes). forsigning leaves out authid and the
 * signature. Returns the length, or 0 if it does not fit or exceeds a
 * bound. The signature written is m->sig[0..authlen). */
size_t omapi_encode(const struct omapi_msg *m, int forsigning, uint8_t *buf,
		    size_t cap);
/* Decodes one message of a connection whose header size is hsize from
 * buf[0..len). OK: *m filled (free with omapi_msg_free), *used = bytes
 * consumed. MORE: truncated, read more. BAD: err says why. */
enum omapi_dec omapi_decode(const uint8_t *buf, size_t len, uint32_t hsize,
			    struct omapi_msg *m, size_t *used, char *err,
			    size_t errlen);
void omapi_encode_startup(uint8_t out[8]);
enum omapi_dec omapi_decode_startup(const uint8_t *buf, size_t len,
				    uint32_t *version, uint32_t *hsize,
				    char *err, size_t errlen);

/* HMAC-MD5 of data with key (OpenSSL). Returns 0 or -1. */
int omapi_hmac_md5(const uint8_t *key, size_t keylen, const uint8_t *data,
		   size_t len, uint8_t out[OMAPI_MD5_LEN]);
/* Signs m in place with key: sets authid, authlen = 16, sig. */
int omapi_sign(struct omapi_msg *m, uint32_t authid, const uint8_t *key,
	       size_t keylen);
/* 1 if m's signature is the HMAC-MD5 of m under key, 0 if not. */
int omapi_verify(const struct omapi_msg *m, const uint8_t *key,
		 size_t keylen);
/* Base64 (RFC 4648, whitespace ignored) into out; returns the decoded
 * length or -1 if invalid or longer than cap. */
long omapi_b64_decode(const char *in, uint8_t *out, size_t cap);

/* Client errors, each mapped to a Win32-style code by the backend. */
enum omapi_errkind {
	OMAPI_E_OK = 0,
	OMAPI_E_REFUSED,   /* connection refused */
	OMAPI_E_TIMEOUT,   /* connect or answer past the deadline */
	OMAPI_E_AUTH,      /* key rejected / signature mismatch / key needed */
	OMAPI_E_PROTO,     /* garbage, wrong version, bound exceeded */
	OMAPI_E_IO,        /* other socket error, connection closed */
	OMAPI_E_STATUS,    /* the server answered STATUS with an error */
	OMAPI_E_NOMEM
};

struct omapi_error {
	enum omapi_errkind kind;
	uint32_t result;    /* OMAPI_E_STATUS: the server's result code */
	char text[256];
};

struct omapi_conn;

/* Connects to host:port (numeric or a name), exchanges startup messages.
 * timeout_ms bounds each step (connect, each request). NULL on error. */
struct omapi_conn *omapi_connect(const char *host, unsigned port,
				 int timeout_ms, struct omapi_error *e);
/* Opens an authenticator for key `keyname` (HMAC-MD5, secret key/keylen):
 * every later request is signed and every signed answer verified. The
 * key is not copied (no second copy of the secret): it must stay valid
 * until omapi_close(). */
int omapi_authenticate(struct omapi_conn *c, const char *keyname,
		       const uint8_t *key, size_t keylen,
		       struct omapi_error *e);
/* Sends req (id assigned here, signed if authenticated) and waits for the
 * answer with rid == id. 0 with *reply filled, or -1 with e set. A STATUS
 * answer is a success at this level: the caller reads its "result". */
int omapi_request(struct omapi_conn *c, struct omapi_msg *req,
		  struct omapi_msg *reply, struct omapi_error *e);
/* OPEN an object of `type` looked up by the attributes in `keys` (object
 * list). 0: *reply is the UPDATE carrying the object's values. -1: e set;
 * kind OMAPI_E_STATUS with result OMAPI_R_NOTFOUND if there is none. */
int omapi_open_object(struct omapi_conn *c, const char *type,
		      const struct omapi_list *keys, struct omapi_msg *reply,
		      struct omapi_error *e);
/* REFRESH an object by handle. */
int omapi_refresh(struct omapi_conn *c, uint32_t handle,
		  struct omapi_msg *reply, struct omapi_error *e);
void omapi_close(struct omapi_conn *c);
/* Text for a dhcpd result code ("not found", "invalid key", ...). */
const char *omapi_result_text(uint32_t r);

#endif
