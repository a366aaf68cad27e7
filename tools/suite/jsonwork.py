# jsonwork.py - builds nested dicts and lists, round-trips them through
# json, sorts and groups (run with PYTHONMALLOC=malloc so that every
# object goes through malloc, and PYTHONHASHSEED=0).
import json

seed = 99
def rnd():
    global seed
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed

records = []
for i in range(1000):
    r = rnd()
    records.append({"id": i, "name": "item%d" % i, "score": r % 1000,
                    "tags": ["t%d" % (r >> k & 31) for k in range(r % 6)],
                    "text": "w" * (r % 120)})
blob = json.dumps(records)
back = json.loads(blob)
groups = {}
for rec in back:
    groups.setdefault(rec["score"] // 100, []).append(rec["name"])
for k in sorted(groups):
    groups[k].sort()
s = []
for rec in back[:800]:
    s.append("%s=%d" % (rec["name"], len(rec["tags"])))
print(len(blob), len(groups), len(";".join(s)))
