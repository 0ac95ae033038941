#!/bin/sh
# gen.sh [OUT]: writes expected-<file>.tsv for each composer.lock and
# installed.json here, from Composer itself (run offline, in a scratch
# project): one "name<TAB>version<TAB>dev<TAB>licenses" line per package,
# sorted; dev is "dev" or "", licenses comma-joined.
#   *.lock:  `composer show --locked` (name, version); dev = not listed by
#            `composer show --locked --no-dev`; licenses by php's json_decode
#            (composer show --locked does not print them).
#   *installed.json: `composer licenses` over vendor/composer/installed.json
#            (name, version, licenses; the package directories are made
#            first, as Composer skips packages whose directory is missing);
#            dev = in "dev-package-names", by php's json_decode.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here}
export COMPOSER_DISABLE_NETWORK=1 COMPOSER_NO_INTERACTION=1 COMPOSER_ALLOW_SUPERUSER=1
for f in "$here"/*.lock "$here"/*installed.json; do
	b=$(basename "$f")
	dir=$(mktemp -d)
	export COMPOSER_HOME="$dir/.composer"
	echo '{}' >"$dir/composer.json"
	case "$b" in
	*.lock)
		cp "$f" "$dir/composer.lock"
		(cd "$dir" && composer show --locked --format=json >all.json && composer show --locked --no-dev --format=json >nodev.json)
		php -r '
			$all = json_decode(file_get_contents($argv[1]), true)["locked"];
			$nodev = array_column(json_decode(file_get_contents($argv[2]), true)["locked"] ?? [], "name");
			$lock = json_decode(file_get_contents($argv[3]), true);
			$lic = [];
			foreach (array_merge($lock["packages"] ?? [], $lock["packages-dev"] ?? []) as $p) { $lic[$p["name"]] = implode(",", (array)($p["license"] ?? [])); }
			$rows = [];
			foreach ($all as $p) { $rows[] = $p["name"]."\t".$p["version"]."\t".(in_array($p["name"], $nodev) ? "" : "dev")."\t".$lic[$p["name"]]; }
			sort($rows, SORT_STRING);
			echo implode("", array_map(fn($r) => $r."\n", $rows));
		' "$dir/all.json" "$dir/nodev.json" "$f" >"$out/expected-${b%.*}.tsv"
		;;
	*)
		mkdir -p "$dir/vendor/composer"
		cp "$f" "$dir/vendor/composer/installed.json"
		php -r '$d = json_decode(file_get_contents($argv[1]), true); foreach ($d["packages"] ?? $d as $p) { @mkdir($argv[2]."/vendor/".$p["name"], 0777, true); }' "$f" "$dir"
		(cd "$dir" && composer licenses --format=json >lic.json)
		php -r '
			$deps = json_decode(file_get_contents($argv[1]), true)["dependencies"];
			$d = json_decode(file_get_contents($argv[2]), true);
			$dev = $d["dev-package-names"] ?? [];
			$rows = [];
			foreach ($deps as $name => $p) { $rows[] = $name."\t".$p["version"]."\t".(in_array($name, $dev) ? "dev" : "")."\t".implode(",", $p["license"]); }
			sort($rows, SORT_STRING);
			echo implode("", array_map(fn($r) => $r."\n", $rows));
		' "$dir/lic.json" "$f" >"$out/expected-${b%.json}.tsv"
		;;
	esac
	rm -rf "$dir"
done
