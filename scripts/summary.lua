-- summary.lua -- a short report of what a run left in the database:
-- every table with its row count, then the headline numbers.
--
--   lede run scripts/summary.lua --db lede.db
local lede = require "lede"

local function show(v)
  if v == nil or v == lede.null then return "-" end
  return tostring(v)
end

print(("Database %s"):format(lede.run_info and lede.run_info.db_path or "?"))
for _, name in ipairs(db:tables()) do
  print(("  %-18s %6d rows"):format(name, db:count(name)))
end

local function has(name)
  for _, t in ipairs(db:tables()) do if t == name then return true end end
end

if has("drone_reports") then
  -- subtotals ("including 38 over Bryansk") are left out of the sums
  print("\nDrones and missiles, by night, side and action (top 12):")
  for r in db:query([[
      SELECT date, side, weapon, action, SUM(count) AS total, COUNT(*) AS reports
      FROM drone_reports WHERE subtotal = 0 GROUP BY date, side, weapon, action
      ORDER BY date DESC, side, weapon, action LIMIT 12]]) do
    print(("  %-10s  %-8s %-9s %-11s  %6s  (%d report%s)"):format(show(r.date), show(r.side),
      r.weapon, r.action, show(r.total), r.reports, r.reports == 1 and "" or "s"))
  end
end

if has("pledges") then
  print("\nPledges by country:")
  for r in db:query([[
      SELECT country, GROUP_CONCAT(DISTINCT what) AS what, COUNT(*) AS n
      FROM pledges WHERE kind = 'country' GROUP BY country ORDER BY n DESC, country LIMIT 10]]) do
    print(("  %-16s %s"):format(r.country, show(r.what)))
  end
  for r in db:query([[
      SELECT a.id AS article, p.kind, p.count, p.total FROM pledges p
      JOIN articles a ON a.sha256 = p.sha256
      WHERE p.kind IN ('pledging', 'coalition') ORDER BY a.id, p.start]]) do
    print(("  %-9s %s%s  (%s)"):format(r.kind, show(r.count),
      r.total ~= lede.null and (" of " .. show(r.total)) or "", r.article))
  end
end

if has("country_mentions") then
  print("\nMost mentioned countries:")
  for r in db:query([[
      SELECT country, COUNT(*) AS n, COUNT(DISTINCT sha256) AS articles
      FROM country_mentions GROUP BY country ORDER BY n DESC, country LIMIT 8]]) do
    print(("  %-16s %3d mentions in %d article%s"):format(r.country, r.n,
      r.articles, r.articles == 1 and "" or "s"))
  end
end
print(("\nOpen it with: sqlite3 %s"):format(lede.run_info and lede.run_info.db_path or "lede.db"))
