-- th's print (trepl print_new): values tab-separated, tables dumped
-- recursively, torch objects by their __tostring (torch7-api.md §3.3).
local torch = ...

local print_old = print
local write = io.write
local printlevel = 5

local function summary(v)
   local tn = torch.typename(v)
   if tn then
      if torch.isTensor(v) then
         local short = tn:gsub('^torch%.', '')
         if v:nDimension() == 0 then return short .. ' - empty' end
         local sz = {}
         for i = 1, v:nDimension() do sz[i] = v:size(i) end
         return short .. ' - size: ' .. table.concat(sz, 'x')
      elseif torch.isStorage(v) then
         return tn:gsub('^torch%.', '') .. ' - size: ' .. v:size()
      end
   end
   return nil
end
torch._summary = summary

-- a value inside a dumped table: tensors by their summary, strings quoted
local function plain_leaf(v)
   local s = summary(v)
   if s then return s end
   if type(v) == 'string' then return '"' .. v .. '"' end
   return tostring(v)
end

-- dump a table the way trepl does: `key : value`, nested tables indented.
-- `leaf(v)` formats non-table values and `more` marks empty or too-deep tables
-- (the REPL passes coloured versions of both).
-- Keys in a fixed order: the array part 1..n as pairs() gives it (and torch7 printed it), then the
-- other keys sorted (numbers, then strings, then the rest by tostring).  torch7's LuaJIT iterated the
-- hash part in an order that was the same on every run; the LuaJIT inside lupa seeds its string
-- hash at random, so pairs() order changes from run to run and only a sort keeps prints stable.
local KIND = {number = 1, string = 2}
local function key_before(a, b)
   local ka, kb = KIND[type(a)] or 3, KIND[type(b)] or 3
   if ka ~= kb then return ka < kb end
   if ka == 3 then return tostring(a) < tostring(b) end
   return a < b
end
local function ordered_keys(t)
   local keys, n = {}, #t
   for i = 1, n do if t[i] ~= nil then keys[#keys + 1] = i end end
   local rest = {}
   for k in pairs(t) do
      if not (type(k) == 'number' and k >= 1 and k <= n and k % 1 == 0) then rest[#rest + 1] = k end
   end
   table.sort(rest, key_before)
   for _, k in ipairs(rest) do keys[#keys + 1] = k end
   return keys
end

local function dump(t, indent, depth, out, seen, leaf, more)
   out[#out + 1] = '{\n'
   for _, k in ipairs(ordered_keys(t)) do
      local v = t[k]
      local pre = indent .. '  ' .. tostring(k) .. ' : '
      if type(v) == 'table' then
         if next(v) == nil or depth >= printlevel - 1 or seen[v] then
            out[#out + 1] = pre .. more .. '\n'
         else
            out[#out + 1] = pre .. '\n' .. indent .. '    '
            seen[v] = true
            dump(v, indent .. '    ', depth + 1, out, seen, leaf, more)
            seen[v] = nil
         end
      else
         out[#out + 1] = pre .. leaf(v) .. '\n'
      end
   end
   out[#out + 1] = indent .. '}\n'
end

-- the whole dump of a non-empty plain table, as one string
function torch._dump_table(t, leaf, more)
   local out = {}
   dump(t, '', 0, out, {[t] = true}, leaf or plain_leaf, more or '{...}')
   return table.concat(out)
end

-- iTorch's display of a torch object (luann.display, once nn is there), ending in a newline;
-- nil when there is no display function or it fails on this value
local display_fn
function torch._display_string(v)
   if display_fn == nil then
      local ok, d = pcall(require, 'luann.display')
      if ok and type(d) == 'table' and type(d.display) == 'function' then display_fn = d.display
      elseif ok and type(d) == 'function' then display_fn = d
      elseif type(rawget(_G, 'luann')) == 'table' and type(luann.display) == 'function' then display_fn = luann.display
      else display_fn = false end
   end
   if not display_fn then return nil end
   local ok, s = pcall(display_fn, v)
   if not ok or type(s) ~= 'string' then return nil end
   if s:sub(-1) ~= '\n' then s = s .. '\n' end
   return s
end

local function format_value(v)
   local t = type(v)
   if t == 'table' then
      local mt = getmetatable(v)
      if type(mt) == 'table' and mt.__tostring then
         return tostring(v) .. '\n'
      end
      if next(v) == nil then return '{}\n' end
      return torch._dump_table(v)
   elseif t == 'cdata' or t == 'userdata' then
      return tostring(v) .. '\n'
   end
   return tostring(v) .. '\t'
end
torch._format_value = format_value

-- th's line for n values formatted by fmt: tab-separated scalars, tables/tensors on their own lines,
-- a final newline unless the last value brought one (print, the REPL and notebook cells share it)
function torch._join_values(fmt, n, ...)
   local parts, last_nl = {}, false
   for i = 1, n do
      local s = fmt((select(i, ...)))
      parts[#parts + 1] = s
      last_nl = s:sub(-1) == '\n'
   end
   if not last_nl then parts[#parts + 1] = '\n' end
   return table.concat(parts)
end

function torch._print(...)
   local n = select('#', ...)
   if n == 0 then return end
   write(torch._join_values(format_value, n, ...))
end

function torch._setprintlevel(n) printlevel = n end
torch._print_old = print_old
