#!/bin/bash
# tests/lib_sim.sh: drive a sim server at run time through its data file.
# sim_data FILE ROWS [FAULT]: ROWS is "name:state name:state ...", written
# atomically (temp + rename) so the agent never reads half a file.
sim_data() {
	local file=$1 rows=$2 fault=${3:-} r sep=""
	{
		echo "relationships = ("
		for r in $rows; do
			printf '%s{ name = "%s"; state = "%s"; mode = "load-balance"; role = "primary"; primary = "192.0.2.1"; secondary = "192.0.2.2"; mclt = 3600; scopes = [ "10.9.0.0" ]; }\n' \
				"$sep" "${r%%:*}" "${r#*:}"
			sep=","
		done
		echo ");"
		[ -n "$fault" ] && echo "fault = { $fault };"
	} > "$file.tmp"
	mv -f "$file.tmp" "$file"
}
