-- rows.sql - a table filled by a recursive CTE, an index, grouping,
-- string aggregation and updates (sqlite3 in-memory database).
CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, grp INTEGER, val REAL);
WITH RECURSIVE seq(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM seq WHERE i < 20000)
INSERT INTO t SELECT i, 'name' || i || substr('abcdefghijklmnopqrstuvwxyz', 1 + i % 26), i % 97, (i * 7919) % 1000 / 10.0 FROM seq;
CREATE INDEX t_grp ON t(grp, val);
SELECT grp, count(*), round(avg(val), 2), length(group_concat(name, ',')) FROM t GROUP BY grp ORDER BY 4 DESC LIMIT 5;
UPDATE t SET name = name || '-updated' WHERE id % 3 = 0;
DELETE FROM t WHERE val < 20;
SELECT count(*), sum(length(name)) FROM t;
SELECT a.grp, count(*) FROM t a JOIN t b ON a.grp = b.grp AND a.id < b.id AND b.id - a.id < 300 GROUP BY a.grp ORDER BY 2 DESC LIMIT 3;
