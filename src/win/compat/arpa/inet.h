/* src/win/compat/arpa/inet.h: lets src/model.c build with mingw-w64 unchanged.
 * Only what model.c uses, declared by hand: <ws2tcpip.h> would pull in
 * winerror.h, whose ERROR_* macros collide with model.h's. inet_pton and
 * inet_ntop are exported by ws2_32.dll (Windows Vista and later). */
#ifndef DFO_COMPAT_ARPA_INET_H
#define DFO_COMPAT_ARPA_INET_H
#include <stddef.h>
#define AF_INET 2
#define AF_INET6 23
typedef int socklen_t;
__declspec(dllimport) int __stdcall inet_pton(int af, const char *src,
					      void *dst);
__declspec(dllimport) const char *__stdcall inet_ntop(int af, const void *src,
						     char *dst, size_t size);
#endif
