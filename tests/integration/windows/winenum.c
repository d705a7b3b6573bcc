/* winenum.c: the native Windows test program (dfo-winenum.exe). It runs
 * the agent's own pager (src/pager.c, with every contract guard) over
 * the native backend (src/win/backend_dhcpsapi.c), exactly as a worker
 * does one refresh, and prints the rows, the calls made and the result:
 *   dfo-winenum.exe [PAGE_SIZE [MAX_PAGES [SERVER]]]
 * Under wine it runs against tests/integration/windows/stub_dhcpsapi.c. */
#include "win32.h"
#include <stdio.h>
#include <stdlib.h>

#include "backend_dhcpsapi.h"
#include "pager.h"

int main(int argc, char **argv)
{
	uint32_t pref = argc > 1 ? (uint32_t)strtoul(argv[1], NULL, 10) : 100;
	uint32_t max_pages = argc > 2 ? (uint32_t)strtoul(argv[2], NULL, 10) : 10000;
	struct dfo_dhcpsapi_conf conf = { "" };
	struct dfo_backend b = { &dfo_backend_dhcpsapi, &conf, NULL };
	struct dfo_pager p;
	struct dfo_rel *rows = NULL;
	uint32_t n = 0;
	char pa[64], sa[64];

	if (argc > 3)
		snprintf(conf.server, sizeof(conf.server), "%s", argv[3]);
	dfo_pager_begin(&p, pref, max_pages);
	if (dfo_pager_run(&p, &b) != DFO_PAGER_DONE) {
		printf("error %u (%s) after %u calls\n", p.err.code, p.err.text,
		       (unsigned)p.pages);
		dfo_pager_free(&p);
		dfo_backend_close(&b);
		return 1;
	}
	dfo_pager_take(&p, &rows, &n);
	for (uint32_t i = 0; i < n; i++) {
		const struct dfo_rel *r = &rows[i];

		dfo_addr_format(&r->primary_addr, pa, sizeof(pa));
		dfo_addr_format(&r->secondary_addr, sa, sizeof(sa));
		printf("%s state=%s prev=%s raw=%s mode=%s role=%s mclt=%u "
		       "pct=%d scopes=%u primary=%s/%s secondary=%s/%s\n",
		       r->name, dfo_state_name(r->state),
		       dfo_state_name(r->prev_state), r->raw_state,
		       dfo_mode_name(r->mode), dfo_role_name(r->role),
		       (unsigned)r->mclt, (int)r->percentage,
		       (unsigned)r->nscopes, r->primary_name, pa,
		       r->secondary_name, sa);
	}
	printf("rows=%u calls=%u status=0\n", (unsigned)n, (unsigned)p.pages);
	dfo_rel_array_free(rows, n);
	dfo_pager_free(&p);
	dfo_backend_close(&b);
	return 0;
}
