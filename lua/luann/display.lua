-- luann.display(value): the text iTorch shows for a value (torch/env's print_new,
-- print level 5): a torch object prints as tostring(obj) followed by its field
-- table, nested tables and objects indented by 4 per level, tensors as
-- `DoubleTensor - size: 4x3` / `DoubleTensor - empty`, strings unquoted.
--
-- Field order: torch7 walked fields in Lua `pairs` order of its own tables, which
-- is not reproducible here; display uses a fixed order that matches the notebooks
-- (integer keys ascending, then gradBias, weight, gradWeight, gradInput, bias,
-- modules, output, then the other keys sorted). The `_type` field is left out by
-- default because the 2015-era nn of the notebooks had none; pass {showType = true}
-- to include it.
local M = {}

local NDEPTH = 5
local ORDER = {'gradBias', 'weight', 'gradWeight', 'gradInput', 'bias', 'modules', 'output'}
local RANK = {}
for i, k in ipairs(ORDER) do RANK[k] = i end

local function sizestr(x)
   local name = torch.typename(x):match('torch%.(.+)')
   if torch.isStorage(x) then return name .. ' - size: ' .. x:size() end
   if x:nDimension() == 0 then return name .. ' - empty' end
   local s = {}
   for i = 1, x:nDimension() do s[i] = tostring(x:size(i)) end
   return name .. ' - size: ' .. table.concat(s, 'x')
end

local function scalar(v)
   local t = type(v)
   if v == nil then return 'nil' end
   if t == 'cdata' or t == 'userdata' then
      if torch.isTensor(v) or torch.isStorage(v) then return sizestr(v) end
      return tostring(v)
   end
   return tostring(v)
end

local function keyorder(a, b)
   local ta, tb = type(a), type(b)
   if ta == 'number' and tb == 'number' then return a < b end
   if ta == 'number' then return true end
   if tb == 'number' then return false end
   local ra, rb = RANK[a], RANK[b]
   if ra and rb then return ra < rb end
   if ra then return true end
   if rb then return false end
   return tostring(a) < tostring(b)
end

local function sortedkeys(t, opts)
   local keys = {}
   for k in pairs(t) do
      if not (k == '_type' and not opts.showType) then keys[#keys + 1] = k end
   end
   table.sort(keys, keyorder)
   return keys
end

function M.display(value, opts)
   opts = opts or {}
   if type(value) ~= 'table' then
      if type(value) == 'cdata' or type(value) == 'userdata' then return tostring(value) end
      return scalar(value) .. '\t'
   end
   local out = {}
   local function rec(obj, depth)
      local tab = depth * 4
      local function line(s) out[#out + 1] = string.rep(' ', tab) .. s end
      local mt = getmetatable(obj)
      if mt and mt.__tostring and torch.typename(obj) == nil then
         out[#out + 1] = tostring(obj)
         return
      end
      if torch.typename(obj) then
         line((tostring(obj):gsub('\n', '\n' .. string.rep(' ', tab))))
      end
      line('{')
      tab = tab + 2
      for _, k in ipairs(sortedkeys(obj, opts)) do
         local v = obj[k]
         if type(v) == 'table' then
            if depth >= (NDEPTH - 1) or next(v) == nil then
               line(tostring(k) .. ' : ' .. tostring(v))
            else
               line(tostring(k) .. ' : ')
               rec(v, depth + 1)
            end
         else
            line(tostring(k) .. ' : ' .. scalar(v))
         end
      end
      tab = tab - 2
      line('}')
   end
   rec(value, 0)
   return table.concat(out, '\n')
end

luann = rawget(_G, 'luann') or {}
luann.display = M.display

return M
