# `/usr/bin/python3 pandasDescribe.py FILE.csv`: pandas read_csv + describe(include='all'), for the
# bench's side-by-side figures. Prints one JSON line: the summary's shape, and this process's peak
# resident memory and CPU time (getrusage), which the bench prefers to polling /proc.
import json, resource, sys
import pandas as pd

frame = pd.read_csv(sys.argv[1], low_memory=False)
summary = frame.describe(include='all')
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({'rows': int(len(frame)), 'columns': int(summary.shape[1]), 'maxRssKB': usage.ru_maxrss,
                  'cpuSeconds': usage.ru_utime + usage.ru_stime, 'pandas': pd.__version__}))
