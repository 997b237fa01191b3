-- pl.tablex: Penlight's table helpers (the common ones), for torch code that requires them.
local tablex = {}

local function need_table(t, i)
   if type(t) ~= 'table' then
      error(string.format("argument %d expected a 'table', got a '%s'", i or 1, type(t)), 3)
   end
end

function tablex.size(t) need_table(t); local n = 0; for _ in pairs(t) do n = n + 1 end; return n end
function tablex.keys(t) need_table(t); local r = {}; for k in pairs(t) do r[#r + 1] = k end; return r end
function tablex.values(t) need_table(t); local r = {}; for _, v in pairs(t) do r[#r + 1] = v end; return r end
function tablex.copy(t) need_table(t); local r = {}; for k, v in pairs(t) do r[k] = v end; return r end
function tablex.icopy(dest, src, idest, isrc, nsrc)
   idest, isrc = idest or 1, isrc or 1
   nsrc = nsrc or #src
   for i = 0, nsrc - 1 do dest[idest + i] = src[isrc + i] end
   return dest
end
function tablex.deepcopy(t)
   local seen = {}
   local function cp(x)
      if type(x) ~= 'table' then return x end
      if seen[x] then return seen[x] end
      local r = {}
      seen[x] = r
      for k, v in pairs(x) do r[cp(k)] = cp(v) end
      return setmetatable(r, getmetatable(x))
   end
   return cp(t)
end
function tablex.deepcompare(a, b, ignore_mt, eps)
   if type(a) ~= type(b) then return false end
   if type(a) ~= 'table' then
      if type(a) == 'number' and eps then return math.abs(a - b) < eps end
      return a == b
   end
   local mt = getmetatable(a)
   if not ignore_mt and mt and mt.__eq then return a == b end
   for k, v in pairs(a) do
      if b[k] == nil or not tablex.deepcompare(v, b[k], ignore_mt, eps) then return false end
   end
   for k in pairs(b) do if a[k] == nil then return false end end
   return true
end
function tablex.compare(a, b, cmp)
   if #a ~= #b then return false end
   cmp = cmp or function(x, y) return x == y end
   for i = 1, #a do if not cmp(a[i], b[i]) then return false end end
   return true
end
function tablex.compare_no_order(a, b, cmp)
   if #a ~= #b then return false end
   cmp = cmp or function(x, y) return x == y end
   local used = {}
   for i = 1, #a do
      local found
      for j = 1, #b do
         if not used[j] and cmp(a[i], b[j]) then found = j; break end
      end
      if not found then return false end
      used[found] = true
   end
   return true
end
function tablex.find(t, val, idx)
   idx = idx or 1
   if idx < 0 then idx = #t + idx + 1 end
   for i = idx, #t do if t[i] == val then return i end end
   return nil
end
function tablex.rfind(t, val, idx)
   idx = idx or #t
   if idx < 0 then idx = #t + idx + 1 end
   for i = idx, 1, -1 do if t[i] == val then return i end end
   return nil
end
function tablex.find_if(t, cmp, arg)
   for k, v in pairs(t) do
      local c = cmp(v, arg)
      if c then return k, c end
   end
   return nil
end
function tablex.index_by(t, keys) local r = {}; for i, k in ipairs(keys) do r[i] = t[k] end; return r end
function tablex.map(f, t, ...) local r = {}; for k, v in pairs(t) do r[k] = f(v, ...) end; return r end
function tablex.imap(f, t, ...) local r = {}; for i = 1, #t do r[i] = f(t[i], ...) or false end; return r end
function tablex.map2(f, t1, t2, ...) local r = {}; for k, v in pairs(t1) do r[k] = f(v, t2[k], ...) end; return r end
function tablex.imap2(f, t1, t2, ...)
   local r = {}
   for i = 1, math.min(#t1, #t2) do r[i] = f(t1[i], t2[i], ...) end
   return r
end
function tablex.mapn(f, ...)
   local lists, r = {...}, {}
   local n = math.huge
   for _, l in ipairs(lists) do n = math.min(n, #l) end
   for i = 1, n do
      local args = {}
      for j, l in ipairs(lists) do args[j] = l[i] end
      r[i] = f(unpack(args, 1, #lists))
   end
   return r
end
function tablex.pairmap(f, t, ...)
   local r = {}
   for k, v in pairs(t) do
      local rv, rk = f(k, v, ...)
      if rk then r[rk] = rv else r[#r + 1] = rv end
   end
   return r
end
function tablex.filter(t, pred, arg)
   local r = {}
   for i = 1, #t do if pred(t[i], arg) then r[#r + 1] = t[i] end end
   return r
end
function tablex.reduce(f, t, memo)
   local n = #t
   if n == 0 then return memo end
   local res, start = memo, 1
   if res == nil then res, start = t[1], 2 end
   for i = start, n do res = f(res, t[i]) end
   return res
end
function tablex.foreach(t, f, ...) for k, v in pairs(t) do f(v, k, ...) end end
function tablex.foreachi(t, f, ...) for i = 1, #t do f(t[i], i, ...) end end
function tablex.transform(f, t, ...) for k, v in pairs(t) do t[k] = f(v, ...) end end
function tablex.range(a, b, step)
   step = step or 1
   local r = {}
   for x = a, b, step do r[#r + 1] = x end
   return r
end
function tablex.update(t1, t2) for k, v in pairs(t2) do t1[k] = v end; return t1 end
function tablex.merge(t1, t2, dup)
   local r = {}
   for k, v in pairs(t1) do if dup or t2[k] ~= nil then r[k] = v end end
   if dup then for k, v in pairs(t2) do r[k] = v end end
   return r
end
function tablex.union(t1, t2) return tablex.merge(t1, t2, true) end
function tablex.intersection(t1, t2) return tablex.merge(t1, t2, false) end
function tablex.difference(s1, s2, symm)
   local r = {}
   for k, v in pairs(s1) do if s2[k] == nil then r[k] = v end end
   if symm then for k, v in pairs(s2) do if s1[k] == nil then r[k] = v end end end
   return r
end
function tablex.count_map(t, cmp)
   local r, keys = {}, {}
   for _, v in ipairs(t) do
      local key = v
      if cmp then
         for _, k in ipairs(keys) do if cmp(k, v) then key = k; break end end
      end
      if r[key] == nil then keys[#keys + 1] = key end
      r[key] = (r[key] or 0) + 1
   end
   return r
end
function tablex.makeset(t) local r = {}; for _, v in ipairs(t) do r[v] = true end; return r end
function tablex.set(t, val, i1, i2)
   i1, i2 = i1 or 1, i2 or #t
   for i = i1, i2 do t[i] = val end
end
function tablex.new(n, val) local r = {}; for i = 1, n do r[i] = val end; return r end
function tablex.clear(t, istart) for i = istart or 1, #t do t[i] = nil end end
function tablex.insertvalues(t, ...)
   local pos, values
   if select('#', ...) == 1 then pos, values = #t + 1, ... else pos, values = ... end
   for i = #t, pos, -1 do t[i + #values] = t[i] end
   for i = 1, #values do t[pos + i - 1] = values[i] end
   return t
end
function tablex.removevalues(t, i1, i2)
   i1, i2 = i1 or 1, i2 or #t
   for _ = i1, i2 do table.remove(t, i1) end
   return t
end
function tablex.sub(t, first, last)
   first, last = first or 1, last or #t
   if first < 0 then first = #t + first + 1 end
   if last < 0 then last = #t + last + 1 end
   local r = {}
   for i = first, last do r[#r + 1] = t[i] end
   return r
end
function tablex.zip(...) return tablex.mapn(function(...) return {...} end, ...) end
function tablex.index_map(t) local r = {}; for i, v in ipairs(t) do r[v] = i end; return r end
-- sort(t, f) / sortv(t, f): iterate over keys (values) in sorted order
function tablex.sort(t, f)
   local keys = tablex.keys(t)
   table.sort(keys, f)
   local i = 0
   return function() i = i + 1; return keys[i], t[keys[i]] end
end
function tablex.sortv(t, f)
   f = f or function(a, b) return a < b end
   local keys = tablex.keys(t)
   table.sort(keys, function(x, y) return f(t[x], t[y]) end)
   local i = 0
   return function() i = i + 1; return keys[i], t[keys[i]] end
end
function tablex.readonly(t)
   return setmetatable({}, {__index = t, __len = function() return #t end,
      __newindex = function() error('Attempt to modify read-only table', 2) end})
end

return tablex
