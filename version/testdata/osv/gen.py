#!/usr/bin/env python3
# Derives ghsa-affected.json from the osv.dev API response that shared/data
# keeps (advisories/osv/ghsa-maven/osv-api-vulns-zeppelin-server-356-GHSA.json):
# every affected entry that has both ranges and the `versions` list osv.dev
# computed from them, keyed by Package URL type. Run from this directory:
#   python3 gen.py ../../../../shared/data/advisories/osv/ghsa-maven/osv-api-vulns-zeppelin-server-356-GHSA.json
import json, sys

ECO = {'Maven': 'maven', 'NuGet': 'nuget', 'RubyGems': 'gem', 'PyPI': 'pypi',
       'Packagist': 'composer', 'Go': 'golang'}
d = json.load(open(sys.argv[1]))
out = []
for v in d['vulns']:
    for a in v.get('affected', []):
        e = ECO.get(a['package']['ecosystem'])
        if not e or 'versions' not in a or not a.get('ranges'):
            continue
        out.append({'id': v['id'], 'ecosystem': e, 'package': a['package']['name'],
                    'ranges': a['ranges'], 'versions': a['versions']})
out.sort(key=lambda x: (x['ecosystem'], x['package'], x['id']))
with open('ghsa-affected.json', 'w') as f:
    f.write('[\n' + ',\n'.join(json.dumps(x, separators=(',', ':'), sort_keys=True) for x in out) + '\n]\n')
print(len(out), 'affected entries')
