/* win32.h: <windows.h> for the native build, without the ERROR_* and
 * RPC_* macros that model.h defines with the same numbers (winerror.h
 * spells them as longs; model.h's unsigned ones win). Include it before
 * any project header. */
#ifndef DHCPFO_WIN32_H
#define DHCPFO_WIN32_H
#include <windows.h>
#undef ERROR_SUCCESS
#undef ERROR_ACCESS_DENIED
#undef ERROR_NOT_ENOUGH_MEMORY
#undef ERROR_BAD_FORMAT
#undef ERROR_INVALID_DATA
#undef ERROR_NOT_SUPPORTED
#undef ERROR_INVALID_PARAMETER
#undef ERROR_MORE_DATA
#undef ERROR_NO_MORE_ITEMS
#undef ERROR_INTERNAL_ERROR
#undef ERROR_LOGON_FAILURE
#undef ERROR_CONNECTION_REFUSED
#undef ERROR_TIMEOUT
#undef RPC_S_SERVER_UNAVAILABLE
#undef ERROR_DUP_NAME
#undef ERROR_FILENAME_EXCED_RANGE
#undef RPC_S_UNKNOWN_IF
#undef RPC_S_CALL_FAILED
#undef RPC_S_PROTOCOL_ERROR
#undef RPC_S_PROCNUM_OUT_OF_RANGE
#undef RPC_S_SEC_PKG_ERROR
#undef EPT_S_NOT_REGISTERED
#undef RPC_S_CALL_FAILED_DNE
#undef RPC_X_BAD_STUB_DATA
#endif
