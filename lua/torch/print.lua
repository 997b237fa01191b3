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

local function is_table_like(v)
   return type(v) == 'table'
end

local function sorted_pairs(t)
   return pairs(t)
end

-- dump a table the way trepl does: `key : value`, nested tables indented
local function dump(t, indent, depth, out, seen)
   out[#out + 1] = '{\n'
   for k, v in sorted_pairs(t) do
      local ks = tostring(k)
      local pre = indent .. '  ' .. ks .. ' : '
      local s = summary(v)
      if s then
         out[#out + 1] = pre .. s .. '\n'
      elseif type(v) == 'table' then
         if next(v) == nil or depth >= printlevel - 1 or seen[v] then
            out[#out + 1] = pre .. '{...}\n'
         else
            out[#out + 1] = pre .. '\n' .. indent .. '    '
            seen[v] = true
            dump(v, indent .. '    ', depth + 1, out, seen)
            seen[v] = nil
         end
      elseif type(v) == 'string' then
         out[#out + 1] = pre .. '"' .. v .. '"\n'
      else
         out[#out + 1] = pre .. tostring(v) .. '\n'
      end
   end
   out[#out + 1] = indent .. '}\n'
end

local function format_value(v)
   local t = type(v)
   if t == 'table' then
      local mt = getmetatable(v)
      if type(mt) == 'table' and mt.__tostring then
         return tostring(v) .. '\n'
      end
      if next(v) == nil then return '{}\n' end
      local out = {}
      dump(v, '', 0, out, {[v] = true})
      return table.concat(out)
   elseif t == 'cdata' or t == 'userdata' then
      return tostring(v) .. '\n'
   end
   return tostring(v) .. '\t'
end
torch._format_value = format_value

function torch._print(...)
   local n = select('#', ...)
   if n == 0 then return end
   local parts = {}
   local last_nl = false
   for i = 1, n do
      local s = format_value((select(i, ...)))
      parts[#parts + 1] = s
      last_nl = s:sub(-1) == '\n'
   end
   if not last_nl then parts[#parts + 1] = '\n' end
   write(table.concat(parts))
end

function torch._setprintlevel(n) printlevel = n end
torch._print_old = print_old
