-- tables.lua - a small object system, string building and table churn:
-- Lua's allocator is realloc-based, so tables and strings grow by realloc.
local function lcg(s) return (s * 1103515245 + 12345) % 2147483648 end
local seed = 42
local objects = {}
for i = 1, 12000 do
  seed = lcg(seed)
  local o = { id = i, name = "obj" .. i, tags = {} }
  for k = 1, seed % 7 do o.tags[k] = "t" .. ((seed >> k) % 50) end
  objects[#objects + 1] = o
  if i % 3 == 0 then objects[(seed % #objects) + 1] = nil end
end
local index = {}
for _, o in pairs(objects) do
  for _, t in ipairs(o.tags) do
    index[t] = index[t] or {}
    table.insert(index[t], o.id)
  end
end
local parts = {}
for t, ids in pairs(index) do
  table.sort(ids)
  parts[#parts + 1] = t .. "=" .. table.concat(ids, ",", 1, math.min(#ids, 20))
end
table.sort(parts)
local s = ""
for i = 1, 1500 do s = s .. string.format("%d:%s;", i, parts[(i % #parts) + 1]:sub(1, 12)) end
local words = {}
for w in s:gmatch("[%a%d]+") do words[w] = (words[w] or 0) + 1 end
local n = 0
for _ in pairs(words) do n = n + 1 end
print(#parts, #s, n)
