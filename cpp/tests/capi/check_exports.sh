#!/bin/sh
# The ABI of libomniclient.so against NVIDIA's: the SONAME, and exactly the functions of the export
# list (cpp/src/capi/exports.map, 160 names from the original's `nm -D`) exported, unversioned, each
# declared in OmniClient.h. Usage: check_exports.sh <libomniclient.so> <exports.map> <OmniClient.h>
set -eu
lib=$1 map=$2 header=$3
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

soname=$(readelf -d "$lib" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
[ "$soname" = libomniclient.so ] || { echo "SONAME is '$soname', not libomniclient.so"; exit 1; }

grep -oE '^ +omniClient[A-Za-z0-9]+;' "$map" | tr -d ' ;' | sort > "$scratch/listed"
nm -D --defined-only "$lib" | awk '{print $3}' | sort > "$scratch/exported"
grep -oE '^OMNICLIENT_API [^(]*\bomniClient[A-Za-z0-9]+\(' "$header" | grep -oE 'omniClient[A-Za-z0-9]+' | sort > "$scratch/declared"

listed=$(wc -l < "$scratch/listed")
[ "$listed" -eq 160 ] || { echo "the export list has $listed names, not 160"; exit 1; }
diff -u "$scratch/listed" "$scratch/exported" || { echo "exported symbols differ from the export list"; exit 1; }
diff -u "$scratch/listed" "$scratch/declared" || { echo "OmniClient.h declarations differ from the export list"; exit 1; }
if readelf --dyn-syms -W "$lib" | grep -E ' omniClient[A-Za-z0-9]+@' ; then
    echo "exported functions carry symbol versions; the original's do not"; exit 1
fi
echo "libomniclient.so: SONAME $soname, $listed functions exported, all declared"
