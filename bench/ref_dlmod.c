/* ref_dlmod.c: the reference table inside snmpd (the in-master limit):
 * `dlmod ref_dlmod /path/ref_dlmod.so`, N from $REF_ROWS. */
#include "ref_table.h"

void init_ref_dlmod(void);
void deinit_ref_dlmod(void);

void init_ref_dlmod(void)
{
	static const oid root[] = { 1, 3, 6, 1, 4, 1, 32473, 99 };
	const char *n = getenv("REF_ROWS");

	ref_fill(n ? atol(n) : 1000);
	ref_register(root, OID_LENGTH(root));
}

void deinit_ref_dlmod(void)
{
}
