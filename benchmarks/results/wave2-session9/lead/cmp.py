import csv, sys, statistics
def load(paths):
    d = {}
    for p in paths.split(','):
        for r in csv.DictReader(open(p.rstrip('/') + '/dotnet.csv')):
            k = (r['class'][:22], r['method'], r['dtype'], r['size'], r['simd_width'], r['threads'])
            d.setdefault(k, []).append(float(r['median_ns']))
    return d
b = load(sys.argv[1]); m = load(sys.argv[2])
for k in m:
    if k not in b: continue
    bm, mm = statistics.median(b[k]), statistics.median(m[k])
    print(f"{k[0]:22} {k[1]:26} {k[2]:8} {k[3]:>8} w{k[4]} t{k[5]} base={bm:13.1f} main={mm:13.1f} speedup={bm/mm:5.2f}  b:{'/'.join(f'{x:.0f}' for x in b[k])} m:{'/'.join(f'{x:.0f}' for x in m[k])}")
